"""The native extension module (Rust, pyo3). Use the public API of :mod:`kooperacje` instead."""

import datetime
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeAlias, final

from typing_extensions import Self, disjoint_base

__all__ = [
    "ERROR_KINDS",
    "SCHEMA_VERSION",
    "Event",
    "Model",
    "Table",
    "__version__",
    "basket_export",
    "basket_import",
    "catalogue",
    "consent_receipt",
    "label",
    "load_tables",
    "pseudonym",
    "read",
    "receipt_for_event",
    "sample_family_commands",
    "sample_partnership_commands",
    "schemas",
    "time_core",
    "write_sample",
]

ERROR_KINDS: list[tuple[str, str]]
SCHEMA_VERSION: int
__version__: str

@final
class Event:
    """One event: a fact the model recorded, with when and by whom. Immutable."""

    def __new__(cls, event: str | dict[str, Any]) -> Self: ...
    @property
    def type(self) -> str:
        """The event's type code, e.g. ``"zzk_suspended"``."""
    @property
    def at(self) -> datetime.datetime:
        """When it happened (UTC)."""
    @property
    def actor(self) -> str:
        """Who issued the command that produced it."""
    @property
    def schema(self) -> int:
        """Version of the event's JSON form."""
    @property
    def stream_kind(self) -> str:
        """``"partnership"`` or ``"zzk"``: the stream (aggregate) the event belongs to."""
    @property
    def stream_id(self) -> str:
        """The id of the PZK or ZZK whose stream the event belongs to."""
    @property
    def body(self) -> dict[str, Any]:
        """The event itself, ``{"type": …, …}``, as a dict."""
    def to_dict(self) -> dict[str, Any]:
        """The whole envelope as a dict, exactly the core's JSON form."""
    def to_json(self) -> str:
        """The envelope as the core's JSON text: what a host stores."""
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Callable[[str], Self], tuple[str]]:
        """Pickles (and copies) the event as its JSON text, decoded again by the core."""
    @classmethod
    def _from_canonical(cls, form: str) -> Self: ...

@disjoint_base
class Model:
    """The native model: the core's state and its event log."""

    def __new__(cls, *, keep_events: bool = True) -> Self: ...
    def execute(self, command: str | dict[str, Any]) -> list[Event]:
        """Decides a command envelope (dict or JSON text in the core's form) and applies it."""
    def _call(
        self,
        kind: str,
        names: tuple[str, ...],
        at: Any,
        actor: Any,
        values: tuple[Any, ...],
    ) -> list[Event]: ...
    def apply(self, events: Iterable[Event | str | dict[str, Any]]) -> int:
        """Admits and applies recorded events, in order, all or none."""
    def _apply_jsonl(self, text: str) -> int: ...
    def _load_database(self, path: str | os.PathLike[str]) -> int: ...
    @property
    def events(self) -> list[Event]:
        """The events applied so far (empty with ``keep_events=False``)."""
    @property
    def event_count(self) -> int:
        """The number of events kept."""
    def to_json(self) -> str:
        """The canonical state as JSON text: the same in every language for the same events."""
    def to_dict(self) -> dict[str, Any]:
        """The canonical state as plain dicts."""
    def partnership_ids(self) -> list[str]:
        """Ids of every PZK, sorted."""
    def zzk_ids(self) -> list[str]:
        """Ids of every ZZK, sorted."""
    def _partnership(self, id: str) -> dict[str, Any]: ...
    def _zzk(self, id: str) -> dict[str, Any]: ...
    def _registry(
        self, partnership_id: str, as_of: datetime.date | None = None
    ) -> list[dict[str, Any]]: ...
    def _search_basket(
        self, partnership_id: str, query: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]: ...
    def _indicators(self, partnership_id: str, as_of: datetime.date) -> dict[str, Any]: ...
    def _overdue(self, as_of: datetime.date) -> list[dict[str, Any]]: ...
    def _monitoring(self, partnership_id: str, period: str) -> list[dict[str, Any]]: ...
    def __reduce__(self) -> tuple[Callable[[tuple[bool, str]], Self], tuple[tuple[bool, str]]]:
        """Pickles (and copies) the model as its event log (or its state, without events)."""
    @classmethod
    def _from_canonical(cls, form: tuple[bool, str]) -> Self: ...

def basket_export(model: Model, partnership_id: str, format: str) -> bytes | str:
    """The basket of a PZK as a file (``kooperacje-formats``): bytes for xlsx, text otherwise."""

def basket_import(
    model: Model,
    partnership_id: str,
    data: bytes | str,
    format: str,
    at: datetime.datetime,
    actor: str,
    reason: str = "import",
    skip_invalid: bool = False,
) -> dict[str, Any]:
    """Imports a basket sheet into a PZK, all or none; returns the row-by-row report."""

def catalogue() -> dict[str, Any]:
    """The core's catalogue of enums (with labels) and error codes."""

def label(enum_name: str, code: str, lang: str = "pl") -> str:
    """The label of one value of a labelled enum (the core's ``session::label``)."""

def schemas() -> dict[str, Any]:
    """The JSON Schemas the core derives: commands, events, state, reports."""

def read(
    model: Model,
    viewer: str | Mapping[str, Any],
    subject: str | Mapping[str, Any],
    at: datetime.datetime,
    personal: str | Mapping[str, Any] | None = None,
    key: bytes | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(view, access record)`` of a read (the core's ``access::read``); a refusal raises with
    its record as ``access_record``."""

def pseudonym(key: bytes, kind: str, id: str) -> str:
    """The keyed pseudonym of an id (``ps-`` and 32 hex digits)."""

def consent_receipt(
    model: Model,
    zzk_id: str,
    consent_id: str,
    issued_at: datetime.datetime,
    personal: str | Mapping[str, Any] | None = None,
    lang: str = "pl",
) -> dict[str, Any]:
    """The receipt of one consent (the core's ``receipt::consent_receipt``)."""

def receipt_for_event(
    model: Model,
    event: Event | str | Mapping[str, Any],
    personal: str | Mapping[str, Any] | None = None,
    lang: str = "pl",
) -> dict[str, Any] | None:
    """The receipt an event calls for, or ``None`` (the core's ``receipt::receipt_for_event``)."""

@final
class Table:
    """One analytics table: named columns of equal length (Arrow PyCapsule interface)."""

    @property
    def name(self) -> str:
        """What the rows are: zzks, tasks, services, partnerships or events."""
    @property
    def num_rows(self) -> int:
        """The number of rows."""
    @property
    def column_names(self) -> list[str]:
        """The column names, in order."""
    @property
    def descriptions(self) -> list[tuple[str, str]]:
        """Each column's name with what it means and how it is computed."""
    def __len__(self) -> int: ...
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        """The Arrow C stream of the table (Arrow PyCapsule interface)."""
    def __arrow_c_schema__(self) -> object:
        """The Arrow C schema of the table (Arrow PyCapsule interface)."""
    def to_pydict(self) -> dict[str, list[Any]]:
        """The columns as a dict of lists, without any Arrow library."""
    def to_pyarrow(self) -> Any:
        """The table as a ``pyarrow.Table``."""
    def to_polars(self) -> Any:
        """The table as a ``polars.DataFrame``."""
    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame``."""
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Callable[[_TableForm], Self], tuple[_TableForm]]:
        """Pickles (and copies) the table as its typed columns."""
    @classmethod
    def _from_canonical(cls, form: _TableForm) -> Self: ...

_TableForm: TypeAlias = tuple[str, list[tuple[str, str, str, list[Any]]]]

def load_tables(
    sources: list[tuple[str, Any]],
    as_of: datetime.date,
    tables: list[str] | None = None,
    pseudonymise_key: bytes | None = None,
) -> dict[str, Table]:
    """Loads logs and returns their tables (see :func:`kooperacje.tables.load`)."""

def write_sample(path: str | os.PathLike[str], families: int) -> int:
    """Writes a sample event log as JSON lines (see :func:`kooperacje.sample.write_jsonl`)."""

def sample_partnership_commands(
    partnership_id: str, start: datetime.datetime, services: int
) -> list[dict[str, Any]]:
    """The core's sample commands taking a PZK to operation, as command dicts."""

def sample_family_commands(
    partnership_id: str, zzk_id: str, start: datetime.datetime
) -> list[dict[str, Any]]:
    """The core's sample ZZK lifecycle of one family (20 commands), as command dicts."""

def time_core(commands: list[str]) -> int:
    """Nanoseconds the core alone takes to execute the commands (JSON texts) on a fresh state."""

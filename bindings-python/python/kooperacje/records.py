"""Typed, read-only snapshots of the model's state and reports (rekordy).

Each struct of the core's state and reports (``Zzk``, ``Consent``, ``Plan``, ``Task``,
``Service``, ``RegistryEntry``…) is a :class:`Record` class here, built at import time from the
core's JSON Schema: attributes are the struct's fields, with dates as :class:`datetime.date`,
times as aware :class:`datetime.datetime`, enums as :mod:`kooperacje.enums` members and nested
structs as records. ``to_dict()`` gives back the core's JSON form, unchanged (a copy: changing
it never changes the record); ``asdict()`` gives the typed fields as nested dicts, as
:func:`dataclasses.asdict` does for a dataclass.

Records are values: equal when their JSON forms are, hashable, picklable (for multiprocessing,
Dask or Ray) and copyable, and they take part in structural pattern matching, by keyword
(``case Task(status=TaskStatus.DONE)``) or by position in the order of ``__match_args__``, which
is the order of the fields in the schema (alphabetical; the stubs list them)::

    match task:
        case Task(status=TaskStatus.OVERDUE, deadline=deadline):
            ...
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, ClassVar

from . import _schema
from .enums import ENUMS

__all__ = ["Record"]


class Record:
    """A snapshot of one struct of the model. Read-only: change the model with commands."""

    __slots__ = ("_json",)
    _fields_: ClassVar[tuple[str, ...]] = ()
    __match_args__: ClassVar[tuple[str, ...]] = ()
    _convert_: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def __init__(self, data: dict[str, Any]) -> None:
        object.__setattr__(self, "_json", data)
        for name in self._fields_:
            object.__setattr__(self, name, self._convert_[name](data.get(name)))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only; change the model with commands")

    def to_dict(self) -> dict[str, Any]:
        """The core's JSON form of this struct, as plain dicts (codes, ISO dates): ready for
        :mod:`json` or a DataFrame. A new copy on every call, which the caller may change."""
        data: dict[str, Any] = self._json  # type: ignore[attr-defined]
        return copy.deepcopy(data)

    def asdict(self) -> dict[str, Any]:
        """The fields as a dict, recursively, like :func:`dataclasses.asdict`: nested records
        become dicts, lists and dicts are new ones, and the values keep their types (dates,
        datetimes, :mod:`~kooperacje.enums` members)."""
        return {name: _plain(getattr(self, name)) for name in self._fields_}

    def __reduce__(self) -> tuple[type[Record], tuple[dict[str, Any]]]:
        # Pickled and copied as the class and its JSON form, which the constructor converts again.
        return (type(self), (self._json,))  # type: ignore[attr-defined]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._json == self._json  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(sorted(self._json.items()))))  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields_[:4])
        more = ", …" if len(self._fields_) > 4 else ""
        return f"{type(self).__name__}({shown}{more})"


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.asdict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


RECORDS: dict[str, type[Record]] = {}
"""Every record class by name."""


def _enum(name: str) -> Callable[[Any], Any]:
    cls = ENUMS[name]
    return lambda v: None if v is None else cls(v)


def _record(name: str) -> Callable[[Any], Any]:
    # Records may refer to each other in any order: look the class up when converting.
    return lambda v: None if v is None else RECORDS[name](v)


def _build() -> None:
    defs = _schema.definitions()
    for name in _schema.record_names():
        node = defs[name]
        props: dict[str, Any] = node["properties"]
        fields = tuple(props)
        convert = {k: _schema.converter(v, _enum, _record) for k, v in props.items()}
        doc = _schema.describe(node) or f"{name} (record of the model)."
        cls = type(
            name,
            (Record,),
            {
                "__slots__": fields,
                "__doc__": doc,
                "__module__": __name__,
                "_fields_": fields,
                "__match_args__": fields,
                "_convert_": convert,
            },
        )
        RECORDS[name] = cls


_build()
globals().update(RECORDS)
__all__ += sorted(RECORDS)

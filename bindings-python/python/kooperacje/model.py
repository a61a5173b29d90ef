"""The model and its live views: :class:`Model`, :class:`Partnership`, :class:`Zzk`."""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Mapping
from typing import Any

from . import _native
from .commands import ModelCommands, PartnershipCommands, ZzkCommands
from .enums import PzkStage, ZzkStage
from .records import (
    BasketHit,
    Indicators,
    MonitoringRow,
    OverdueItem,
    RegistryEntry,
    Service,
)
from .records import (
    Partnership as PartnershipRecord,
)
from .records import (
    Zzk as ZzkRecord,
)

__all__ = ["Model", "Partnership", "Zzk"]

Event = _native.Event


class Model(_native.Model, ModelCommands):
    """The whole model (model kooperacji): every PZK with its basket and every ZZK, rebuilt from
    events, with a method per command.

    The library has no clock: every command carries ``at``, the moment the host says the act
    happened (an aware :class:`datetime.datetime`), and ``actor``, who did it. Commands are
    decided by the core's rules; the events they produce are applied and (unless
    ``keep_events=False``) kept in :attr:`events`, ready to be stored by the host.

    >>> m = Model()
    >>> m.register_partnership(at=..., actor="ops", partnership_id="pzk-1", ...)  # doctest: +SKIP
    """

    __slots__ = ()

    @classmethod
    def from_events(cls, events: Iterable[Any], *, keep_events: bool = True) -> Model:
        """A model rebuilt from recorded events (:class:`Event` objects, dicts in the core's JSON
        form, or JSON texts), checked as they are admitted."""
        model = cls(keep_events=keep_events)
        model.apply(events)
        return model

    @classmethod
    def from_jsonl(cls, text: str, *, keep_events: bool = True) -> Model:
        """A model rebuilt from JSON-lines text: one event envelope per line, as ``kooperacje
        events export`` writes them (blank lines are skipped), all or none. The text, not a
        path, as in every language: read a file with
        ``Model.from_jsonl(Path("log.jsonl").read_text("utf-8"))``. A refused event raises with
        its ``index`` and its ``line`` (from 1)."""
        model = cls(keep_events=keep_events)
        model._apply_jsonl(text)
        return model

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, keep_events: bool = True) -> Model:
        """A model rebuilt from a database of the ``kooperacje`` command (SQLite). The file is
        opened read-only: never created, migrated or written; its personal-data table is not read.
        An empty file raises :class:`~kooperacje.StoreError` ``STORE_EMPTY`` and one of an older
        schema ``STORE_NEEDS_UPGRADE`` (run ``kooperacje init`` to upgrade it)."""
        model = cls(keep_events=keep_events)
        model._load_database(os.fspath(path))
        return model

    def partnership(self, partnership_id: str) -> Partnership:
        """A live view of one PZK; raises :class:`~kooperacje.NotFoundError` if there is none."""
        self._partnership(partnership_id)  # raises NotFoundError
        return Partnership(self, partnership_id)

    def zzk(self, zzk_id: str) -> Zzk:
        """A live view of one ZZK (or case before appointment); raises :class:`NotFoundError`."""
        self._zzk(zzk_id)  # raises NotFoundError
        return Zzk(self, zzk_id)

    def partnerships(self) -> list[Partnership]:
        """Every PZK, by id."""
        return [Partnership(self, i) for i in self.partnership_ids()]

    def zzks(self) -> list[Zzk]:
        """Every ZZK, by id."""
        return [Zzk(self, i) for i in self.zzk_ids()]

    def registry(self, partnership_id: str, as_of: _dt.date | None = None) -> list[RegistryEntry]:
        """The ZZK registry of a PZK (rejestr ZZK) on a date, by registry number; an unknown PZK
        raises :class:`NotFoundError`, as for :meth:`indicators`.

        Without ``as_of``, on the day of the PZK's latest event. On a later date a ZZK whose
        consent has lapsed since shows as suspended, and open suspensions count their days to it.
        """
        return [RegistryEntry(r) for r in self._registry(partnership_id, as_of)]

    def search_basket(
        self, partnership_id: str, query: Mapping[str, Any] | None = None
    ) -> list[BasketHit]:
        """Searches a PZK's local basket (lokalny koszyk usług): every criterion given in
        ``query`` must match — ``text`` (every word, ignoring case and Polish diacritics),
        ``area``, ``target``, ``age``, ``ministry``, ``sector``, ``include_inactive`` (default:
        active services only). Each hit is the service with the id it is stored under, in id
        order; an unknown PZK raises :class:`NotFoundError`."""
        return [BasketHit(h) for h in self._search_basket(partnership_id, query)]

    def indicators(self, partnership_id: str, as_of: _dt.date) -> Indicators:
        """The PZK's monitoring indicators (wskaźniki monitoringu PZK) as of a date."""
        return Indicators(self._indicators(partnership_id, as_of))

    def overdue(self, as_of: _dt.date) -> list[OverdueItem]:
        """Everything overdue as of a date, in every PZK and ZZK: deadlines, reviews of
        suspensions, stale services, pending requests."""
        return [OverdueItem(r) for r in self._overdue(as_of)]

    def monitoring(self, partnership_id: str, period: str) -> list[MonitoringRow]:
        """The monthly monitoring report of a PZK's ZZKs for ``period`` (``"YYYY-MM"``; another
        text raises :class:`ValidationError` ``BAD_PERIOD``, as in a command)."""
        return [MonitoringRow(r) for r in self._monitoring(partnership_id, period)]

    def read(
        self,
        viewer: Mapping[str, Any] | str,
        subject: Mapping[str, Any] | str,
        *,
        at: _dt.datetime,
        personal: Mapping[str, Any] | str | None = None,
        key: bytes | None = None,
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Reads ``subject`` as ``viewer`` (who may see what): returns ``(view, record)``, only
        the data the viewer's role may see, and the access record to keep in the audit log.

        ``viewer`` is a role with its claims, e.g. ``{"role": "zzk_member", "person": "p-1",
        "institution": "m-pcpr"}`` (roles: ``ops_head``, ``network_coordinator``,
        ``social_worker``, ``zzk_member``, ``pzk_representative``, ``analyst``, ``family``);
        ``subject`` is ``{"subject": "registry" | "local_basket", "partnership_id": …}`` or
        ``{"subject": "zzk", "zzk_id": …}``. ``personal`` is the host's personal data of the
        people and notes concerned, ``{"persons": [...], "notes": [...]}``: the model never holds
        names, PESEL numbers or notes. ``key`` (at least 16 bytes, kept secret by the host) is
        needed for analysts, who see keyed pseudonyms instead of ids.

        A refused read raises (:class:`RuleError` ``ACCESS_DENIED``, :class:`NotFoundError`, …)
        with the refusal's record as ``err.access_record``. Nothing is changed.
        """
        return _native.read(self, viewer, subject, at, personal, key)

    def consent_receipt(
        self,
        zzk_id: str,
        consent_id: str,
        *,
        issued_at: _dt.datetime,
        personal: Mapping[str, Any] | str | None = None,
        lang: str = "pl",
    ) -> dict[str, Any]:
        """The receipt of a family's consent (potwierdzenie zgody), modelled on ISO/IEC TS 27560,
        in Polish (``lang="pl"``) or English (``"en"``): what was agreed to, with whom the data
        is shared, for how long, how to withdraw, and what happened to the consent so far.
        ``personal`` gives the names of the household, as for :meth:`read`."""
        return _native.consent_receipt(self, zzk_id, consent_id, issued_at, personal, lang)

    def receipt_for(
        self,
        event: Event | Mapping[str, Any] | str,
        *,
        personal: Mapping[str, Any] | str | None = None,
        lang: str = "pl",
    ) -> dict[str, Any] | None:
        """The consent receipt an event calls for — consent given, renewed or withdrawn — issued
        at the event's time, or ``None`` for any other event. Call it right after the event is
        applied, so that the receipt shows the state it left."""
        return _native.receipt_for_event(self, event, personal, lang)


class _View:
    __slots__ = ("id", "model")

    model: Model
    id: str

    def __init__(self, model: Model, id: str) -> None:
        self.model = model
        self.id = id

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.model is self.model and other.id == self.id

    def __hash__(self) -> int:
        return hash((type(self).__name__, id(self.model), self.id))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.id!r})"


class Partnership(_View, PartnershipCommands):
    """A live view of one PZK (partnerski zespół kooperacyjny) in a :class:`Model`: its current
    state on every read, and the commands naming it as methods (``partnership_id`` filled in)."""

    __slots__ = ()

    def _data(self) -> dict[str, Any]:
        return self.model._partnership(self.id)

    def snapshot(self) -> PartnershipRecord:
        """The PZK's whole state now, as a typed record."""
        return PartnershipRecord(self._data())

    @property
    def stage(self) -> PzkStage:
        """Etap PZK: the stage the partnership is in."""
        return PzkStage(self._data()["stage"])

    @property
    def name(self) -> str:
        """The partnership's name."""
        return str(self._data()["name"])

    @property
    def services(self) -> dict[str, Service]:
        """The local basket of services (lokalny koszyk usług), by service id."""
        basket = self._data()["basket"]["services"]
        return {id: Service(s) for id, s in sorted(basket.items())}

    def zzks(self) -> list[Zzk]:
        """The ZZKs (and cases) working within this PZK."""
        return [z for z in self.model.zzks() if z.partnership_id == self.id]

    def registry(self, as_of: _dt.date | None = None) -> list[RegistryEntry]:
        """The ZZK registry of this PZK on a date (by default the day of its latest event)."""
        return self.model.registry(self.id, as_of)

    def indicators(self, as_of: _dt.date) -> Indicators:
        """The monitoring indicators of this PZK as of a date."""
        return self.model.indicators(self.id, as_of)


class Zzk(_View, ZzkCommands):
    """A live view of one ZZK (zadaniowy zespół kooperacyjny) — or of the case before it is
    appointed — in a :class:`Model`: its current state on every read, and its commands as
    methods (``zzk_id`` filled in)."""

    __slots__ = ()

    def _data(self) -> dict[str, Any]:
        return self.model._zzk(self.id)

    def snapshot(self) -> ZzkRecord:
        """The ZZK's whole state now, as a typed record (consents, plan, basket, suspensions…)."""
        return ZzkRecord(self._data())

    @property
    def stage(self) -> ZzkStage:
        """Etap ZZK: the stage of work with the family."""
        return ZzkStage(self._data()["stage"])

    @property
    def partnership_id(self) -> str:
        """The PZK this ZZK works within."""
        return str(self._data()["partnership_id"])

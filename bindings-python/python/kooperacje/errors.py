"""Exceptions of :mod:`kooperacje`.

Every error the library raises is a :class:`KooperacjeError` carrying the core's stable machine
``code`` (e.g. ``"ZZK_SUSPENDED"``), its ``area`` (validation, partnership, basket, zzk, consent,
plan, permission, access, json, store, internal) and its message in English (``str(err)``) and
Polish (``err.message_pl``). The subclass says what *kind* of refusal it is, whichever part of
the model refused: catch :class:`NotFoundError` for an id that names nothing, :class:`StageError`
for a PZK or ZZK in the wrong stage, :class:`ForbiddenError` for an actor without the role, and so
on. The kinds, and the name of the class of each, are the core's
(``kooperacje::ErrorKind``, ``_native.ERROR_KINDS``).

A command that raises changes nothing.
"""

from __future__ import annotations

from typing import Any

from kooperacje import _native

__all__ = [
    "BY_KIND",
    "ConflictError",
    "ConsentError",
    "DecodeError",
    "ForbiddenError",
    "InternalError",
    "KooperacjeError",
    "NotFoundError",
    "RuleError",
    "StageError",
    "StoreError",
    "ValidationError",
]


class KooperacjeError(Exception):
    """Any error of the library (błąd biblioteki), with the core's stable ``code``.

    Attributes:
        code: Stable machine code, e.g. ``"CONSENT_MISSING"``; the same in every language.
        message: The message in English (also ``str(err)``).
        message_pl: The message in Polish, for the social workers using the host system.
        area: Which part of the model refused: ``validation``, ``partnership``, ``basket``,
            ``zzk``, ``consent``, ``plan``, ``permission``, ``access``, ``json``, ``store`` or
            ``internal``.
        kind: What sort of refusal: ``invalid``, ``not_found``, ``conflict``, ``stage``,
            ``consent``, ``rule``, ``forbidden``, ``decode``, ``store`` or ``internal``.
        index: For a list of events, the position of the one that failed (else ``None``).
        line: For JSON lines (:meth:`kooperacje.Model.from_jsonl`), the number of the line that
            failed, from 1 (else ``None``).
        source: For :func:`kooperacje.tables.load`, the log that failed (else ``None``).
        access_record: For a refused :meth:`kooperacje.Model.read`, the access record of the
            refusal, for the audit log (else ``None``).
    """

    code: str
    message: str
    message_pl: str
    area: str
    kind: str
    index: int | None
    line: int | None
    source: str | None
    access_record: dict[str, Any] | None

    def __init__(
        self,
        code: str,
        message: str,
        message_pl: str = "",
        area: str = "",
        kind: str = "",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_pl = message_pl or message
        self.area = area
        self.kind = kind
        self.index = None
        self.line = None
        self.source = None
        self.access_record = None

    def message_in(self, lang: str) -> str:
        """The message in ``"pl"`` (Polish) or ``"en"`` (English)."""
        return self.message_pl if lang == "pl" else self.message

    def to_dict(self) -> dict[str, object]:
        """``{"code", "area", "kind", "message", "message_pl"}``: what a host logs or returns."""
        return {
            "code": self.code,
            "area": self.area,
            "kind": self.kind,
            "message": self.message,
            "message_pl": self.message_pl,
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.message!r})"

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.code, self.message, self.message_pl, self.area, self.kind))


class ValidationError(KooperacjeError, ValueError):
    """Bad input (błędne dane): an empty or too long text, a bad id, a date out of range."""


class NotFoundError(KooperacjeError, LookupError):
    """An id names nothing (nie znaleziono): no such PZK, ZZK, member, service, task…"""


class ConflictError(KooperacjeError):
    """The act was already done or clashes with what is recorded: a duplicate id, a time earlier
    than the last event of its stream, an "already …" (konflikt z zapisanym stanem)."""


class StageError(KooperacjeError):
    """The PZK or the ZZK is not in a stage that allows the act (niewłaściwy etap), including a
    suspended (zawieszony) or closed (zakończony) ZZK."""


class ConsentError(KooperacjeError):
    """The family's consent (zgoda) is missing, has lapsed, was withdrawn or does not cover the
    act or the institution."""


class RuleError(KooperacjeError):
    """Any other rule of the model (reguła modelu), e.g. a PZK needing two declarations."""


class ForbiddenError(KooperacjeError):
    """The actor holds no role that may issue the command (brak uprawnień):
    ``ACTOR_NOT_PERMITTED``. Who may issue what is ``docs/roles.md``."""


class DecodeError(ValidationError):
    """A command or event that cannot be decoded: unknown type or field, wrong value type, a
    naive datetime, an unsupported schema version (``MALFORMED_JSON``, ``UNSUPPORTED_SCHEMA``)."""


class StoreError(KooperacjeError):
    """The database file (``STORE_*`` codes): missing, locked, foreign, too new, corrupt."""


class InternalError(KooperacjeError):
    """A fault of the library itself (``INTERNAL_ERROR``): a bug, never an answer of the rules.
    Please report it with the command that caused it."""


def _by_kind() -> dict[str, type[KooperacjeError]]:
    classes: dict[str, type[KooperacjeError]] = {
        cls.__name__: cls for cls in KooperacjeError.__subclasses__()
    }
    classes.update({cls.__name__: cls for cls in ValidationError.__subclasses__()})
    missing = [name for _, name in _native.ERROR_KINDS if name not in classes]
    if missing:
        raise ImportError(f"kooperacje.errors has no class for the core's kinds: {missing}")
    return {kind: classes[name] for kind, name in _native.ERROR_KINDS}


BY_KIND: dict[str, type[KooperacjeError]] = _by_kind()
"""The exception class for each kind of error, from the core's list of kinds and class names
(``_native.ERROR_KINDS``); the native module raises through this table."""

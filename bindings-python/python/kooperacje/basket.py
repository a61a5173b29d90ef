"""The local basket (lokalny koszyk usług) as files: the sheet OPS staff keep, and HSDS 3.0.

- :func:`export`: the basket of a PZK as the sheet, one row per service with Polish column
  headers, as Excel (``"xlsx"``, bytes), CSV (``"csv"``: semicolons, UTF-8 with a BOM, as Polish
  Excel writes it) or JSON rows (``"json"``); or as Open Referral HSDS 3.0 (``"hsds"``).
- :func:`import_`: an edited sheet read back: each row adds a service, revises it, changes its
  status, or leaves it as it is; every bad row is reported with its number and a stable code
  (``UNKNOWN_VALUE``, ``BAD_DATE``, …, or the core's own when the core refuses the change).

The reading, the checks and the reconciling are the Rust library's (``kooperacje-formats``), the
same for the CLI and every language: the same file gives the same report everywhere.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Literal, TypedDict, cast, overload

from . import _native

if TYPE_CHECKING:
    from .model import Model

__all__ = ["ImportReport", "RowError", "export", "import_"]


class RowError(TypedDict):
    """A refused row of a sheet: its number (the header being row 1) and why."""

    row: int
    """The spreadsheet's row number."""
    code: str
    """Stable code: the sheet's (``UNKNOWN_VALUE``, ``BAD_DATE``, …) or the core's."""
    message: str
    """The reason in English."""
    message_pl: str
    """The reason in Polish."""


class ImportReport(TypedDict):
    """What an import did, row by row."""

    partnership_id: str
    """The PZK."""
    added: int
    """Services added."""
    revised: int
    """Services revised (perhaps with their status changed too)."""
    status_changed: int
    """Services whose status alone changed."""
    unchanged: int
    """Services exactly as the basket had them."""
    skipped: list[RowError]
    """The rows refused, by row number; several reasons of one row one by one."""


@overload
def export(model: Model, partnership_id: str, format: Literal["xlsx"] = "xlsx") -> bytes: ...
@overload
def export(model: Model, partnership_id: str, format: Literal["csv", "json", "hsds"]) -> str: ...
def export(model: Model, partnership_id: str, format: str = "xlsx") -> bytes | str:
    """The basket of a PZK as a file's contents: ``bytes`` for ``"xlsx"``, text for ``"csv"``,
    ``"json"`` and ``"hsds"``. Raises ``NotFoundError`` for an unknown PZK and
    ``ValidationError`` (``UNKNOWN_FORMAT``) for an unknown format."""
    return _native.basket_export(model, partnership_id, format)


def import_(
    model: Model,
    partnership_id: str,
    data: bytes | str,
    format: Literal["xlsx", "csv", "json"],
    *,
    at: _dt.datetime,
    actor: str,
    reason: str = "import",
    skip_invalid: bool = False,
) -> ImportReport:
    """Imports a basket sheet into a PZK of ``model``: every change is a basket command made at
    ``at`` by ``actor`` (with ``reason`` in the service's history), decided by the core, and the
    events are applied to the model (and kept in :attr:`Model.events`) all or none.

    Returns the row-by-row report. With rows refused and ``skip_invalid`` false, raises
    ``ValidationError`` with the code ``INVALID_ROWS`` (its message lists each row) and changes
    nothing; an unreadable file raises ``BAD_FILE``.
    """
    report = _native.basket_import(
        model, partnership_id, data, format, at, actor, reason, skip_invalid
    )
    return cast("ImportReport", report)

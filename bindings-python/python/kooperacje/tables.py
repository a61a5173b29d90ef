"""Columnar tables for analysts (tabele analityczne): many event logs in, Arrow tables out.

>>> import kooperacje.tables as kt, polars as pl                            # doctest: +SKIP
>>> t = kt.load("gmina-a.db", "gmina-b.jsonl", as_of=datetime.date(2026, 12, 31))
>>> pl.DataFrame(t.zzks).group_by("stage").len()

Each log — a JSON-lines file of events (``kooperacje events export``), a database of the
``kooperacje`` command, a list of events (dicts, JSON texts or :class:`~kooperacje.Event`), or a
:class:`~kooperacje.Model` (one made with ``keep_events=False`` gives every table but ``events``)
— is replayed by the core into its own state (ids are unique only
within one municipality's log), and the tables of all logs are concatenated, each row with the
``source`` it came from. Every log is checked as it is admitted; a bad one raises a
:class:`~kooperacje.KooperacjeError` with ``source`` (and ``index`` of the event) set.

The tables — computed by the core (``kooperacje::analytics``), so every language gets the same
numbers:

- ``zzks``: one row per ZZK: stage, dates, days spent in each stage (``days_<stage>``),
  suspensions, members by sector, consents, plan and task counts, basket use;
- ``tasks``: one row per task of every plan: deadline, status, done, overdue;
- ``services``: one row per service of every local basket, with its use in individual baskets;
- ``partnerships``: one row per PZK with its monitoring indicators;
- ``events``: one row per event: stream, type, time, actor (never the body).

**No personal data** is in these tables: no names, PESEL, addresses, phone numbers, notes, task
titles or any free text — ids, codes, dates, counts and institution and service names only.

Two forms, by who reads them:

- in clear (the default): ZZK ids, registry numbers, task ids, actors and exact days — for the OPS
  itself, which keeps the registry anyway; not for analysts;
- for analysts, with ``pseudonymise_key`` (the core's ``analytics::Pseudonymiser``): ids of cases
  and workers as the same keyed pseudonyms as an analyst's :meth:`~kooperacje.Model.read` and
  :func:`kooperacje.pseudonym` give (so the tables join those views), no ``registry_number``, and
  every date and time to its month (the first day of the month).

Every table implements the Arrow PyCapsule interface (``__arrow_c_stream__``), so
``pyarrow.table(t)``, ``polars.DataFrame(t)``, ``duckdb.sql("select … from t")`` and
``t.to_pandas()`` take the columns without a row-by-row copy. Enum columns hold the core's codes;
:mod:`kooperacje.enums` has their Polish labels (``ZzkStage.labels("pl")``).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Union

from . import _native
from .model import Model

__all__ = ["TABLE_NAMES", "Table", "Tables", "load"]

Table = _native.Table

TABLE_NAMES = ("zzks", "tasks", "services", "partnerships", "events")
"""The tables :func:`load` can return, in order."""

Log = Union[str, "os.PathLike[str]", Model, Iterable[Any]]


class Tables(Mapping[str, Table]):
    """The tables of :func:`load`, by name, also as attributes (``tables.zzks``)."""

    __slots__ = ("_tables",)

    def __init__(self, tables: dict[str, Table]) -> None:
        self._tables = tables

    def __getitem__(self, name: str) -> Table:
        return self._tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def _get(self, name: str) -> Table:
        try:
            return self._tables[name]
        except KeyError:
            raise AttributeError(f"the table {name!r} was not loaded") from None

    @property
    def zzks(self) -> Table:
        """One row per ZZK."""
        return self._get("zzks")

    @property
    def tasks(self) -> Table:
        """One row per task of every individual plan."""
        return self._get("tasks")

    @property
    def services(self) -> Table:
        """One row per service of every local basket."""
        return self._get("services")

    @property
    def partnerships(self) -> Table:
        """One row per PZK, with its monitoring indicators."""
        return self._get("partnerships")

    @property
    def events(self) -> Table:
        """One row per event (never its body)."""
        return self._get("events")

    def __reduce__(self) -> tuple[type[Tables], tuple[dict[str, Table]]]:
        # Pickled (and copied) as its tables, each pickled as its typed columns.
        return (Tables, (self._tables,))

    def __repr__(self) -> str:
        return f"Tables({', '.join(f'{k}={len(v)}' for k, v in self._tables.items())})"


def _named(sources: Sequence[Log | Mapping[str, Log]]) -> list[tuple[str, Log]]:
    named: list[tuple[str, Log]] = []
    for i, source in enumerate(sources):
        if isinstance(source, Mapping):
            named.extend((str(k), v) for k, v in source.items())
        elif isinstance(source, (str, os.PathLike)):
            named.append((os.fspath(source), source))
        elif isinstance(source, Model):
            named.append((f"model-{i}", source))
        else:
            named.append((f"log-{i}", source))
    return named


def load(
    *sources: Log | Mapping[str, Log],
    as_of: _dt.date,
    tables: Sequence[str] | None = None,
    pseudonymise_key: bytes | None = None,
) -> Tables:
    """Replays each log and returns the analytics tables of all of them.

    Args:
        *sources: Logs: paths of JSON-lines files or databases, iterables of events, models, or
            mappings ``{name: log}`` to name them (the ``source`` column; a path names itself,
            other logs are ``log-N`` / ``model-N`` by position).
        as_of: The date durations, overdue flags and indicators are computed at (the library
            has no clock).
        tables: Which tables to build (default: all of :data:`TABLE_NAMES`).
        pseudonymise_key: The OPS's secret key (at least 16 bytes): gives the tables' form for
            analysts. Without it, the tables are in clear, for the OPS itself.

    Raises:
        KooperacjeError: a log cannot be read or an event cannot be admitted; ``source`` names
            the log and ``index`` the event. ``PSEUDONYM_KEY_INVALID`` for a key too short.
    """
    loaded: dict[str, Table] = _native.load_tables(
        _named(sources),
        as_of,
        list(tables) if tables is not None else None,
        pseudonymise_key,
    )
    return Tables(loaded)

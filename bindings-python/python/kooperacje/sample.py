"""Sample data sets (dane przykładowe) for trying the library, examples and benchmarks.

The events come from the core's deterministic sample commands (``kooperacje::sample``): one
operating PZK and any number of families at different points of the ZZK lifecycle. No personal
data: people are ids such as ``zzk-000042-p1``.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import Any

from . import _native

__all__ = ["family_commands", "partnership_commands", "write_jsonl"]


def write_jsonl(path: str | os.PathLike[str], families: int) -> int:
    """Writes a sample municipality's event log as JSON lines: one PZK (``pzk-sample``) and
    ``families`` families, each started on one of 365 days and taken through the first 6 to 20
    commands of the sample lifecycle, in time order. Returns the number of events.

    The same ``families`` always gives the same file.
    """
    return _native.write_sample(os.fspath(path), families)


def partnership_commands(
    partnership_id: str, start: _dt.datetime, services: int = 12
) -> list[dict[str, Any]]:
    """The core's sample commands taking a PZK from registration to operation (an hour apart
    from ``start``), as command dicts for :meth:`kooperacje.Model.execute`."""
    return _native.sample_partnership_commands(partnership_id, start, services)


def family_commands(partnership_id: str, zzk_id: str, start: _dt.datetime) -> list[dict[str, Any]]:
    """The core's sample ZZK lifecycle of one family in an operating sample PZK (21 commands, an
    hour apart from ``start``): need, consent, appointment, first meeting with a plan, basket,
    monitoring, suspension and return, evaluation, closure, end of post-support monitoring."""
    return _native.sample_family_commands(partnership_id, zzk_id, start)

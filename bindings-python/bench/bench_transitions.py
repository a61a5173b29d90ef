"""kooperacje against the ZZK lifecycle written with `transitions` (``lifecycle_transitions``).

What an analyst would otherwise write in Python is a state machine of the `transitions` package
with the same guards; this measures both on the same work and prints the figures and ratios to
the targets of the issue:

1. cost per transition: ``--families`` families x the 21 commands of the sample lifecycle, run
   through kooperacje's typed methods, through ``Model.execute`` with the command dicts, and
   through the peer (best of 3 each);
2. per-call overhead of the typed API: its time per call less the time the Rust core alone
   needs for the same commands (``time_core``); target ≤ 2 µs;
3. bulk replay: a sample event log of ``--bulk-families`` families (JSON lines) into a registry
   table of the ZZKs, by ``kooperacje.tables.load`` and by the peer (best of 3 each, with the
   slowest run printed too: on a shared machine single runs of seconds vary a lot); target:
   kooperacje ≥ 20x faster. Both must give the same rows and stage counts,
   else the run fails: that is the check that the peer does the same work;
4. one event applied (``Model.apply``, all or none) to a model of 1,000 and of 20,000 families,
   as a host that follows a live log does: the cost must follow the event, not the model
   (target: the two figures within 2x of each other).

Usage: ``python bindings-python/bench/bench_transitions.py [--families N] [--bulk-families N]``
(``scripts/bench-python`` builds the package and runs it).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any, NoReturn

import kooperacje
import kooperacje.sample
import kooperacje.tables
import lifecycle_transitions as peer
import pyarrow as pa
from kooperacje import _native

PARTNERSHIP = "pzk-b"
START = dt.datetime(2026, 1, 5, 8, tzinfo=dt.timezone.utc)
AS_OF = dt.date(2026, 12, 31)
REPEATS = 3
OVERHEAD_TARGET_US = 2.0
BULK_TARGET = 20.0

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Call = tuple[str, dict[str, Any]]


def lifecycle(families: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The PZK's commands to operation and the families' lifecycles, one after another (each
    family starts an hour after the previous one; the core orders time per ZZK)."""
    partnership = kooperacje.sample.partnership_commands(PARTNERSHIP, START)
    first = START + dt.timedelta(days=2)
    commands = [
        command
        for i in range(families)
        for command in kooperacje.sample.family_commands(
            PARTNERSHIP, f"zzk-{i}", first + dt.timedelta(hours=i)
        )
    ]
    return partnership, commands


def _typed(value: Any) -> Any:
    """A JSON value with its days (``YYYY-MM-DD``) as :class:`datetime.date`, as a user holding
    Python values passes them."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value) if _DAY.fullmatch(value) else value
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return value


def typed_call(envelope: dict[str, Any]) -> Call:
    """A command dict as the typed method's name and keyword arguments (an aware ``at``, days
    as dates)."""
    fields = {k: _typed(v) for k, v in envelope["command"].items() if k != "type"}
    at = dt.datetime.fromisoformat(envelope["at"])
    return envelope["command"]["type"], {"at": at, "actor": envelope["actor"], **fields}


def operating_model(partnership: list[dict[str, Any]]) -> kooperacje.Model:
    """A fresh model with the PZK in operation (untimed set-up)."""
    model = kooperacje.Model(keep_events=False)
    for command in partnership:
        model.execute(command)
    return model


def run_typed(partnership: list[dict[str, Any]], calls: list[Call]) -> float:
    """Seconds for the families' commands through the typed methods."""
    model = operating_model(partnership)
    started = time.perf_counter()
    for name, kwargs in calls:
        getattr(model, name)(**kwargs)
    return time.perf_counter() - started


def _no_op(**kwargs: Any) -> None:
    """Stands in for a typed method, to time the benchmark's own loop."""


def run_harness(calls: list[Call]) -> float:
    """Seconds for the loop of :func:`run_typed` alone: looking the method up and unpacking its
    keyword arguments from a dict, which a caller writing ``zzk.suspend_zzk(at=…, …)`` does not
    pay; it is reported apart, so the binding's overhead is not charged with it."""
    started = time.perf_counter()
    for _name, kwargs in calls:
        _no_op(**kwargs)
    return time.perf_counter() - started


def run_execute(partnership: list[dict[str, Any]], commands: list[dict[str, Any]]) -> float:
    """Seconds for the families' commands through ``Model.execute`` with the dicts."""
    model = operating_model(partnership)
    started = time.perf_counter()
    for command in commands:
        model.execute(command)
    return time.perf_counter() - started


def run_peer(calls: list[Call]) -> float:
    """Seconds for the families' commands through the peer; every family must end closed."""
    registry = peer.Registry()
    handle = registry.handle
    started = time.perf_counter()
    for trigger, fields in calls:
        handle(trigger, fields)
    elapsed = time.perf_counter() - started
    stages = collections.Counter(f.state for f in registry.families.values())
    if set(stages) != {"closed"}:
        fail(f"the peer did not close every family: {dict(stages)}")
    return elapsed


def best(run: Callable[[], float]) -> float:
    """The best of :data:`REPEATS` runs: the one least disturbed by the rest of the machine."""
    return min(run() for _ in range(REPEATS))


def fail(message: str) -> NoReturn:
    """Stops the benchmark: the two sides did not do the same work."""
    print(f"\n!!! MISMATCH: {message}", file=sys.stderr)
    sys.exit(1)


def stage_counts(table: pa.Table) -> dict[str, int]:
    """How many ZZKs are in each stage: what both sides must agree on."""
    return dict(sorted(collections.Counter(table.column("stage").to_pylist()).items()))


def row(label: str, figure: str) -> None:
    """One labelled figure of the report."""
    print(f"  {label:<36}{figure}")


def rate(seconds: float, events: int) -> str:
    """Seconds and events per second."""
    return f"{seconds:8.2f} s {events / seconds:12,.0f} events/s"


def per_transition(families: int) -> None:
    """Measures and prints the cost per transition and the typed API's per-call overhead."""
    partnership, commands = lifecycle(families)
    calls = [typed_call(c) for c in commands]
    peer_calls = [peer.command_call(c) for c in commands]
    n = len(commands)

    typed_us = best(lambda: run_typed(partnership, calls)) / n * 1e6
    execute_us = best(lambda: run_execute(partnership, commands)) / n * 1e6
    peer_us = best(lambda: run_peer(peer_calls)) / n * 1e6
    texts = [json.dumps(c) for c in partnership + commands]
    core_us = min(_native.time_core(texts) for _ in range(REPEATS)) / len(texts) / 1e3
    harness_us = best(lambda: run_harness(calls)) / n * 1e6
    overhead_us = typed_us - core_us
    binding_us = typed_us - core_us - harness_us
    met = "met" if binding_us <= OVERHEAD_TARGET_US else "NOT met"

    print(f"\nCost per transition: {families:,} families x 21 commands = {n:,} commands")
    print(f"(best of {REPEATS}; typed and peer arguments prepared before timing)")
    row("kooperacje, typed methods", f"{typed_us:8.2f} µs/command")
    row("kooperacje, Model.execute(dict)", f"{execute_us:8.2f} µs/command")
    row("transitions peer", f"{peer_us:8.2f} µs/command")
    row("peer / kooperacje typed", f"{peer_us / typed_us:8.1f}x")
    row("peer / kooperacje execute", f"{peer_us / execute_us:8.1f}x")
    print("\nPer-call overhead of the typed API")
    row("Rust core alone (time_core)", f"{core_us:8.2f} µs/command ({len(texts):,} with the PZK's)")
    row("overhead = typed - core", f"{overhead_us:8.2f} µs/call")
    row("  of which the loop (**kwargs)", f"{harness_us:8.2f} µs/call")
    row(
        "  of which the binding",
        f"{binding_us:8.2f} µs/call (target ≤ {OVERHEAD_TARGET_US:g} µs: {met})",
    )


def bulk_replay(families: int) -> None:
    """Measures and prints the bulk replay, then checks both sides built the same registry."""
    with tempfile.TemporaryDirectory(prefix="kooperacje-bench-") as tmp:
        path = Path(tmp) / "events.jsonl"
        events = kooperacje.sample.write_jsonl(path, families)
        # Untimed warm-up of both sides on a small log: pyarrow initialises itself on its first
        # table (about 0.35 s here), which would otherwise be charged to whichever side runs first.
        small = Path(tmp) / "warm-up.jsonl"
        kooperacje.sample.write_jsonl(small, 50)
        pa.table(kooperacje.tables.load(small, as_of=AS_OF, tables=["zzks"]).zzks)
        peer.replay_jsonl(small).table()

        ours_runs: list[float] = []
        theirs_runs: list[float] = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            loaded = kooperacje.tables.load(path, as_of=AS_OF, tables=["zzks"])
            ours = pa.table(loaded.zzks)
            ours_runs.append(time.perf_counter() - started)
            del loaded
        for _ in range(REPEATS):
            started = time.perf_counter()
            theirs = peer.replay_jsonl(path).table()
            theirs_runs.append(time.perf_counter() - started)
    ours_s, theirs_s = min(ours_runs), min(theirs_runs)
    ratio = theirs_s / ours_s
    met = "met" if ratio >= BULK_TARGET else "NOT met"

    print(f"\nBulk replay: {families:,} families, {events:,} events (JSON lines) into a")
    print(f"registry table of the ZZKs (best of {REPEATS}; the slowest run in brackets)")
    row("kooperacje tables.load + pyarrow", f"{rate(ours_s, events)}  ({max(ours_runs):.2f} s)")
    row("transitions peer (json + replay)", f"{rate(theirs_s, events)}  ({max(theirs_runs):.2f} s)")
    row("peer / kooperacje", f"{ratio:8.1f}x (target ≥ {BULK_TARGET:g}x: {met})")

    ours_stages, theirs_stages = stage_counts(ours), stage_counts(theirs)
    if ours.num_rows != theirs.num_rows:
        fail(f"kooperacje has {ours.num_rows:,} rows, the peer {theirs.num_rows:,}")
    if ours_stages != theirs_stages:
        fail(f"stage counts differ:\n  kooperacje {ours_stages}\n  peer       {theirs_stages}")
    print(f"  check: {ours.num_rows:,} rows each, the same stage counts: {ours_stages}")


APPLY_SIZES = (1_000, 20_000)
APPLY_TARGET = 2.0


def apply_one_event() -> None:
    """Measures and prints the cost of ``Model.apply`` of one event at two sizes of the model."""
    figures: list[float] = []
    print("\nOne event applied (Model.apply, all or none) to a model of N families")
    with tempfile.TemporaryDirectory(prefix="kooperacje-bench-") as tmp:
        for families in APPLY_SIZES:
            path = Path(tmp) / f"events-{families}.jsonl"
            kooperacje.sample.write_jsonl(path, families)
            model = kooperacje.Model.from_jsonl(path.read_text("utf-8"), keep_events=False)
            zzk = next(z for z in model.zzks() if z.snapshot().plan is not None)
            # The situation re-described, at the time of the ZZK's latest event: an event that
            # can follow again and again, and leaves the model the same size.
            event = {
                "schema": kooperacje.SCHEMA_VERSION,
                "at": zzk.snapshot().last_at.isoformat(),
                "actor": "sw-1",
                "event": {
                    "type": "situation_updated",
                    "zzk_id": zzk.id,
                    "area": "housing",
                    "note": "n",
                },
            }
            calls = 2_000
            runs = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                for _ in range(calls):
                    model.apply([event])
                runs.append((time.perf_counter() - started) / calls)
            figures.append(min(runs))
            row(f"{families:,} families", f"{min(runs) * 1e6:8.2f} µs/event")
    ratio = figures[1] / figures[0]
    met = "met" if ratio <= APPLY_TARGET else "NOT met"
    row(
        f"{APPLY_SIZES[1]:,} / {APPLY_SIZES[0]:,} families",
        f"{ratio:8.2f}x (target ≤ {APPLY_TARGET:g}x: {met})",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=2_000, help="families per transition run")
    parser.add_argument("--bulk-families", type=int, default=100_000, help="families to replay")
    args = parser.parse_args()
    if args.families < 1 or args.bulk_families < 1:
        parser.error("the numbers of families must be positive")

    print(
        f"kooperacje {kooperacje.__version__} against transitions {version('transitions')}"
        f" (Python {platform.python_version()}, pyarrow {pa.__version__})"
    )
    per_transition(args.families)
    bulk_replay(args.bulk_families)
    apply_one_event()


if __name__ == "__main__":
    main()

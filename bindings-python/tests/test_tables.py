"""The analytics tables through pyarrow, polars, pandas and DuckDB (Arrow PyCapsule interface),
loaded from every kind of log: JSON lines, a database of the CLI, a list of events, a Model."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import kooperacje
import kooperacje.sample
import kooperacje.tables as kt
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from conftest import ROOT, fixture_commands

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def fixture_model() -> kooperacje.Model:
    model = kooperacje.Model()
    for command in fixture_commands("active_zzk"):
        model.execute(command)
    return model


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI's demo database, written by the `kooperacje` command itself."""
    binary = ROOT / "target" / "debug" / "kooperacje"
    if not binary.exists():
        subprocess.run(["cargo", "build", "-q", "-p", "kooperacje-cli"], cwd=ROOT, check=True)
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    env = dict(os.environ, KOOPERACJE_DB=str(db))
    subprocess.run([str(binary), "demo"], cwd=db.parent, env=env, check=True, capture_output=True)
    return db


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sample") / "sample.jsonl"
    kooperacje.sample.write_jsonl(path, 300)
    return path


def event_bodies(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line)["event"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_many_logs_of_every_kind_load_into_one_set_of_tables(
    fixture_model: kooperacje.Model, demo_db: Path, sample_file: Path
) -> None:
    as_list = [e.to_dict() for e in fixture_model.events]
    tables = kt.load(demo_db, sample_file, {"fixture": as_list}, fixture_model, as_of=AS_OF)
    assert list(tables) == list(kt.TABLE_NAMES)
    zzks = pa.table(tables.zzks)
    sources = Counter(zzks.column("source").to_pylist())
    demo = kooperacje.Model.load(demo_db)
    # One row per ZZK of each log, counted here from the logs themselves.
    opened = sum(1 for e in event_bodies(sample_file) if e["type"] == "need_reported")
    assert sources == {
        str(demo_db): len(demo.zzk_ids()),
        str(sample_file): opened,
        "fixture": 1,
        "model-3": 1,
    }
    # Stages agree with the model's own view of each ZZK.
    demo_rows = zzks.filter(pa.compute.equal(zzks.column("source"), str(demo_db))).to_pylist()
    assert {r["zzk_id"]: r["stage"] for r in demo_rows} == {
        z.id: z.stage.value for z in demo.zzks()
    }
    events = pa.table(tables.events)
    assert (
        events.num_rows
        == demo.event_count + len(event_bodies(sample_file)) + 2 * fixture_model.event_count
    )
    assert events.schema.field("at").type == pa.timestamp("us", tz="UTC")
    assert zzks.schema.field("opened_on").type == pa.date32()
    assert zzks.schema.field("sectors").type == pa.list_(pa.string())
    assert zzks.schema.field("stage").metadata[b"description"]


def test_polars_pandas_and_duckdb_read_the_same_columns(sample_file: Path) -> None:
    tables = kt.load(sample_file, as_of=AS_OF)
    zzks = tables.zzks
    frame = pl.DataFrame(zzks)
    assert frame.columns == zzks.column_names and frame.height == len(zzks)
    assert frame.schema["opened_on"] == pl.Date
    pandas_frame = zzks.to_pandas()
    assert isinstance(pandas_frame, pd.DataFrame) and len(pandas_frame) == len(zzks)
    relation = duckdb.sql("select stage, count(*) from zzks group by stage")
    assert relation is not None
    by_stage = dict(relation.fetchall())
    assert by_stage == dict(Counter(zzks.to_pydict()["stage"]))
    assert by_stage == {k: v for k, v in frame.group_by("stage").len().iter_rows()}
    # Tasks: one row per task added, counted from the log.
    added = sum(
        1
        for e in event_bodies(sample_file)
        if e["type"] == "plan_adopted"
        for _ in e["plan"]["tasks"]
    )
    tasks = pl.DataFrame(tables.tasks)
    assert tasks.height == added
    assert tasks.filter(pl.col("done")).height == sum(1 for s in tasks["status"] if s == "done")
    services = pl.DataFrame(tables.services)
    used = Counter(
        e["service_id"]
        for e in event_bodies(sample_file)
        if e["type"] == "basket_item_added" and e.get("service_id")
    )
    assert {
        r["service_id"]: r["used_in_baskets"]
        for r in services.iter_rows(named=True)
        if r["used_in_baskets"]
    } == dict(used)


def test_days_in_stages_add_up_to_the_time_since_opening(sample_file: Path) -> None:
    zzks = pl.DataFrame(kt.load(sample_file, as_of=AS_OF, tables=["zzks"]).zzks)
    days = [c for c in zzks.columns if c.startswith("days_")]
    assert len(days) == len(kooperacje.enums.ZzkStage)
    open_rows = zzks.filter(pl.col("stage") != "closed")
    totals = open_rows.select(
        pl.sum_horizontal(days).alias("t"),
        ((pl.lit(AS_OF) - pl.col("opened_on")).dt.total_days()).alias("span"),
    )
    assert totals["t"].to_list() == totals["span"].to_list()


def test_tables_hold_no_personal_data(fixture_model: kooperacje.Model) -> None:
    state = fixture_model.to_dict()
    zzk = state["zzks"]["zzk-kowalscy"]
    private = set(zzk["client"]["household"])
    private |= {m["worker"] for m in zzk["members"].values() if m.get("worker")}
    private |= {t["title"] for t in zzk["plan"]["tasks"].values()}
    private |= {g["title"] for g in zzk["plan"]["goals"].values()}
    assert private
    tables = kt.load(fixture_model, as_of=AS_OF)
    for name, table in tables.items():
        for column, values in table.to_pydict().items():
            for value in values:
                items = value if isinstance(value, list) else [value]
                leaked = private.intersection(v for v in items if isinstance(v, str))
                assert not leaked, f"{name}.{column} holds {leaked}"


def test_bad_logs_raise_library_errors_naming_the_source(
    tmp_path: Path, fixture_model: kooperacje.Model
) -> None:
    lines = [e.to_json() for e in fixture_model.events]
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([*lines[:5], "{oops", *lines[5:]]), encoding="utf-8")
    with pytest.raises(kooperacje.DecodeError) as err:
        kt.load(broken, as_of=AS_OF)
    assert err.value.index == 5
    assert err.value.source == str(broken)
    zzk_first = tmp_path / "zzk-first.jsonl"
    zzk_first.write_text("\n".join([lines[-1], *lines]), encoding="utf-8")
    with pytest.raises(kooperacje.KooperacjeError) as err2:
        kt.load(zzk_first, as_of=AS_OF)
    assert err2.value.index == 0
    with pytest.raises(kooperacje.StoreError):
        kt.load(tmp_path / "missing.jsonl", as_of=AS_OF)
    with pytest.raises(kooperacje.DecodeError):
        kt.load(broken, as_of=AS_OF, tables=["nope"])
    # A model that keeps no events gives every table but the events table.
    light = kooperacje.Model.from_events(fixture_model.events, keep_events=False)
    assert len(kt.load(light, as_of=AS_OF, tables=["zzks"]).zzks) == 1
    with pytest.raises(kooperacje.DecodeError):
        kt.load(light, as_of=AS_OF)


def test_a_large_file_is_read_in_blocks_by_threads_with_the_same_result(tmp_path: Path) -> None:
    """A file of several megabytes is cut into blocks decoded on threads: blank lines, CRLF line
    ends and a line longer than a block change nothing, and a bad line is reported with its index
    among the non-blank lines, in file order, whichever thread decoded it."""
    source = tmp_path / "large.jsonl"
    kooperacje.sample.write_jsonl(source, 2500)
    lines = source.read_text(encoding="utf-8").splitlines()
    assert source.stat().st_size > 6 * 2**20, "large enough to be read in blocks"
    expected = kt.load([json.loads(line) for line in lines], as_of=AS_OF)

    padded = [*lines]
    padded[7] = padded[7].replace('"at":', " " * (3 * 2**20) + '"at":', 1)  # longer than a block
    mixed = tmp_path / "mixed.jsonl"
    with mixed.open("w", encoding="utf-8", newline="") as f:
        for i, line in enumerate(padded):
            f.write(line + ("\r\n" if i % 3 else "\n") + ("\n  \n" if i % 1000 == 0 else ""))
    loaded = kt.load(mixed, as_of=AS_OF)
    assert len(loaded.zzks) == 2500
    assert len(loaded.events) == len(lines)
    for name in ("zzks", "events", "tasks"):
        got, want = loaded[name].to_pydict(), expected[name].to_pydict()
        got.pop("source"), want.pop("source")
        assert got == want, name

    bad_at = len(lines) - 1234
    for bad_line in (b"{oops", b'{"schema":1,"at":"\xff"}'):
        broken = tmp_path / "broken.jsonl"
        data = [line.encode() for line in lines]
        data.insert(bad_at, bad_line)
        broken.write_bytes(b"\n\n".join(data[:100]) + b"\n" + b"\n".join(data[100:]))
        with pytest.raises(kooperacje.DecodeError) as err:
            kt.load(broken, as_of=AS_OF)
        assert err.value.index == bad_at, bad_line


def test_no_logs_give_empty_tables_with_their_columns() -> None:
    tables = kt.load(as_of=AS_OF)
    assert all(len(t) == 0 for t in tables.values())
    assert pa.table(tables.zzks).num_rows == 0
    assert "stage" in tables.zzks.column_names

"""Pickling and copying (for multiprocessing, Dask, Ray), ``to_dict()`` copies, records as values
(``asdict``, ``match``), and the analytics extras: what a package for analysts must allow."""

from __future__ import annotations

import copy
import datetime as dt
import json
import multiprocessing
import pickle
import subprocess
import sys
from typing import Any

import kooperacje
import kooperacje.tables as kt
import pytest
from conftest import fixture_commands
from kooperacje.enums import SocialWorkPhase, SuspensionGround, TaskStatus, ZzkStage
from kooperacje.records import Appointment, Record, Task
from kooperacje.records import Zzk as ZzkRecord

AS_OF = dt.date(2026, 12, 31)
PROTOCOLS = range(pickle.HIGHEST_PROTOCOL + 1)


@pytest.fixture(scope="module")
def model() -> kooperacje.Model:
    m = kooperacje.Model()
    for command in fixture_commands("active_zzk"):
        m.execute(command)
    return m


@pytest.fixture(scope="module")
def tables(model: kooperacje.Model) -> kt.Tables:
    return kt.load(model, as_of=AS_OF)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_a_model_pickles_at_every_protocol_and_comes_back_equal(
    model: kooperacje.Model, protocol: int
) -> None:
    back = pickle.loads(pickle.dumps(model, protocol=protocol))
    assert type(back) is kooperacje.Model
    assert back is not model
    assert back.to_json() == model.to_json()
    assert back.events == model.events
    assert back.event_count == model.event_count > 0
    # A live model: it takes the next command like the original.
    assert back.zzk("zzk-kowalscy").stage is ZzkStage.ACTIVE


def test_a_model_without_events_pickles_as_its_state(model: kooperacje.Model) -> None:
    lean = kooperacje.Model.from_events(model.events, keep_events=False)
    assert lean.event_count == 0
    for protocol in PROTOCOLS:
        back = pickle.loads(pickle.dumps(lean, protocol=protocol))
        assert back.to_json() == model.to_json()
        assert back.event_count == 0


def test_an_unpickled_model_is_independent_of_the_original(model: kooperacje.Model) -> None:
    twin = copy.deepcopy(model)
    before = model.to_json()
    twin.suspend_zzk(
        at=dt.datetime(2026, 5, 2, 9, tzinfo=dt.timezone.utc),
        actor="sw-ewa",
        zzk_id="zzk-kowalscy",
        ground=SuspensionGround.UNREACHABLE,
        review_on=dt.date(2026, 6, 2),
    )
    assert twin.zzk("zzk-kowalscy").stage is ZzkStage.SUSPENDED
    assert model.to_json() == before
    assert model.zzk("zzk-kowalscy").stage is ZzkStage.ACTIVE
    assert copy.copy(model).to_json() == before


def test_a_pickled_log_is_checked_again_by_the_core(model: kooperacje.Model) -> None:
    # The form is the event log: a log the core refuses does not unpickle into a model.
    rebuild, (form,) = model.__reduce__()
    keep, text = form
    lines = text.splitlines()
    with pytest.raises(kooperacje.KooperacjeError) as caught:
        rebuild((keep, "\n".join([lines[1], lines[0], *lines[2:]])))
    assert caught.value.index is not None
    with pytest.raises(kooperacje.DecodeError):
        bad: Any = ("not a form",)
        rebuild(bad)


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_events_pickle_and_copy(model: kooperacje.Model, protocol: int) -> None:
    event = model.events[-1]
    back = pickle.loads(pickle.dumps(event, protocol=protocol))
    assert back == event
    assert back.to_json() == event.to_json()
    assert copy.deepcopy(event) == event
    assert copy.copy(event) == event


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_tables_pickle_with_every_column_type(tables: kt.Tables, protocol: int) -> None:
    types = set()
    for name in kt.TABLE_NAMES:
        table = tables[name]
        back = pickle.loads(pickle.dumps(table, protocol=protocol))
        assert back == table
        assert back.name == table.name
        assert back.column_names == table.column_names
        assert back.descriptions == table.descriptions
        assert back.to_pydict() == table.to_pydict()
        assert len(back) == len(table)
        types |= {type(v) for column in table.to_pydict().values() for v in column}
    # The tables exercise text, numbers, flags, dates, times and lists.
    assert {str, int, bool, dt.date, dt.datetime, list} <= types


def test_tables_copy_and_their_arrow_data_is_the_same(tables: kt.Tables) -> None:
    pa = pytest.importorskip("pyarrow")
    for name in kt.TABLE_NAMES:
        twin = copy.deepcopy(tables[name])
        assert pa.table(twin).equals(pa.table(tables[name]))
    assert copy.copy(tables.zzks) == tables.zzks
    for protocol in PROTOCOLS:
        every = pickle.loads(pickle.dumps(tables, protocol=protocol))
        assert type(every) is kt.Tables
        assert dict(every) == dict(tables)
        assert every.zzks == tables.zzks
    assert tables.zzks != tables.tasks


def test_a_pickled_table_is_checked_as_it_is_rebuilt(tables: kt.Tables) -> None:
    rebuild, (form,) = tables.zzks.__reduce__()
    name, columns = form
    assert len(tables.zzks) >= 1
    column, description, kind, values = columns[1]
    with pytest.raises(kooperacje.DecodeError):
        rebuild(("no_such_table", columns))
    with pytest.raises(kooperacje.DecodeError):
        rebuild((name, [columns[0], (column, description, "no_such_type", values)]))
    with pytest.raises(kooperacje.DecodeError):
        rebuild((name, [columns[0], (column, description, kind, values[:-1])]))
    with pytest.raises(kooperacje.DecodeError):
        rebuild((name, [columns[0], (column, description, kind, [object()] * len(values))]))
    assert rebuild((name, columns)) == tables.zzks


@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_records_pickle_and_copy(model: kooperacje.Model, protocol: int) -> None:
    snapshot = model.zzk("zzk-kowalscy").snapshot()
    back = pickle.loads(pickle.dumps(snapshot, protocol=protocol))
    assert type(back) is ZzkRecord
    assert back == snapshot
    assert back.plan is not None and snapshot.plan is not None
    assert back.plan.tasks == snapshot.plan.tasks
    assert copy.deepcopy(snapshot) == snapshot
    assert copy.copy(snapshot) == snapshot
    registry = model.registry(snapshot.partnership_id)
    assert registry
    assert pickle.loads(pickle.dumps(registry, protocol=protocol)) == registry


def test_every_kind_of_object_crosses_to_a_spawned_process_and_back(
    model: kooperacje.Model, tables: kt.Tables
) -> None:
    snapshot = model.zzk("zzk-kowalscy").snapshot()
    objects: list[Any] = [model, model.events[0], tables.zzks, snapshot]
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        # Each object is pickled to a fresh interpreter, copied there, and pickled back.
        back = pool.map(copy.copy, objects)
        states = pool.map(kooperacje.Model.to_json, [model])
    assert back[0].to_json() == model.to_json()
    assert back[0].events == model.events
    assert back[1:] == objects[1:]
    assert states == [model.to_json()]


def test_to_dict_returns_a_copy(model: kooperacje.Model) -> None:
    snapshot = model.zzk("zzk-kowalscy").snapshot()
    data = snapshot.to_dict()
    data["stage"] = "closed"
    data["members"].clear()
    assert snapshot.to_dict()["stage"] == "active"
    assert snapshot.to_dict()["members"]
    assert snapshot.stage is ZzkStage.ACTIVE
    state = model.to_dict()
    state["zzks"].clear()
    assert model.to_dict()["zzks"]
    event = model.events[0]
    envelope = event.to_dict()
    envelope["event"]["type"] = "changed"
    assert event.to_dict()["event"]["type"] != "changed"
    body = event.body
    body.clear()
    assert event.body


def test_asdict_is_recursive_and_keeps_the_types(model: kooperacje.Model) -> None:
    snapshot = model.zzk("zzk-kowalscy").snapshot()
    data = snapshot.asdict()
    # Every field, as a dataclass has them: also those the JSON form leaves out when empty.
    assert set(data) == set(ZzkRecord.__match_args__) >= set(snapshot.to_dict())
    assert data["family_absent"] is None
    assert data["stage"] is ZzkStage.ACTIVE
    assert isinstance(data["last_at"], dt.datetime)
    assert data["appointment"]["phase"] is SocialWorkPhase.DIAGNOSIS
    assert data["appointment"]["registry_number"] == 1
    tasks = data["plan"]["tasks"]
    assert set(tasks) == {"t-tutoring", "t-clinic"}
    assert tasks["t-clinic"]["deadline"] == dt.date(2026, 5, 15)
    assert not any(isinstance(v, Record) for v in _walk(data))
    data["plan"]["tasks"].clear()
    assert snapshot.plan is not None and snapshot.plan.tasks
    assert json.loads(json.dumps(snapshot.to_dict())) == snapshot.to_dict()


def _walk(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in [v, *_walk(v)]]
    if isinstance(value, list):
        return [x for v in value for x in [v, *_walk(v)]]
    return []


def test_records_match_by_position_and_by_keyword(model: kooperacje.Model) -> None:
    snapshot = model.zzk("zzk-kowalscy").snapshot()
    assert Appointment.__match_args__ == (
        "appointed_on",
        "phase",
        "registered_by",
        "registry_number",
    )
    match snapshot.appointment:
        case Appointment(on, phase, registered_by, number):
            assert (on, phase, registered_by, number) == (
                dt.date(2026, 4, 15),
                SocialWorkPhase.DIAGNOSIS,
                "coord-anna",
                1,
            )
        case _:
            pytest.fail("an appointment matches its positional pattern")
    assert snapshot.plan is not None
    due = []
    for task in snapshot.plan.tasks.values():
        match task:
            case Task(status=TaskStatus.DONE):
                pass
            case Task(deadline=deadline, title=title) if deadline < dt.date(2026, 6, 1):
                due.append((title, deadline))
    assert [d for _, d in due] == [dt.date(2026, 5, 15)]
    match snapshot:
        case ZzkRecord(stage=ZzkStage.SUSPENDED):
            pytest.fail("the ZZK is active")
        case ZzkRecord(stage=ZzkStage.ACTIVE, id=zzk_id):
            assert zzk_id == "zzk-kowalscy"


@pytest.mark.parametrize(
    ("module", "method", "extra"),
    [
        ("pyarrow", "to_pyarrow", "arrow"),
        ("polars", "to_polars", "polars"),
        ("pandas", "to_pandas", "pandas"),
        ("pyarrow", "to_pandas", "pandas"),
    ],
)
def test_a_missing_analytics_library_names_its_extra(
    tables: kt.Tables, monkeypatch: pytest.MonkeyPatch, module: str, method: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # `import module` raises ImportError
    with pytest.raises(ImportError) as caught:
        getattr(tables.zzks, method)()
    message = str(caught.value)
    assert f"pip install 'kooperacje[{extra}]'" in message
    assert module in message
    assert isinstance(caught.value.__cause__, ImportError)


def test_the_package_imports_and_tabulates_without_the_analytics_stack() -> None:
    script = """
import sys
for name in ("pyarrow", "polars", "pandas", "numpy", "duckdb"):
    sys.modules[name] = None
import datetime, kooperacje, kooperacje.tables as kt
t = kt.load([], as_of=datetime.date(2026, 1, 1))
assert t.zzks.to_pydict()["source"] == []
try:
    t.zzks.to_polars()
except ImportError as e:
    print(e)
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    assert "pip install 'kooperacje[polars]'" in out

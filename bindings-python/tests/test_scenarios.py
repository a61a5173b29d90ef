"""Every file of tests/scenarios/ through the Python API, checked against the same expected
events, errors and state as the Rust runner (no copy of the rules here: the model decides).

Each scenario runs twice: once through ``Model.execute`` with the command dicts exactly as
written, once through the generated keyword methods with dates and times as Python objects —
both must give the same canonical result, which is written to
``target/conformance/python/NAME.json`` for the cross-language comparison.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import kooperacje
import pytest
from conftest import ROOT, fixture_commands, load, resolve, scenario_files
from kooperacje import _schema

SCENARIO_KEYS = {"name", "description", "given", "steps"}
STEP_KEYS = {"command", "expect", "state"}

Runner = Callable[[kooperacje.Model, dict[str, Any]], list[kooperacje.Event]]


def run_dict(model: kooperacje.Model, command: dict[str, Any]) -> list[kooperacje.Event]:
    return model.execute(command)


def _typed(node: dict[str, Any], value: Any) -> Any:
    """A JSON value as a Python caller would pass it: dates and times as objects."""
    inner, _ = _schema.nullable(node)
    name = _schema.ref_name(inner)
    if name is not None:
        inner = _schema.definitions().get(name, {})
    if value is None:
        return None
    if inner.get("format") == "date":
        return dt.date.fromisoformat(value)
    if inner.get("format") == "date-time":
        return _schema.parse_time(value)
    if inner.get("type") == "array" and isinstance(inner.get("items"), dict):
        return [_typed(inner["items"], v) for v in value]
    if _schema.is_record(inner) and isinstance(value, dict):
        props = inner["properties"]
        return {k: _typed(props.get(k, {}), v) for k, v in value.items()}
    return value


def run_typed(model: kooperacje.Model, command: dict[str, Any]) -> list[kooperacje.Event]:
    body = dict(command["command"])
    kind = body.pop("type")
    node = next(n for n in _schema.commands() if _schema.command_type(n) == kind)
    fields = {k: _typed(node["properties"].get(k, {}), v) for k, v in body.items()}
    method = getattr(model, kind)
    at: dt.datetime | str
    try:
        at = _schema.parse_time(command["at"])
    except ValueError:
        # A time Python's datetime cannot hold (a leap second, :60): passed as the text a
        # caller would have, for the core to refuse.
        at = command["at"]
    events: list[kooperacje.Event] = method(at=at, actor=command["actor"], **fields)
    return events


def run_scenario(path: Path, runner: Runner) -> tuple[dict[str, Any], list[str]]:
    scenario = load(path)
    failures: list[str] = []
    assert set(scenario) <= SCENARIO_KEYS, f"unknown keys in {path.name}"
    assert scenario["name"] == path.stem
    model = kooperacje.Model()
    for name in scenario.get("given", []):
        for i, command in enumerate(fixture_commands(name), 1):
            try:
                runner(model, command)
            except kooperacje.KooperacjeError as err:
                failures.append(f"fixture {name} command {i}: {err.code}")
    results: list[dict[str, Any]] = []
    for i, step in enumerate(scenario["steps"], 1):
        assert set(step) <= STEP_KEYS, f"{path.name} step {i}: unknown keys"
        expect = step.get("expect")
        before = model.to_json()
        try:
            bodies = [e.body for e in runner(model, step["command"])]
            results.append({"events": bodies})
            if expect is not None and "error" in expect:
                failures.append(f"step {i}: expected error {expect['error']}, got events")
            if expect is not None and "events" in expect and expect["events"] != bodies:
                failures.append(f"step {i}: events differ: {bodies} != {expect['events']}")
        except kooperacje.KooperacjeError as err:
            results.append({"error": err.code})
            if expect != {"error": err.code}:
                failures.append(f"step {i}: unexpected error {err.code}: {err}")
            if model.to_json() != before:
                failures.append(f"step {i}: a rejected command changed the state")
        state = json.loads(model.to_json())
        for pointer, value in step.get("state", {}).items():
            found, actual = resolve(state, pointer)
            if not found:
                failures.append(f"step {i}: nothing at {pointer}")
            elif actual != value:
                failures.append(f"step {i}: {pointer} is {actual!r}, expected {value!r}")
    result = {"name": scenario["name"], "steps": results, "state": json.loads(model.to_json())}
    return result, failures


def write_result(result: dict[str, Any]) -> None:
    out = Path(
        os.environ.get("KOOPERACJE_CONFORMANCE_OUT_PY", ROOT / "target" / "conformance" / "python")
    )
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / f"{result['name']}.json").write_text(text, encoding="utf-8")


FILES = scenario_files()


def test_there_are_scenarios() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario(path: Path) -> None:
    result, failures = run_scenario(path, run_dict)
    assert not failures, "\n".join(failures)
    typed, typed_failures = run_scenario(path, run_typed)
    assert not typed_failures, "\n".join(typed_failures)
    assert typed == result, "the keyword methods and execute() disagree"
    write_result(result)


def test_a_rejected_step_is_reported_as_a_failure() -> None:
    """The runner itself can fail: a scenario whose expectation is wrong is caught."""
    path = FILES[0]
    scenario = load(path)
    step = next(s for s in scenario["steps"] if "error" in s.get("expect", {}))
    step["expect"] = {"error": "SOMETHING_ELSE"}
    broken = Path(os.environ.get("TMPDIR", "/tmp")) / path.name
    broken.write_text(json.dumps(scenario), encoding="utf-8")
    _, failures = run_scenario(broken, run_dict)
    assert any("unexpected error" in f for f in failures)

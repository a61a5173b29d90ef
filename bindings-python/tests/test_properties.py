"""Property test: random sequences of API calls — well-formed, nonsensical or wrongly typed —
only ever raise ``KooperacjeError`` subclasses, a refused call changes nothing, and the state
always equals what the core rebuilds from the events produced."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import kooperacje
from conftest import fixture_commands
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from kooperacje import _schema

IDS = [
    "pzk-1", "ops", "school", "health", "pcpr", "coord-anna", "coord-piotr", "zzk-kowalscy",
    "cons-kow-1", "zm-pedagog", "zm-nurse", "mt-kow-1", "g-school", "g-health", "t-tutoring",
    "t-clinic", "svc-nurse", "svc-pedagog", "svc-crisis", "sw-ewa", "anna-k", "x-1", "x-2",
]  # fmt: skip
BAD_TEXT = ["", " ", "a/b", "ł" * 300, "\x00"]
GARBAGE = st.one_of(
    st.integers(-5, 5), st.none(), st.lists(st.integers(), max_size=2), st.just({"?": 1})
)


def _dates() -> st.SearchStrategy[dt.date]:
    return st.dates(dt.date(2026, 4, 1), dt.date(2027, 3, 1))


def value(node: dict[str, Any], dirty: bool, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values for a schema node: plausible ones for a clean call; for a dirty one, sometimes
    bad texts and unknown codes, now and then a value of the wrong type."""
    plausible = _plausible(node, dirty, depth)
    if not dirty:
        return plausible
    return st.one_of(plausible, plausible, plausible, GARBAGE)


def _plausible(node: dict[str, Any], dirty: bool, depth: int) -> st.SearchStrategy[Any]:
    inner, is_nullable = _schema.nullable(node)
    if is_nullable:
        return st.one_of(st.none(), _plausible(inner, dirty, depth))
    name = _schema.ref_name(inner)
    if name is not None:
        inner = _schema.definitions().get(name, {})
    if _schema.is_enum(inner):
        codes = [o["const"] for o in inner["oneOf"]]
        return st.sampled_from([*codes, "no_such_code"] if dirty else codes)
    if depth > 3:
        return GARBAGE
    if _schema.is_union(inner):
        variants = [
            dict(o, properties={**inner.get("properties", {}), **o.get("properties", {})})
            for o in inner["oneOf"]
        ]
        return st.one_of([_record(v, dirty, depth) for v in variants])
    if _schema.is_record(inner):
        return _record(inner, dirty, depth)
    if "const" in inner:
        return st.just(inner["const"])
    fmt, kind = inner.get("format"), inner.get("type")
    if fmt == "date":
        return _dates()
    if kind == "string":
        if not dirty:
            return st.sampled_from(IDS)
        return st.one_of(st.sampled_from(IDS), st.sampled_from(BAD_TEXT), st.text(max_size=6))
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(-3, 300)
    if kind == "number":
        return st.floats(allow_nan=True)
    if kind == "array" and isinstance(inner.get("items"), dict):
        return st.lists(value(inner["items"], dirty, depth + 1), min_size=1, max_size=3)
    if kind == "object":
        values = inner.get("additionalProperties")
        if not isinstance(values, dict):
            pattern = inner.get("patternProperties")
            values = next(iter(pattern.values())) if isinstance(pattern, dict) else {}
        return st.dictionaries(st.sampled_from(IDS), value(values, dirty, depth + 1), max_size=2)
    return GARBAGE


def _record(node: dict[str, Any], dirty: bool, depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props = node.get("properties", {})
    required = set(node.get("required", []))
    return st.fixed_dictionaries(
        {k: value(v, dirty, depth + 1) for k, v in props.items() if k in required},
        optional={k: value(v, dirty, depth + 1) for k, v in props.items() if k not in required},
    )


@st.composite
def calls(draw: st.DrawFn) -> list[tuple[str, dt.datetime, dict[str, Any]]]:
    out = []
    moment = dt.datetime(2026, 4, 23, 9, tzinfo=dt.timezone.utc)
    for _ in range(draw(st.integers(1, 12))):
        node = draw(st.sampled_from(_schema.commands()))
        dirty = draw(st.integers(0, 3)) == 0
        kwargs = {}
        for field, prop, required in _schema.command_fields(node):
            if required or draw(st.booleans()):
                kwargs[field] = draw(value(prop, dirty))
        # A clean call mostly names the fixture's PZK and ZZK, so that some calls go through.
        for field, known in (("partnership_id", "pzk-1"), ("zzk_id", "zzk-kowalscy")):
            if field in kwargs and not dirty and draw(st.integers(0, 3)) > 0:
                kwargs[field] = known
        # Mostly forward in time, sometimes back.
        moment += dt.timedelta(hours=draw(st.integers(-30, 400)))
        out.append((_schema.command_type(node), moment, kwargs))
    return out


BASE = kooperacje.Model()
for _command in fixture_commands("active_zzk"):
    BASE.execute(_command)
BASE_EVENTS = BASE.events


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calls())
def test_random_calls_raise_only_library_errors_and_the_state_is_the_fold_of_events(
    sequence: list[tuple[str, dt.datetime, dict[str, Any]]],
) -> None:
    model = kooperacje.Model.from_events(BASE_EVENTS)
    for kind, moment, kwargs in sequence:
        before = model.to_json()
        count = model.event_count
        try:
            events = getattr(model, kind)(at=moment, actor="sw-ewa", **kwargs)
        except kooperacje.KooperacjeError as err:
            assert err.code and err.message_pl
            assert type(err) is not kooperacje.InternalError, err
            assert model.to_json() == before and model.event_count == count
            event(f"refused: {err.kind}")
        else:
            event("accepted")
            assert model.event_count == count + len(events)
    # The core rebuilds the same state from the events, whichever form they travel in.
    replayed = kooperacje.Model.from_events([e.to_json() for e in model.events])
    assert replayed.to_json() == model.to_json()
    assert json.loads(replayed.to_json()) == model.to_dict()

"""No panic crosses into Python: every entry point of the native module reports one as
``InternalError`` (``INTERNAL_ERROR``).

The entry points are found by introspection, not listed: every function of ``kooperacje._native``
and every method, property and special method of each of its classes (``__new__`` included), so
one added to the Rust side later is tested without a change here. For each, the test build's
trigger (``_native._arm_panic_for_tests``, compiled only into debug builds and builds with the
feature ``test-hooks``, as scripts/test makes) is armed, which makes the next guarded call panic
inside ``errors::guard``; the call must then raise ``InternalError``, have used up the trigger,
and leave the model as it was and the entry point working.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import kooperacje
import kooperacje._native as native
import pytest
from conftest import fixture_commands

ARM = "_arm_panic_for_tests"
WHEN = dt.datetime(2026, 5, 4, 9, tzinfo=dt.timezone.utc)
DAY = dt.date(2026, 5, 4)

# The comparisons pyo3 answers with NotImplemented itself, before any code of the library runs,
# when a class defines only __eq__ (one C slot, tp_richcompare, carries all six).
ORDERINGS = {"__lt__", "__le__", "__gt__", "__ge__"}


def arm(armed: bool = True) -> bool:
    """Arms (or disarms) the trigger; returns whether it was armed. Fails on a release build."""
    trigger = getattr(native, ARM, None)
    if trigger is None:
        pytest.fail(
            f"kooperacje._native has no {ARM}: a release build without the test hooks; install "
            "the test build: pip install ./bindings-python -C build-args='--features test-hooks'"
        )
    was: bool = trigger(armed)
    return was


def active_model() -> native.Model:
    model = native.Model()
    for command in fixture_commands("active_zzk"):
        model.execute(command)
    return model


def instance_of(cls: type, model: native.Model) -> Any:
    """An instance of a class of the native module to call its methods on."""
    if cls is native.Model:
        return model
    if cls is native.Event:
        return model.events[0]
    if cls is native.Table:
        return native.load_tables([("x", model)], DAY)["zzks"]
    pytest.fail(f"no instance of {cls.__name__} to test its methods with: add one to instance_of")


def arguments(tmp: Path, model: native.Model) -> dict[str, Any]:
    """A plausible value for each parameter name of the entry points. Arguments that pyo3
    converts to a Rust type (str, int, datetime, path, list of str, tuple) are converted before
    the guard runs, so they must have that type; the guard's trigger fires before anything else."""
    return {
        "keep_events": True,
        "command": "{}",
        "kind": "report_need",
        "names": (),
        "at": WHEN,
        "actor": "sw-ewa",
        "values": (),
        "events": [],
        "event": model.events[0].to_json(),
        "path": tmp / "not-there.db",
        "id": "zzk-kowalscy",
        "partnership_id": "pzk-1",
        "zzk_id": "zzk-kowalscy",
        "as_of": DAY,
        "period": "2026-05",
        "sources": [],
        "families": 1,
        "start": WHEN,
        "services": 1,
        "commands": [],
        "value": object(),  # the other operand of __eq__
        "model": model,
        "viewer": {"role": "social_worker", "person": "sw-ewa"},
        "subject": {"subject": "zzk", "zzk_id": "zzk-kowalscy"},
        "consent_id": "cons-kow-1",
        "issued_at": WHEN,
        "key": bytes(16),
        "text": "",
        "enum_name": "ZzkStage",
        "code": "active",
        "format": "csv",
        "data": b"",
        "form": None,  # a pickled form (`_from_canonical`); the trigger fires before it is read
    }


def call_with(
    target: Callable[..., Any], signature: inspect.Signature, given: dict[str, Any], what: str
) -> Callable[[], Any]:
    """A call of `target` with a value for every parameter without a default (`self` aside)."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for p in signature.parameters.values():
        if p.name == "self" or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name not in given:
            if p.default is not p.empty:
                continue
            pytest.fail(f"{what}: no plausible value for its parameter {p.name!r}: add one")
        if p.kind is p.POSITIONAL_ONLY:
            args.append(given[p.name])
        else:
            kwargs[p.name] = given[p.name]
    return lambda: target(*args, **kwargs)


def entry_points() -> Iterator[tuple[str, type | None, str]]:
    """(name, class or None for a function, attribute) of every entry point of the module."""
    for name, value in sorted(vars(native).items()):
        if name == ARM:
            continue
        if inspect.isbuiltin(value):
            yield name, None, name
        elif isinstance(value, type) and value.__module__ == native.__name__:
            for attr, member in sorted(vars(value).items()):
                if attr in ("__doc__", "__module__") or member is None:
                    continue
                yield f"{name}.{attr}", value, attr


ENTRY_POINTS = list(entry_points())


def bound_call(cls: type | None, attr: str, tmp: Path, model: native.Model) -> Callable[[], Any]:
    """The call of one entry point with plausible arguments."""
    given = arguments(tmp, model)
    what = attr if cls is None else f"{cls.__name__}.{attr}"
    if cls is None:
        function = getattr(native, attr)
        return call_with(function, inspect.signature(function), given, what)
    member = vars(cls)[attr]
    if attr == "__new__":
        return call_with(cls, inspect.signature(cls), given, what)
    obj = instance_of(cls, model)
    if inspect.isgetsetdescriptor(member) or inspect.isdatadescriptor(member):
        return lambda: getattr(obj, attr)
    if callable(member):
        return call_with(getattr(obj, attr), inspect.signature(getattr(obj, attr)), given, what)
    pytest.fail(f"{what}: a {type(member).__name__}, not a kind of entry point this test knows")


def test_the_entry_points_are_found() -> None:
    names = {name for name, _, _ in ENTRY_POINTS}
    expected = {
        "catalogue",
        "load_tables",
        "Model.__new__",
        "Model.execute",
        "Model._call",
        "Model.events",
        "Event.__new__",
        "Event.at",
        "Event.__hash__",
        "Table.__len__",
        "Table.to_pydict",
    }
    assert expected <= names, expected - names
    assert len(names) >= 50, sorted(names)


def test_the_trigger_fires_once_and_can_be_disarmed() -> None:
    assert arm() is False
    assert arm(False) is True
    assert native.catalogue()["enums"], "a disarmed trigger does nothing"
    arm()
    with pytest.raises(kooperacje.InternalError):
        native.catalogue()
    assert arm(False) is False, "used up by the call that panicked"
    assert native.catalogue()["enums"]


@pytest.mark.parametrize(("name", "cls", "attr"), ENTRY_POINTS, ids=[n for n, _, _ in ENTRY_POINTS])
def test_a_panic_in_every_entry_point_is_an_internal_error(
    name: str, cls: type | None, attr: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    model = active_model()
    before = model.to_json()
    call = bound_call(cls, attr, tmp_path, model)
    capfd.readouterr()
    arm()
    try:
        result = call()
    except kooperacje.InternalError as err:
        assert err.code == "INTERNAL_ERROR"
        assert "a panic requested by a test" in str(err), str(err)
        assert err.message_pl
        # The caught panic printed nothing on the host's standard error (no message, no trace).
        printed = capfd.readouterr().err
        assert "panicked" not in printed and "a panic requested" not in printed, printed
    except BaseException as err:
        pytest.fail(f"{name} raised {type(err).__name__}: {err}, not InternalError")
    else:
        still_armed = arm(False)
        if attr in ORDERINGS and result is NotImplemented and still_armed:
            return  # pyo3's own answer; nothing of the library ran
        pytest.fail(
            f"{name} returned {result!r} instead of raising InternalError: its body does not "
            "run inside errors::guard"
        )
    finally:
        arm(False)
    # Nothing changed, and the entry point works again (or refuses, but not with InternalError).
    assert model.to_json() == before
    try:
        call()
    except kooperacje.InternalError as err:
        pytest.fail(f"{name} still raises InternalError after the panic: {err}")
    except kooperacje.KooperacjeError:
        pass
    assert model.to_json() == before
    assert json.loads(model.to_json())["zzks"]

"""What the README's note on threads says: calls on one model from several threads run one after
another; a call that would overlap another (only possible while the library runs Python code of
an argument) is refused with RuntimeError instead of seeing a half-made change."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import kooperacje
from conftest import fixture_commands
from kooperacje.enums import SuspensionGround, ZzkStage


def active_model() -> kooperacje.Model:
    m = kooperacje.Model()
    for command in fixture_commands("active_zzk"):
        m.execute(command)
    return m


def test_a_call_overlapping_a_command_on_the_same_model_is_refused() -> None:
    model = active_model()
    before = model.to_json()
    seen: list[BaseException] = []

    class Intruding(dt.tzinfo):
        """A time zone in Python: while the command converts its `at`, it reads the model."""

        def utcoffset(self, when: dt.datetime | None) -> dt.timedelta:
            try:
                model.to_json()
            except BaseException as e:  # what a second thread would meet in this window
                seen.append(e)
            return dt.timedelta(hours=2)

        def dst(self, when: dt.datetime | None) -> dt.timedelta:
            return dt.timedelta(0)

        def tzname(self, when: dt.datetime | None) -> str:
            return "UTC+2"

    events = model.suspend_zzk(
        at=dt.datetime(2026, 5, 2, 9, tzinfo=Intruding()),
        actor="sw-ewa",
        zzk_id="zzk-kowalscy",
        ground=SuspensionGround.UNREACHABLE,
        review_on=dt.date(2026, 6, 2),
    )
    # The read inside the command was refused; the command itself went through whole.
    assert seen and all(isinstance(e, RuntimeError) for e in seen)
    assert "borrowed" in str(seen[0])
    assert [e.at for e in events] == [dt.datetime(2026, 5, 2, 7, tzinfo=dt.timezone.utc)]
    assert model.to_json() != before
    assert model.zzk("zzk-kowalscy").stage is ZzkStage.SUSPENDED


def test_threads_share_a_model_for_reading_and_copies_for_writing() -> None:
    model = active_model()
    expected = model.to_json()
    start = threading.Barrier(4)

    def work(i: int) -> tuple[str, ZzkStage]:
        start.wait()
        mine = copy.deepcopy(model)  # a copy of its own, made while the others read
        mine.suspend_zzk(
            at=dt.datetime(2026, 5, 2, 9 + i, tzinfo=dt.timezone.utc),
            actor="sw-ewa",
            zzk_id="zzk-kowalscy",
            ground=SuspensionGround.UNREACHABLE,
            review_on=dt.date(2026, 6, 2),
        )
        for _ in range(50):
            assert model.to_json() == expected
        return model.to_json(), mine.zzk("zzk-kowalscy").stage

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(work, range(4)))
    assert all(state == expected for state, _ in results)
    assert all(stage is ZzkStage.SUSPENDED for _, stage in results)
    assert model.zzk("zzk-kowalscy").stage is ZzkStage.ACTIVE

"""A read dated before the ZZK's latest event is refused and recorded (issue 16, item 11): the
model holds the case as it is now, and consent judged at an earlier time could be one that has
lapsed since. The rule is the core's (core/tests/access.rs); this checks Python gets it."""

from __future__ import annotations

import datetime as dt

import kooperacje
import pytest
from kooperacje import sample

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 8, tzinfo=UTC)


def test_a_read_dated_before_the_latest_event_is_refused_and_recorded() -> None:
    model = kooperacje.Model()
    commands = sample.partnership_commands("pzk", T0, 4)
    commands += sample.family_commands("pzk", "zzk-a", T0 + dt.timedelta(days=60))[:15]
    for command in commands:
        model.execute(command)
    now = dt.datetime.fromisoformat(commands[-1]["at"].replace("Z", "+00:00"))
    member = {"role": "zzk_member", "person": "teacher-1", "institution": "school"}
    zzk = {"subject": "zzk", "zzk_id": "zzk-a"}
    view, _ = model.read(member, zzk, at=now)
    assert view["situation"] is not None
    with pytest.raises(kooperacje.RuleError) as raised:
        model.read(member, zzk, at=now - dt.timedelta(days=1))
    assert raised.value.code == "ACCESS_DENIED"
    assert "latest" in str(raised.value)
    record = raised.value.access_record
    assert record is not None and record["outcome"] == "denied" and record["granted"] == []

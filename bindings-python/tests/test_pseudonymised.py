"""What an analyst gets from Python (issue 16, item 12).

- The analytics tables in clear hand out ZZK ids, registry numbers and actors: their form for
  analysts (``tables.load(…, pseudonymise_key=…)``) has the same keyed pseudonyms as the analyst's
  views, no registry numbers and dates to the month.
- The analyst's registry view has no registry number and no exact day.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import kooperacje
import kooperacje.tables as kt
import pyarrow as pa
import pytest
from kooperacje import sample

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 8, tzinfo=UTC)
AS_OF = dt.date(2026, 12, 31)
KEY = b"a key the OPS keeps from its analysts"
ANALYST = {"role": "analyst"}
# Ids that name the family and the worker, as a careless host might make them.
ZZK_ID = "zzk-KOWALSCY"


def family() -> tuple[kooperacje.Model, dt.datetime]:
    """The sample PZK and the family ``zzk-KOWALSCY`` through its whole lifecycle (closed), every
    command by the account ``acct-EWA``. Returns the model and the time of its last command."""
    model = kooperacje.Model()
    commands = sample.partnership_commands("pzk", T0, 4)
    commands += sample.family_commands("pzk", ZZK_ID, T0 + dt.timedelta(days=60, minutes=7))
    for command in commands:
        command["actor"] = "acct-EWA"
        model.execute(command)
    return model, dt.datetime.fromisoformat(commands[-1]["at"].replace("Z", "+00:00"))


def cells(table: pa.Table) -> str:
    return json.dumps(table.to_pylist(), default=str)


def test_the_tables_for_analysts_hold_pseudonyms_no_numbers_and_months() -> None:
    model, _ = family()
    clear = kt.load({"log": model}, as_of=AS_OF)
    zzks_clear = pa.table(clear.zzks)
    # In clear (for the OPS): the ids, the registry number, the exact day.
    assert zzks_clear.column("zzk_id").to_pylist() == [ZZK_ID]
    assert zzks_clear.column("registry_number").to_pylist() == [1]
    appointed = zzks_clear.column("appointed_on").to_pylist()[0]
    assert appointed.day != 1, "the test needs a day that is not the 1st"
    assert "acct-EWA" in cells(pa.table(clear.events))

    tables = kt.load({"log": model}, as_of=AS_OF, pseudonymise_key=KEY)
    assert list(tables) == list(kt.TABLE_NAMES)
    pseudonym = kooperacje.pseudonym(KEY, "zzk", ZZK_ID)
    zzks = pa.table(tables.zzks)
    assert "registry_number" not in zzks.column_names
    assert set(zzks_clear.column_names) - set(zzks.column_names) == {"registry_number"}
    assert zzks.column("zzk_id").to_pylist() == [pseudonym]
    assert zzks.column("appointed_on").to_pylist() == [appointed.replace(day=1)]
    for name in kt.TABLE_NAMES:
        shown = cells(pa.table(tables[name]))
        for secret in ("KOWALSCY", "acct-EWA"):
            assert secret not in shown, (name, secret)
    events = pa.table(tables.events)
    assert set(events.column("actor").to_pylist()) == {
        kooperacje.pseudonym(KEY, "actor", "acct-EWA")
    }
    assert all(t.day == 1 and t.hour == 0 for t in events.column("at").to_pylist())
    # The description says which form a column is in.
    described = dict(tables.zzks.descriptions)
    assert "pseudonym" in described["zzk_id"] and "month" in described["appointed_on"]
    # An empty load has the same columns as a full one.
    empty = kt.load(as_of=AS_OF, pseudonymise_key=KEY)
    assert empty.zzks.column_names == tables.zzks.column_names


def test_the_tables_join_the_analysts_views() -> None:
    model, now = family()
    tables = kt.load({"log": model}, as_of=AS_OF, pseudonymise_key=KEY)
    zzks = pa.table(tables.zzks).to_pylist()
    view, _ = model.read(ANALYST, {"subject": "zzk", "zzk_id": ZZK_ID}, at=now, key=KEY)
    assert zzks[0]["zzk_id"] == view["zzk_id"]
    assert zzks[0]["appointed_on"].isoformat() == view["appointed_on"]
    registry, record = model.read(
        ANALYST, {"subject": "registry", "partnership_id": "pzk"}, at=now, key=KEY
    )
    assert record["granted"] == ["pseudonymised"]
    assert registry["view"] == "pseudonymised_registry"
    (row,) = registry["entries"]
    assert "number" not in row
    assert row["zzk_id"] == zzks[0]["zzk_id"]
    assert row["appointed_on"] == view["appointed_on"]
    assert row["appointed_on"].endswith("-01")


@pytest.mark.parametrize("key", [b"", b"fifteen bytes!!"])
def test_a_short_key_is_refused_before_anything_is_loaded(key: bytes) -> None:
    with pytest.raises(kooperacje.ValidationError) as raised:
        kt.load("no-such-file.jsonl", as_of=AS_OF, pseudonymise_key=key)
    assert raised.value.code == "PSEUDONYM_KEY_INVALID"


def test_a_key_that_is_not_bytes_is_refused() -> None:
    bad: Any = "a key as text, not bytes"
    with pytest.raises(kooperacje.KooperacjeError, match="pseudonymise_key"):
        kt.load(as_of=AS_OF, pseudonymise_key=bad)

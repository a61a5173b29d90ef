"""Who may see what (``Model.read``), consent receipts and pseudonyms from Python.

The rules are the core's (tested role by role in core/tests/access.rs); these tests check that
Python gets them: the view and the access record as dicts, a refusal as an exception carrying
its record, personal data passed in and checked, and receipts in both languages.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import kooperacje
import pytest
from kooperacje import sample

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 1, 5, 8, tzinfo=UTC)
KEY = b"a key the OPS keeps from its analysts"
ZZK = {"subject": "zzk", "zzk_id": "zzk-a"}
TEACHER = {"role": "zzk_member", "person": "teacher-1", "institution": "school"}
PERSONAL: dict[str, list[dict[str, Any]]] = {
    "persons": [
        {
            "id": "zzk-a-p1",
            "given_name": "Anna",
            "family_name": "NOWAK-MARKER",
            "pesel": "44051401359",
            "birth_year": 1944,
        },
        {"id": "zzk-a-p2", "given_name": "Ola", "family_name": "CHILD-MARKER", "birth_year": 2016},
    ],
    "notes": [{"id": "zzk-a-diagnosis", "text": "DIAGNOSIS-MARKER"}],
}


def active_family() -> tuple[kooperacje.Model, dt.datetime]:
    """The sample PZK ``pzk`` and the family of ZZK ``zzk-a`` up to its follow-up meeting:
    active, case manager ``sw-1``, consent ``zzk-a-consent`` sharing with ``school`` (member
    ``teacher-1``) and ``health``. Returns the model and the time of its last command."""
    model = kooperacje.Model()
    commands = sample.partnership_commands("pzk", T0, 6)
    commands += sample.family_commands("pzk", "zzk-a", T0 + dt.timedelta(days=60))[:15]
    for command in commands:
        model.execute(command)
    last = dt.datetime.fromisoformat(commands[-1]["at"].replace("Z", "+00:00"))
    return model, last


def text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_a_member_sees_the_family_only_while_consent_covers_the_institution() -> None:
    model, now = active_family()
    at = now + dt.timedelta(hours=1)
    view, record = model.read(TEACHER, ZZK, at=at, personal=PERSONAL)
    assert "NOWAK-MARKER" in text(view) and "DIAGNOSIS-MARKER" in text(view)
    assert record["role"] == "zzk_member" and record["outcome"] == "granted"
    assert "identity" in record["granted"] and record["withheld"] == []
    assert record["viewer"] == TEACHER and record["subject"] == ZZK

    model.withdraw_consent(
        at=at,
        actor="sw-1",
        zzk_id="zzk-a",
        consent_id="zzk-a-consent",
        review_on=(at + dt.timedelta(days=30)).date(),
    )
    later = at + dt.timedelta(hours=1)
    view, record = model.read(TEACHER, json.dumps(ZZK), at=later, personal=json.dumps(PERSONAL))
    assert "NOWAK-MARKER" not in text(view) and "DIAGNOSIS-MARKER" not in text(view)
    assert record["outcome"] == "partial"
    assert record["granted"] == ["case_summary", "team"] and "identity" in record["withheld"]


def test_a_refused_read_raises_with_its_record_and_changes_nothing() -> None:
    model, now = active_family()
    before = model.to_json()
    stranger = {"role": "social_worker", "person": "sw-other"}
    with pytest.raises(kooperacje.RuleError) as raised:
        model.read(stranger, ZZK, at=now, personal=PERSONAL)
    err = raised.value
    assert err.code == "ACCESS_DENIED" and err.message_pl != str(err)
    assert err.access_record is not None
    assert err.access_record["outcome"] == "denied"
    assert err.access_record["error_code"] == "ACCESS_DENIED"
    assert err.access_record["granted"] == []
    with pytest.raises(kooperacje.NotFoundError) as missing:
        model.read(
            {"role": "ops_head", "partnership_id": "pzk"},
            {"subject": "zzk", "zzk_id": "zzk-none"},
            at=now,
        )
    assert missing.value.access_record is not None
    assert model.to_json() == before


def test_bad_arguments_are_decode_or_validation_errors() -> None:
    model, now = active_family()
    with pytest.raises(kooperacje.DecodeError, match="viewer"):
        model.read(
            {
                "role": "zzk_member",
                "person": "teacher-1",
                "institution": "school",
                "also": "everything",
            },
            ZZK,
            at=now,
        )
    with pytest.raises(kooperacje.DecodeError, match="subject"):
        model.read(TEACHER, {"subject": "everything"}, at=now)
    with pytest.raises(kooperacje.DecodeError, match="time zone"):
        model.read(TEACHER, ZZK, at=now.replace(tzinfo=None))
    bad_pesel = {"persons": [dict(PERSONAL["persons"][0], pesel="44051401358")]}
    with pytest.raises(kooperacje.ValidationError) as raised:
        model.read(TEACHER, ZZK, at=now, personal=bad_pesel)
    assert raised.value.code == "PESEL_CHECKSUM"
    with pytest.raises(kooperacje.DecodeError, match="lang"):
        model.consent_receipt("zzk-a", "zzk-a-consent", issued_at=now, lang="de")


def test_analysts_see_keyed_pseudonyms_and_age_bands_only() -> None:
    model, now = active_family()
    analyst = {"role": "analyst"}
    with pytest.raises(kooperacje.ValidationError) as raised:
        model.read(analyst, ZZK, at=now, personal=PERSONAL, key=b"short")
    assert raised.value.code == "PSEUDONYM_KEY_INVALID"
    view, record = model.read(analyst, ZZK, at=now, personal=PERSONAL, key=KEY)
    shown = text(view)
    for secret in ("zzk-a", "NOWAK", "44051401359", "DIAGNOSIS", "sw-1", "Anna"):
        assert secret not in shown, secret
    assert record["granted"] == ["pseudonymised"]
    pseudonym = kooperacje.pseudonym(KEY, "zzk", "zzk-a")
    assert pseudonym in shown
    assert pseudonym.startswith("ps-") and len(pseudonym) == 35
    assert kooperacje.pseudonym(KEY, "zzk", "zzk-a") == pseudonym
    assert kooperacje.pseudonym(KEY + b"!", "zzk", "zzk-a") != pseudonym
    assert "age_80_plus" in shown and "age_7_17" in shown


def test_consent_receipts_in_polish_and_english() -> None:
    model, now = active_family()
    pl = model.consent_receipt("zzk-a", "zzk-a-consent", issued_at=now, personal=PERSONAL)
    en = model.consent_receipt(
        "zzk-a", "zzk-a-consent", issued_at=now, personal=PERSONAL, lang="en"
    )
    assert pl["header"]["schema_version"] == "kooperacje-consent-receipt/1"
    assert pl["header"]["language"] == "pl" and en["header"]["language"] == "en"
    assert pl["state"]["code"] == en["state"]["code"] == "active"
    assert pl["state"]["label"] != en["state"]["label"]
    assert "NOWAK-MARKER" in text(pl["header"])
    recipients = {r["id"] for r in pl["processing"]["recipients"]}
    assert {"school", "health"} <= recipients
    with pytest.raises(kooperacje.NotFoundError):
        model.consent_receipt("zzk-a", "no-such-consent", issued_at=now)

    # The event of a withdrawal calls for a receipt; other events call for none.
    at = now + dt.timedelta(hours=1)
    events = model.withdraw_consent(
        at=at,
        actor="sw-1",
        zzk_id="zzk-a",
        consent_id="zzk-a-consent",
        review_on=(at + dt.timedelta(days=30)).date(),
    )
    withdrawn = [e for e in events if e.type == "consent_withdrawn"]
    assert withdrawn, [e.type for e in events]
    receipt = model.receipt_for(withdrawn[0], lang="en")
    assert receipt is not None and receipt["state"]["code"] == "withdrawn"
    assert [e["kind"]["code"] for e in receipt["events"]][-1] == "withdrawn"
    assert model.receipt_for(model.events[0]) is None

"""``kooperacje.basket``: the conformance sheet (tests/formats/basket_sheet.csv) imported into the
scenarios' ``pzk-1``, exports in every format, and the refusals. The canonical result of the
conformance sheet is written to ``target/conformance/python/basket_sheet.json``, which must be
byte-identical to the Rust reference (scripts/test compares them)."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import kooperacje
import pytest
from conftest import ROOT, fixture_commands
from kooperacje import basket

SHEET = ROOT / "tests" / "formats" / "basket_sheet.csv"
AT = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.timezone.utc)


def operating_pzk() -> kooperacje.Model:
    model = kooperacje.Model()
    for command in fixture_commands("operating_pzk"):
        model.execute(command)
    return model


def reasons(report: basket.ImportReport) -> list[tuple[int, str]]:
    return [(e["row"], e["code"]) for e in report["skipped"]]


def test_the_conformance_sheet_adds_revises_changes_status_and_reports_each_bad_row() -> None:
    model = operating_pzk()
    before = model.event_count
    report = basket.import_(
        model, "pzk-1", SHEET.read_bytes(), "csv", at=AT, actor="ops-head", skip_invalid=True
    )
    # Rows 3 and 5 revise (5 also withdraws), 4 changes a status, 7 adds, 2 and 6 are unchanged.
    assert (report["added"], report["revised"], report["status_changed"], report["unchanged"]) == (
        1,
        2,
        1,
        2,
    )
    assert reasons(report) == [
        (8, "UNKNOWN_AREA"),
        (8, "BAD_DATE"),
        (9, "DUPLICATE_SERVICE"),
        (10, "MEMBER_NOT_FOUND"),
        (11, "DATE_IN_FUTURE"),
        (13, "BAD_NUMBER"),
        (13, "UNKNOWN_VALUE"),
    ]
    assert all(e["message"] and e["message_pl"] for e in report["skipped"])
    # An addition, two revisions and two changes of status, kept like any command's events.
    assert model.event_count == before + 5
    rows = json.loads(basket.export(model, "pzk-1", "json"))
    by_id = {r["service_id"]: r for r in rows}
    assert by_id["svc-poradnictwo-rodzinne"]["description"] == "=1+1 to nie formuła, tylko opis"
    assert by_id["svc-parents"]["status"] == "Wycofana"
    assert "svc-future" not in by_id

    # The same sheet again changes nothing.
    again = basket.import_(
        model, "pzk-1", SHEET.read_bytes(), "csv", at=AT, actor="ops-head", skip_invalid=True
    )
    assert (again["added"], again["revised"], again["status_changed"]) == (0, 0, 0)
    assert again["unchanged"] == 6

    result: dict[str, Any] = {
        "report": report,
        "sheet": rows,
        "hsds": json.loads(basket.export(model, "pzk-1", "hsds")),
    }
    out = Path(
        os.environ.get("KOOPERACJE_CONFORMANCE_OUT_PY", ROOT / "target" / "conformance" / "python")
    )
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    (out / "basket_sheet.json").write_text(text, encoding="utf-8")


def test_bad_rows_without_leave_to_skip_them_change_nothing() -> None:
    model = operating_pzk()
    before = model.to_json()
    with pytest.raises(kooperacje.ValidationError) as err:
        basket.import_(model, "pzk-1", SHEET.read_bytes(), "csv", at=AT, actor="ops-head")
    assert err.value.code == "INVALID_ROWS"
    assert "wiersz 8: [BAD_DATE]" in err.value.message_pl
    assert model.to_json() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_every_format_reads_back_what_it_wrote_as_unchanged(fmt: str) -> None:
    model = operating_pzk()
    data = basket.export(model, "pzk-1", fmt)  # type: ignore[call-overload]
    assert isinstance(data, bytes if fmt == "xlsx" else str)
    before = model.event_count
    report = basket.import_(model, "pzk-1", data, fmt, at=AT, actor="ops-head")  # type: ignore[arg-type]
    assert report["unchanged"] == 5 and report["skipped"] == []
    assert model.event_count == before


def test_hsds_is_a_list_of_organizations() -> None:
    doc = json.loads(basket.export(operating_pzk(), "pzk-1", "hsds"))
    assert sum(len(org["services"]) for org in doc) == 5


def test_refusals_have_codes() -> None:
    model = operating_pzk()
    with pytest.raises(kooperacje.ValidationError) as err:
        basket.export(model, "pzk-1", "ods")  # type: ignore[call-overload]
    assert err.value.code == "UNKNOWN_FORMAT"
    with pytest.raises(kooperacje.NotFoundError):
        basket.export(model, "pzk-none", "csv")
    with pytest.raises(kooperacje.ValidationError) as err:
        basket.import_(model, "pzk-1", b"[1, 2]", "json", at=AT, actor="ops-head")
    assert err.value.code == "BAD_FILE"
    assert (err.value.area, err.value.kind) == ("basket", "invalid")
    with pytest.raises(kooperacje.DecodeError):
        basket.import_(model, "pzk-1", "", "csv", at=dt.datetime(2026, 3, 10), actor="ops-head")

"""The basket sheet (tool 11) as Excel opens it, read with ``openpyxl``: a drop-down list on every
column with a fixed set of values, taken from the dictionary sheet, which holds every value of the
core's catalogue with its Polish label; the print setup; the instructions sheet; and that the file
imports unchanged after ``openpyxl`` saved it again, with or without its extra sheets. A refused
value is named by its cell and the header the sheet shows."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import kooperacje
import openpyxl  # type: ignore[import-untyped]
import pytest
from conftest import fixture_commands
from kooperacje import basket
from kooperacje.enums import (
    Area,
    ClientKind,
    LabelledEnum,
    Ministry,
    Sector,
    ServiceKind,
    ServiceOrigin,
    ServiceStatus,
)
from openpyxl.utils import column_index_from_string, get_column_letter  # type: ignore[import-untyped]

AT = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.timezone.utc)

# Each column with a fixed set of values, by the header the sheet shows, with the core's enum of
# its values and whether a cell may hold several.
FIXED: list[tuple[str, type[LabelledEnum], bool]] = [
    ("Sektor realizatora", Sector, False),
    ("Resort realizatora", Ministry, False),
    ("Rodzaj usługi", ServiceKind, False),
    ("Obszary wsparcia", Area, True),
    ("Grupy docelowe", ClientKind, True),
    ("Pochodzenie", ServiceOrigin, False),
    ("Status", ServiceStatus, False),
]


def operating_pzk() -> kooperacje.Model:
    model = kooperacje.Model()
    for command in fixture_commands("operating_pzk"):
        model.execute(command)
    return model


def exported() -> tuple[kooperacje.Model, bytes]:
    model = operating_pzk()
    return model, basket.export(model, "pzk-1", "xlsx")


def workbook(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def saved(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def headers(sheet: Any) -> list[str]:
    return [c.value for c in sheet[1]]


def cells_of(book: Any, reference: str) -> list[str]:
    """The values of a one-column range such as ``'Słownik'!$B$2:$B$7``."""
    sheet_name, cells = reference.lstrip("=").rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    first, last = cells.replace("$", "").split(":")
    return [str(row[0].value) for row in sheet[first:last]]


def test_every_column_with_fixed_values_has_a_drop_down_list_from_the_dictionary() -> None:
    _, data = exported()
    book = workbook(data)
    assert book.sheetnames == ["Koszyk usług", "Słownik", "Instrukcja"]
    sheet = book["Koszyk usług"]
    header = headers(sheet)
    validations = sheet.data_validations.dataValidation
    for title, enum, multiple in FIXED:
        letter = get_column_letter(header.index(title) + 1)
        found = [v for v in validations if str(v.sqref) == f"{letter}2:{letter}1048576"]
        assert len(found) == 1, title
        v = found[0]
        assert v.type == "list", title
        # The list is a name of the workbook, a range of the dictionary sheet.
        name = book.defined_names[v.formula1]
        assert cells_of(book, name.attr_text) == [m.label_pl for m in enum], title
        assert name.attr_text.startswith("'Słownik'!"), title
        assert v.allow_blank and v.showInputMessage and v.showErrorMessage
        assert v.promptTitle == title
        # One value: anything else is stopped. Several, separated by ";": the list informs.
        assert v.errorStyle in (("information",) if multiple else (None, "stop")), title
        if multiple:
            assert "średnikiem" in v.prompt, title
    # The ages are whole numbers from 0 to 255; the date one not after today.
    by_type = {str(v.sqref): (v.type, v.formula1, v.formula2) for v in validations}
    for title in ["Wiek od", "Wiek do"]:
        letter = get_column_letter(header.index(title) + 1)
        assert by_type[f"{letter}2:{letter}1048576"] == ("whole", "0", "255")
    letter = get_column_letter(header.index("Data ostatniej weryfikacji") + 1)
    assert by_type[f"{letter}2:{letter}1048576"][:2] == ("date", "TODAY()")


def test_the_dictionary_sheet_holds_every_catalogue_value_with_its_code() -> None:
    _, data = exported()
    dictionary = workbook(data)["Słownik"]
    rows = [tuple(c.value for c in row) for row in dictionary.iter_rows(min_row=2)]
    expected = [
        (title, member.label_pl, member.code, member.label_en)
        for title, enum, _ in FIXED
        for member in enum
    ]
    assert rows == expected
    # The catalogue says the same.
    enums: Any = kooperacje.catalogue()["enums"]
    for title, enum, _ in FIXED:
        codes = [e["code"] for e in enums[enum.__name__]]
        assert codes == [r[2] for r in rows if r[0] == title], title


def test_the_basket_sheet_prints_landscape_one_page_wide_with_its_header_repeated() -> None:
    _, data = exported()
    sheet = workbook(data)["Koszyk usług"]
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(sheet.page_setup.fitToWidth or 1) == 1
    assert int(sheet.page_setup.fitToHeight) == 0
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.freeze_panes == "A2"


def test_the_instructions_sheet_explains_every_column_in_polish() -> None:
    _, data = exported()
    book = workbook(data)
    instructions = book["Instrukcja"]
    explained = {
        row[0]: row[1]
        for row in instructions.iter_rows(values_only=True)
        if row[0] is not None and row[1] is not None
    }
    for title in headers(book["Koszyk usług"]):
        assert len(explained[title]) > 10, title
    text = "\n".join(str(v) for row in instructions.iter_rows(values_only=True) for v in row if v)
    for words in ["Słownik", "średnikiem", "import", "J8: Obszary wsparcia"]:
        assert words in text, words


@pytest.mark.parametrize("drop_extra_sheets", [False, True])
def test_the_file_saved_again_by_openpyxl_imports_unchanged(drop_extra_sheets: bool) -> None:
    model, data = exported()
    book = workbook(data)
    if drop_extra_sheets:
        del book["Słownik"]
        del book["Instrukcja"]
    again = saved(book)
    if drop_extra_sheets:
        assert workbook(again).sheetnames == ["Koszyk usług"]
    before = model.event_count
    report = basket.import_(model, "pzk-1", again, "xlsx", at=AT, actor="ops-head")
    assert report["unchanged"] == 5 and report["skipped"] == []
    assert model.event_count == before


def test_a_refused_value_names_its_cell_and_header() -> None:
    model, data = exported()
    book = workbook(data)
    sheet = book["Koszyk usług"]
    column = headers(sheet).index("Obszary wsparcia") + 1
    sheet.cell(row=4, column=column, value="Astrologia")
    letter = get_column_letter(column)
    assert column_index_from_string(letter) == column
    with pytest.raises(kooperacje.ValidationError) as err:
        basket.import_(model, "pzk-1", saved(book), "xlsx", at=AT, actor="ops-head")
    assert err.value.code == "INVALID_ROWS"
    place = f"{letter}4: Obszary wsparcia: "
    assert f"wiersz 4: [UNKNOWN_AREA] {place}nieznany obszar wsparcia" in err.value.message_pl
    report = basket.import_(
        model, "pzk-1", saved(book), "xlsx", at=AT, actor="ops-head", skip_invalid=True
    )
    (refused,) = report["skipped"]
    assert (refused["row"], refused["code"]) == (4, "UNKNOWN_AREA")
    assert refused["message"] == f'{place}unknown area of support "Astrologia"'

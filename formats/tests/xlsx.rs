//! The basket sheet as Excel writes it, read part by part: a drop-down list from the dictionary
//! sheet on every column with a fixed set of values (the core's values, each with its Polish
//! label), the print setup, the instructions; that the file imports as it was written, with or
//! without its extra sheets; and that a refused value is named by its cell and header.

#![cfg(feature = "xlsx")]

mod common;

use chrono::{TimeZone, Utc};
use kooperacje::basket::{ServiceKind, ServiceOrigin, ServiceStatus};
use kooperacje::{ActorId, Area, ClientKind, Labelled, Ministry, PartnershipId, Sector, State};
use kooperacje_formats::{export, import, Export, Format, ImportError, Imported, Options};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};

/// One element of an XML part: its attributes and the text of its children, by local name.
#[derive(Debug, Default)]
struct Element {
    attributes: BTreeMap<String, String>,
    text: String,
    children: BTreeMap<String, String>,
}

/// The text of a part of an .xlsx file.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// Every element named `name` of an XML text, with the text of its direct children.
fn elements(xml: &str, name: &str) -> Vec<Element> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut found = Vec::new();
    let mut open: Option<Element> = None;
    let mut child: Option<String> = None;
    let attributes = |e: &quick_xml::events::BytesStart<'_>| {
        e.attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.local_name().as_ref().to_owned(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect()
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) if e.local_name().as_ref() == name => {
                open = Some(Element {
                    attributes: attributes(&e),
                    ..Element::default()
                });
            }
            Event::Empty(e) if e.local_name().as_ref() == name => {
                found.push(Element {
                    attributes: attributes(&e),
                    ..Element::default()
                });
            }
            Event::Start(e) if open.is_some() => {
                child = Some(e.local_name().as_ref().to_owned());
            }
            event @ (Event::Text(_) | Event::GeneralRef(_)) => {
                let text = match event {
                    Event::Text(t) => t.xml10_content().into_owned(),
                    Event::GeneralRef(r) => quick_xml::escape::unescape(&format!("&{};", &*r))
                        .unwrap()
                        .into_owned(),
                    _ => unreachable!(),
                };
                match (open.as_mut(), child.as_ref()) {
                    (Some(element), Some(c)) => {
                        element.children.insert(c.clone(), text);
                    }
                    (Some(element), None) => element.text.push_str(&text),
                    (None, _) => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == name => {
                found.extend(open.take());
            }
            Event::End(_) => child = None,
            Event::Eof => return found,
            _ => {}
        }
    }
}

/// The workbook's sheets (by name, in order) with their cells as text.
fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// The exported sheet of `pzk-1`.
fn exported() -> (State, Vec<u8>) {
    let state = common::operating_pzk();
    let bytes = export(
        &state.partnerships[&PartnershipId::from("pzk-1")],
        Export::Sheet(Format::Xlsx),
    )
    .unwrap();
    (state, bytes)
}

/// Every label of a core enum, in the core's order.
fn labels<T: Labelled>(all: &[T]) -> Vec<String> {
    all.iter().map(|v| v.label_pl().to_owned()).collect()
}

/// The columns with a fixed set of values, by the header the sheet shows: their values in
/// Polish, straight from the core, and whether a cell may hold several.
fn fixed() -> Vec<(&'static str, Vec<String>, bool)> {
    vec![
        ("Sektor realizatora", labels(Sector::ALL), false),
        ("Resort realizatora", labels(Ministry::ALL), false),
        ("Rodzaj usługi", labels(ServiceKind::ALL), false),
        ("Obszary wsparcia", labels(Area::ALL), true),
        ("Grupy docelowe", labels(ClientKind::ALL), true),
        ("Pochodzenie", labels(ServiceOrigin::ALL), false),
        ("Status", labels(ServiceStatus::ALL), false),
    ]
}

/// `A` for 0, `AA` for 26.
fn letter(mut index: usize) -> String {
    let mut name = String::new();
    loop {
        name.insert(0, (b'A' + (index % 26) as u8) as char);
        if index < 26 {
            return name;
        }
        index = index / 26 - 1;
    }
}

/// A range such as `'Słownik'!$B$2:$B$7`: its sheet, and its first and last cell, as
/// (column from 0, row from 0).
fn range(formula: &str) -> (String, (usize, usize), (usize, usize)) {
    let formula = formula.trim_start_matches('=');
    let (sheet, cells) = formula.rsplit_once('!').unwrap();
    let cell = |c: &str| {
        let c = c.replace('$', "");
        let digits = c.find(|ch: char| ch.is_ascii_digit()).unwrap();
        let (col, row) = c.split_at(digits);
        let col = col
            .bytes()
            .fold(0usize, |n, b| n * 26 + usize::from(b - b'A' + 1));
        (col - 1, row.parse::<usize>().unwrap() - 1)
    };
    let (first, last) = cells.split_once(':').unwrap();
    (sheet.trim_matches('\'').to_owned(), cell(first), cell(last))
}

#[test]
fn every_column_with_fixed_values_has_a_drop_down_list_from_the_dictionary_sheet() {
    let (_, bytes) = exported();
    let sheets = sheets(&bytes);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Koszyk usług", "Słownik", "Instrukcja"]);
    let header = &sheets[0].1[0];
    let workbook = part(&bytes, "xl/workbook.xml");
    let defined: BTreeMap<String, String> = elements(&workbook, "definedName")
        .into_iter()
        .map(|e| (e.attributes["name"].clone(), e.text))
        .collect();
    let validations = elements(&part(&bytes, "xl/worksheets/sheet1.xml"), "dataValidation");
    let dictionary = &sheets[1].1;
    for (title, values, multiple) in fixed() {
        let column = header
            .iter()
            .position(|h| h == title)
            .unwrap_or_else(|| panic!("no column {title}"));
        let sqref = format!("{0}2:{0}1048576", letter(column));
        let v = validations
            .iter()
            .find(|v| v.attributes["sqref"] == sqref)
            .unwrap_or_else(|| panic!("{title}: no validation on {sqref}"));
        assert_eq!(v.attributes["type"], "list", "{title}");
        // A named range of the dictionary sheet, holding exactly the core's values.
        let name = &v.children["formula1"];
        let (sheet, first, last) = range(&defined[name]);
        assert_eq!(sheet, "Słownik", "{title}");
        assert_eq!(first.0, last.0);
        let listed: Vec<String> = (first.1..=last.1)
            .map(|r| dictionary[r][first.0].clone())
            .collect();
        assert_eq!(listed, values, "{title}");
        // Each value's row names its column, and its code is beside it.
        for row in &dictionary[first.1..=last.1] {
            assert_eq!(row[0], title);
            assert!(!row[2].is_empty());
        }
        // Several values in a cell: a list that informs, no stop.
        let style = v.attributes.get("errorStyle").map(String::as_str);
        if multiple {
            assert_eq!(style, Some("information"), "{title}");
        } else {
            assert!(matches!(style, None | Some("stop")), "{title}: {style:?}");
        }
        assert!(!v.attributes.contains_key("allowBlank") || v.attributes["allowBlank"] == "1");
        assert_eq!(
            v.attributes.get("showInputMessage").map(String::as_str),
            Some("1")
        );
        assert!(v.attributes["promptTitle"] == title, "{title}");
    }
    // The ages and the date are checked too.
    let types: Vec<&str> = validations
        .iter()
        .map(|v| v.attributes["type"].as_str())
        .collect();
    assert_eq!(types.iter().filter(|t| **t == "whole").count(), 2);
    assert_eq!(types.iter().filter(|t| **t == "date").count(), 1);
}

#[test]
fn the_basket_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page() {
    let (_, bytes) = exported();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let setup = &elements(&sheet, "pageSetup")[0].attributes;
    assert_eq!(setup["orientation"], "landscape");
    assert_eq!(setup["paperSize"], "9", "A4");
    assert_eq!(setup["fitToHeight"], "0", "as many pages long as it takes");
    assert!(matches!(
        setup.get("fitToWidth").map(String::as_str),
        None | Some("1")
    ));
    assert_eq!(
        elements(&sheet, "pageSetUpPr")[0].attributes["fitToPage"],
        "1"
    );
    let workbook = part(&bytes, "xl/workbook.xml");
    let titles = elements(&workbook, "definedName")
        .into_iter()
        .find(|e| e.attributes["name"] == "_xlnm.Print_Titles")
        .expect("print titles");
    assert_eq!(titles.attributes["localSheetId"], "0");
    assert_eq!(titles.text, "'Koszyk usług'!$1:$1");
}

#[test]
fn the_instructions_sheet_explains_every_column_in_polish() {
    let (_, bytes) = exported();
    let sheets = sheets(&bytes);
    let header = sheets[0].1[0].clone();
    let (name, rows) = &sheets[2];
    assert_eq!(name, "Instrukcja");
    let text: Vec<String> = rows.iter().flatten().cloned().collect();
    for h in &header {
        let explained = rows
            .iter()
            .any(|r| r.first() == Some(h) && r.get(1).is_some_and(|t| t.len() > 10));
        assert!(explained, "no explanation of {h}");
    }
    let all = text.join("\n");
    for words in ["średnikiem", "Słownik", "import", "J8: Obszary wsparcia"] {
        assert!(all.contains(words), "{words}");
    }
}

fn options() -> Options {
    Options {
        at: Utc
            .with_ymd_and_hms(2026, 3, 10, 10, 0, 0)
            .single()
            .unwrap(),
        actor: ActorId::from("ops-head"),
        reason: "import".into(),
        skip_invalid: false,
    }
}

fn run(state: &State, bytes: &[u8], format: Format) -> Result<Imported, ImportError> {
    import(
        state,
        &PartnershipId::from("pzk-1"),
        bytes,
        format,
        &options(),
    )
}

/// The exported rows as JSON objects, each a map from Polish header to cell.
fn rows_of(state: &State) -> Vec<Vec<String>> {
    let json = export(
        &state.partnerships[&PartnershipId::from("pzk-1")],
        Export::Sheet(Format::Json),
    )
    .unwrap();
    let objects: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&json).unwrap();
    objects
        .iter()
        .map(|o| {
            kooperacje_formats::sheet::COLUMNS
                .iter()
                .map(|(key, _, _)| o[*key].as_str().unwrap().to_owned())
                .collect()
        })
        .collect()
}

/// A sheet as an old version wrote it: one sheet of text cells, the table starting at `at` (row,
/// column from 0), and nothing else (no dictionary, no instructions, no lists, no print setup).
fn plain_xlsx(header: &[&str], rows: &[Vec<String>], at: (u32, u16)) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Arkusz1").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(at.0, at.1 + c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet
                    .write_string(at.0 + 1 + r as u32, at.1 + c as u16, v)
                    .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn polish_headers() -> Vec<&'static str> {
    kooperacje_formats::sheet::COLUMNS
        .iter()
        .map(|c| c.1)
        .collect()
}

#[test]
fn the_export_and_a_sheet_without_its_extra_sheets_both_import_unchanged() {
    let (state, bytes) = exported();
    let services = state.partnerships[&PartnershipId::from("pzk-1")]
        .basket
        .services
        .len();
    let imported = run(&state, &bytes, Format::Xlsx).unwrap();
    assert_eq!(imported.report.unchanged, services);
    assert!(imported.events.is_empty());
    // As a version before the dictionary and the instructions wrote it.
    let old = plain_xlsx(&polish_headers(), &rows_of(&state), (0, 0));
    let imported = run(&state, &old, Format::Xlsx).unwrap();
    assert_eq!(imported.report.unchanged, services);
    assert!(imported.events.is_empty());
}

/// The one message of a refused import whose rows are refused.
fn refusals(e: ImportError) -> Vec<(usize, String, String, String)> {
    let ImportError::Rows(report) = e else {
        panic!("not refused rows: {e:?}");
    };
    report
        .skipped
        .into_iter()
        .map(|e| (e.row, e.code, e.message, e.message_pl))
        .collect()
}

#[test]
fn a_refused_value_is_named_by_its_cell_and_the_header_the_sheet_shows() {
    let (state, _) = exported();
    let mut rows = rows_of(&state);
    let areas = polish_headers()
        .iter()
        .position(|h| *h == "Obszary wsparcia")
        .unwrap();
    let age = polish_headers()
        .iter()
        .position(|h| *h == "Wiek od")
        .unwrap();
    rows[1][areas] = "Astrologia".into();
    rows[2][age] = "sto".into();

    // Excel, the table where the export puts it: J3 is the second service's areas.
    let file = plain_xlsx(&polish_headers(), &rows, (0, 0));
    let found = refusals(run(&state, &file, Format::Xlsx).unwrap_err());
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, 3);
    assert_eq!(found[0].1, "UNKNOWN_AREA", "the machine code stays");
    assert_eq!(
        found[0].3,
        "J3: Obszary wsparcia: nieznany obszar wsparcia „Astrologia”"
    );
    assert_eq!(
        found[0].2,
        "J3: Obszary wsparcia: unknown area of support \"Astrologia\""
    );
    assert_eq!(found[1].1, "BAD_NUMBER");
    assert!(found[1].3.starts_with("L4: Wiek od: „sto” "), "{found:?}");

    // A table two rows down and one column right: the cells as Excel shows them.
    let file = plain_xlsx(&polish_headers(), &rows, (2, 1));
    let found = refusals(run(&state, &file, Format::Xlsx).unwrap_err());
    assert_eq!(found[0].0, 5);
    assert!(
        found[0].3.starts_with("K5: Obszary wsparcia: "),
        "{found:?}"
    );
    assert!(found[1].3.starts_with("M6: Wiek od: "), "{found:?}");

    // CSV, columns in another order (areas first) and English headers: the header as written.
    let mut headers: Vec<&str> = kooperacje_formats::sheet::COLUMNS
        .iter()
        .map(|c| c.2)
        .collect();
    headers.swap(0, areas);
    let mut csv = headers.join(";") + "\n";
    for row in &rows {
        let mut row = row.clone();
        row.swap(0, areas);
        let cells: Vec<String> = row
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect();
        csv += &(cells.join(";") + "\n");
    }
    let found = refusals(run(&state, csv.as_bytes(), Format::Csv).unwrap_err());
    assert_eq!(
        found[0].3,
        "A3: Areas of support: nieznany obszar wsparcia „Astrologia”"
    );
    assert!(found[1].3.starts_with("L4: Age from: "), "{found:?}");

    // JSON rows: the object's index in the array and its key.
    let objects: Vec<serde_json::Value> = rows
        .iter()
        .map(|row| {
            kooperacje_formats::sheet::COLUMNS
                .iter()
                .zip(row)
                .map(|((key, _, _), v)| ((*key).to_owned(), serde_json::Value::from(v.clone())))
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
        .collect();
    let json = serde_json::to_vec(&objects).unwrap();
    let found = refusals(run(&state, &json, Format::Json).unwrap_err());
    assert!(found[0].3.starts_with("[1].areas: "), "{found:?}");
    assert!(found[1].2.starts_with("[2].age_min: "), "{found:?}");
}

#[test]
fn a_sheet_whose_basket_is_not_its_first_sheet_is_read_by_the_basket_sheet_s_name() {
    let (state, _) = exported();
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet()
        .set_name("Notatki")
        .unwrap()
        .write_string(0, 0, "nie koszyk")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("Koszyk usług").unwrap();
    for (c, h) in polish_headers().iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows_of(&state).iter().enumerate() {
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            sheet.write_string(1 + r as u32, c as u16, v).unwrap();
        }
    }
    let bytes = book.save_to_buffer().unwrap();
    let imported = run(&state, &bytes, Format::Xlsx).unwrap();
    assert_eq!(imported.report.unchanged, rows_of(&state).len());
}

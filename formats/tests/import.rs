//! The basket import as every host runs it: the conformance sheet (tests/formats/basket_sheet.csv)
//! against the scenarios' `pzk-1`, round trips of every format, and the refusals. With
//! `KOOPERACJE_CONFORMANCE_OUT=<dir>` set, the canonical result of the conformance sheet is written
//! to `<dir>/basket_sheet.json`, which every language's runner must match byte for byte.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use kooperacje::basket::ServiceStatus;
use kooperacje::{ActorId, PartnershipId, ServiceId, State};
use kooperacje_formats::{export, import, Export, Format, ImportError, Imported, Options};
use serde_json::{json, Value};

fn pid() -> PartnershipId {
    PartnershipId::from("pzk-1")
}

/// When the conformance sheet is imported: a week after `pzk-1`'s latest event.
fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 10, 0, 0)
        .single()
        .unwrap()
}

fn sheet() -> Vec<u8> {
    std::fs::read(common::root().join("tests/formats/basket_sheet.csv")).unwrap()
}

fn run(state: &State, bytes: &[u8], format: Format, skip: bool) -> Result<Imported, ImportError> {
    import(state, &pid(), bytes, format, &options(skip))
}

fn options(skip_invalid: bool) -> Options {
    Options {
        at: at(),
        actor: ActorId::from("ops-head"),
        reason: "import".into(),
        skip_invalid,
    }
}

/// (row, code) of every reason in the report.
fn reasons(imported: &Imported) -> Vec<(usize, String)> {
    imported
        .report
        .skipped
        .iter()
        .map(|e| (e.row, e.code.clone()))
        .collect()
}

#[test]
fn the_conformance_sheet_adds_revises_changes_status_and_reports_each_bad_row() {
    let mut state = common::operating_pzk();
    let imported = run(&state, &sheet(), Format::Csv, true).unwrap();
    let r = &imported.report;
    // Rows 3 and 5 revise (5 also withdraws), 4 changes a status, 7 adds, 2 and 6 are as they were.
    assert_eq!(
        (r.added, r.revised, r.status_changed, r.unchanged),
        (1, 2, 1, 2)
    );
    let expected: Vec<(usize, String)> = [
        (8, "UNKNOWN_AREA"),
        (8, "BAD_DATE"),
        (9, "DUPLICATE_SERVICE"),
        (10, "MEMBER_NOT_FOUND"),
        (11, "DATE_IN_FUTURE"),
        (13, "BAD_NUMBER"),
        (13, "UNKNOWN_VALUE"),
    ]
    .into_iter()
    .map(|(n, c)| (n, c.to_owned()))
    .collect();
    assert_eq!(reasons(&imported), expected);
    // One event per command: an addition, two revisions, two changes of status.
    assert_eq!(imported.events.len(), 5);
    state.admit_and_apply_all(&imported.events).unwrap();
    let p = &state.partnerships[&pid()];
    let new = &p.basket.services[&ServiceId::from("svc-poradnictwo-rodzinne")];
    // The quote that kept the description from being a formula in Excel is gone.
    assert_eq!(new.input.description, "=1+1 to nie formuła, tylko opis");
    assert!(matches!(
        new.input.provider,
        kooperacje::basket::Provider::Member { ref member_id } if member_id.as_str() == "school"
    ));
    assert_eq!(
        p.basket.services[&ServiceId::from("svc-parents")].status,
        ServiceStatus::Withdrawn
    );
    assert_eq!(
        p.basket.services[&ServiceId::from("svc-nurse")].status,
        ServiceStatus::TemporarilyUnavailable
    );
    assert_eq!(
        p.basket.services[&ServiceId::from("svc-legal")]
            .input
            .verified_on
            .to_string(),
        "2026-03-09"
    );
    assert!(!p
        .basket
        .services
        .contains_key(&ServiceId::from("svc-future")));

    // The same sheet again changes nothing: every good row is now as the basket has it.
    let again = run(&state, &sheet(), Format::Csv, true).unwrap();
    assert_eq!(again.report.changed(), 0);
    assert_eq!(again.report.unchanged, 6);
    assert!(again.events.is_empty());

    if let Some(dir) = std::env::var_os("KOOPERACJE_CONFORMANCE_OUT") {
        let dir = common::root().join(dir);
        std::fs::create_dir_all(&dir).unwrap();
        let rows: Value =
            serde_json::from_slice(&export(p, Export::Sheet(Format::Json)).unwrap()).unwrap();
        let hsds: Value = serde_json::from_slice(&export(p, Export::Hsds).unwrap()).unwrap();
        let result = json!({"report": imported.report.to_json(), "sheet": rows, "hsds": hsds});
        let text = serde_json::to_string_pretty(&result).unwrap() + "\n";
        std::fs::write(dir.join("basket_sheet.json"), text).unwrap();
    }
}

#[test]
fn bad_rows_without_leave_to_skip_them_import_nothing() {
    let state = common::operating_pzk();
    let Err(e) = run(&state, &sheet(), Format::Csv, false) else {
        panic!("a sheet with bad rows was imported");
    };
    assert_eq!(e.code(), "INVALID_ROWS");
    let text = e.message(kooperacje::Lang::Pl);
    assert!(text.contains("wiersz 8: [BAD_DATE]"), "{text}");
    assert!(text.contains("wiersz 11: [DATE_IN_FUTURE]"), "{text}");
}

#[test]
fn an_unknown_pzk_or_an_unreadable_file_is_refused() {
    let state = common::operating_pzk();
    let e = import(
        &state,
        &PartnershipId::from("pzk-none"),
        &sheet(),
        Format::Csv,
        &options(true),
    )
    .unwrap_err();
    assert_eq!(e.code(), "PARTNERSHIP_NOT_FOUND");
    let e = run(&state, b"[1, 2]", Format::Json, true).unwrap_err();
    assert_eq!(e.code(), "BAD_FILE");
    let e = run(&state, b"\xff\xfe", Format::Csv, true).unwrap_err();
    assert_eq!(e.code(), "BAD_FILE");
}

#[test]
fn every_format_reads_back_what_it_wrote_as_unchanged() {
    let state = common::operating_pzk();
    let p = &state.partnerships[&pid()];
    let mut formats = vec![Format::Csv, Format::Json];
    if cfg!(feature = "xlsx") {
        formats.push(Format::Xlsx);
    }
    for format in formats {
        let bytes = export(p, Export::Sheet(format)).unwrap();
        let imported = run(&state, &bytes, format, false).unwrap();
        assert_eq!(
            imported.report.unchanged,
            p.basket.services.len(),
            "{format:?}"
        );
        assert!(imported.events.is_empty(), "{format:?}");
    }
}

#[test]
fn export_names_are_read_in_any_case() {
    assert_eq!(Export::from_name("HSDS"), Some(Export::Hsds));
    assert_eq!(Export::from_name("Csv"), Some(Export::Sheet(Format::Csv)));
    assert_eq!(Export::from_name("xlsx"), Some(Export::Sheet(Format::Xlsx)));
    assert_eq!(Export::from_name("ods"), None);
    assert!(!Export::Sheet(Format::Xlsx).is_text());
}

#[test]
fn the_hsds_export_is_an_array_of_organizations_with_a_final_line_feed() {
    let state = common::operating_pzk();
    let bytes = export(&state.partnerships[&pid()], Export::Hsds).unwrap();
    assert_eq!(bytes.last(), Some(&b'\n'));
    let doc: Value = serde_json::from_slice(&bytes).unwrap();
    let services: usize = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["services"].as_array().unwrap().len())
        .sum();
    assert_eq!(services, 5);
}

#[test]
fn each_refused_value_of_the_conformance_sheet_is_named_by_its_cell_and_header() {
    let state = common::operating_pzk();
    let imported = run(&state, &sheet(), Format::Csv, true).unwrap();
    let text = String::from_utf8(sheet()).unwrap();
    let header: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap()
        .split(';')
        .collect();
    // The cell of a header's column in a row, as a spreadsheet opening the CSV file shows it.
    let cell = |title: &str, row: usize| {
        let column = header.iter().position(|h| *h == title).unwrap();
        assert!(column < 26);
        format!("{}{row}: {title}: ", (b'A' + column as u8) as char)
    };
    let skipped = &imported.report.skipped;
    for (row, code, title) in [
        (8, "UNKNOWN_AREA", "Obszary wsparcia"),
        (8, "BAD_DATE", "Data ostatniej weryfikacji"),
        (9, "DUPLICATE_SERVICE", "Identyfikator usługi"),
        (10, "MEMBER_NOT_FOUND", "Identyfikator partnera PZK"),
        // Refused by the core, which names the field: its cell is named too.
        (11, "DATE_IN_FUTURE", "Data ostatniej weryfikacji"),
        (13, "BAD_NUMBER", "Wiek od"),
        (13, "UNKNOWN_VALUE", "Status"),
    ] {
        let e = skipped
            .iter()
            .find(|e| e.row == row && e.code == code)
            .unwrap_or_else(|| panic!("no {code} in row {row}"));
        let place = cell(title, row);
        assert!(e.message_pl.starts_with(&place), "{place} / {e:?}");
        assert!(e.message.starts_with(&place), "{place} / {e:?}");
    }
}

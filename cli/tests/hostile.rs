//! Hostile input to the `kooperacje` command (issue 16, "Nothing lost, nothing forged"): sheets a
//! spreadsheet would run as formulas, Excel files that unpack to gigabytes, option values beyond
//! what the store takes, and ids carrying terminal escape sequences.

#[path = "common/bombs.rs"]
mod bombs;
#[path = "common/db.rs"]
mod db;
#[path = "common/guarded.rs"]
mod guarded;

use db::{Db, EXE};
use kooperacje_cli::sheet::{self, Format, COLUMNS};
use proptest::prelude::*;
use serde_json::Value;
use std::path::Path;

/// How many services the database's baskets hold.
fn services_in(db: &Db) -> u64 {
    db.json(&["replay"], 0)["services"].as_u64().unwrap()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Item 7: Excel files that unpack to far more than a basket sheet.

/// What each hostile file must be refused for: words of the English message, and what both
/// messages name (the limit and its figure, or the part that lies).
fn refusal(bomb: &str) -> (&'static [&'static str], &'static [&'static str]) {
    match bomb {
        "repeated_cells" | "huge_shared_string" | "huge_inline_cell" => {
            (&["unpacks"], &["limit", "32 MiB"])
        }
        // The zip reader stops at the size a part declares.
        "lying_sizes" => (&["declared"], &["xl/sharedStrings.xml"]),
        "amplified_shared_string" => (&["text"], &["limit", "32 MiB"]),
        "long_cell" => (&["characters"], &["limit", "32767"]),
        "declared_strings" | "many_shared_strings" => (&["shared strings"], &["limit", "1000000"]),
        "amplified_styles" => (&["styles"], &["limit", "255"]),
        other => panic!("no expected refusal for {other}"),
    }
}

#[test]
fn excel_bombs_are_refused_naming_the_limit_and_store_nothing() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let services = services_in(&db);
    let mut figures = Vec::new();
    let mut failures = Vec::new();
    for bomb in bombs::all() {
        let file = db.file(&format!("{}.xlsx", bomb.name));
        std::fs::write(&file, &bomb.bytes).unwrap();
        let out = guarded::run(
            EXE,
            [
                "--db",
                path(&db.path),
                "--json",
                "basket",
                "import",
                "--actor",
                "u-0007",
                path(&file),
            ],
        );
        figures.push(format!(
            "  {:<24} {:>5} KiB {:>7.2} s {:>8.1} MiB peak   exit {:?}{}",
            bomb.name,
            bomb.bytes.len() / 1024,
            out.seconds,
            out.peak_mib,
            out.code,
            if out.timed_out {
                " (killed: too slow)"
            } else {
                ""
            }
        ));
        let (words, named) = refusal(bomb.name);
        let v: Value = serde_json::from_str(&out.stdout).unwrap_or_default();
        let (en, pl) = (
            v["error"]["message"].as_str().unwrap_or_default(),
            v["error"]["message_pl"].as_str().unwrap_or_default(),
        );
        let refused = !out.timed_out
            && out.code == Some(1)
            && v["error"]["code"] == "BAD_FILE"
            && words.iter().chain(named).all(|w| en.contains(w))
            && named.iter().all(|w| pl.contains(w));
        if !refused {
            failures.push(format!(
                "{} ({}): exit {:?}\nstdout: {}\nstderr: {}",
                bomb.name,
                bomb.aim,
                out.code,
                out.stdout,
                &out.stderr[..out.stderr.len().min(1500)]
            ));
        }
    }
    println!("hostile Excel files: size, the CLI's time and peak memory");
    for line in figures {
        println!("{line}");
    }
    assert!(
        failures.is_empty(),
        "not refused as expected:\n{}",
        failures.join("\n\n")
    );
    assert_eq!(services_in(&db), services, "nothing was imported");
}

#[test]
fn a_sheet_file_beyond_the_size_limit_or_with_a_cell_beyond_excel_is_refused() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let services = services_in(&db);
    // 33 MiB of CSV: refused before it is read whole.
    let big = db.file("duzy.csv");
    let line = format!("{}\n", "x;".repeat(511));
    std::fs::write(&big, line.repeat(33 * 1024)).unwrap();
    let e = db.json(&db::basket_import(&[path(&big)]), 1);
    assert_eq!(e["error"]["code"], "BAD_FILE", "{e:#}");
    for key in ["message", "message_pl"] {
        let message = e["error"][key].as_str().unwrap();
        assert!(
            message.contains("32 MiB") && message.contains("limit"),
            "{message}"
        );
    }
    // A cell longer than Excel holds, in CSV and in JSON rows.
    let header: Vec<&str> = COLUMNS.iter().map(|c| c.1).collect();
    let long = "a".repeat(40_000);
    let csv_file = db.file("dluga.csv");
    std::fs::write(
        &csv_file,
        format!("{}\nsvc-dluga;{long};Fundacja\n", header.join(";")),
    )
    .unwrap();
    let json_file = db.file("dluga.json");
    std::fs::write(
        &json_file,
        serde_json::json!([{"service_id": "svc-dluga", "name": long, "provider": "Fundacja"}])
            .to_string(),
    )
    .unwrap();
    for file in [csv_file, json_file] {
        let e = db.json(&db::basket_import(&[path(&file)]), 1);
        assert_eq!(e["error"]["code"], "BAD_FILE", "{e:#}");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("row 2") && message.contains("32767"),
            "{message}"
        );
    }
    assert_eq!(services_in(&db), services);
}

#[test]
fn an_ordinary_export_is_well_inside_the_limits() {
    // The limits refuse bombs, not baskets: the demo's basket exported to Excel reads back.
    let db = Db::new();
    db.json(&["demo"], 0);
    let file = db.file("koszyk.xlsx");
    db.json(&["basket", "export", path(&file)], 0);
    let v = db.json(&db::basket_import(&[path(&file)]), 0);
    assert_eq!(v["unchanged"], services_in(&db));
}

// ---------------------------------------------------------------------------------------------
// Item 6: cells a spreadsheet would run as formulas.

/// What a spreadsheet may take for the start of a formula (OWASP's list, and a line feed).
const TRIGGERS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\n'];

/// Replaces the demo basket's first row with a service whose texts start like formulas, imports
/// it (as JSON rows, which need no quoting) and gives its id and texts.
fn formula_service(db: &Db) -> (String, Vec<(&'static str, String)>) {
    let json = db.file("koszyk.json");
    db.json(&["basket", "export", path(&json)], 0);
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut row = rows[0].clone();
    let texts = vec![
        (
            "name",
            "=HYPERLINK(\"http://zly.example\";\"Kliknij\")".to_owned(),
        ),
        ("description", "+48 22 123 45 67 — infolinia".to_owned()),
        ("access_conditions", "-1+1 nic".to_owned()),
        ("contact_person", "@SUMA(A1)".to_owned()),
        ("provider", "'=Fundacja w cudzysłowie".to_owned()),
    ];
    row.insert("service_id".into(), "svc-formuly".into());
    row.insert("provider_member_id".into(), "".into());
    row.insert("origin".into(), "".into());
    for (key, text) in &texts {
        row.insert((*key).into(), text.clone().into());
    }
    let file = db.file("nowa.json");
    std::fs::write(&file, serde_json::to_string(&vec![row]).unwrap()).unwrap();
    let v = db.json(&db::basket_import(&[path(&file)]), 0);
    assert_eq!(v["added"], 1, "{v:#}");
    ("svc-formuly".into(), texts)
}

#[test]
fn a_csv_export_quotes_cells_a_spreadsheet_would_run_and_imports_them_back_exactly() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let (id, texts) = formula_service(&db);
    let csv_file = db.file("koszyk.csv");
    db.json(&["basket", "export", path(&csv_file)], 0);
    let text = std::fs::read_to_string(&csv_file).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().unwrap().clone();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    for record in &records {
        for cell in record {
            let start = cell.trim_start_matches('\'');
            assert!(
                cell.starts_with('\'') || !start.starts_with(TRIGGERS),
                "a cell a spreadsheet would run: {cell:?}"
            );
        }
    }
    let column = |key: &str| {
        let (_, pl, _) = COLUMNS.iter().find(|c| c.0 == key).unwrap();
        headers.iter().position(|h| h == *pl).unwrap()
    };
    let row = records
        .iter()
        .find(|r| r[column("service_id")] == id)
        .unwrap();
    for (key, value) in &texts {
        assert_eq!(row[column(key)], format!("'{value}"), "{key}");
    }
    // Imported again, every service is unchanged; exported as JSON, the texts are as they were.
    let v = db.json(&db::basket_import(&[path(&csv_file)]), 0);
    assert_eq!(v["unchanged"], services_in(&db), "{v:#}");
    let json = db.file("po.json");
    db.json(&["basket", "export", path(&json)], 0);
    let after: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let service = after
        .iter()
        .find(|r| r["service_id"] == id.as_str())
        .unwrap();
    for (key, value) in &texts {
        assert_eq!(service[*key], value.as_str(), "{key}");
    }
}

#[test]
fn an_excel_export_keeps_formula_like_texts_as_text_cells() {
    // In .xlsx every text is a string cell, which Excel shows and never evaluates: no quote is
    // added, and no cell of the sheet is a formula.
    let db = Db::new();
    db.json(&["demo"], 0);
    let (id, texts) = formula_service(&db);
    let file = db.file("koszyk.xlsx");
    db.json(&["basket", "export", path(&file)], 0);
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let mut sheet_xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet_xml,
    )
    .unwrap();
    assert!(!sheet_xml.contains("<f>") && !sheet_xml.contains("<f "));
    let rows = sheet::read(&file, Format::Xlsx).unwrap().rows;
    let row = &rows.iter().find(|(_, r)| r[0] == id).unwrap().1;
    for (key, value) in &texts {
        let i = COLUMNS.iter().position(|c| c.0 == *key).unwrap();
        assert_eq!(&row[i], value, "{key}");
    }
}

/// A text that starts with what a spreadsheet would run (after any number of quotes), or not.
fn risky_text() -> impl Strategy<Value = String> {
    let start = prop::sample::select(vec![
        "", "=", "+", "-", "@", "\t", "\r", "\n", "'", "''", "'=", "''+", "'''-", "' =", "'a",
    ]);
    (start, "[=+@'\\-\t\r\n ;\"a-zł]{0,12}").prop_map(|(s, rest)| format!("{s}{rest}"))
}

proptest! {
    // As the core's property tests: no regression files written beside the sources.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn csv_cells_round_trip_exactly(cells in prop::collection::vec(risky_text(), COLUMNS.len())) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("k.csv");
        let mut row = cells.clone();
        row[0] = "svc-1".into();
        sheet::write(&file, Format::Csv, std::slice::from_ref(&row)).unwrap();
        // As a spreadsheet would see the cells: none starts with what it would run.
        let text = std::fs::read_to_string(&file).unwrap();
        let mut raw = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for record in raw.records() {
            for cell in record.unwrap().iter() {
                prop_assert!(!cell.starts_with(TRIGGERS), "{:?}", cell);
            }
        }
        let read = sheet::read(&file, Format::Csv).unwrap().rows;
        prop_assert_eq!(read, vec![(2, row)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Item 8: values a user controls that the CLI used to take on trust.

#[test]
fn a_lock_timeout_beyond_its_bound_is_a_usage_error_not_a_panic() {
    let db = Db::new();
    db.json(&["demo"], 0);
    for value in ["2147483648", "18446744073709551615", "600001"] {
        for via_env in [false, true] {
            let mut cmd = db.command(&["--json", "replay"]);
            if via_env {
                cmd.env("KOOPERACJE_LOCK_TIMEOUT", value);
            } else {
                cmd.args(["--lock-timeout", value]);
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{value} (env: {via_env}): {stderr}"
            );
            assert!(!stderr.contains("panicked"), "{stderr}");
            // Under --json the usage error is JSON on standard output, as every error.
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v["error"]["code"], "USAGE", "{v}");
            assert!(
                v["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains("lock-timeout"),
                "{v}"
            );
        }
    }
    for value in ["0", "600000"] {
        let v = db.json(&["--lock-timeout", value, "replay"], 0);
        assert_eq!(v["ok"], true);
    }
}

#[test]
fn a_closed_standard_output_keeps_the_exit_code() {
    // `kooperacje --json … | head -c0`: the reader is gone before the failure is printed. The
    // message is lost; the exit code must still be the failure's, not a panic's 101.
    let db = Db::new();
    db.json(&["demo"], 0);
    let mut child = db
        .command(&["--json", "registry", "--partnership", "pzk-nieznane"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn dates_beyond_excel_are_written_as_text_not_as_other_dates() {
    // A verification date after 9999 fits the core's dates but not Excel's: the sheet must not
    // wrap the year (70000 as u16 is 4464) and write another date.
    let db = Db::new();
    db.json(&["demo"], 0);
    let file = db.file("koszyk.xlsx");
    db.json(&["basket", "export", path(&file)], 0);
    let rows = sheet::read(&file, Format::Xlsx).unwrap().rows;
    let verified = COLUMNS.iter().position(|c| c.0 == "verified_on").unwrap();
    let (_, mut row) = rows[0].clone();
    // Written directly as a sheet row: the core refuses a date in the future, so this checks the
    // writer alone.
    row[verified] = "+70000-01-15".into();
    let out = db.file("daleko.xlsx");
    sheet::write(&out, Format::Xlsx, &[row]).unwrap();
    let back = sheet::read(&out, Format::Xlsx).unwrap().rows;
    assert_eq!(back[0].1[verified], "+70000-01-15");
}

// ---------------------------------------------------------------------------------------------
// Item 9: control characters in what the CLI prints for a person to read.

/// An id that recolours the terminal and retitles its window.
const EVIL: &str = "pzk\u{1b}[31mczerwony\u{1b}]0;tytuł\u{7}\u{9b}2J\u{202e}odwrócony";

fn assert_no_controls(what: &str, text: &str) {
    for bad in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(
            !text.contains(bad),
            "{what}: raw {:?} in {text:?}",
            bad.escape_unicode().to_string()
        );
    }
}

#[test]
fn control_characters_from_users_are_shown_escaped_never_raw() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let sheet_file = db.file("koszyk.csv");
    db.json(&["basket", "export", path(&sheet_file)], 0);
    // A row naming an area with escape sequences: a row error echoes it.
    let text = std::fs::read_to_string(&sheet_file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let header: Vec<&str> = lines[0].trim_start_matches('\u{feff}').split(';').collect();
    let area = header
        .iter()
        .position(|h| *h == "Obszary wsparcia")
        .unwrap();
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(vec![]);
    let mut record: Vec<String> = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(lines[1].as_bytes())
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    record[0] = "svc-nowa".into();
    record[area] = EVIL.into();
    w.write_record(&record).unwrap();
    lines.push(String::from_utf8(w.into_inner().unwrap()).unwrap());
    let bad_sheet = db.file("zly.csv");
    std::fs::write(&bad_sheet, lines.join("\n")).unwrap();
    let events = db.file("zdarzenia.jsonl");
    std::fs::write(&events, format!("{{{}: 1}}\n", Value::from(EVIL))).unwrap();
    let missing = db.file(&format!("{EVIL}.csv"));

    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("registry", vec!["registry", "--partnership", EVIL]),
        ("person show", vec!["person", "show", EVIL]),
        (
            "report monitoring",
            vec!["report", "monitoring", "--period", EVIL],
        ),
        (
            "basket import (row errors)",
            db::basket_import(&[path(&bad_sheet)]),
        ),
        (
            "basket import --skip-invalid",
            db::basket_import(&["--skip-invalid", path(&bad_sheet)]),
        ),
        (
            "basket import (no such file)",
            db::basket_import(&[path(&missing)]),
        ),
        ("events import", vec!["events", "import", path(&events)]),
        ("init", vec!["init"]),
    ];
    let evil_db = Db::named(&format!("{EVIL}.db"));
    for (what, args) in &runs {
        let db = if *what == "init" { &evil_db } else { &db };
        for lang in ["pl", "en"] {
            let mut all = args.clone();
            all.extend(["--lang", lang]);
            let out = db.output(&all);
            assert!(matches!(out.code, Some(0..=3)), "{what}: {:?}", out.code);
            assert_no_controls(what, &out.stdout);
            assert_no_controls(what, &out.stderr);
            let shown = format!("{}{}", out.stdout, out.stderr);
            assert!(shown.contains(r"\u{1b}"), "{what}: {shown}");
        }
        // JSON carries the exact text (serde escapes it), so a program still sees the real id.
        let mut all = args.clone();
        all.push("--json");
        let out = db.output(&all);
        assert_no_controls(what, &out.stdout);
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(v.to_string().contains(r"\u001b"), "{what}: {v}");
    }
    // Values clap itself refuses: its message quotes them (without escape sequences, which its
    // plain rendering drops; the other controls are escaped).
    for args in [
        &["report", "overdue", "--as-of", EVIL][..],
        &["basket", "export", "k.csv", "--format", EVIL],
    ] {
        let out = db.output(args);
        assert_eq!(out.code, Some(2), "{args:?}: {}", out.stderr);
        assert_no_controls(args[1], &out.stderr);
        assert!(out.stderr.contains(r"\u{202e}"), "{}", out.stderr);
    }
}

// ---------------------------------------------------------------------------------------------
// Item 15 (first half): the import's report stays exact row by row.

#[test]
fn rows_the_core_refuses_are_reported_and_the_others_imported() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let services = services_in(&db);
    let json = db.file("koszyk.json");
    db.json(&["basket", "export", path(&json)], 0);
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut out = rows.clone();
    // Three new services: the second's description is longer than the core allows, the third
    // names the same service as an existing row with a change.
    for (i, description) in ["Nowa usługa.", &"x".repeat(5000), "Trzecia."]
        .into_iter()
        .enumerate()
    {
        let mut row = rows[0].clone();
        row.insert("service_id".into(), format!("svc-nowa-{i}").into());
        row.insert("description".into(), description.into());
        out.push(row);
    }
    out[1].insert("description".into(), "Zmieniony opis.".into());
    std::fs::write(&json, serde_json::to_string(&out).unwrap()).unwrap();
    let e = db.json(&db::basket_import(&[path(&json)]), 1);
    let errors = e["error"]["rows"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{e:#}");
    assert_eq!(errors[0]["row"], rows.len() + 3);
    assert_eq!(errors[0]["code"], "TEXT_TOO_LONG");
    assert_eq!(services_in(&db), services, "nothing imported");
    let v = db.json(&db::basket_import(&["--skip-invalid", path(&json)]), 0);
    assert_eq!(
        (&v["added"], &v["revised"], &v["unchanged"]),
        (&Value::from(2), &Value::from(1), &Value::from(services - 1)),
        "{v:#}"
    );
    assert_eq!(services_in(&db), services + 2);
    let v = db.json(&db::basket_import(&["--skip-invalid", path(&json)]), 0);
    assert_eq!(v["unchanged"], services + 2, "{v:#}");
}

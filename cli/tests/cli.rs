//! The `kooperacje` command end to end: the real binary on temporary databases. Expected values
//! come from the core (labels, the story's own events, the store's chain), not from recordings.

#[path = "common/db.rs"]
mod db;

use assert_cmd::Command;
use db::Db;
use kooperacje::{Labelled, ZzkStage};
use serde_json::Value;
use std::path::Path;

fn story_events() -> usize {
    kooperacje_cli::story::play().unwrap().events.len()
}

#[test]
fn init_creates_a_database_once() {
    let db = Db::new();
    let v = db.json(&["init"], 0);
    assert_eq!(v["created"], true);
    assert_eq!(v["schema_version"], kooperacje_store::SCHEMA_VERSION);
    assert!(db.path.exists());
    let v = db.json(&["init"], 0);
    assert_eq!(v["created"], false);
    let (text, _) = db.run(&["init"], 0);
    assert!(text.contains("już istnieje"), "{text}");
    let (text, _) = db.run(&["init", "--lang", "en"], 0);
    assert!(text.contains("already exists"), "{text}");
}

#[test]
fn the_default_database_is_kooperacje_db_in_the_current_directory_or_kooperacje_db_env() {
    let db = Db::new();
    let mut c = Command::cargo_bin("kooperacje").unwrap();
    c.current_dir(db.dir.path())
        .env_remove("KOOPERACJE_DB")
        .arg("init");
    c.assert().success();
    assert!(db.file("kooperacje.db").exists());
    let mut c = Command::cargo_bin("kooperacje").unwrap();
    c.current_dir(db.dir.path())
        .env("KOOPERACJE_DB", db.file("from-env.db"))
        .arg("init");
    c.assert().success();
    assert!(db.file("from-env.db").exists());
}

#[test]
fn the_demo_is_persisted_once_and_read_back_by_every_report() {
    let db = Db::new();
    let v = db.demo();
    let n = story_events();
    assert_eq!(v["stored_events"], n);
    assert_eq!(v["events"], n);
    // Again: nothing added, the same reports.
    let again = db.demo();
    assert_eq!(again["stored_events"], 0);
    assert_eq!(again["registry"], v["registry"]);

    let registry = db.json(&["registry"], 0);
    assert_eq!(registry["registry"], v["registry"]);
    let (pl, _) = db.run(&["registry"], 0);
    let (en, _) = db.run(&["registry", "--lang", "en"], 0);
    let kowalscy = |t: &str| {
        t.lines()
            .find(|l| l.contains(kooperacje_cli::story::ZZK_FULL))
            .unwrap()
            .to_owned()
    };
    assert!(kowalscy(&pl).contains(ZzkStage::Closed.label_pl()));
    assert!(kowalscy(&en).contains(ZzkStage::Closed.label_en()));

    let replay = db.json(&["replay"], 0);
    assert_eq!(replay["events"], n);
    assert_eq!(replay["partnerships"], 1);
    assert_eq!(replay["zzks"], 3);
    let (text, _) = db.run(&["replay"], 0);
    assert!(
        text.contains("Zdarzenia") && text.contains(&n.to_string()),
        "{text}"
    );

    let verify = db.json(&["verify"], 0);
    assert_eq!(verify["verification"]["events"], n);
    assert!(verify["verification"]["broken"].is_null());
}

#[test]
fn the_registry_shows_the_ground_and_days_of_suspension_on_a_date() {
    let db = Db::new();
    db.demo();
    let rows = |args: &[&str]| db.json(&[&["registry"], args].concat(), 0)["registry"].clone();
    let suspended = |rows: &Value| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["stage"] == "suspended")
            .cloned()
            .unwrap_or_else(|| panic!("no suspended ZZK in {rows:#}"))
    };
    let day =
        |v: &Value| chrono::NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap();
    // As the record stands (the day of the latest event), and on a later date: the open
    // suspension's days run to the date asked for.
    let now = suspended(&rows(&[]));
    let later = suspended(&rows(&["--as-of", "2027-05-10"]));
    assert_eq!(later["zzk_id"], now["zzk_id"]);
    assert_eq!(later["suspension_ground"], "consent_withdrawn");
    assert_eq!(later["suspended_since"], now["suspended_since"]);
    let since = day(&later["suspended_since"]);
    let as_of = chrono::NaiveDate::from_ymd_opt(2027, 5, 10).unwrap();
    assert_eq!(later["days_suspended"], (as_of - since).num_days());
    assert!(now["days_suspended"].as_i64() < later["days_suspended"].as_i64());
    let (text, _) = db.run(&["registry", "--as-of", "2027-05-10"], 0);
    let ground = kooperacje::SuspensionGround::ConsentWithdrawn.label_pl();
    // The table wraps its cells: the stage column's lines joined; the date as Polish writes it
    // (DD.MM.RRRR).
    let since = since.format("%d.%m.%Y");
    let stages = column(&text, "Etap");
    assert!(
        stages.contains(&format!("Zawieszony: {ground} od {since}")),
        "{stages:?}\n{text}"
    );
}

/// The cells of a text table's column, each cell's wrapped lines joined by a space: the column
/// runs from its header's first character to the next header's, and a row starts with a line
/// whose first column is not blank.
fn column(text: &str, header: &str) -> Vec<String> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let head = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains(header))
        .unwrap();
    let head_text: String = lines[head].iter().collect();
    let start = head_text[..head_text.find(header).unwrap()].chars().count();
    let end = (start + header.chars().count()..lines[head].len())
        .find(|&i| lines[head][i - 1] == ' ' && lines[head][i - 2] == ' ' && lines[head][i] != ' ')
        .unwrap_or(usize::MAX);
    let rule = (head..lines.len())
        .find(|&i| {
            lines[i]
                .iter()
                .collect::<String>()
                .trim_start()
                .starts_with("--")
        })
        .unwrap();
    let mut cells: Vec<String> = Vec::new();
    for line in &lines[rule + 1..] {
        if line.iter().all(|c| *c == ' ') {
            break;
        }
        let part: String = line
            .iter()
            .skip(start)
            .take(end.saturating_sub(start))
            .collect();
        let new_row = line.get(2).is_some_and(|c| *c != ' ');
        match cells.last_mut() {
            Some(cell) if !new_row => {
                if !part.trim().is_empty() {
                    cell.push(' ');
                    cell.push_str(part.trim());
                }
            }
            _ => cells.push(part.trim().to_owned()),
        }
    }
    cells
}

#[test]
fn overdue_and_monitoring_reports_in_both_languages() {
    let db = Db::new();
    let demo = db.demo();
    let overdue = db.json(&["report", "overdue", "--as-of", "2026-09-30"], 0);
    assert_eq!(overdue["overdue"], demo["overdue"]);
    assert!(!overdue["overdue"].as_array().unwrap().is_empty());
    let later = db.json(&["report", "overdue", "--as-of", "2027-06-30"], 0);
    assert!(
        later["overdue"].as_array().unwrap().len() >= overdue["overdue"].as_array().unwrap().len()
    );

    // The months the story's families were monitored in, read from the core's state.
    let played = kooperacje_cli::story::play().unwrap();
    let periods: std::collections::BTreeSet<String> = played
        .state
        .zzks
        .values()
        .flat_map(|z| z.monitoring.iter().map(|m| m.period.0.clone()))
        .collect();
    let period = periods.iter().next().expect("the story records monitoring");
    let rows = db.json(&["report", "monitoring", "--period", period], 0);
    assert!(!rows["rows"].as_array().unwrap().is_empty(), "{rows}");
    let (pl, _) = db.run(&["report", "monitoring", "--period", period], 0);
    assert!(pl.contains("Monitoring realizacji planów"), "{pl}");
    let (en, _) = db.run(
        &["report", "monitoring", "--period", period, "--lang", "en"],
        0,
    );
    assert!(en.contains("Plan monitoring"), "{en}");
    let empty = db.json(&["report", "monitoring", "--period", "2020-01"], 0);
    assert_eq!(empty["rows"].as_array().unwrap().len(), 0);
    // A malformed month is the core's BAD_PERIOD, as in a command and in every language.
    for bad in ["2026-13x", "2026-13", "May"] {
        let e = db.json(&["report", "monitoring", "--period", bad], 1);
        assert_eq!(e["error"]["code"], "BAD_PERIOD", "{bad}");
    }
}

#[test]
fn events_export_then_import_rebuilds_the_same_database() {
    let a = Db::new();
    a.demo();
    let (jsonl, _) = a.run(&["events", "export", "--format", "jsonl"], 0);
    assert_eq!(jsonl.lines().count(), story_events());
    for line in jsonl.lines() {
        kooperacje::State::decode_event(line).unwrap();
    }
    let file = a.file("events.jsonl");
    a.run(&["events", "export", "-o", file.to_str().unwrap()], 0);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), jsonl);

    let b = Db::new();
    let v = b.json(&["events", "import", file.to_str().unwrap()], 0);
    assert_eq!(v["events"], story_events());
    let (again, _) = b.run(&["events", "export"], 0);
    assert_eq!(again, jsonl, "the same canonical lines");
    assert_eq!(b.json(&["registry"], 0), a.json(&["registry"], 0));
    assert_eq!(
        b.json(&["verify"], 0)["verification"]["head_hash"],
        a.json(&["verify"], 0)["verification"]["head_hash"]
    );

    // Importing the same log again adds nothing: every event is already there.
    let v = b.json(&["events", "import", file.to_str().unwrap()], 0);
    assert_eq!(v["events"], 0);
    assert_eq!(v["already_present"], story_events());
    assert_eq!(b.json(&["replay"], 0)["events"], story_events());
    let (text, _) = b.run(&["events", "import", file.to_str().unwrap()], 0);
    assert!(text.contains("już są w bazie"), "{text}");
}

#[test]
fn an_events_import_with_bad_lines_reports_each_and_imports_nothing() {
    let a = Db::new();
    a.demo();
    let (jsonl, _) = a.run(&["events", "export"], 0);
    let mut lines: Vec<String> = jsonl.lines().map(str::to_owned).collect();
    lines[2] = "{not json".into(); // line 3
    lines[4] = lines[4].replace("\"schema\":2", "\"schema\":99"); // line 5
    let last = lines.len();
    // Line last+1: out of order in its stream (by another author, so not a repeat of line 11).
    lines.push(lines[10].replace("\"actor\":\"", "\"actor\":\"x-"));
    let file = a.file("bad.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();

    let b = Db::new();
    let e = b.json(&["events", "import", file.to_str().unwrap()], 1);
    let rows: Vec<u64> = e["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["row"].as_u64().unwrap())
        .collect();
    assert!(
        rows.contains(&3) && rows.contains(&5) && rows.contains(&(last as u64 + 1)),
        "{e:#}"
    );
    let codes: Vec<&str> = e["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"MALFORMED_JSON") && codes.contains(&"UNSUPPORTED_SCHEMA"),
        "{codes:?}"
    );
    assert_eq!(b.json(&["replay"], 0)["events"], 0, "nothing imported");
    let (_, err) = b.run(&["events", "import", file.to_str().unwrap()], 1);
    assert!(err.contains("wiersz 3:"), "{err}");

    // --skip-invalid imports the rest (the events after a broken line of a stream may then be
    // refused in turn, and are reported too).
    let v = b.json(
        &["events", "import", "--skip-invalid", file.to_str().unwrap()],
        0,
    );
    let imported = v["events"].as_u64().unwrap();
    let skipped = v["skipped"].as_array().unwrap().len() as u64;
    assert!(imported > 0 && skipped >= 3);
    assert_eq!(imported + skipped, lines.len() as u64);
    assert_eq!(b.json(&["replay"], 0)["events"], imported);
    assert!(b.json(&["verify"], 0)["ok"] == true);
}

fn basket_rows(db: &Db, name: &str) -> Vec<(usize, Vec<String>)> {
    let path = db.file(name);
    let format = kooperacje_cli::sheet::Format::from_path(&path).unwrap();
    kooperacje_cli::sheet::read(&path, format).unwrap().rows
}

#[test]
fn basket_sheets_round_trip_in_every_format() {
    let db = Db::new();
    db.demo();
    let services = db.json(&["replay"], 0)["services"].as_u64().unwrap() as usize;
    for name in ["koszyk.xlsx", "koszyk.csv", "koszyk.json"] {
        let file = db.file(name);
        let v = db.json(&["basket", "export", file.to_str().unwrap()], 0);
        assert_eq!(v["services"], services);
        let rows = basket_rows(&db, name);
        assert_eq!(rows.len(), services, "{name}");
        // Importing what was exported changes nothing: every row equals its service.
        let v = db.json(&db::basket_import(&[file.to_str().unwrap()]), 0);
        assert_eq!(v["unchanged"], services, "{name}: {v:#}");
        assert_eq!(v["added"], 0);
        // And exporting again gives the same rows.
        let again = db.file(&format!("again-{name}"));
        db.run(&["basket", "export", again.to_str().unwrap()], 0);
        assert_eq!(basket_rows(&db, &format!("again-{name}")), rows, "{name}");
    }
    // The sheet has the Polish headers OPS staff know.
    let csv = std::fs::read_to_string(db.file("koszyk.csv")).unwrap();
    let header = csv.lines().next().unwrap();
    for h in [
        "Realizator",
        "Nazwa usługi",
        "Opis",
        "Obszary wsparcia",
        "Grupy docelowe",
        "Warunki dostępu",
        "Osoba do kontaktu",
        "Pochodzenie",
        "Status",
        "Data ostatniej weryfikacji",
    ] {
        assert!(header.contains(h), "{h} missing from {header}");
    }
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

#[test]
fn basket_search_finds_by_words_and_by_values_named_in_polish_or_english() {
    use kooperacje::basket::{BasketQuery, ServiceStatus};
    use kooperacje::{Area, BasketHit};
    let db = Db::new();
    db.demo();
    let played = kooperacje_cli::story::play().unwrap();
    let p = &played.state.partnerships[&played.partnership];
    let ids = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["service_id"].as_str().unwrap().to_owned())
            .collect()
    };
    // Every active service with no condition; every service with --all.
    let active = p
        .basket
        .services
        .values()
        .filter(|s| s.status == ServiceStatus::Active)
        .count();
    assert_eq!(ids(&db.json(&["basket", "search"], 0)).len(), active);
    assert_eq!(
        ids(&db.json(&["basket", "search", "--all"], 0)).len(),
        p.basket.services.len()
    );
    // An area named by its Polish name, its English name or its code: the same services, each of
    // that area, and as many as the basket has.
    let health: Vec<String> = p
        .basket
        .services
        .iter()
        .filter(|(_, s)| s.status == ServiceStatus::Active && s.input.areas.contains(&Area::Health))
        .map(|(id, _)| id.to_string())
        .collect();
    assert!(
        !health.is_empty() && health.len() < active,
        "the demo's basket: {health:?}"
    );
    for name in ["Ochrona zdrowia", "ochrona zdrowia", "Health", "health"] {
        assert_eq!(
            ids(&db.json(&["basket", "search", "--area", name], 0)),
            health,
            "{name}"
        );
    }
    // Words: every one must occur; each hit is the core's hit for the same query.
    let first = &p.basket.services[&kooperacje::ServiceId::from(health[0].as_str())];
    let word = first
        .input
        .name
        .split_whitespace()
        .next()
        .unwrap()
        .to_lowercase();
    let v = db.json(&["basket", "search", &word, "--area", "zdrowia ochrona"], 2);
    assert_eq!(
        v["error"]["code"], "USAGE",
        "a jumble of a name is not the name"
    );
    let v = db.json(&["basket", "search", &word, "--area", "health"], 0);
    let query = BasketQuery {
        text: Some(word.clone()),
        area: Some(Area::Health),
        ..BasketQuery::default()
    };
    let expected = serde_json::to_value(BasketHit::search(p, &query)).unwrap();
    assert_eq!(v["hits"], expected);
    assert!(ids(&v).contains(&health[0]));
    // The table names the provider and the areas in the language asked for.
    let (pl, _) = db.run(&["basket", "search", "--area", "health"], 0);
    assert!(
        pl.contains("Nazwa usługi")
            && pl.contains("Ochrona zdrowia")
            && pl.contains(&first.input.name),
        "{pl}"
    );
    let (en, _) = db.run(&["--lang", "en", "basket", "search", "--area", "health"], 0);
    assert!(
        en.contains("Areas of support") && en.contains("Health"),
        "{en}"
    );
    let (none, _) = db.run(&["basket", "search", "zzzz-nic-takiego"], 0);
    assert!(none.contains("(brak pasujących usług)"), "{none}");
    // A value that names nothing is a usage error that lists the codes.
    let e = db.json(&["basket", "search", "--sector", "kosmiczny"], 2);
    assert_eq!(e["error"]["code"], "USAGE");
    assert!(
        e["error"]["message"].as_str().unwrap().contains("public"),
        "{e:#}"
    );
}

#[test]
fn a_changed_row_becomes_a_revision_and_a_new_row_an_added_service() {
    let db = Db::new();
    db.demo();
    let file = db.file("koszyk.csv");
    db.run(&["basket", "export", file.to_str().unwrap()], 0);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let mut records: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let desc = headers.iter().position(|h| h == "Opis").unwrap();
    let id = headers
        .iter()
        .position(|h| h == "Identyfikator usługi")
        .unwrap();
    let mut first: Vec<String> = records[0].iter().map(str::to_owned).collect();
    first[desc] = format!("{} Nowe godziny przyjęć.", first[desc]);
    records[0] = csv::StringRecord::from(first.clone());
    let mut new = first.clone();
    new[id] = "svc-nowa".into();
    records.push(csv::StringRecord::from(new));
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(&file)
        .unwrap();
    w.write_record(&headers).unwrap();
    for r in &records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    let v = db.json(&db::basket_import(&[file.to_str().unwrap()]), 0);
    assert_eq!(
        (v["added"].as_u64(), v["revised"].as_u64()),
        (Some(1), Some(1)),
        "{v:#}"
    );
    let json = db.file("after.json");
    db.run(&["basket", "export", json.to_str().unwrap()], 0);
    let after: Value = serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    let row = after
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service_id"] == first[id].as_str())
        .unwrap();
    assert!(row["description"]
        .as_str()
        .unwrap()
        .ends_with("Nowe godziny przyjęć."));
    assert_eq!(row["version"], "2");
}

#[test]
fn a_basket_import_with_bad_rows_reports_every_row_and_imports_nothing() {
    let db = Db::new();
    db.demo();
    let file = db.file("koszyk.csv");
    db.run(&["basket", "export", file.to_str().unwrap()], 0);
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Add four new services (rows 20–23 of the sheet), three of them broken, by editing a copy of
    // row 2 so the good parts stay valid.
    let header: Vec<String> = lines[0]
        .trim_start_matches('\u{feff}')
        .split(';')
        .map(str::to_owned)
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let template: Vec<String> = csv::ReaderBuilder::new()
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
    let variant = |id: &str, edit: &dyn Fn(&mut Vec<String>)| {
        let mut r = template.clone();
        r[col("Identyfikator usługi")] = id.into();
        r[col("Identyfikator partnera PZK")] = String::new();
        r[col("Realizator")] = "Fundacja Nowa Droga".into();
        edit(&mut r);
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(vec![]);
        w.write_record(&r).unwrap();
        String::from_utf8(w.into_inner().unwrap())
            .unwrap()
            .trim_end()
            .to_owned()
    };
    let services = lines.len() - 1;
    lines.push(variant("svc-a", &|r| r[col("Realizator")] = String::new()));
    lines.push(variant("svc-b", &|r| {
        r[col("Obszary wsparcia")] = "Astrologia".into()
    }));
    lines.push(variant("svc-c", &|r| {
        r[col("Data ostatniej weryfikacji")] = "31.02.2026".into()
    }));
    lines.push(variant("svc-a", &|_| {}));
    lines.push(variant("svc-ok", &|_| {}));
    std::fs::write(&file, lines.join("\n")).unwrap();
    let first = services + 2;

    let e = db.json(&db::basket_import(&[file.to_str().unwrap()]), 1);
    let rows = e["error"]["rows"].as_array().unwrap();
    let by_row = |n: usize| -> Vec<&str> {
        rows.iter()
            .filter(|r| r["row"] == n)
            .map(|r| r["code"].as_str().unwrap())
            .collect()
    };
    assert_eq!(by_row(first), ["MISSING_VALUE"], "{e:#}");
    assert_eq!(by_row(first + 1), ["UNKNOWN_AREA"]);
    assert_eq!(by_row(first + 2), ["BAD_DATE"]);
    assert_eq!(by_row(first + 3), ["DUPLICATE_SERVICE"]);
    assert!(by_row(first + 4).is_empty());
    let before = db.json(&["replay"], 0);
    assert_eq!(before["services"], services, "nothing imported");
    let (_, err) = db.run(
        &db::basket_import(&[file.to_str().unwrap(), "--lang", "en"]),
        1,
    );
    // The reason names the cell and the column by the header the file shows.
    let areas = col("Obszary wsparcia");
    assert!(areas < 26, "the test names single-letter columns only");
    let cell = format!("{}{}", char::from(b'A' + areas as u8), first + 1);
    assert!(
        err.contains(&format!(
            "row {}: [UNKNOWN_AREA] {cell}: Obszary wsparcia: unknown area of support \"Astrologia\"",
            first + 1
        )),
        "{err}"
    );
    let (_, err) = db.run(&db::basket_import(&[file.to_str().unwrap()]), 1);
    assert!(
        err.contains(&format!("wiersz {}: [BAD_DATE]", first + 2)),
        "{err}"
    );

    let v = db.json(
        &db::basket_import(&["--skip-invalid", file.to_str().unwrap()]),
        0,
    );
    assert_eq!(v["added"], 1, "{v:#}");
    assert_eq!(v["skipped"].as_array().unwrap().len(), 4);
    assert_eq!(db.json(&["replay"], 0)["services"], services + 1);
}

#[test]
fn excel_files_that_would_crash_the_reader_are_unreadable_sheets() {
    // Found by the fuzz target basket_xlsx. A cell reference with nine letters (AAAAAAAAB2)
    // overflows calamine's column number: a panic wherever overflow checks are on, as in every
    // debug build. A cell far to the right (FHNTSE2 in the fuzzer's file) made calamine's
    // `worksheet_range` allocate the whole rectangle up to it: 7 GB for a 2 KB file. Each must fail
    // as any broken file does, with exit 1 and nothing stored.
    let db = Db::new();
    db.demo();
    let services = db.json(&["replay"], 0)["services"].as_u64().unwrap();
    for (name, message) in [
        (
            "overlong_cell_reference",
            "not a readable Excel file: its worksheet is malformed",
        ),
        (
            "cell_beyond_excel",
            "not a readable Excel file: a cell of sheet Koszyk usług lies beyond XFD1048576",
        ),
        (
            "sheet_too_large",
            "sheet Koszyk usług spans 1000000 rows and 3 columns: more than 1000000 cells",
        ),
    ] {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/{name}.xlsx"));
        let e = db.json(&db::basket_import(&[file.to_str().unwrap()]), 1);
        assert_eq!(e["error"]["code"], "BAD_FILE", "{name}: {e:#}");
        assert_eq!(e["error"]["message"], message, "{name}: {e:#}");
    }
    assert_eq!(db.json(&["replay"], 0)["services"], services);
}

#[test]
fn hsds_export_writes_organizations_with_services() {
    let db = Db::new();
    db.demo();
    let file = db.file("hsds.json");
    db.run(
        &[
            "basket",
            "export",
            "--format",
            "hsds",
            file.to_str().unwrap(),
        ],
        0,
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let services: usize = doc
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["services"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(
        services as u64,
        db.json(&["replay"], 0)["services"].as_u64().unwrap()
    );
}

fn tamper(path: &Path, sql: &str) {
    let c = rusqlite::Connection::open(path).unwrap();
    c.execute_batch(sql).unwrap();
}

#[test]
fn verify_names_the_first_broken_link_and_exits_with_3() {
    let db = Db::new();
    db.demo();
    // Someone edits event 57 by hand: a different author.
    tamper(
        &db.path,
        "UPDATE events SET body = replace(body, '\"actor\":\"', '\"actor\":\"x') WHERE seq = 57",
    );
    let e = db.json(&["verify"], 3);
    assert_eq!(e["error"]["code"], "CHAIN_BROKEN");
    assert_eq!(e["error"]["verification"]["broken"]["seq"], 57);
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "hash_mismatch"
    );
    assert_eq!(e["error"]["verification"]["events"], 57);
    let (_, err) = db.run(&["verify"], 3);
    assert!(err.contains("nr 57"), "{err}");
    let (_, err) = db.run(&["verify", "--lang", "en"], 3);
    assert!(err.contains("#57"), "{err}");
    // Removing the last events is caught too (the head is recorded with every commit).
    tamper(
        &db.path,
        "UPDATE events SET body = replace(body, '\"actor\":\"x', '\"actor\":\"') WHERE seq = 57;
         DELETE FROM events WHERE seq > 120;",
    );
    let e = db.json(&["verify"], 3);
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"], "truncated",
        "{e:#}"
    );
}

#[test]
fn storage_failures_exit_with_3_and_leave_the_database_usable() {
    let db = Db::new();
    // No database yet.
    let e = db.json(&["registry"], 3);
    assert_eq!(e["error"]["code"], "STORE_MISSING");
    let (_, err) = db.run(&["registry"], 3);
    assert!(err.contains("kooperacje init"), "{err}");
    // Not a database.
    std::fs::write(&db.path, "kolumna1;kolumna2\n".repeat(100)).unwrap();
    assert_eq!(
        db.json(&["registry"], 3)["error"]["code"],
        "STORE_NOT_A_DATABASE"
    );
    // Another application's SQLite file.
    std::fs::remove_file(&db.path).unwrap();
    tamper(&db.path, "CREATE TABLE faktury (id INTEGER PRIMARY KEY);");
    assert_eq!(db.json(&["demo"], 3)["error"]["code"], "STORE_FOREIGN");
    std::fs::remove_file(&db.path).unwrap();
    // Locked by another process's write transaction.
    db.demo();
    let holder = rusqlite::Connection::open(&db.path).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let file = db.file("k.csv");
    db.run(&["basket", "export", file.to_str().unwrap()], 0);
    let e = db.json(
        &[
            "--lock-timeout",
            "100",
            "basket",
            "import",
            "--actor",
            "u-0007",
            file.to_str().unwrap(),
        ],
        0,
    );
    assert_eq!(
        e["unchanged"], 18,
        "an import that changes nothing needs no lock: {e}"
    );
    let e = db.json(
        &[
            "--lock-timeout",
            "100",
            "person",
            "erase",
            "os-000417",
            "--yes",
        ],
        3,
    );
    assert_eq!(e["error"]["code"], "STORE_LOCKED");
    holder.execute_batch("ROLLBACK;").unwrap();
    drop(holder);
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

#[test]
fn a_full_disk_fails_cleanly_and_the_database_still_opens() {
    let db = Db::new();
    db.run(&["init"], 0);
    // A 100 KiB file-size limit for the writer (SIGXFSZ ignored so the write fails instead): the
    // demo's write-ahead log needs more.
    let bin = assert_cmd::cargo::cargo_bin("kooperacje");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "trap '' XFSZ; ulimit -f 100; exec '{}' --db '{}' --json demo",
            bin.display(),
            db.path.display()
        ))
        .current_dir(db.dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["error"]["code"], "STORE_FULL", "{v}");
    // Nothing of the demo was written, and the file opens and verifies.
    assert_eq!(db.json(&["replay"], 0)["events"], 0);
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

#[test]
fn personal_data_can_be_shown_and_erased_while_the_log_verifies() {
    let db = Db::new();
    db.demo();
    let hash = db.json(&["verify"], 0)["verification"]["head_hash"].clone();
    let v = db.json(&["person", "show", "os-000417"], 0);
    assert_eq!(v["record"]["given_name"], "Jan");
    let v = db.json(
        &[
            "person",
            "erase",
            "os-000418",
            "--pseudonym",
            "Osoba A",
            "--yes",
        ],
        0,
    );
    assert_eq!(v["redaction"], "pseudonymised");
    assert_eq!(
        db.json(&["person", "show", "os-000418"], 0)["record"]["given_name"],
        "Osoba A"
    );
    db.run(&["person", "erase", "os-000417", "--yes"], 0);
    let v = db.json(&["person", "show", "os-000417"], 0);
    assert_eq!(v["state"], "erased");
    assert!(v["record"].is_null());
    assert_eq!(
        db.json(&["person", "erase", "nikt", "--yes"], 1)["error"]["code"],
        "PERSON_NOT_FOUND"
    );
    let after = db.json(&["verify"], 0);
    assert_eq!(after["verification"]["head_hash"], hash);
    assert_eq!(db.json(&["replay"], 0)["events"], story_events());
}

#[test]
fn usage_errors_exit_with_2() {
    let db = Db::new();
    db.run(&["no-such-command"], 2);
    db.run(&["report", "overdue", "--as-of", "yesterday"], 2);
    db.demo();
    let e = db.json(
        &["basket", "export", db.file("koszyk.txt").to_str().unwrap()],
        2,
    );
    assert_eq!(e["error"]["code"], "USAGE");
    db.run(
        &db::basket_import(&[db.file("none.csv").to_str().unwrap()]),
        2,
    );
    db.run(&["registry", "--partnership", "pzk-nieznane"], 1);
}

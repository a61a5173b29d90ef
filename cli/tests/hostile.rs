//! Hostile input to the `kooperacje` command (issue 16, "Nothing lost, nothing forged"): sheets a
//! spreadsheet would run as formulas.

use kooperacje_cli::sheet::{self, Format, COLUMNS};
use proptest::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const EXE: &str = env!("CARGO_BIN_EXE_kooperacje");

struct Db {
    dir: tempfile::TempDir,
    path: PathBuf,
}

/// What a run of the CLI gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        Db { dir, path }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(EXE);
        c.current_dir(self.dir.path())
            .env_remove("KOOPERACJE_DB")
            .env_remove("KOOPERACJE_LOCK_TIMEOUT")
            .arg("--db")
            .arg(&self.path)
            .args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let r = self.run(&all);
        assert_eq!(
            r.code,
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout,
            r.stderr
        );
        serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stdout))
    }

    fn services(&self) -> u64 {
        self.json(&["replay"], 0)["services"].as_u64().unwrap()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
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
    let v = db.json(&["basket", "import", path(&file)], 0);
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
    let v = db.json(&["basket", "import", path(&csv_file)], 0);
    assert_eq!(v["unchanged"], db.services(), "{v:#}");
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
    let rows = sheet::read(&file, Format::Xlsx).unwrap();
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
        let read = sheet::read(&file, Format::Csv).unwrap();
        prop_assert_eq!(read, vec![(2, row)]);
    }
}

// ---------------------------------------------------------------------------------------------
// Item 15 (first half): the import's report stays exact row by row.

#[test]
fn rows_the_core_refuses_are_reported_and_the_others_imported() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let services = db.services();
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
    let e = db.json(&["basket", "import", path(&json)], 1);
    let errors = e["error"]["rows"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{e:#}");
    assert_eq!(errors[0]["row"], rows.len() + 3);
    assert_eq!(errors[0]["code"], "TEXT_TOO_LONG");
    assert_eq!(db.services(), services, "nothing imported");
    let v = db.json(&["basket", "import", "--skip-invalid", path(&json)], 0);
    assert_eq!(
        (&v["added"], &v["revised"], &v["unchanged"]),
        (&Value::from(2), &Value::from(1), &Value::from(services - 1)),
        "{v:#}"
    );
    assert_eq!(db.services(), services + 2);
    let v = db.json(&["basket", "import", "--skip-invalid", path(&json)], 0);
    assert_eq!(v["unchanged"], services + 2, "{v:#}");
}

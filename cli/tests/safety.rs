//! Nothing lost: the `kooperacje` command must not overwrite its own database with an export, a
//! command that only reads must not create, migrate or write a file, an erasure must not say
//! "erased" while copies of the data are still in the file, and many `init`s at once on a new path
//! must all succeed. The real binary on temporary databases.

#[path = "common/db.rs"]
mod db;

use db::{s, Db};
use kooperacje::person::{Note, PersonRecord};
use kooperacje_store::{OpenOptions, Store};
use serde_json::Value;

#[test]
fn an_export_onto_the_database_or_its_wal_is_refused_and_changes_nothing() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let before = db.json(&["verify"], 0)["verification"].clone();
    assert!(before["events"].as_u64().unwrap() > 0);
    let relative = format!("./{}", db.path.file_name().unwrap().to_str().unwrap());
    let wal = db.sidecar("-wal");
    let shm = db.sidecar("-shm");
    let attempts: Vec<Vec<&str>> = vec![
        vec!["events", "export", "-o", s(&db.path)],
        // The same file by another name: relative to the current directory.
        vec!["events", "export", "-o", &relative],
        vec!["events", "export", "--output", s(&wal)],
        vec!["events", "export", "-o", s(&shm)],
        vec!["basket", "export", s(&db.path), "--format", "json"],
        vec!["basket", "export", &relative, "--format", "csv"],
        vec!["basket", "export", s(&db.path), "--format", "hsds"],
        // --force overwrites another SQLite file, never the database itself.
        vec!["events", "export", "-o", s(&db.path), "--force"],
        vec!["basket", "export", s(&wal), "--format", "json", "--force"],
    ];
    for args in attempts {
        let e = db.json(&args, 2);
        assert_eq!(e["error"]["code"], "USAGE", "{args:?}: {e}");
        let (_, err) = db.run(&args, 2);
        assert!(err.contains("baz"), "{args:?}: {err}");
        let (_, err) = db.run(&[&args[..], &["--lang", "en"]].concat(), 2);
        assert!(err.contains("database"), "{args:?}: {err}");
        assert_eq!(
            db.json(&["verify"], 0)["verification"],
            before,
            "{args:?} changed the database"
        );
    }
    // A hard link is the database under another path: refused even with --force.
    let link = db.file("link.db");
    std::fs::hard_link(&db.path, &link).unwrap();
    db.json(&["events", "export", "-o", s(&link), "--force"], 2);
    // A symbolic link to the database, likewise.
    let sym = db.file("sym.db");
    std::os::unix::fs::symlink(&db.path, &sym).unwrap();
    db.json(
        &["basket", "export", s(&sym), "--format", "json", "--force"],
        2,
    );
    assert_eq!(db.json(&["verify"], 0)["verification"], before);
}

#[test]
fn an_existing_sqlite_file_is_overwritten_only_with_force() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let other = db.file("other.db");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY);")
        .unwrap();
    let original = std::fs::read(&other).unwrap();
    db.json(&["events", "export", "-o", s(&other)], 2);
    db.json(&["basket", "export", s(&other), "--format", "json"], 2);
    assert_eq!(std::fs::read(&other).unwrap(), original);
    let v = db.json(&["events", "export", "-o", s(&other), "--force"], 0);
    assert!(v["events"].as_u64().unwrap() > 0);
    assert!(std::fs::read_to_string(&other)
        .unwrap()
        .starts_with("{\"schema\""));
    // A file that is not SQLite (an earlier export) is simply replaced, as before.
    let log = db.file("log.jsonl");
    std::fs::write(&log, "old\n").unwrap();
    db.json(&["events", "export", "-o", s(&log)], 0);
    assert!(!std::fs::read_to_string(&log).unwrap().starts_with("old"));
    let csv = db.file("koszyk.csv");
    std::fs::write(&csv, "old\n").unwrap();
    db.json(&["basket", "export", s(&csv)], 0);
    assert!(!std::fs::read_to_string(&csv).unwrap().starts_with("old"));
}

/// Every command that only reads, with the arguments it needs.
fn read_only_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["verify"],
        vec!["replay"],
        vec!["registry"],
        vec!["report", "overdue", "--as-of", "2026-10-01"],
        vec!["report", "monitoring", "--period", "2026-05"],
        vec!["events", "export"],
        vec!["basket", "export", "out.json"],
        vec!["basket", "search", "--area", "health"],
        vec!["person", "show", "p-1"],
    ]
}

#[test]
fn a_read_only_command_on_an_empty_file_says_so_and_writes_nothing() {
    let db = Db::new();
    std::fs::write(&db.path, b"").unwrap();
    for args in read_only_commands() {
        let e = db.json(&args, 3);
        assert_eq!(e["error"]["code"], "STORE_EMPTY", "{args:?}: {e}");
        assert_eq!(db.bytes().len(), 0, "{args:?} wrote into the empty file");
        assert!(!db.sidecar("-wal").exists() && !db.sidecar("-shm").exists());
    }
    let (_, err) = db.run(&["verify"], 3);
    assert!(err.contains("pust"), "{err}");
    let (_, err) = db.run(&["verify", "--lang", "en"], 3);
    assert!(err.contains("empty"), "{err}");

    // An SQLite file without any table is just as empty.
    std::fs::remove_file(&db.path).unwrap();
    rusqlite::Connection::open(&db.path)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); DROP TABLE t;")
        .unwrap();
    let before = db.bytes();
    for args in read_only_commands() {
        let e = db.json(&args, 3);
        assert_eq!(e["error"]["code"], "STORE_EMPTY", "{args:?}: {e}");
        assert_eq!(db.bytes(), before, "{args:?} wrote into the file");
    }
    // No file at all: nothing is created.
    std::fs::remove_file(&db.path).unwrap();
    for args in read_only_commands() {
        let e = db.json(&args, 3);
        assert_eq!(e["error"]["code"], "STORE_MISSING", "{args:?}: {e}");
        assert!(!db.path.exists(), "{args:?} created the database");
    }
    // `init` is the command that makes a database of an empty file.
    std::fs::write(&db.path, b"").unwrap();
    assert_eq!(db.json(&["init"], 0)["created"], true);
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

#[test]
fn a_read_only_command_does_not_migrate_an_older_file() {
    // The demo's log as an older version wrote it: events without command ids.
    let demo = Db::new();
    demo.json(&["demo"], 0);
    let (log, _) = demo.run(&["events", "export"], 0);
    let mut old = Vec::new();
    for line in log.lines() {
        let mut v: Value = serde_json::from_str(line).unwrap();
        v.as_object_mut().unwrap().remove("command_id");
        old.push(v.to_string());
    }
    let file = demo.file("old.jsonl");
    std::fs::write(&file, old.join("\n")).unwrap();
    let db = Db::new();
    db.json(&["events", "import", s(&file)], 0);
    let c = rusqlite::Connection::open(&db.path).unwrap();
    c.execute_batch(
        "DROP TABLE personal_data; DROP INDEX events_by_command; DROP INDEX events_by_stream_time;
         ALTER TABLE events DROP COLUMN command_id; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(c);
    let version = || -> u32 {
        rusqlite::Connection::open(&db.path)
            .unwrap()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap()
    };
    for args in read_only_commands() {
        let e = db.json(&args, 3);
        assert_eq!(e["error"]["code"], "STORE_NEEDS_UPGRADE", "{args:?}: {e}");
        assert_eq!(version(), 1, "{args:?} migrated the file");
    }
    let (_, err) = db.run(&["verify"], 3);
    assert!(err.contains("kooperacje init"), "{err}");
    db.json(&["init"], 0);
    assert_eq!(version(), kooperacje_store::SCHEMA_VERSION);
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

fn anna() -> PersonRecord {
    PersonRecord {
        id: "p-1".into(),
        given_name: "Annabella".into(),
        family_name: "Kowalska-Zielińska".into(),
        pesel: Some("85010112345".into()),
        address: Some("ul. Polna 17, Wólka Dolna".into()),
        postcode: Some("05-830".into()),
        phone: Some("+48 600 100 200".into()),
        email: Some("annabella.k@example.pl".into()),
        birth_year: Some(1985),
    }
}

const SECRETS: [&str; 5] = [
    "Annabella",
    "85010112345",
    "+48 600 100 200",
    "annabella.k@example.pl",
    "Polna 17",
];

/// Which of `needles` are still somewhere in the database file or its write-ahead log.
fn still_in_files(db: &Db, needles: &[&str]) -> Vec<String> {
    let mut hay = db.bytes();
    hay.extend(std::fs::read(db.sidecar("-wal")).unwrap_or_default());
    needles
        .iter()
        .filter(|n| hay.windows(n.len()).any(|w| w == n.as_bytes()))
        .map(|n| n.to_string())
        .collect()
}

fn with_personal_data(db: &Db) {
    db.json(&["init"], 0);
    let mut store = Store::open(&db.path, &OpenOptions::default()).unwrap();
    let at = chrono::Utc::now();
    store.put_person(&anna(), at).unwrap();
    store
        .put_note(
            &Note {
                id: "n-1".into(),
                text: "Opis sytuacji: przemoc w rodzinie, interwencja".into(),
            },
            at,
        )
        .unwrap();
}

#[test]
fn an_erasure_blocked_by_a_reader_is_reported_not_claimed() {
    let db = Db::new();
    with_personal_data(&db);
    assert_eq!(still_in_files(&db, &SECRETS).len(), SECRETS.len());
    // Another program (a report, a backup) is in the middle of reading.
    let reader = rusqlite::Connection::open(&db.path).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM personal_data;")
        .unwrap();
    let out = db
        .command(&[
            "--lock-timeout",
            "200",
            "person",
            "erase",
            "p-1",
            "--yes",
            "--json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let left = still_in_files(&db, &SECRETS);
    if out.status.code() == Some(0) {
        assert!(
            left.is_empty(),
            "said {v} but {left:?} are still in the file"
        );
    }
    assert_eq!(out.status.code(), Some(4), "{v}");
    assert_eq!(v["error"]["code"], "STORE_ERASE_PENDING", "{v}");
    let (_, err) = db.run(
        &["--lock-timeout", "200", "person", "erase", "p-1", "--yes"],
        4,
    );
    assert!(err.contains("kooperacje person erase p-1"), "{err}");
    // From the database's point of view the data is gone already.
    assert_eq!(db.json(&["person", "show", "p-1"], 0)["state"], "erased");
    // The reader finishes; erasing again completes the erasure.
    reader.execute_batch("COMMIT;").unwrap();
    drop(reader);
    let v = db.json(&["person", "erase", "p-1", "--yes"], 0);
    assert_eq!(v["redaction"], "erased");
    assert_eq!(still_in_files(&db, &SECRETS), Vec::<String>::new());
    assert_eq!(
        db.json(&["person", "erase", "nobody", "--yes"], 1)["error"]["code"],
        "PERSON_NOT_FOUND"
    );
}

#[test]
fn a_note_is_erased_from_the_file() {
    let db = Db::new();
    with_personal_data(&db);
    let text = ["przemoc w rodzinie"];
    assert_eq!(still_in_files(&db, &text).len(), 1);
    let v = db.json(&["note", "erase", "n-1"], 0);
    assert_eq!(v["ok"], true);
    assert_eq!(v["id"], "n-1");
    assert_eq!(v["redaction"], "erased");
    assert_eq!(still_in_files(&db, &text), Vec::<String>::new());
    let (out, _) = db.run(&["note", "erase", "n-1", "--lang", "en"], 0);
    assert!(out.contains("n-1"), "{out}");
    assert_eq!(
        db.json(&["note", "erase", "n-2"], 1)["error"]["code"],
        "NOTE_NOT_FOUND"
    );
    // Blocked by a reader: reported with its own code and exit status, like a person.
    let mut store = Store::open(&db.path, &OpenOptions::default()).unwrap();
    store
        .put_note(
            &Note {
                id: "n-3".into(),
                text: "Diagnoza psychologiczna".into(),
            },
            chrono::Utc::now(),
        )
        .unwrap();
    drop(store);
    let reader = rusqlite::Connection::open(&db.path).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM personal_data;")
        .unwrap();
    let e = db.json(&["--lock-timeout", "200", "note", "erase", "n-3"], 4);
    assert_eq!(e["error"]["code"], "STORE_ERASE_PENDING");
    reader.execute_batch("COMMIT;").unwrap();
    drop(reader);
    db.json(&["note", "erase", "n-3"], 0);
    assert_eq!(still_in_files(&db, &["Diagnoza"]), Vec::<String>::new());
}

#[test]
fn many_inits_at_once_on_a_new_path_all_succeed_and_one_creates() {
    let bin = assert_cmd::cargo::cargo_bin("kooperacje");
    for round in 0..12 {
        let db = Db::new();
        let children: Vec<_> = (0..8)
            .map(|_| {
                std::process::Command::new(&bin)
                    .args(["--json", "--db", s(&db.path), "init"])
                    .env_remove("KOOPERACJE_CHAIN_KEY_FILE")
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let mut created = 0;
        for child in children {
            let out = child.wait_with_output().unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert_eq!(out.status.code(), Some(0), "round {round}: {text}");
            let v: Value = serde_json::from_str(&text).unwrap();
            if v["created"] == true {
                created += 1;
            }
        }
        assert_eq!(
            created, 1,
            "round {round}: {created} inits said they created it"
        );
        assert_eq!(db.json(&["verify"], 0)["ok"], true);
    }
}

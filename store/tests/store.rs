//! The store's guarantees, each checked against a real SQLite file: append and versions, conflicts,
//! the hash chain (rows edited, deleted, reordered, cut off), schema versions, foreign and corrupt
//! files, locks, a full disk, and personal data erased while the log still verifies.

mod common;

use common::{family_commands, log, partnership_commands, start};
use kooperacje::person::{PersonRecord, Redaction};
use kooperacje::{PersonRef, State, StreamId, ZzkId};
use kooperacje_store::{
    Batch, LinkProblem, OpenOptions, PersonEntry, Store, StoreError, SCHEMA_VERSION,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn create(dir: &tempfile::TempDir) -> (PathBuf, Store) {
    let path = dir.path().join("k.db");
    let opts = OpenOptions {
        create: true,
        ..OpenOptions::default()
    };
    let store = Store::open(&path, &opts).unwrap();
    (path, store)
}

fn open(path: &Path) -> Result<Store, StoreError> {
    Store::open(
        path,
        &OpenOptions {
            busy_timeout: Duration::from_millis(200),
            ..OpenOptions::default()
        },
    )
}

/// A store holding the PZK and `families` lifecycles, appended stream by stream.
fn filled(
    dir: &tempfile::TempDir,
    families: usize,
) -> (PathBuf, Store, Vec<kooperacje::EventEnvelope>) {
    let (path, mut store) = create(dir);
    let events = log(families);
    for e in &events {
        let stream = e.event.stream();
        let v = store.stream_version(&stream).unwrap();
        store.append(&stream, v, std::slice::from_ref(e)).unwrap();
    }
    (path, store, events)
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

#[test]
fn appended_events_read_back_identical_with_versions_per_stream() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store, events) = filled(&dir, 3);
    assert_eq!(store.events().unwrap(), events);
    assert_eq!(store.head().unwrap(), events.len() as u64);
    let zzk = StreamId::Zzk(ZzkId::from("z1"));
    let in_stream = events.iter().filter(|e| e.event.stream() == zzk).count() as u64;
    assert!(in_stream > 10);
    assert_eq!(store.stream_version(&zzk).unwrap(), in_stream);
    let mut versions = Vec::new();
    store
        .for_each_event(0, |s| {
            if s.event.event.stream() == zzk {
                versions.push(s.version)
            }
        })
        .unwrap();
    assert_eq!(versions, (1..=in_stream).collect::<Vec<_>>());
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert!(store.verify(|_, _| {}).unwrap().ok());
}

#[test]
fn appending_at_a_stale_version_is_a_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store, events) = filled(&dir, 1);
    let last = events.last().unwrap().clone();
    let stream = last.event.stream();
    let current = store.stream_version(&stream).unwrap();
    let head = store.head().unwrap();
    for stale in [0, current - 1, current + 1] {
        let err = store
            .append(&stream, stale, std::slice::from_ref(&last))
            .unwrap_err();
        assert_eq!(err.code(), "STORE_CONFLICT", "expected {stale}");
        assert!(matches!(err, StoreError::Conflict { actual, .. } if actual == current));
    }
    assert_eq!(store.head().unwrap(), head);
    // An event of another stream is refused before anything is read or written.
    let other = StreamId::Zzk(ZzkId::from("elsewhere"));
    let err = store
        .append(&other, 0, std::slice::from_ref(&last))
        .unwrap_err();
    assert_eq!(err.code(), "STORE_WRONG_STREAM");
    assert_eq!(store.head().unwrap(), head);
}

#[test]
fn two_handles_deciding_on_the_same_zzk_one_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut a) = create(&dir);
    let mut b = open(&path).unwrap();
    let mut la = a.load(|_, _| {}).unwrap();
    let cmds: Vec<_> = partnership_commands()
        .into_iter()
        .chain(family_commands(0))
        .collect();
    for c in &cmds[..cmds.len() - 5] {
        a.execute(&mut la, c).unwrap();
    }
    let mut lb = b.load(|_, _| {}).unwrap();
    let next = &cmds[cmds.len() - 5];
    let mut batch_a = Batch::new(&la);
    batch_a.execute(next).unwrap();
    let mut batch_b = Batch::new(&lb);
    batch_b.execute(next).unwrap();
    a.commit(&mut la, batch_a).unwrap();
    let err = b.commit(&mut lb, batch_b).unwrap_err();
    assert_eq!(err.code(), "STORE_CONFLICT");
    // The loser catches up and the command is now rejected by the rules or accepted again;
    // either way the log is whole.
    b.catch_up(&mut lb).unwrap();
    assert_eq!(lb.state, la.state);
    assert!(b.verify(|_, _| {}).unwrap().ok());
}

#[test]
fn load_equals_replay_and_a_domain_rejection_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store, events) = filled(&dir, 2);
    let mut loaded = store.load(|_, _| {}).unwrap();
    assert_eq!(loaded.state, State::replay(&events));
    let head = loaded.head;
    // Replaying the first command of family 0 again: the case exists already.
    let again = family_commands(0).remove(0);
    let err = store.execute(&mut loaded, &again).unwrap_err();
    assert!(err.is_domain(), "{err:?}");
    assert_eq!(store.head().unwrap(), head);
    let fresh = family_commands(7);
    let produced = store.execute(&mut loaded, &fresh[0]).unwrap();
    assert_eq!(store.head().unwrap(), head + produced.len() as u64);
    assert_eq!(loaded.state, State::replay(&store.events().unwrap()));
}

fn broken(store: &Store) -> (u64, LinkProblem) {
    let v = store.verify(|_, _| {}).unwrap();
    let b = v.broken.expect("the chain should be broken");
    (b.seq, b.problem)
}

#[test]
fn verify_names_the_first_edited_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, _) = filled(&dir, 2);
    drop(store);
    let c = raw(&path);
    c.execute(
        "UPDATE events SET body = replace(body, '\"actor\":\"', '\"actor\":\"x') WHERE seq = 40",
        [],
    )
    .unwrap();
    assert_eq!(
        broken(&open(&path).unwrap()),
        (40, LinkProblem::HashMismatch)
    );
}

#[test]
fn verify_detects_a_rewritten_hash_chain_column_and_a_deleted_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, _) = filled(&dir, 2);
    drop(store);
    let c = raw(&path);
    c.execute("DELETE FROM events WHERE seq = 25", []).unwrap();
    // The row after the gap no longer links to its predecessor.
    assert_eq!(
        broken(&open(&path).unwrap()),
        (26, LinkProblem::HashMismatch)
    );
}

#[test]
fn verify_detects_a_changed_index_column_and_a_cut_off_tail() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, events) = filled(&dir, 1);
    drop(store);
    let c = raw(&path);
    let original: String = c
        .query_row("SELECT stream FROM events WHERE seq = 30", [], |r| r.get(0))
        .unwrap();
    c.execute("UPDATE events SET stream = 'zzk/other' WHERE seq = 30", [])
        .unwrap();
    assert_eq!(
        broken(&open(&path).unwrap()),
        (30, LinkProblem::ColumnMismatch { column: "stream" })
    );
    c.execute("UPDATE events SET stream = ?1 WHERE seq = 30", [original])
        .unwrap();
    assert!(open(&path).unwrap().verify(|_, _| {}).unwrap().ok());
    let n = events.len() as u64;
    c.execute("DELETE FROM events WHERE seq >= ?1", [n - 1])
        .unwrap();
    assert_eq!(
        broken(&open(&path).unwrap()),
        (n - 1, LinkProblem::Truncated { recorded_head: n })
    );
}

#[test]
fn a_file_from_schema_version_1_is_migrated_and_its_log_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, events) = filled(&dir, 1);
    drop(store);
    // Turn the file back into a version-1 file: no personal-data table, no command ids.
    let c = raw(&path);
    c.execute_batch(
        "DROP TABLE personal_data; DROP INDEX events_by_command; DROP INDEX events_by_stream_time;
         ALTER TABLE events DROP COLUMN command_id; PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(c);
    let mut store = open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.events().unwrap(), events);
    assert!(store.verify(|_, _| {}).unwrap().ok());
    store.put_person(&person("p1"), start()).unwrap();
}

#[test]
fn a_file_from_a_newer_version_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, _) = filled(&dir, 1);
    drop(store);
    raw(&path)
        .execute_batch(&format!("PRAGMA user_version = {};", SCHEMA_VERSION + 1))
        .unwrap();
    let err = open(&path).unwrap_err();
    assert_eq!(err.code(), "STORE_TOO_NEW");
    assert!(err.message_pl().contains("zaktualizuj"));
    let v: u32 = raw(&path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 1);
}

#[test]
fn missing_foreign_and_garbage_files_are_named_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.db");
    assert_eq!(open(&missing).unwrap_err().code(), "STORE_MISSING");
    assert!(!missing.exists(), "opening without create must not create");

    let foreign = dir.path().join("foreign.db");
    raw(&foreign)
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);")
        .unwrap();
    assert_eq!(open(&foreign).unwrap_err().code(), "STORE_FOREIGN");
    let tables: i64 = raw(&foreign)
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1, "a foreign file is not touched");

    let garbage = dir.path().join("garbage.db");
    std::fs::write(
        &garbage,
        b"PK\x03\x04 this is a zip file, not SQLite ".repeat(200),
    )
    .unwrap();
    assert_eq!(open(&garbage).unwrap_err().code(), "STORE_NOT_A_DATABASE");

    // A kooperacje file cut in half.
    let inner = tempfile::tempdir_in(dir.path()).unwrap();
    let (path, store, _) = filled(&inner, 3);
    store
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(store);
    let bytes = std::fs::read(&path).unwrap();
    let half = dir.path().join("half.db");
    std::fs::write(&half, &bytes[..bytes.len() / 2]).unwrap();
    let outcome = open(&half).and_then(|s| s.verify(|_, _| {}).map(|v| v.ok()));
    assert!(
        matches!(&outcome, Err(e) if e.code() == "STORE_NOT_A_DATABASE" || e.code() == "STORE_CORRUPT")
            || matches!(outcome, Ok(false)),
        "{outcome:?}"
    );
}

#[test]
fn a_locked_database_fails_with_store_locked_and_can_still_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store, events) = filled(&dir, 1);
    drop(store);
    let holder = raw(&path);
    holder.execute_batch("BEGIN EXCLUSIVE;").unwrap();
    let mut store = open(&path).unwrap();
    let last = events.last().unwrap();
    let stream = last.event.stream();
    let v = store.stream_version(&stream).unwrap();
    let err = store
        .append(&stream, v, std::slice::from_ref(last))
        .unwrap_err();
    assert_eq!(err.code(), "STORE_LOCKED");
    assert_eq!(
        store.events().unwrap(),
        events,
        "readers are not blocked in WAL mode"
    );
    holder.execute_batch("ROLLBACK;").unwrap();
    assert_eq!(store.head().unwrap(), events.len() as u64);
}

#[test]
fn a_full_disk_fails_with_store_full_and_leaves_the_file_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = create(&dir);
    let events = log(40);
    // The file may not grow past its current size plus a few pages.
    let pages: i64 = store
        .connection()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .connection()
        .query_row(
            &format!("PRAGMA max_page_count = {}", pages + 8),
            [],
            |_| Ok(()),
        )
        .unwrap();
    let mut written = 0;
    let err = loop {
        let chunk = &events[written..written + 1];
        let stream = chunk[0].event.stream();
        let v = store.stream_version(&stream).unwrap();
        match store.append(&stream, v, chunk) {
            Ok(_) => written += 1,
            Err(e) => break e,
        }
        assert!(written < events.len(), "the limit was never reached");
    };
    assert_eq!(err.code(), "STORE_FULL", "{err}");
    drop(store);
    let store = open(&path).unwrap();
    assert_eq!(store.events().unwrap(), events[..written]);
    assert!(store.verify(|_, _| {}).unwrap().ok());
}

fn person(id: &str) -> PersonRecord {
    PersonRecord {
        id: PersonRef::from(id),
        given_name: "Anna".into(),
        family_name: "Kowalska".into(),
        pesel: Some("85010112345".into()),
        address: Some("ul. Polna 1, Wólka".into()),
        postcode: Some("05-830".into()),
        phone: Some("+48 600 100 200".into()),
        email: Some("anna.kowalska@example.pl".into()),
        birth_year: Some(1985),
    }
}

#[test]
fn erasing_personal_data_keeps_the_log_replaying_and_verifying() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store, events) = filled(&dir, 2);
    store.put_person(&person("anna"), start()).unwrap();
    store.put_person(&person("jan"), start()).unwrap();
    assert_eq!(
        store.person(&PersonRef::from("anna")).unwrap(),
        Some(PersonEntry::Present(person("anna")))
    );
    let before = store.verify(|_, _| {}).unwrap();

    let erased = store
        .erase_person(&PersonRef::from("anna"), None, start())
        .unwrap();
    assert_eq!(erased, Some(Redaction::Erased));
    assert_eq!(
        store.person(&PersonRef::from("anna")).unwrap(),
        Some(PersonEntry::Erased)
    );
    let pseudo = store
        .erase_person(&PersonRef::from("jan"), Some("Osoba 17"), start())
        .unwrap();
    assert_eq!(pseudo, Some(Redaction::Pseudonymised));
    match store.person(&PersonRef::from("jan")).unwrap() {
        Some(PersonEntry::Pseudonymised(p)) => {
            assert_eq!(p.given_name, "Osoba 17");
            assert_eq!((p.pesel, p.address, p.phone), (None, None, None));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        store
            .erase_person(&PersonRef::from("nobody"), None, start())
            .unwrap(),
        None
    );
    drop(store);
    // The erased name and PESEL are gone from the file's bytes, not only from the table.
    let bytes = std::fs::read(&path).unwrap();
    let wal = std::fs::read(path.with_extension("db-wal")).unwrap_or_default();
    for needle in [&b"85010112345"[..], b"Polna"] {
        let found = |hay: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
        assert!(
            !found(&bytes) && !found(&wal),
            "{:?} still in the file",
            String::from_utf8_lossy(needle)
        );
    }
    let store = open(&path).unwrap();
    let after = store.verify(|_, _| {}).unwrap();
    assert!(after.ok());
    assert_eq!(after.head_hash, before.head_hash);
    assert_eq!(store.load(|_, _| {}).unwrap().state, State::replay(&events));
}

#[test]
fn invalid_personal_data_is_rejected_with_the_cores_code() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = create(&dir);
    let mut p = person("p");
    p.family_name = String::new();
    let err = store.put_person(&p, start()).unwrap_err();
    assert!(err.is_domain());
    assert_eq!(store.person(&PersonRef::from("p")).unwrap(), None);
}

#[test]
fn a_long_replay_on_worker_threads_equals_the_cores_replay_and_reports_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = create(&dir);
    // More than the 20,000 events from which a replay decodes on worker threads.
    let events = log(1_300);
    assert!(events.len() > 24_000);
    store.append_checked(&[], &events).unwrap();
    let loaded = store.load(|_, _| {}).unwrap();
    assert_eq!(loaded.head, events.len() as u64);
    assert_eq!(loaded.state, State::replay(&events));
    drop(store);
    raw(&path)
        .execute("UPDATE events SET body = '{broken' WHERE seq = 23456", [])
        .unwrap();
    let err = open(&path).unwrap().load(|_, _| {}).unwrap_err();
    assert!(
        matches!(err, StoreError::Corrupt { seq: 23456, .. }),
        "{err:?}"
    );
}

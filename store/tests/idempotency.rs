//! Idempotent appends (event schema 2, store schema 3): a retried command is answered with its
//! original events and written once; one id on two different acts is refused; a log imported
//! twice adds nothing; the command id column is checked by `verify`; and a database of schema 2,
//! whose events are of event schema 1, migrates and goes on.

mod common;

use common::{family_commands, log, partnership_commands};
use kooperacje::{CommandEnvelope, CommandId, EventEnvelope, State};
use kooperacje_store::{
    chain, derive_command_id, Batch, LinkProblem, Loaded, OpenOptions, Store, StoreError,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

fn create(dir: &tempfile::TempDir) -> (PathBuf, Store) {
    let path = dir.path().join("k.db");
    let opts = OpenOptions {
        create: true,
        ..OpenOptions::default()
    };
    (path.clone(), Store::open(&path, &opts).unwrap())
}

fn open(path: &Path) -> Store {
    Store::open(path, &OpenOptions::default()).unwrap()
}

/// A store with the PZK and family 0 up to its consent; the next command is the appointment.
fn before_appointment(dir: &tempfile::TempDir) -> (PathBuf, Store, Loaded, CommandEnvelope) {
    let (path, mut store) = create(dir);
    let mut loaded = store.load(|_, _| {}).unwrap();
    let family = family_commands(0);
    for c in partnership_commands().iter().chain(&family[..6]) {
        store.execute(&mut loaded, c).unwrap();
    }
    (path, store, loaded, family[6].clone())
}

fn with_id(cmd: &CommandEnvelope, id: &str) -> CommandEnvelope {
    CommandEnvelope {
        command_id: Some(CommandId::new(id)),
        ..cmd.clone()
    }
}

#[test]
fn a_retried_command_is_answered_with_its_original_events_and_written_once() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store, mut loaded, appoint) = before_appointment(&dir);
    let cmd = with_id(&appoint, "req-7f3a");
    let first = store.execute(&mut loaded, &cmd).unwrap();
    assert_eq!(first.len(), 2, "the registry entry and the appointment");
    assert!(first.iter().all(|e| e.command_id == cmd.command_id));
    let head = store.head().unwrap();
    // The answer was lost; the host sends the same command again, from a fresh process.
    let mut again = open(&path);
    let mut reloaded = again.load(|_, _| {}).unwrap();
    let second = again.execute(&mut reloaded, &cmd).unwrap();
    assert_eq!(second, first);
    assert_eq!(again.head().unwrap(), head, "nothing was written twice");
    assert_eq!(
        again
            .events_of_command(cmd.command_id.as_ref().unwrap())
            .unwrap(),
        first
    );
    // Without its id the same command is decided again, and the rules refuse it.
    assert_eq!(
        again.execute(&mut reloaded, &appoint).unwrap_err().code(),
        "ZZK_WRONG_STAGE"
    );
    assert!(again.verify(|_, _| {}).unwrap().ok());
}

#[test]
fn a_retry_racing_the_first_attempt_gets_the_first_attempts_events() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store, mut loaded, appoint) = before_appointment(&dir);
    let cmd = with_id(&appoint, "req-race");
    // B decides before A writes, so it passed the look-up; its append must not write again.
    let other = open(&path);
    let b_loaded = other.load(|_, _| {}).unwrap();
    let b_events = b_loaded.state.decide(&cmd).unwrap();
    let first = store.execute(&mut loaded, &cmd).unwrap();
    let mut b_store = other;
    let mut expected = Vec::new();
    for e in &b_events {
        let s = e.event.stream();
        if !expected.iter().any(|(x, _)| x == &s) {
            expected.push((
                s.clone(),
                b_store.stream_version_at(&s, b_loaded.head).unwrap(),
            ));
        }
    }
    let err = b_store.append_checked(&expected, &b_events).unwrap_err();
    assert_eq!(err.code(), "STORE_DUPLICATE_COMMAND");
    // Through `execute`, B's retry is simply answered.
    let mut b_loaded = b_loaded;
    assert_eq!(b_store.execute(&mut b_loaded, &cmd).unwrap(), first);
    assert_eq!(
        b_store.events().unwrap().len(),
        store.events().unwrap().len()
    );
}

#[test]
fn one_command_id_on_two_different_acts_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store, mut loaded, appoint) = before_appointment(&dir);
    store
        .execute(&mut loaded, &with_id(&appoint, "req-1"))
        .unwrap();
    let family = family_commands(0);
    let next = with_id(&family[7], "req-1");
    let head = store.head().unwrap();
    let err = store.execute(&mut loaded, &next).unwrap_err();
    assert!(matches!(err, StoreError::CommandIdReused { .. }), "{err:?}");
    assert_eq!(err.code(), "STORE_COMMAND_ID_REUSED");
    assert!(!err.message_pl().is_empty());
    assert_eq!(store.head().unwrap(), head);
}

#[test]
fn derived_command_ids_name_the_command_and_nothing_else() {
    let family = family_commands(0);
    let a = derive_command_id(&family[6]);
    assert_eq!(a, derive_command_id(&family[6]));
    assert_eq!(a, derive_command_id(&with_id(&family[6], "ignored")));
    assert_ne!(a, derive_command_id(&family[7]));
    let mut later = family[6].clone();
    later.at += chrono::Duration::seconds(1);
    assert_ne!(a, derive_command_id(&later));
    assert!(
        a.as_str().starts_with("sha256:") && a.as_str().len() == 39,
        "{a}"
    );
    // A derived id has the id form the core requires.
    let mut state = State::new();
    for c in partnership_commands() {
        state.execute(&c).unwrap();
    }
    let first = with_id(&family[0], derive_command_id(&family[0]).as_str());
    assert!(state.execute(&first).is_ok());
}

fn import(store: &mut Store, events: &[EventEnvelope]) -> (usize, usize) {
    let mut loaded = store.load(|_, _| {}).unwrap();
    let mut batch = Batch::new(&loaded);
    let (mut new, mut old) = (0, 0);
    for e in events {
        if batch.admit_new(store, e.clone()).unwrap() {
            new += 1;
        } else {
            old += 1;
        }
    }
    if new > 0 {
        store.commit(&mut loaded, batch).unwrap();
    }
    (new, old)
}

#[test]
fn a_log_imported_twice_adds_nothing_the_second_time() {
    let events = log(2);
    // Half of the log with command ids (a host that gives them), half without (schema 1 logs).
    let events: Vec<EventEnvelope> = events
        .into_iter()
        .enumerate()
        .map(|(i, mut e)| {
            if i % 2 == 0 {
                e.command_id = Some(CommandId::new(format!("c-{i}")));
            }
            e
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = create(&dir);
    assert_eq!(import(&mut store, &events), (events.len(), 0));
    let head = store.head().unwrap();
    assert_eq!(import(&mut store, &events), (0, events.len()));
    assert_eq!(store.head().unwrap(), head);
    // The same event many times in one file is imported once.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut fresh) = create(&dir);
    let mut repeated = events[..3].to_vec();
    for _ in 0..1_000 {
        repeated.push(events[2].clone());
    }
    assert_eq!(import(&mut fresh, &repeated), (3, 1_000));
    assert_eq!(fresh.head().unwrap(), 3);
    // An event under a stored command id that is not the stored event is not quietly skipped.
    let mut forged = events[0].clone();
    forged.actor = "someone-else".into();
    let mut loaded = store.load(|_, _| {}).unwrap();
    let mut batch = Batch::new(&loaded);
    let err = batch.admit_new(&store, forged).unwrap_err();
    assert_eq!(err.code(), "STORE_COMMAND_ID_REUSED");
    let _ = &mut loaded;
    assert!(store.verify(|_, _| {}).unwrap().ok());
}

#[test]
fn verify_checks_the_command_id_column_against_the_body() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store, mut loaded, appoint) = before_appointment(&dir);
    store
        .execute(&mut loaded, &with_id(&appoint, "req-9"))
        .unwrap();
    let head = store.head().unwrap();
    drop(store);
    let c = Connection::open(&path).unwrap();
    c.execute(
        "UPDATE events SET command_id = 'req-other' WHERE seq = ?1",
        [head],
    )
    .unwrap();
    let v = open(&path).verify(|_, _| {}).unwrap();
    assert_eq!(
        v.broken.map(|b| (b.seq, b.problem)),
        Some((
            head,
            LinkProblem::ColumnMismatch {
                column: "command_id"
            }
        ))
    );
}

/// A database as version 2 of the store wrote it: its own schema, events of event schema 1.
fn schema_2_database(path: &Path, events: &[EventEnvelope]) {
    let c = Connection::open(path).unwrap();
    c.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE events (seq INTEGER PRIMARY KEY, stream TEXT NOT NULL, version INTEGER NOT NULL,
             at TEXT NOT NULL, type TEXT NOT NULL, body TEXT NOT NULL, hash BLOB NOT NULL,
             UNIQUE (stream, version)) STRICT;
         CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
         CREATE TABLE personal_data (kind TEXT NOT NULL CHECK (kind IN ('person', 'note')),
             ref TEXT NOT NULL, body TEXT, redaction TEXT CHECK (redaction IN ('erased', 'pseudonymised')),
             changed_at TEXT NOT NULL, PRIMARY KEY (kind, ref)) STRICT;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    c.execute_batch(&format!(
        "PRAGMA application_id = {};",
        kooperacje_store::schema::APPLICATION_ID
    ))
    .unwrap();
    let mut prev = chain::GENESIS;
    let mut versions = std::collections::HashMap::new();
    for (i, e) in events.iter().enumerate() {
        let body = serde_json::to_string(e).unwrap();
        prev = chain::link(&prev, &body);
        let stream = match e.event.stream() {
            kooperacje::StreamId::Partnership(id) => format!("partnership/{id}"),
            kooperacje::StreamId::Zzk(id) => format!("zzk/{id}"),
        };
        let v = versions.entry(stream.clone()).or_insert(0);
        *v += 1;
        let kind = serde_json::to_value(&e.event).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_owned();
        c.execute(
            "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            rusqlite::params![
                (i + 1) as i64,
                stream,
                *v,
                e.at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
                kind,
                body,
                &prev[..]
            ],
        )
        .unwrap();
    }
    c.execute(
        "INSERT INTO meta VALUES ('head', ?1)",
        [format!("{} {}", events.len(), chain::hex(&prev))],
    )
    .unwrap();
}

#[test]
fn a_database_of_schema_2_with_events_of_schema_1_migrates_and_goes_on() {
    // The log up to family 0's consent, as a version-1 writer wrote it.
    let mut state = State::new();
    let mut old = Vec::new();
    let family = family_commands(0);
    for c in partnership_commands().iter().chain(&family[..6]) {
        for mut e in state.execute(c).unwrap() {
            e.schema = 1;
            old.push(e);
        }
    }
    assert!(serde_json::to_string(&old[0])
        .unwrap()
        .starts_with(r#"{"schema":1,"#));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    schema_2_database(&path, &old);
    let mut store = open(&path);
    assert_eq!(
        store.schema_version().unwrap(),
        kooperacje_store::SCHEMA_VERSION
    );
    assert!(
        store.verify(|_, _| {}).unwrap().ok(),
        "the old log still verifies"
    );
    assert_eq!(
        store.events().unwrap(),
        old,
        "and reads back as it was written"
    );
    let mut loaded = store.load(|_, _| {}).unwrap();
    assert_eq!(loaded.state, state);
    let cmd = with_id(&family[6], "req-after-migration");
    let events = store.execute(&mut loaded, &cmd).unwrap();
    assert!(events
        .iter()
        .all(|e| e.schema == kooperacje::SCHEMA_VERSION));
    assert!(
        store.verify(|_, _| {}).unwrap().ok(),
        "old and new events in one chain"
    );
    assert_eq!(store.execute(&mut loaded, &cmd).unwrap(), events);
}

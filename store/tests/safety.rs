//! Nothing lost in the store itself: many opens at once on a new path, an erasure that another
//! reader keeps from finishing, and a read-only open that never creates, migrates or writes.

mod common;

use kooperacje::person::PersonRecord;
use kooperacje::PersonRef;
use kooperacje_store::{OpenOptions, Store};
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::time::Duration;

fn opts(create: bool) -> OpenOptions {
    OpenOptions {
        create,
        busy_timeout: Duration::from_secs(5),
        ..OpenOptions::default()
    }
}

#[test]
fn many_creating_opens_at_once_on_a_new_path_all_succeed() {
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = Arc::new(dir.path().join("new.db"));
        let n = 8;
        let barrier = Arc::new(Barrier::new(n));
        let threads: Vec<_> = (0..n)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&*path, &opts(true)).map(|s| s.head().unwrap())
                })
            })
            .collect();
        for t in threads {
            let outcome = t.join().unwrap();
            assert!(
                matches!(outcome, Ok(0)),
                "round {round}: {:?}",
                outcome.map_err(|e| format!("{} {e}", e.code()))
            );
        }
        let store = Store::open(&*path, &opts(false)).unwrap();
        assert!(store.verify(|_, _| {}).unwrap().ok());
    }
}

fn person() -> PersonRecord {
    PersonRecord {
        id: PersonRef::from("p-7"),
        given_name: "Bogumiła".into(),
        family_name: "Przybylska".into(),
        pesel: Some("85010112345".into()),
        address: Some("ul. Leśna 4, Zalesie".into()),
        postcode: Some("05-830".into()),
        phone: Some("+48 601 202 303".into()),
        email: Some("b.przybylska@example.pl".into()),
        birth_year: Some(1985),
    }
}

const SECRETS: [&str; 5] = [
    "Przybylska",
    "85010112345",
    "+48 601 202 303",
    "b.przybylska@example.pl",
    "Leśna 4",
];

fn left_in_files(path: &Path) -> Vec<&'static str> {
    let mut hay = std::fs::read(path).unwrap();
    let mut wal = path.to_owned().into_os_string();
    wal.push("-wal");
    hay.extend(std::fs::read(wal).unwrap_or_default());
    SECRETS
        .into_iter()
        .filter(|n| hay.windows(n.len()).any(|w| w == n.as_bytes()))
        .collect()
}

#[test]
fn an_erasure_another_reader_keeps_from_finishing_is_reported_then_finished() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut store = Store::open(&path, &opts(true)).unwrap();
    store.put_person(&person(), common::start()).unwrap();
    assert_eq!(left_in_files(&path), SECRETS);
    let reader = rusqlite::Connection::open(&path).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM personal_data;")
        .unwrap();
    let mut store = Store::open(
        &path,
        &OpenOptions {
            busy_timeout: Duration::from_millis(150),
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let outcome = store.erase_person(&PersonRef::from("p-7"), None, common::start());
    let left = left_in_files(&path);
    match &outcome {
        Ok(_) => assert!(
            left.is_empty(),
            "erase said {outcome:?}, but {left:?} remain"
        ),
        Err(e) => assert_eq!(e.code(), "STORE_ERASE_PENDING", "{e}"),
    }
    assert!(outcome.is_err(), "a reader holds old pages: {left:?}");
    let err = outcome.unwrap_err();
    assert!(
        err.message_pl().contains("ponownie"),
        "{}",
        err.message_pl()
    );
    assert!(err.to_string().contains("again"), "{err}");
    reader.execute_batch("COMMIT;").unwrap();
    drop(reader);
    let done = store
        .erase_person(&PersonRef::from("p-7"), None, common::start())
        .unwrap();
    assert_eq!(done, Some(kooperacje::person::Redaction::Erased));
    assert_eq!(left_in_files(&path), Vec::<&str>::new());
}

fn sidecars(path: &Path) -> [std::path::PathBuf; 2] {
    ["-wal", "-shm"].map(|s| {
        let mut p = path.to_owned().into_os_string();
        p.push(s);
        p.into()
    })
}

#[test]
fn a_read_only_open_never_creates_migrates_or_writes() {
    let dir = tempfile::tempdir().unwrap();
    // Missing: not created, even if `create` is asked for too.
    let missing = dir.path().join("none.db");
    let both = OpenOptions {
        create: true,
        ..OpenOptions::for_reading()
    };
    assert_eq!(
        Store::open(&missing, &both).unwrap_err().code(),
        "STORE_MISSING"
    );
    assert!(!missing.exists());
    // 0 bytes: empty, and still 0 bytes.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let err = Store::open(&empty, &OpenOptions::for_reading()).unwrap_err();
    assert_eq!(err.code(), "STORE_EMPTY");
    assert!(err.message_pl().contains("pusty"), "{}", err.message_pl());
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    assert!(sidecars(&empty).iter().all(|p| !p.exists()));
    // SQLite without tables: empty too.
    let blank = dir.path().join("blank.db");
    rusqlite::Connection::open(&blank)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); DROP TABLE t;")
        .unwrap();
    let before = std::fs::read(&blank).unwrap();
    let err = Store::open(&blank, &OpenOptions::for_reading()).unwrap_err();
    assert_eq!(err.code(), "STORE_EMPTY");
    assert_eq!(std::fs::read(&blank).unwrap(), before);

    // A kooperacje file: read, never written.
    let path = dir.path().join("k.db");
    let mut writer = Store::open(&path, &opts(true)).unwrap();
    let events = common::log(1);
    for e in &events {
        let s = e.event.stream();
        let v = writer.stream_version(&s).unwrap();
        writer.append(&s, v, std::slice::from_ref(e)).unwrap();
    }
    drop(writer);
    let before = std::fs::read(&path).unwrap();
    let mut reader = Store::open(&path, &OpenOptions::for_reading()).unwrap();
    assert_eq!(reader.events().unwrap(), events);
    assert!(reader.verify(|_, _| {}).unwrap().ok());
    let last = events.last().unwrap();
    let err = reader
        .append(&last.event.stream(), 0, std::slice::from_ref(last))
        .unwrap_err();
    assert_eq!(err.code(), "STORE_READ_ONLY");
    assert_eq!(
        reader
            .put_person(&person(), common::start())
            .unwrap_err()
            .code(),
        "STORE_READ_ONLY"
    );
    drop(reader);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // An older schema: refused, not migrated.
    let c = rusqlite::Connection::open(&path).unwrap();
    c.execute_batch("DROP TABLE personal_data; PRAGMA user_version = 1;")
        .unwrap();
    drop(c);
    let err = Store::open(&path, &OpenOptions::for_reading()).unwrap_err();
    assert_eq!(err.code(), "STORE_NEEDS_UPGRADE");
    assert!(err.to_string().contains("kooperacje init"), "{err}");
    let version: u32 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
}

#[test]
fn a_read_only_open_sees_what_a_writer_still_open_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.db");
    let mut writer = Store::open(&path, &opts(true)).unwrap();
    let events = common::log(0);
    let s = events[0].event.stream();
    writer.append(&s, 0, &events[..1]).unwrap();
    let reader = Store::open(&path, &OpenOptions::for_reading()).unwrap();
    assert_eq!(reader.head().unwrap(), 1);
    let v = writer.stream_version(&events[1].event.stream()).unwrap();
    writer
        .append(&events[1].event.stream(), v, &events[1..2])
        .unwrap();
    assert_eq!(reader.head().unwrap(), 2);
    assert!(reader.verify(|_, _| {}).unwrap().ok());
}

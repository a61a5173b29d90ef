//! Tamper evidence beyond the file. Whoever can write the database can rewrite an unkeyed hash
//! chain so that `verify` passes (the first test shows the gap); a chain key kept outside the
//! file and anchors filed elsewhere catch what the plain chain cannot. The attacker's edits here
//! use only SQL and SHA-256, as anyone with the file could.

mod common;

use common::log;
use kooperacje::EventEnvelope;
use kooperacje_store::chain::{hex, link, Hash, GENESIS};
use kooperacje_store::{
    Anchor, ChainKey, HeadWarning, LinkProblem, OpenOptions, Store, Verification,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

const KEY: [u8; 32] = *b"0123456789abcdef-kooperacje-key!";
const OTHER_KEY: [u8; 32] = *b"another key, not the log's key!!";

fn key() -> ChainKey {
    ChainKey::from_bytes(&KEY).unwrap()
}

fn options(key: Option<ChainKey>) -> OpenOptions {
    OpenOptions {
        create: true,
        chain_key: key,
        ..OpenOptions::default()
    }
}

fn append_all(store: &mut Store, events: &[EventEnvelope]) {
    for e in events {
        let s = e.event.stream();
        let v = store.stream_version(&s).unwrap();
        store.append(&s, v, std::slice::from_ref(e)).unwrap();
    }
}

/// A database at `dir/k.db` holding `events`, written with `key`.
fn written(dir: &Path, events: &[EventEnvelope], key: Option<ChainKey>) -> PathBuf {
    let path = dir.join("k.db");
    let mut store = Store::open(&path, &options(key)).unwrap();
    append_all(&mut store, events);
    path
}

fn verify(path: &Path, key: Option<ChainKey>, anchors: &[Anchor]) -> Verification {
    let store = Store::open(
        path,
        &OpenOptions {
            chain_key: key,
            ..OpenOptions::for_reading()
        },
    )
    .unwrap();
    store.verify_anchored(anchors, |_, _| {}).unwrap()
}

fn problem(v: &Verification) -> Option<(u64, LinkProblem)> {
    v.broken.as_ref().map(|b| (b.seq, b.problem.clone()))
}

/// What someone with write access to the file (and without the key) can do: recompute every
/// SHA-256 link from row `from` on and record the new head.
fn rehash_from(path: &Path, from: u64) {
    let c = Connection::open(path).unwrap();
    let mut prev: Hash = if from == 1 {
        GENESIS
    } else {
        c.query_row("SELECT hash FROM events WHERE seq = ?1", [from - 1], |r| {
            r.get::<_, Vec<u8>>(0)
        })
        .unwrap()
        .try_into()
        .unwrap()
    };
    let rows: Vec<(u64, String)> = c
        .prepare("SELECT seq, body FROM events WHERE seq >= ?1 ORDER BY seq")
        .unwrap()
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut last = from - 1;
    for (seq, body) in rows {
        prev = link(&prev, &body);
        c.execute(
            "UPDATE events SET hash = ?1 WHERE seq = ?2",
            rusqlite::params![&prev[..], seq],
        )
        .unwrap();
        last = seq;
    }
    set_head(&c, last, &prev);
}

fn set_head(c: &Connection, seq: u64, hash: &Hash) {
    c.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'head'",
        [format!("{seq} {}", hex(hash))],
    )
    .unwrap();
}

/// Removes the rows after `keep` and records row `keep` as the head.
fn cut_tail(path: &Path, keep: u64) {
    let c = Connection::open(path).unwrap();
    c.execute("DELETE FROM events WHERE seq > ?1", [keep])
        .unwrap();
    let hash: Vec<u8> = c
        .query_row("SELECT hash FROM events WHERE seq = ?1", [keep], |r| {
            r.get(0)
        })
        .unwrap();
    set_head(&c, keep, &hash.try_into().unwrap());
}

/// Changes the actor of row `seq` (the body stays canonical: the actor is free text).
fn edit(path: &Path, seq: u64) {
    Connection::open(path)
        .unwrap()
        .execute(
            "UPDATE events SET body = replace(body, '\"actor\":\"', '\"actor\":\"x') WHERE seq = ?1",
            [seq],
        )
        .unwrap();
}

#[test]
fn the_gap_an_unkeyed_chain_rewritten_by_hand_verifies_but_misses_its_anchor() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let n = events.len() as u64;
    let path = written(dir.path(), &events, None);
    let anchor = Store::open(&path, &OpenOptions::for_reading())
        .unwrap()
        .anchor()
        .unwrap();
    assert_eq!(anchor.seq, Some(n));
    assert!(verify(&path, None, &[anchor]).ok());

    // Cut the tail, fix the head: the plain chain cannot tell.
    cut_tail(&path, n - 5);
    let v = verify(&path, None, &[]);
    assert!(v.ok(), "the gap: {v:?}");
    let v = verify(&path, None, &[anchor]);
    assert_eq!(
        problem(&v),
        Some((n, LinkProblem::AnchorMissing { anchor })),
        "{v:?}"
    );

    // Edit an old row and re-hash: the plain chain cannot tell either.
    let dir = tempfile::tempdir().unwrap();
    let path = written(dir.path(), &events, None);
    let early = Store::open(&path, &OpenOptions::for_reading())
        .unwrap()
        .anchor()
        .unwrap();
    edit(&path, 10);
    rehash_from(&path, 10);
    assert!(verify(&path, None, &[]).ok(), "the gap");
    let v = verify(&path, None, &[early]);
    assert_eq!(
        problem(&v),
        Some((n, LinkProblem::AnchorMismatch { anchor: early })),
        "{v:?}"
    );
    // Given as the bare hash `verify` prints, the anchor fails as well: no row has it any more.
    let bare = Anchor::parse(&hex(&early.hash)).unwrap();
    let v = verify(&path, None, &[bare]);
    assert!(
        matches!(problem(&v), Some((_, LinkProblem::AnchorMissing { .. }))),
        "{v:?}"
    );
}

#[test]
fn a_log_appended_after_its_anchor_still_extends_it() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let half = events.len() / 2;
    let path = written(dir.path(), &events[..half], None);
    let store = Store::open(&path, &OpenOptions::for_reading()).unwrap();
    let anchor = store.anchor().unwrap();
    let text = anchor.to_string();
    assert!(text.starts_with("kooperacje-anchor:v1:"), "{text}");
    assert_eq!(Anchor::parse(&text), Some(anchor));
    let mut writer = Store::open(&path, &options(None)).unwrap();
    append_all(&mut writer, &events[half..]);
    let bare = Anchor::parse(&hex(&anchor.hash)).unwrap();
    let v = verify(&path, None, &[anchor, bare]);
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.anchors, vec![anchor, bare]);
    // An anchor of another history (a hash the row never had) fails.
    let mut other = anchor;
    other.hash[0] ^= 1;
    let v = verify(&path, None, &[anchor, other]);
    assert_eq!(
        problem(&v),
        Some((half as u64, LinkProblem::AnchorMismatch { anchor: other }))
    );
    // An anchor beyond the end.
    let beyond = Anchor {
        seq: Some(events.len() as u64 + 1),
        hash: anchor.hash,
    };
    assert!(matches!(
        problem(&verify(&path, None, &[beyond])),
        Some((_, LinkProblem::AnchorMissing { .. }))
    ));
}

#[test]
fn a_keyed_log_verifies_with_its_key_and_not_without() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let path = written(dir.path(), &events, Some(key()));
    let v = verify(&path, Some(key()), &[]);
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.keyed_from, Some(1));
    // Without the key the keyed part cannot be checked: not reported intact.
    let v = verify(&path, None, &[]);
    assert!(v.broken.is_none(), "{v:?}");
    assert_eq!(v.unchecked, events.len() as u64);
    assert!(!v.ok());
    // The key is not in the file.
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(KEY.len()).any(|w| w == KEY));
    // Another key: refused for writing, fails verification.
    let err = Store::open(
        &path,
        &options(Some(ChainKey::from_bytes(&OTHER_KEY).unwrap())),
    )
    .unwrap_err();
    assert_eq!(err.code(), "STORE_CHAIN_KEY_WRONG");
    let v = verify(&path, Some(ChainKey::from_bytes(&OTHER_KEY).unwrap()), &[]);
    assert_eq!(problem(&v), Some((1, LinkProblem::KeyMismatch)));
    // No key: an append is refused, and nothing is written.
    let mut store = Store::open(&path, &options(None)).unwrap();
    let e = &events[0];
    let err = store
        .append_checked(&[], std::slice::from_ref(e))
        .unwrap_err();
    assert_eq!(err.code(), "STORE_CHAIN_KEY_REQUIRED");
    assert_eq!(store.head().unwrap(), events.len() as u64);
    assert!(verify(&path, Some(key()), &[]).ok());
}

#[test]
fn cutting_the_tail_and_fixing_the_head_fails_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let n = events.len() as u64;
    let path = written(dir.path(), &events, Some(key()));
    cut_tail(&path, n - 5);
    let v = verify(&path, Some(key()), &[]);
    assert_eq!(
        problem(&v),
        Some((n - 4, LinkProblem::HeadNotAuthentic)),
        "{v:?}"
    );
    // Replays and reports notice it without a walk.
    let store = Store::open(
        &path,
        &OpenOptions {
            chain_key: Some(key()),
            ..OpenOptions::for_reading()
        },
    )
    .unwrap();
    assert_eq!(store.check_head().unwrap(), [HeadWarning::ChainKeyMismatch]);
}

#[test]
fn editing_and_rehashing_without_the_key_fails_with_the_key() {
    let events = log(2);
    for seq in [10, events.len() as u64] {
        let dir = tempfile::tempdir().unwrap();
        let path = written(dir.path(), &events, Some(key()));
        edit(&path, seq);
        rehash_from(&path, seq);
        let v = verify(&path, Some(key()), &[]);
        assert_eq!(problem(&v), Some((seq, LinkProblem::HashMismatch)), "{v:?}");
        let store = Store::open(
            &path,
            &OpenOptions {
                chain_key: Some(key()),
                ..OpenOptions::for_reading()
            },
        )
        .unwrap();
        assert_eq!(store.check_head().unwrap(), [HeadWarning::ChainKeyMismatch]);
    }
}

#[test]
fn removing_the_key_marker_and_rehashing_fails_with_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let path = written(dir.path(), &events, Some(key()));
    edit(&path, 20);
    Connection::open(&path)
        .unwrap()
        .execute_batch("DELETE FROM meta WHERE key LIKE 'chain_%';")
        .unwrap();
    rehash_from(&path, 1);
    // To someone without the key it is a plain, intact log now…
    assert!(verify(&path, None, &[]).ok());
    // …but the key says it is not the log it keyed.
    let v = verify(&path, Some(key()), &[]);
    assert_eq!(
        problem(&v),
        Some((events.len() as u64 + 1, LinkProblem::NotKeyed)),
        "{v:?}"
    );
}

#[test]
fn a_log_keyed_midway_protects_the_rows_before_the_key_too() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(2);
    let half = events.len() / 2;
    let path = written(dir.path(), &events[..half], None);
    // Opening it for writing with a key keys it from the next row on.
    let mut store = Store::open(&path, &options(Some(key()))).unwrap();
    append_all(&mut store, &events[half..]);
    drop(store);
    let v = verify(&path, Some(key()), &[]);
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.keyed_from, Some(half as u64 + 1));
    let v = verify(&path, None, &[]);
    assert_eq!(v.unchecked, (events.len() - half) as u64);
    assert!(v.broken.is_none() && !v.ok());
    // An edit before the keyed part, re-hashed up to it: the marker no longer validates.
    edit(&path, 5);
    rehash_from(&path, 5);
    let v = verify(&path, Some(key()), &[]);
    assert_eq!(
        problem(&v),
        Some((half as u64 + 1, LinkProblem::KeyMismatch)),
        "{v:?}"
    );
    assert!(
        verify(&path, None, &[]).broken.is_none(),
        "without the key: the gap"
    );
}

#[test]
fn a_key_given_to_a_log_that_is_not_keyed_fails_verification() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(1);
    let path = written(dir.path(), &events, None);
    let v = verify(&path, Some(key()), &[]);
    assert_eq!(
        problem(&v),
        Some((events.len() as u64 + 1, LinkProblem::NotKeyed))
    );
    let store = Store::open(
        &path,
        &OpenOptions {
            chain_key: Some(key()),
            ..OpenOptions::for_reading()
        },
    )
    .unwrap();
    assert_eq!(store.check_head().unwrap(), [HeadWarning::ChainNotKeyed]);
    // A writable open keys it; from then on the key verifies it, rows yet to come or not.
    drop(Store::open(&path, &options(Some(key()))).unwrap());
    assert!(verify(&path, Some(key()), &[]).ok());
}

#[test]
fn the_head_check_sees_a_cut_tail_and_a_missing_key() {
    let dir = tempfile::tempdir().unwrap();
    let events = log(1);
    let path = written(dir.path(), &events, None);
    let read = |key: Option<ChainKey>| {
        Store::open(
            &path,
            &OpenOptions {
                chain_key: key,
                ..OpenOptions::for_reading()
            },
        )
        .unwrap()
        .check_head()
        .unwrap()
    };
    assert_eq!(read(None), []);
    let n = events.len() as u64;
    Connection::open(&path)
        .unwrap()
        .execute("DELETE FROM events WHERE seq > ?1", [n - 2])
        .unwrap();
    assert_eq!(
        read(None),
        [HeadWarning::ChainHeadMismatch {
            recorded: n,
            last: n - 2
        }]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = written(dir.path(), &events, Some(key()));
    let read = |key: Option<ChainKey>| {
        Store::open(
            &path,
            &OpenOptions {
                chain_key: key,
                ..OpenOptions::for_reading()
            },
        )
        .unwrap()
        .check_head()
        .unwrap()
    };
    assert_eq!(read(Some(key())), []);
    assert_eq!(read(None), [HeadWarning::ChainKeyMissing { keyed_from: 1 }]);
    assert_eq!(
        read(Some(ChainKey::from_bytes(&OTHER_KEY).unwrap())),
        [HeadWarning::ChainKeyMismatch]
    );
}

#[test]
fn a_chain_key_comes_from_a_file_of_raw_bytes_or_hex_and_is_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("raw.key");
    std::fs::write(&raw, KEY).unwrap();
    let text = dir.path().join("hex.key");
    std::fs::write(&text, format!("{}\n", hex(&KEY))).unwrap();
    let short = dir.path().join("short.key");
    std::fs::write(&short, &KEY[..31]).unwrap();
    let events = log(0);
    let path = written(
        dir.path(),
        &events,
        Some(ChainKey::from_file(&raw).unwrap()),
    );
    assert!(verify(&path, Some(ChainKey::from_file(&text).unwrap()), &[]).ok());
    let err = ChainKey::from_file(&short).unwrap_err();
    assert_eq!(err.code(), "STORE_CHAIN_KEY_INVALID");
    assert!(err.message_pl().contains("32"), "{}", err.message_pl());
    assert_eq!(
        ChainKey::from_file(&dir.path().join("none.key"))
            .unwrap_err()
            .code(),
        "STORE_CHAIN_KEY_INVALID"
    );
    let shown = format!("{:?}", key());
    assert!(!shown.contains("0123"), "{shown}");
}

//! Tamper evidence beyond the file, end to end: `anchor` and `verify --anchor`, the chain key
//! (`--chain-key-file` / `KOOPERACJE_CHAIN_KEY_FILE`), and the warnings of the cheap head check
//! in replays and reports. The "attacker" edits the file with SQL and recomputes SHA-256 links,
//! as anyone who can write the file could.

#[path = "common/db.rs"]
mod db;

use db::{s, Db};
use kooperacje_store::chain::{hex, link, Hash, GENESIS};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// Recomputes every SHA-256 link from row `from` on and records the new head.
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
    c.execute(
        "UPDATE meta SET value = ?1 WHERE key = 'head'",
        [format!("{last} {}", hex(&prev))],
    )
    .unwrap();
}

/// Removes the rows after `keep`; with `fix_head`, records row `keep` as the head.
fn cut_tail(path: &Path, keep: u64, fix_head: bool) {
    let c = Connection::open(path).unwrap();
    c.execute("DELETE FROM events WHERE seq > ?1", [keep])
        .unwrap();
    if fix_head {
        let hash: Vec<u8> = c
            .query_row("SELECT hash FROM events WHERE seq = ?1", [keep], |r| {
                r.get(0)
            })
            .unwrap();
        c.execute(
            "UPDATE meta SET value = ?1 WHERE key = 'head'",
            [format!("{keep} {}", hex(&hash))],
        )
        .unwrap();
    }
}

fn edit_actor(path: &Path, seq: u64) {
    Connection::open(path)
        .unwrap()
        .execute(
            "UPDATE events SET body = replace(body, '\"actor\":\"', '\"actor\":\"x') WHERE seq = ?1",
            [seq],
        )
        .unwrap();
}

/// The demo story's events as JSON lines, split in two files: `first.jsonl` (the first
/// `first` lines) and `rest.jsonl`.
fn story_halves(db: &Db, first: usize) -> (PathBuf, PathBuf, usize) {
    let source = Db::new();
    source.json(&["demo"], 0);
    let all = source.file("all.jsonl");
    source.json(&["events", "export", "-o", s(&all)], 0);
    let text = std::fs::read_to_string(&all).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (a, b) = (db.file("first.jsonl"), db.file("rest.jsonl"));
    std::fs::write(&a, lines[..first].join("\n") + "\n").unwrap();
    std::fs::write(&b, lines[first..].join("\n") + "\n").unwrap();
    (a, b, lines.len())
}

#[test]
fn an_anchor_holds_across_appends_and_fails_for_a_forged_history() {
    let db = Db::new();
    let (first, rest, n) = story_halves(&db, 60);
    db.json(&["events", "import", s(&first)], 0);
    let (line, _) = db.run(&["anchor"], 0);
    let anchor = line.trim().to_owned();
    assert_eq!(line.lines().count(), 1, "{line}");
    let v = db.json(&["anchor"], 0);
    assert_eq!(v["anchor"], anchor);
    assert_eq!(v["seq"], 60);
    let hash = v["hash"].as_str().unwrap().to_owned();
    assert!(anchor.starts_with("kooperacje-anchor:v1:60:") && anchor.ends_with(&hash));
    // Filed in the minutes of a meeting.
    let minutes = db.file("protokol.txt");
    std::fs::write(
        &minutes,
        format!(
            "Protokół posiedzenia PZK z 12 maja 2026 r.\nKotwica dziennika: {anchor}\nPodpisy…\n"
        ),
    )
    .unwrap();
    // Normal work goes on: the log still extends the anchor.
    db.json(&["events", "import", s(&rest)], 0);
    let v = db.json(&["verify", "--anchor", &anchor, "--anchor", s(&minutes)], 0);
    assert_eq!(v["verification"]["events"], n);
    assert_eq!(
        v["verification"]["anchors"],
        serde_json::json!([anchor, anchor])
    );
    let (text, _) = db.run(&["verify", "--anchor", &hash, "--lang", "en"], 0);
    assert!(text.contains("extends the anchor"), "{text}");

    // Someone with the file edits event 10 and recomputes the chain: verify alone passes (the
    // gap the anchor closes), verify with the anchor does not.
    edit_actor(&db.path, 10);
    rehash_from(&db.path, 10);
    assert_eq!(db.json(&["verify"], 0)["ok"], true, "the gap");
    let e = db.json(&["verify", "--anchor", s(&minutes)], 3);
    assert_eq!(e["error"]["code"], "ANCHOR_MISMATCH", "{e}");
    assert_eq!(e["error"]["verification"]["broken"]["seq"], 60);
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "anchor_mismatch"
    );
    let (_, err) = db.run(&["verify", "--anchor", &anchor], 3);
    assert!(err.contains("kotwic") && err.contains(&anchor), "{err}");
    let (_, err) = db.run(&["verify", "--anchor", &anchor, "--lang", "en"], 3);
    assert!(err.contains("does not extend the anchor"), "{err}");

    // A cut below the anchor, head fixed: verify alone passes, the anchor is missed.
    let db = Db::new();
    let (first, rest, _) = story_halves(&db, 60);
    db.json(&["events", "import", s(&first)], 0);
    let anchor = db.run(&["anchor"], 0).0.trim().to_owned();
    db.json(&["events", "import", s(&rest)], 0);
    cut_tail(&db.path, 50, true);
    assert_eq!(db.json(&["verify"], 0)["ok"], true, "the gap");
    let e = db.json(&["verify", "--anchor", &anchor], 3);
    assert_eq!(e["error"]["code"], "ANCHOR_MISMATCH");
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "anchor_missing"
    );

    // Not an anchor and not a file; a file without an anchor: usage errors.
    db.json(&["verify", "--anchor", "kooperacje-anchor:v1:7:zz"], 2);
    let empty = db.file("empty.txt");
    std::fs::write(&empty, "nic tu nie ma\n").unwrap();
    db.json(&["verify", "--anchor", s(&empty)], 2);
}

#[test]
fn an_anchor_is_refused_for_a_log_that_does_not_verify() {
    let db = Db::new();
    db.json(&["demo"], 0);
    edit_actor(&db.path, 5);
    let e = db.json(&["anchor"], 3);
    assert_eq!(e["error"]["code"], "CHAIN_BROKEN");
    let (out, _) = db.run(&["anchor"], 3);
    assert!(out.is_empty(), "{out}");
}

#[test]
fn a_chain_key_catches_what_the_plain_chain_cannot() {
    let db = Db::new();
    let key = db.file("chain.key");
    std::fs::write(&key, "5f".repeat(16) + &"a1".repeat(16) + "\n").unwrap();
    let k = ["--chain-key-file", s(&key)];
    let (first, rest, n) = story_halves(&db, 60);
    assert_eq!(db.json(&[&k[..], &["init"]].concat(), 0)["keyed_from"], 1);
    assert_eq!(db.json(&["init"], 0)["keyed_from"], 1);
    db.json(&[&k[..], &["events", "import", s(&first)]].concat(), 0);
    // Writing without the key is refused and writes nothing.
    let e = db.json(&["events", "import", s(&rest)], 3);
    assert_eq!(e["error"]["code"], "STORE_CHAIN_KEY_REQUIRED", "{e}");
    db.json(&[&k[..], &["events", "import", s(&rest)]].concat(), 0);
    let v = db.json(&[&k[..], &["verify"]].concat(), 0);
    assert_eq!(v["verification"]["keyed_from"], 1);
    assert_eq!(v["verification"]["events"], n);
    // Without the key: not "intact".
    let e = db.json(&["verify"], 3);
    assert_eq!(e["error"]["code"], "CHAIN_UNVERIFIED", "{e}");
    let (_, err) = db.run(&["verify", "--lang", "en"], 3);
    assert!(err.contains("not reported intact"), "{err}");
    // A replay without the key says it could not check the head.
    let v = db.json(&["replay"], 0);
    assert_eq!(v["warnings"][0]["code"], "CHAIN_KEY_MISSING", "{v}");
    let v = db.json(&[&k[..], &["replay"]].concat(), 0);
    assert_eq!(v["warnings"], serde_json::json!([]));

    // Cut the tail and fix the head.
    let copy = db.file("copy.db");
    std::fs::copy(&db.path, &copy).unwrap();
    cut_tail(&db.path, n as u64 - 3, true);
    let e = db.json(&[&k[..], &["verify"]].concat(), 3);
    assert_eq!(e["error"]["code"], "CHAIN_BROKEN");
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "head_not_authentic"
    );
    // Replays and reports warn, without walking the log.
    let v = db.json(&[&k[..], &["replay"]].concat(), 0);
    assert_eq!(v["warnings"][0]["code"], "CHAIN_KEY_MISMATCH", "{v}");
    let (_, err) = db.run(
        &[&k[..], &["report", "overdue", "--as-of", "2026-10-01"]].concat(),
        0,
    );
    assert!(err.contains("ostrzeżenie: [CHAIN_KEY_MISMATCH]"), "{err}");

    // Edit and re-hash without the key.
    std::fs::copy(&copy, &db.path).unwrap();
    edit_actor(&db.path, 30);
    rehash_from(&db.path, 30);
    let e = db.json(&[&k[..], &["verify"]].concat(), 3);
    assert_eq!(e["error"]["verification"]["broken"]["seq"], 30);
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "hash_mismatch"
    );
    let (_, err) = db.run(&[&k[..], &["registry"]].concat(), 0);
    assert!(err.contains("CHAIN_KEY_MISMATCH"), "{err}");

    // Remove the key marker and re-hash everything: plain and intact to whoever has no key, but
    // not the log the key keyed.
    Connection::open(&db.path)
        .unwrap()
        .execute_batch("DELETE FROM meta WHERE key LIKE 'chain_%';")
        .unwrap();
    rehash_from(&db.path, 1);
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
    let e = db.json(&[&k[..], &["verify"]].concat(), 3);
    assert_eq!(e["error"]["verification"]["broken"]["problem"], "not_keyed");

    // Another key: verification fails, writing is refused.
    std::fs::copy(&copy, &db.path).unwrap();
    let other = db.file("other.key");
    std::fs::write(&other, [7u8; 40]).unwrap();
    let o = ["--chain-key-file", s(&other)];
    let e = db.json(&[&o[..], &["verify"]].concat(), 3);
    assert_eq!(
        e["error"]["verification"]["broken"]["problem"],
        "key_mismatch"
    );
    let e = db.json(&[&o[..], &["person", "erase", "nikt", "--yes"]].concat(), 3);
    assert_eq!(e["error"]["code"], "STORE_CHAIN_KEY_WRONG");
    // A key too short.
    let short = db.file("short.key");
    std::fs::write(&short, [7u8; 16]).unwrap();
    let e = db.json(&["--chain-key-file", s(&short), "verify"], 3);
    assert_eq!(e["error"]["code"], "STORE_CHAIN_KEY_INVALID");
    // The key from the environment.
    let out = std::process::Command::new(db::EXE)
        .env("KOOPERACJE_CHAIN_KEY_FILE", &key)
        .args(["--db", s(&db.path), "--json", "verify"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    // The key is nowhere in the database.
    let raw = std::fs::read(&db.path).unwrap();
    let secret = std::fs::read_to_string(&key).unwrap();
    assert!(!raw.windows(16).any(|w| w == &secret.as_bytes()[..16]));
}

#[test]
fn without_a_key_a_cut_tail_with_the_head_fixed_verifies_and_a_plain_cut_warns() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let n = db.json(&["replay"], 0)["events"].as_u64().unwrap();
    let copy = db.file("copy.db");
    std::fs::copy(&db.path, &copy).unwrap();
    // The gap of an unkeyed log: cut and fix the head, and `verify` is content.
    cut_tail(&db.path, n - 10, true);
    assert_eq!(db.json(&["verify"], 0)["verification"]["events"], n - 10);
    // A cut without fixing the head: replays and reports warn at once.
    std::fs::copy(&copy, &db.path).unwrap();
    cut_tail(&db.path, n - 10, false);
    let v = db.json(&["replay"], 0);
    assert_eq!(v["warnings"][0]["code"], "CHAIN_HEAD_MISMATCH", "{v}");
    let (_, err) = db.run(&["replay", "--lang", "en"], 0);
    assert!(err.contains("warning: [CHAIN_HEAD_MISMATCH]"), "{err}");
    let v = db.json(&["report", "monitoring", "--period", "2026-05"], 0);
    assert_eq!(v["warnings"][0]["code"], "CHAIN_HEAD_MISMATCH");
}

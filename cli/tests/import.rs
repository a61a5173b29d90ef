//! `events import` holds a foreign log to the rules every command obeys: times and dates in range,
//! texts within their limits, ids in their opaque form; and importing is idempotent (the same event
//! twice, or the same log again, adds nothing). Before, a far-future event froze its stream for
//! good, and one event repeated 100,000 times was stored 100,000 times.

#[path = "common/db.rs"]
mod db;

use db::{s, Db};
use serde_json::Value;

fn import(db: &Db, lines: &[String], code: i32) -> Value {
    let file = db.file("log.jsonl");
    std::fs::write(&file, lines.join("\n")).unwrap();
    let v = db.json(&["events", "import", s(&file)], code);
    v
}

/// The story's log, as `events export` writes it.
fn story_log() -> Vec<String> {
    let a = Db::new();
    a.demo();
    let (log, _) = a.run(&["events", "export"], 0);
    log.lines().map(str::to_owned).collect()
}

fn codes(v: &Value) -> Vec<String> {
    v["error"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn an_event_out_of_bounds_is_refused_and_nothing_is_imported() {
    let log = story_log();
    let first = &log[0];
    let mut bad = Vec::new();
    for year in ["0001", "9999"] {
        let mut v: Value = serde_json::from_str(first).unwrap();
        let at = v["at"].as_str().unwrap().to_owned();
        v["at"] = Value::String(format!("{year}{}", &at[4..]));
        bad.push((v.to_string(), "DATE_OUT_OF_RANGE"));
    }
    let mut v: Value = serde_json::from_str(first).unwrap();
    v["event"]["name"] = Value::String("x".repeat(5_000_000));
    bad.push((v.to_string(), "TEXT_TOO_LONG"));
    let mut v: Value = serde_json::from_str(first).unwrap();
    v["actor"] = Value::String("Jan Kowalski, PESEL 44051401359".into());
    bad.push((v.to_string(), "INVALID_ID"));
    for (line, code) in bad {
        let db = Db::new();
        let mut lines = vec![line];
        lines.extend(log[1..].iter().cloned());
        let e = import(&db, &lines, 1);
        assert_eq!(e["error"]["code"], "INVALID_ROWS");
        assert_eq!(codes(&e)[0], code, "{e:#}");
        assert_eq!(db.json(&["replay"], 0)["events"], 0, "nothing imported");
    }
}

#[test]
fn a_far_future_event_cannot_freeze_a_stream() {
    let log = story_log();
    // A well-formed event of the first PZK dated in 2200, after the whole log.
    let mut v: Value = serde_json::from_str(&log[1]).unwrap();
    v["at"] = Value::String("2200-01-01T00:00:00Z".into());
    let db = Db::new();
    let mut lines = log.clone();
    lines.push(v.to_string());
    let e = import(&db, &lines, 1);
    assert_eq!(codes(&e), ["DATE_OUT_OF_RANGE"]);
    // With --skip-invalid the rest is imported and the stream still takes new events.
    let file = db.file("log.jsonl");
    let v = db.json(&["events", "import", s(&file), "--skip-invalid"], 0);
    assert_eq!(v["events"], log.len());
}

#[test]
fn the_same_event_many_times_and_the_same_log_again_are_imported_once() {
    let log = story_log();
    let db = Db::new();
    let mut lines = log.clone();
    for _ in 0..20_000 {
        lines.push(log[3].clone());
    }
    let v = import(&db, &lines, 0);
    assert_eq!(v["events"], log.len());
    assert_eq!(v["already_present"], 20_000);
    let v = import(&db, &log, 0);
    assert_eq!(v["events"], 0);
    assert_eq!(v["already_present"], log.len());
    assert_eq!(db.json(&["replay"], 0)["events"], log.len());
    assert_eq!(db.json(&["verify"], 0)["ok"], true);
}

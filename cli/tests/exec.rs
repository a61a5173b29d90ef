//! `kooperacje exec`: command envelopes as JSON lines on standard input, one answer line each, for
//! hosts that cannot load the library. Driven from Python through pipes, interactively
//! (`exec/drive.py`, against a database), from a shell script (`exec/drive.sh`, against an event
//! log), and here: the log is only ever appended to, a refusal leaves it byte for byte, a database
//! that is not there is a storage failure, and `--db` and `--log` together are refused.

#[path = "common/db.rs"]
mod db;

use db::{Db, EXE};
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn quickstart(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/quickstart").join(name)).unwrap()
}

/// Runs a driver script (its interpreter and file under tests/exec/) with the binary, the
/// repository and a temporary folder; fails with what it printed.
fn drive(interpreter: &str, script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/exec")
        .join(script);
    let out = Command::new(interpreter)
        .env_remove("KOOPERACJE_DB")
        .env_remove("KOOPERACJE_CHAIN_KEY_FILE")
        .env_remove("KOOPERACJE_LOCK_TIMEOUT")
        .arg(&here)
        .arg(EXE)
        .arg(repo())
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{script} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn python_drives_it_through_pipes_one_command_at_a_time() {
    drive("python3", "drive.py");
}

#[test]
fn a_shell_script_drives_it_against_an_event_log() {
    drive("bash", "drive.sh");
}

/// `kooperacje ARGS` with `input` on standard input: exit code and standard output.
fn run(args: &[&str], input: &str) -> (Option<i32>, String) {
    let mut child = Command::new(EXE)
        .env_remove("KOOPERACJE_DB")
        .env_remove("KOOPERACJE_CHAIN_KEY_FILE")
        .env_remove("KOOPERACJE_LOCK_TIMEOUT")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A process that stopped reading early closes the pipe: what it answered is still checked.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

/// `exec --log LOG` with `input`.
fn exec_log(log: &Path, input: &str) -> (Option<i32>, String) {
    run(&["exec", "--log", log.to_str().unwrap()], input)
}

/// The answers, one JSON object per line.
fn answers(out: &str) -> Vec<Value> {
    out.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The events of the accepted answers, in order.
fn answered_events(answers: &[Value]) -> Vec<Value> {
    answers
        .iter()
        .filter(|a| a["ok"] == true)
        .flat_map(|a| a["events"].as_array().unwrap().clone())
        .collect()
}

#[test]
fn the_log_is_appended_to_never_rewritten_and_a_refusal_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    // The PZK's log without its last line feed: the first event appended must not run into it,
    // and a run that appends nothing must not add the line feed either.
    let original = quickstart("pzk.jsonl").trim_end().to_owned();
    std::fs::write(&log, &original).unwrap();
    let commands = quickstart("zzk.jsonl");
    let first: Vec<&str> = commands.lines().take(2).collect();

    // Refused, all of them: not JSON, not a command, the second command before the first (its
    // ZZK does not exist). The log is byte for byte as it was.
    let (code, out) = exec_log(&log, &format!("nie JSON\n{{\"at\": 1}}\n{}\n", first[1]));
    assert_eq!(code, Some(1), "{out}");
    let refused = answers(&out);
    assert_eq!(refused.len(), 3, "{out}");
    assert!(refused.iter().all(|a| a["ok"] == false), "{out}");
    assert_eq!(refused[1]["error"]["code"], "MALFORMED_JSON", "{out}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), original);

    let (code, out) = exec_log(&log, &format!("{}\n", first[0]));
    assert_eq!(code, Some(0), "{out}");
    let after_one = std::fs::read_to_string(&log).unwrap();
    assert!(
        after_one.starts_with(&format!("{original}\n")),
        "the log's bytes changed"
    );
    // What was appended is exactly the events answered, one line each.
    let appended: Vec<Value> = after_one[original.len() + 1..]
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(appended, answered_events(&answers(&out)));
    assert_eq!(appended.len(), 1);

    // The same command again is refused (the ZZK exists): the log is byte for byte as it was.
    let (code, out) = exec_log(&log, &format!("{}\n", first[0]));
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(answers(&out)[0]["error"]["code"], "DUPLICATE_ID", "{out}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), after_one);

    // The next command continues from what the log holds, after it.
    let (code, out) = exec_log(&log, &format!("{}\n", first[1]));
    assert_eq!(code, Some(0), "{out}");
    let after_two = std::fs::read_to_string(&log).unwrap();
    assert!(after_two.starts_with(&after_one));
    assert!(after_two.len() > after_one.len());
}

#[test]
fn a_missing_log_is_created_and_a_refusal_leaves_it_empty() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("new.jsonl");
    // The ZZK's commands without its PZK: each refused by the rules, nothing written.
    let (code, out) = exec_log(&log, &quickstart("zzk.jsonl"));
    assert_eq!(code, Some(1), "{out}");
    let all = answers(&out);
    assert_eq!(all.len(), quickstart("zzk.jsonl").lines().count(), "{out}");
    assert!(all.iter().all(|a| a["ok"] == false), "{out}");
    assert_eq!(all[0]["error"]["code"], "PARTNERSHIP_NOT_FOUND", "{out}");
    assert_eq!(std::fs::read(&log).unwrap(), b"");
}

#[test]
fn against_the_database_each_answer_is_the_events_as_stored() {
    let db = Db::new();
    db.run(&["init"], 0);
    let pzk = repo().join("tests/quickstart/pzk.jsonl");
    db.run(&["events", "import", pzk.to_str().unwrap()], 0);
    let commands = quickstart("zzk.jsonl");
    let (code, out) = run(&["--db", db.path.to_str().unwrap(), "exec"], &commands);
    assert_eq!(code, Some(0), "{out}");
    // Every answer, byte for byte, is `{"ok":true,"line":N,"events":[…]}` around the lines
    // `events export` writes for its events (the core's canonical JSON), in order.
    let (exported, _) = db.run(&["events", "export", "--format", "jsonl"], 0);
    let mut stored = exported
        .lines()
        .skip(quickstart("pzk.jsonl").lines().count());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), commands.lines().count(), "{out}");
    for (n, (line, answer)) in lines.iter().zip(answers(&out)).enumerate() {
        let count = answer["events"].as_array().map_or(0, Vec::len);
        assert!(count > 0, "{line}");
        let events: Vec<&str> = stored.by_ref().take(count).collect();
        let expected = format!(
            "{{\"ok\":true,\"line\":{},\"events\":[{}]}}",
            n + 1,
            events.join(",")
        );
        assert_eq!(*line, expected);
    }
    assert_eq!(stored.next(), None, "events stored that were not answered");
}

#[test]
fn a_log_that_does_not_load_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    let broken = "{\"not\": \"an event\"}\n";
    std::fs::write(&log, broken).unwrap();
    let commands = quickstart("zzk.jsonl");
    let (code, out) = exec_log(&log, commands.lines().next().unwrap());
    assert_eq!(code, Some(1), "{out}");
    let all = answers(&out);
    assert_eq!(all.len(), 1, "{out}");
    assert_eq!(all[0]["ok"], false);
    assert!(all[0].get("line").is_none(), "{out}");
    assert_eq!(all[0]["error"]["code"], "BAD_FILE", "{out}");
    assert!(out.contains("line 1") && out.contains("wiersz 1"), "{out}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), broken);
}

#[test]
fn a_database_that_is_not_there_is_a_storage_failure_and_is_not_made() {
    let db = Db::new();
    let commands = quickstart("zzk.jsonl");
    let (code, out) = run(&["--db", db.path.to_str().unwrap(), "exec"], &commands);
    assert_eq!(code, Some(3), "{out}");
    let all = answers(&out);
    assert_eq!(all.len(), 1, "{out}");
    assert_eq!(all[0]["error"]["code"], "STORE_MISSING", "{out}");
    assert!(!db.path.exists(), "the database was created");
}

#[test]
fn the_database_and_a_log_together_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    let db = dir.path().join("k.db");
    let (log, db) = (log.to_str().unwrap(), db.to_str().unwrap());
    for args in [
        ["--db", db, "exec", "--log", log],
        ["exec", "--log", log, "--db", db],
    ] {
        let (code, out) = run(&args, "");
        assert_eq!(code, Some(2), "{args:?}");
        assert_eq!(out, "", "{args:?}");
    }
    assert!(!Path::new(log).exists(), "the log was created");
    assert!(!Path::new(db).exists(), "the database was created");
}

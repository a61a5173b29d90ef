//! `kooperacje exec`: command envelopes as JSON lines on standard input, one answer line each, for
//! hosts that cannot load the library. Driven from Python through pipes, interactively
//! (`exec/drive.py`, against a database), from a shell script (`exec/drive.sh`, against an event
//! log), and here: the log is only ever appended to, and `--db` and `--log` together are refused.

#[path = "common/db.rs"]
mod db;

use db::EXE;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Runs a driver script (its interpreter and file under tests/exec/) with the binary, the
/// repository and a temporary folder; fails with what it printed.
fn drive(interpreter: &str, script: &str) {
    let dir = tempfile::tempdir().unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/exec")
        .join(script);
    let out = Command::new(interpreter)
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

/// `exec --log FILE` with `input` on standard input: exit code and answers.
fn exec_log(log: &Path, extra: &[&str], input: &str) -> (Option<i32>, String) {
    let mut child = Command::new(EXE)
        .args(extra)
        .arg("exec")
        .arg("--log")
        .arg(log)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_log_is_appended_to_never_rewritten_and_a_refusal_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    // The PZK's log without its last line feed: the first event appended must not run into it.
    let original = std::fs::read_to_string(repo().join("tests/quickstart/pzk.jsonl")).unwrap();
    let original = original.trim_end().to_owned();
    std::fs::write(&log, &original).unwrap();
    let commands = std::fs::read_to_string(repo().join("tests/quickstart/zzk.jsonl")).unwrap();
    let first: Vec<&str> = commands.lines().take(2).collect();

    let (code, answers) = exec_log(&log, &[], &format!("{}\n", first[0]));
    assert_eq!(code, Some(0), "{answers}");
    let after_one = std::fs::read_to_string(&log).unwrap();
    assert!(
        after_one.starts_with(&format!("{original}\n")),
        "the log's bytes changed"
    );
    assert_eq!(after_one.lines().count(), original.lines().count() + 1);

    // The same command again is refused (the ZZK exists): the log is byte for byte as it was.
    let (code, answers) = exec_log(&log, &[], &format!("{}\n", first[0]));
    assert_eq!(code, Some(1), "{answers}");
    assert!(answers.contains("\"code\":\"DUPLICATE_ID\""), "{answers}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), after_one);

    // The next command continues from what the log holds.
    let (code, answers) = exec_log(&log, &[], &format!("{}\n", first[1]));
    assert_eq!(code, Some(0), "{answers}");
    assert!(std::fs::read_to_string(&log)
        .unwrap()
        .starts_with(&after_one));
}

#[test]
fn a_log_that_does_not_load_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    let broken = "{\"not\": \"an event\"}\n";
    std::fs::write(&log, broken).unwrap();
    let commands = std::fs::read_to_string(repo().join("tests/quickstart/zzk.jsonl")).unwrap();
    let (code, answers) = exec_log(&log, &["--json"], commands.lines().next().unwrap());
    assert_eq!(code, Some(1), "{answers}");
    assert!(answers.contains("\"code\":\"BAD_FILE\""), "{answers}");
    assert!(answers.contains("line 1"), "{answers}");
    assert_eq!(std::fs::read_to_string(&log).unwrap(), broken);
}

#[test]
fn the_database_and_a_log_together_are_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.jsonl");
    let db = dir.path().join("k.db");
    let (code, _) = exec_log(&log, &["--db", db.to_str().unwrap()], "");
    assert_eq!(code, Some(2));
    assert!(!log.exists(), "the log was created");
    assert!(!db.exists(), "the database was created");
}

//! The `kooperacje` binary on a temporary database: what the end-to-end tests of the command
//! share. Each test file includes it (`#[path = "common/db.rs"] mod db;`) and uses part of it.
#![allow(dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The binary under test.
pub const EXE: &str = env!("CARGO_BIN_EXE_kooperacje");

/// `basket import` by the demo's network coordinator (`u-0007`), who may change the basket,
/// followed by `rest`.
pub fn basket_import<'a>(rest: &[&'a str]) -> Vec<&'a str> {
    [&["basket", "import", "--actor", "u-0007"][..], rest].concat()
}

/// A temporary folder with a database path in it (the file is made by the commands).
pub struct Db {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

/// What a run of the command gave.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Db {
    /// `k.db` in a new temporary folder.
    pub fn new() -> Db {
        Db::named("k.db")
    }

    /// A database whose file has the given name.
    pub fn named(name: &str) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        Db { dir, path }
    }

    /// A file in the database's folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The command on this database, run in its folder, with none of the environment variables
    /// that would choose another database, a chain key or a lock timeout.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(EXE);
        c.current_dir(self.dir.path())
            .env_remove("KOOPERACJE_DB")
            .env_remove("KOOPERACJE_CHAIN_KEY_FILE")
            .env_remove("KOOPERACJE_LOCK_TIMEOUT")
            .arg("--db")
            .arg(&self.path)
            .args(args);
        c
    }

    /// Runs the command, whatever its exit code.
    pub fn output(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Runs the command and checks its exit code, and that it did not panic; gives standard
    /// output and standard error.
    pub fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let r = self.output(args);
        assert_eq!(
            r.code,
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{args:?}: {}", r.stderr);
        (r.stdout, r.stderr)
    }

    /// Runs the command with `--json` and checks its exit code; gives the JSON it printed.
    pub fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let (o, _) = self.run(&all, code);
        serde_json::from_str(&o).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {o}"))
    }

    /// Stores the demo's story.
    pub fn demo(&self) -> Value {
        self.json(&["demo"], 0)
    }

    /// The database file's bytes.
    pub fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }

    /// The database's `-wal`, `-shm` or other file beside it.
    pub fn sidecar(&self, suffix: &str) -> PathBuf {
        let mut p = self.path.clone().into_os_string();
        p.push(suffix);
        PathBuf::from(p)
    }
}

/// A path as the text of an argument.
pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The rows of every text table in `text`, each row's cells with their wrapped lines joined by a
/// space. A table's columns are read off its rule (`--  -----`), and a row starts with a line
/// whose first column is not blank.
pub fn table_rows(text: &str) -> Vec<Vec<String>> {
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        let is_rule = line.contains(&'-') && line.iter().all(|c| *c == '-' || *c == ' ');
        i += 1;
        if !is_rule {
            continue;
        }
        let mut columns = Vec::new();
        let mut start = None;
        for (n, c) in line.iter().chain([' '].iter()).enumerate() {
            match (c, start) {
                ('-', None) => start = Some(n),
                (' ', Some(s)) => {
                    columns.push((s, n));
                    start = None;
                }
                _ => {}
            }
        }
        while i < lines.len() && !lines[i].iter().all(|c| *c == ' ') {
            let cell = |&(s, e): &(usize, usize)| -> String {
                lines[i]
                    .iter()
                    .skip(s)
                    .take(e - s)
                    .collect::<String>()
                    .trim()
                    .to_owned()
            };
            let cells: Vec<String> = columns.iter().map(cell).collect();
            match rows.last_mut() {
                Some(row) if cells[0].is_empty() && row.len() == cells.len() => {
                    for (have, more) in row.iter_mut().zip(cells) {
                        if !more.is_empty() {
                            have.push(' ');
                            have.push_str(&more);
                        }
                    }
                }
                _ => rows.push(cells),
            }
            i += 1;
        }
    }
    rows
}

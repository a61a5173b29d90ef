//! Hostile input to the `kooperacje` command (issue 16, "Nothing lost, nothing forged").

use serde_json::Value;
use std::path::{Path, PathBuf};

const EXE: &str = env!("CARGO_BIN_EXE_kooperacje");

struct Db {
    dir: tempfile::TempDir,
    path: PathBuf,
}

/// What a run of the CLI gave.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Db {
    fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        Db { dir, path }
    }

    fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(EXE);
        c.current_dir(self.dir.path())
            .env_remove("KOOPERACJE_DB")
            .env_remove("KOOPERACJE_LOCK_TIMEOUT")
            .arg("--db")
            .arg(&self.path)
            .args(args);
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    fn json(&self, args: &[&str], code: i32) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        let r = self.run(&all);
        assert_eq!(
            r.code,
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {}",
            r.stdout,
            r.stderr
        );
        serde_json::from_str(&r.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {}", r.stdout))
    }

    fn services(&self) -> u64 {
        self.json(&["replay"], 0)["services"].as_u64().unwrap()
    }
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Item 15 (first half): the import's report stays exact row by row.

#[test]
fn rows_the_core_refuses_are_reported_and_the_others_imported() {
    let db = Db::new();
    db.json(&["demo"], 0);
    let services = db.services();
    let json = db.file("koszyk.json");
    db.json(&["basket", "export", path(&json)], 0);
    let rows: Vec<serde_json::Map<String, Value>> =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let mut out = rows.clone();
    // Three new services: the second's description is longer than the core allows, the third
    // names the same service as an existing row with a change.
    for (i, description) in ["Nowa usługa.", &"x".repeat(5000), "Trzecia."]
        .into_iter()
        .enumerate()
    {
        let mut row = rows[0].clone();
        row.insert("service_id".into(), format!("svc-nowa-{i}").into());
        row.insert("description".into(), description.into());
        out.push(row);
    }
    out[1].insert("description".into(), "Zmieniony opis.".into());
    std::fs::write(&json, serde_json::to_string(&out).unwrap()).unwrap();
    let e = db.json(&["basket", "import", path(&json)], 1);
    let errors = e["error"]["rows"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{e:#}");
    assert_eq!(errors[0]["row"], rows.len() + 3);
    assert_eq!(errors[0]["code"], "TEXT_TOO_LONG");
    assert_eq!(db.services(), services, "nothing imported");
    let v = db.json(&["basket", "import", "--skip-invalid", path(&json)], 0);
    assert_eq!(
        (&v["added"], &v["revised"], &v["unchanged"]),
        (&Value::from(2), &Value::from(1), &Value::from(services - 1)),
        "{v:#}"
    );
    assert_eq!(db.services(), services + 2);
    let v = db.json(&["basket", "import", "--skip-invalid", path(&json)], 0);
    assert_eq!(v["unchanged"], services + 2, "{v:#}");
}

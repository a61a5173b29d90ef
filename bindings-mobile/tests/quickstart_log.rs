//! The event log the README's quick starts begin with (`tests/quickstart/pzk.jsonl`): the operating
//! PZK of the scenario fixture `operating_pzk`, as JSON lines. This test rebuilds it from the
//! fixture through the core's scenario runner and fails when the committed file differs, so the
//! quick starts cannot drift from the fixtures; `KOOPERACJE_UPDATE_QUICKSTART=1` rewrites it.

use kooperacje::scenario::{self, Driver, Fixture, Rejection, Scenario};
use kooperacje::{CommandEnvelope, EventEnvelope, State};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The core's state, keeping the events it applied.
struct Recording {
    state: State,
    events: Vec<EventEnvelope>,
}

impl Driver for Recording {
    fn execute(&mut self, command: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Rejection> {
        let events = self.state.execute(command)?;
        self.events.extend(events.iter().cloned());
        Ok(events)
    }

    fn state(&self) -> serde_json::Value {
        self.state.to_json()
    }
}

#[test]
fn the_quick_starts_log_is_the_operating_pzk_fixture() {
    let fixtures = root().join("tests/scenarios/fixtures");
    let load = |name: &str| -> Result<Fixture, String> {
        let text =
            fs::read_to_string(fixtures.join(format!("{name}.json"))).map_err(|e| e.to_string())?;
        serde_json::from_str(&text).map_err(|e| e.to_string())
    };
    let setup: Scenario =
        serde_json::from_str(r#"{"name": "quickstart", "given": ["operating_pzk"], "steps": []}"#)
            .expect("a scenario");
    let mut driver = Recording {
        state: State::new(),
        events: Vec::new(),
    };
    let outcome = scenario::run_with(&setup, &load, &mut driver);
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    let mut text = String::new();
    for env in &driver.events {
        text.push_str(&serde_json::to_string(env).expect("an event serialises"));
        text.push('\n');
    }
    let file = root().join("tests/quickstart/pzk.jsonl");
    if std::env::var_os("KOOPERACJE_UPDATE_QUICKSTART").is_some() {
        fs::write(&file, &text).expect("write the log");
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == text,
        "{} is not the operating_pzk fixture's log: KOOPERACJE_UPDATE_QUICKSTART=1 cargo test -p kooperacje-mobile --test quickstart_log",
        file.display()
    );
}

//! What the tests share: the scenarios' PZK `pzk-1` as the fixture `operating_pzk` leaves it (the
//! same start every language's conformance runner takes), and the conformance sheet.

#![allow(dead_code)]

use kooperacje::scenario::{self, Fixture, Scenario};
use kooperacje::State;
use std::path::{Path, PathBuf};

/// The workspace's root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate is in the workspace")
        .to_path_buf()
}

fn fixture(name: &str) -> Result<Fixture, String> {
    let path = root().join(format!("tests/scenarios/fixtures/{name}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// The state after the fixture `operating_pzk`.
pub fn operating_pzk() -> State {
    let mut state = State::new();
    let setup = Scenario {
        name: "setup".into(),
        description: String::new(),
        given: vec!["operating_pzk".into()],
        steps: Vec::new(),
    };
    let outcome = scenario::run_with(&setup, &fixture, &mut state);
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    state
}

//! Scenario files: the language-neutral conformance format of `tests/scenarios/` (see its README).
//! Every binding runs the same files through its own API; this module is the Rust runner and the
//! shared definition of the format.
//!
//! ```json
//! { "name": "…", "description": "…", "given": ["operating_pzk"],
//!   "steps": [ { "command": {…CommandEnvelope…},
//!                "expect": {"events": [{…Event…}]} | {"error": "CODE"},
//!                "state": {"/json/pointer": expected value} } ] }
//! ```

use crate::command::CommandEnvelope;
use crate::error::Error;
use crate::event::{Event, EventEnvelope};
use crate::state::State;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Short name (the file's stem).
    pub name: String,
    /// What it shows, for people.
    #[serde(default)]
    pub description: String,
    /// Fixtures (files in `fixtures/`) whose commands run first; each must succeed.
    #[serde(default)]
    pub given: Vec<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// A fixture: commands that set the scene.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// What it sets up.
    #[serde(default)]
    pub description: String,
    /// Other fixtures it builds on.
    #[serde(default)]
    pub given: Vec<String>,
    /// The commands.
    pub commands: Vec<CommandEnvelope>,
}

/// One step: a command and what must follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// The command.
    pub command: CommandEnvelope,
    /// Expected outcome; when absent the command must simply succeed.
    #[serde(default)]
    pub expect: Option<Expect>,
    /// JSON Pointers into the state (after the step) and their expected values.
    #[serde(default)]
    pub state: BTreeMap<String, serde_json::Value>,
}

/// The expected outcome of a step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Expect {
    /// Exactly these events (bodies, without envelopes), in order.
    Events(Vec<Event>),
    /// Rejected with this code; the state must not change.
    Error(String),
}

/// The canonical result of one step, as every language writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepResult {
    /// The events produced.
    Events(Vec<serde_json::Value>),
    /// The error code.
    Error(String),
}

/// The canonical result of a scenario: per step the events or error, and the final state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// Scenario name.
    pub name: String,
    /// Step results.
    pub steps: Vec<StepResult>,
    /// Final state.
    pub state: serde_json::Value,
    /// Every mismatch against the expectations (empty when the scenario passes).
    pub failures: Vec<String>,
}

/// What carries out a scenario's commands: the core's own [`State`] (the Rust runner, [`run`]), or
/// a binding's model driven from its own language ([`run_with`]; the mobile bindings hand in their
/// Kotlin or Swift `Model`), so that every language is judged by this one runner.
pub trait Driver {
    /// Decides a command and applies its events; a rejection changes nothing.
    fn execute(&mut self, command: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Rejection>;
    /// The canonical state JSON ([`State::to_json`]) as it is now.
    fn state(&self) -> serde_json::Value;
}

/// A rejected command as a runner sees it: the stable code and the English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// The stable error code, e.g. `ZZK_SUSPENDED`.
    pub code: String,
    /// The English message.
    pub message: String,
}

impl From<Error> for Rejection {
    fn from(e: Error) -> Self {
        Rejection {
            code: e.code().to_owned(),
            message: e.to_string(),
        }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl Driver for State {
    fn execute(&mut self, command: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Rejection> {
        State::execute(self, command).map_err(Rejection::from)
    }

    fn state(&self) -> serde_json::Value {
        self.to_json()
    }
}

/// Runs a scenario on a fresh [`State`]. `fixture` loads a fixture by name.
pub fn run(scenario: &Scenario, fixture: &dyn Fn(&str) -> Result<Fixture, String>) -> Outcome {
    run_with(scenario, fixture, &mut State::new())
}

/// Runs a scenario through a [`Driver`] that starts from the empty state.
pub fn run_with(
    scenario: &Scenario,
    fixture: &dyn Fn(&str) -> Result<Fixture, String>,
    state: &mut dyn Driver,
) -> Outcome {
    let mut failures = Vec::new();
    for name in &scenario.given {
        if let Err(e) = run_fixture(state, name, fixture, 0) {
            failures.push(e);
        }
    }
    let mut steps = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let n = i + 1;
        let before = state.state();
        match state.execute(&step.command) {
            Ok(events) => {
                let bodies: Vec<serde_json::Value> = events
                    .iter()
                    .map(|e| serde_json::to_value(&e.event).unwrap_or_default())
                    .collect();
                match &step.expect {
                    Some(Expect::Error(code)) => failures.push(format!(
                        "step {n}: expected error {code}, got events {}",
                        compact(&bodies)
                    )),
                    Some(Expect::Events(expected)) => {
                        let expected: Vec<serde_json::Value> = expected
                            .iter()
                            .map(|e| serde_json::to_value(e).unwrap_or_default())
                            .collect();
                        if expected != bodies {
                            failures.push(format!(
                                "step {n}: expected events {}\n  got {}",
                                compact(&expected),
                                compact(&bodies)
                            ));
                        }
                    }
                    None => {}
                }
                steps.push(StepResult::Events(bodies));
            }
            Err(err) => {
                match &step.expect {
                    Some(Expect::Error(code)) if *code == err.code => {}
                    _ => failures.push(format!("step {n}: unexpected error {}: {err}", err.code)),
                }
                if state.state() != before {
                    failures.push(format!("step {n}: a rejected command changed the state"));
                }
                steps.push(StepResult::Error(err.code));
            }
        }
        let json = state.state();
        for (pointer, expected) in &step.state {
            match json.pointer(pointer) {
                Some(v) if v == expected => {}
                got => failures.push(format!(
                    "step {n}: state {pointer}: expected {expected}, got {}",
                    got.map(|v| v.to_string())
                        .unwrap_or_else(|| "nothing".into())
                )),
            }
        }
    }
    Outcome {
        name: scenario.name.clone(),
        steps,
        state: state.state(),
        failures,
    }
}

impl Outcome {
    /// The canonical result every language writes (`name`, `steps`, `state`; the failures are not
    /// part of it): the value compared across languages.
    pub fn canonical(&self) -> serde_json::Value {
        serde_json::json!({
            "name": self.name,
            "steps": self.steps,
            "state": self.state,
        })
    }

    /// [`Outcome::canonical`] as the text of a result file: two-space indentation, members sorted
    /// by name, a final newline (what Python's `json.dumps(indent=2, sort_keys=True,
    /// ensure_ascii=False)` writes, so every runner's files compare byte for byte).
    pub fn canonical_text(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.canonical()).unwrap_or_default();
        text.push('\n');
        text
    }
}

fn run_fixture(
    state: &mut dyn Driver,
    name: &str,
    fixture: &dyn Fn(&str) -> Result<Fixture, String>,
    depth: usize,
) -> Result<(), String> {
    if depth > 8 {
        return Err(format!("fixture {name}: nested too deeply"));
    }
    let f = fixture(name)?;
    for inner in &f.given {
        run_fixture(state, inner, fixture, depth + 1)?;
    }
    for (i, cmd) in f.commands.iter().enumerate() {
        state
            .execute(cmd)
            .map_err(|e| format!("fixture {name}, command {}: {}: {e}", i + 1, e.code))?;
    }
    Ok(())
}

fn compact(v: &[serde_json::Value]) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

//! The conformance scenarios of `tests/scenarios/` run from Kotlin or Swift by the core's own
//! runner (`kooperacje::scenario::run_with`): the runner reads the file, loads the fixtures, and
//! compares events, errors and state with what the file expects, while every command is carried
//! out by a [`ScenarioDriver`] written in the foreign language, which calls its own `Model`. So
//! each command crosses the boundary both ways as typed records (the runner hands it to Kotlin,
//! Kotlin hands it to `Model.execute`), and no language keeps a copy of the runner.

use crate::errors::{guard, malformed, KooperacjeError};
use kooperacje::scenario::{self, Driver, Fixture, Rejection, Scenario};
use kooperacje::{CommandEnvelope, EventEnvelope};
use std::collections::HashMap;
use std::sync::Arc;

/// Carries out a scenario's commands: implemented in Kotlin or Swift over a `Model`.
#[uniffi::export(foreign)]
pub trait ScenarioDriver: Send + Sync {
    /// Executes one command on the driver's model: its events, or the model's error.
    fn execute(&self, command: CommandEnvelope) -> Result<Vec<EventEnvelope>, KooperacjeError>;
    /// The model's canonical state JSON (`Model.stateJson()`).
    fn state_json(&self) -> Result<String, KooperacjeError>;
}

/// The canonical result of a scenario and what did not match the file's expectations.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ScenarioOutcome {
    /// The scenario's name.
    pub name: String,
    /// The canonical result as the text of `target/conformance/<language>/NAME.json` (the same
    /// bytes in every language when the languages agree).
    pub canonical_json: String,
    /// Every mismatch against the expectations; empty when the scenario passes.
    pub failures: Vec<String>,
}

/// The core's [`Driver`] over a foreign one. A driver whose `stateJson` fails or is not JSON shows
/// as the state `null`, which no scenario expects: the runner reports it as a failure.
struct Foreign {
    driver: Arc<dyn ScenarioDriver>,
}

impl Driver for Foreign {
    fn execute(&mut self, command: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Rejection> {
        self.driver.execute(command.clone()).map_err(|e| Rejection {
            code: e.code(),
            message: e.message_en(),
        })
    }

    fn state(&self) -> serde_json::Value {
        match self.driver.state_json() {
            Ok(text) => serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
            Err(_) => serde_json::Value::Null,
        }
    }
}

/// Runs one scenario file (its JSON text) through `driver`, which must start from an empty
/// model. `fixtures` maps a fixture's name to its JSON text (the files of
/// `tests/scenarios/fixtures/`). Throws `MALFORMED_JSON` for a file that is not a scenario.
#[uniffi::export]
pub fn run_scenario(
    scenario_json: String,
    fixtures: HashMap<String, String>,
    driver: Arc<dyn ScenarioDriver>,
) -> Result<ScenarioOutcome, KooperacjeError> {
    guard(|| {
        let scenario: Scenario = serde_json::from_str(&scenario_json)
            .map_err(|e| malformed(format!("not a scenario: {e}")))?;
        let load = |name: &str| -> Result<Fixture, String> {
            let text = fixtures
                .get(name)
                .ok_or_else(|| format!("fixture {name}: not given"))?;
            serde_json::from_str(text).map_err(|e| format!("fixture {name}: {e}"))
        };
        let mut foreign = Foreign { driver };
        let outcome = scenario::run_with(&scenario, &load, &mut foreign);
        Ok(ScenarioOutcome {
            name: outcome.name.clone(),
            canonical_json: outcome.canonical_text(),
            failures: outcome.failures,
        })
    })
}

//! JSON Schemas of the stored forms, generated from the Rust types. `schema/*.json` in the
//! repository is kept equal to these by a test.

use crate::command::CommandEnvelope;
use crate::event::EventEnvelope;
use crate::state::State;

/// The JSON Schema of an event envelope.
pub fn events() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(EventEnvelope)).unwrap_or_default()
}

/// The JSON Schema of a command envelope.
pub fn commands() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(CommandEnvelope)).unwrap_or_default()
}

/// The JSON Schema of the state snapshot.
pub fn state() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(State)).unwrap_or_default()
}

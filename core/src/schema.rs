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

/// The JSON Schemas of the report rows (registry, indicators, overdue items, monitoring rows)
/// and of a basket search hit, as `{"$defs": {"RegistryEntry": …, "Indicators": …,
/// "OverdueItem": …, "MonitoringRow": …, "BasketHit": …}}`: bindings type their report objects
/// from these.
pub fn reports() -> serde_json::Value {
    use crate::reports::{Indicators, MonitoringRow, OverdueItem, RegistryEntry};
    let mut generator = schemars::SchemaGenerator::default();
    generator.subschema_for::<crate::session::BasketHit>();
    generator.subschema_for::<RegistryEntry>();
    generator.subschema_for::<Indicators>();
    generator.subschema_for::<OverdueItem>();
    generator.subschema_for::<MonitoringRow>();
    serde_json::json!({ "$defs": generator.take_definitions(true) })
}

//! WebAssembly bindings of `kooperacje`: the npm package `kooperacje` (built by `build.sh`).
//!
//! The core is the only source of rules and types. This crate converts: JavaScript values to the
//! core's JSON form and back (through the engine's own `JSON`, so a command is exactly the object
//! a host would store), and the core's [`kooperacje::Error`] to a JavaScript `Error` with a stable
//! `code`. Its TypeScript declarations are written by `src/bin/types.rs` from the core's JSON
//! Schemas, so no type is declared twice.
//!
//! Bad input never traps the module: every value that crosses the boundary is decoded with
//! `serde_json` and every failure is an error value. A panic would be a bug of the library; on
//! wasm32 nothing unwinds, so the panic hook ends the call by throwing an `InternalError`
//! (`INTERNAL_ERROR`, with the panic's message; nothing is printed on the console) instead of the
//! bare `RuntimeError: unreachable` of a trap, and every later call of this instance fails with
//! `INTERNAL_ERROR` instead of running on a state the ended call may have left half-changed.

#![deny(unsafe_code)]

#[cfg(feature = "basket")]
pub mod basket;
pub mod convert;
pub mod errors;
pub mod extras;
#[cfg(target_arch = "wasm32")]
#[allow(unsafe_code)] // the global allocator, and nothing else
mod heap;
pub mod model;
pub mod typegen;

pub use model::{Model, Replay};

use wasm_bindgen::prelude::*;

// The generated declarations of the model (`types.d.ts`, written by build.sh from the core's
// schemas once at the package's top, where it points this import) are imported by the signatures
// below and re-exported.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
import type {
  BasketHit, BasketQuery, Catalogue, Command, CommandEnvelope, EnumName, ErrorInfo,
  EventEnvelope, Indicators, IsoDate, KooperacjeError, ModelOptions, MonitoringRow, OverdueItem,
  Partnership, PartnershipId, RegistryEntry, State, Zzk, ZzkId,
} from "./types.js";
export type * from "./types.js";
"#;

/// Installs the panic hook when the module is instantiated. Private: run once by the generated
/// loader, not exported to JavaScript (where calling it again would be an entry point that installs
/// the hook anew).
#[wasm_bindgen(start, private)]
fn start() {
    errors::install_panic_hook();
}

/// The package's version (the workspace's, e.g. `"0.1.0"`).
#[wasm_bindgen]
pub fn version() -> Result<String, JsValue> {
    errors::guard(|| Ok(env!("CARGO_PKG_VERSION").to_owned()))
}

/// The version of the events' JSON form this build writes (`schema` of every event).
#[wasm_bindgen(js_name = eventSchemaVersion)]
pub fn event_schema_version() -> Result<u32, JsValue> {
    errors::guard(|| Ok(kooperacje::SCHEMA_VERSION))
}

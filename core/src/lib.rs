//! # kooperacje
//!
//! The Polish **Kooperacje 3D** model of multi-agency support for people and families in need, as a
//! pure, deterministic, event-sourced rule engine:
//!
//! 1. **Institutional level** — the OPS forms a partnership of local institutions, the **PZK**
//!    (*partnerski zespół kooperacyjny*), which keeps the **local basket of services**
//!    (*lokalny koszyk usług*): [`partnership`], [`basket`].
//! 2. **Worker level** — around one person, family or group, professionals form a **ZZK**
//!    (*zadaniowy zespół kooperacyjny*): [`zzk`], [`meeting`].
//! 3. **Client level** — the family works, only with its [`consent`], to an individual [`plan`] and
//!    an individual basket; work is [`monitoring`]-ed and evaluated ([`evaluation`]).
//!
//! The library has no I/O, no clock and no randomness: the host passes the time of every command
//! and the ids of new things. A [`Command`] is decided against the [`State`] and yields
//! [`EventEnvelope`]s or a typed [`Error`]; the state is the fold of events.
//!
//! ```
//! use kooperacje::*;
//! let mut state = State::new();
//! let cmd: CommandEnvelope = serde_json::from_value(serde_json::json!({
//!     "at": "2026-01-05T09:00:00Z", "actor": "ops-head",
//!     "command": {"type": "register_partnership", "partnership_id": "pzk-1",
//!         "name": "PZK Miasto", "coverage": "cała gmina", "ops_member_id": "ops",
//!         "ops_profile": {"name": "MOPS", "areas": ["social_assistance"],
//!             "ministry": "family_social_policy", "sector": "public", "level": "gmina"}}
//! })).unwrap();
//! let events = state.execute(&cmd).unwrap();
//! assert_eq!(events.len(), 1);
//! assert_eq!(state.partnerships[&PartnershipId::from("pzk-1")].stage, PzkStage::AwaitingAuthorisation);
//! ```
#![warn(missing_docs)]
// The uniffi derives (feature `uniffi`, for the mobile bindings) implement its FFI traits, which are
// `unsafe` to implement; the core's own code stays free of `unsafe` either way.
#![cfg_attr(not(feature = "uniffi"), forbid(unsafe_code))]

#[cfg(feature = "privacy")]
pub mod access;
pub mod analytics;
pub mod basket;
pub(crate) mod bounds;
pub mod catalogue;
pub mod classification;
pub mod command;
pub mod consent;
pub mod dates;
mod decode;
pub mod error;
pub mod evaluation;
pub mod event;
#[cfg(feature = "uniffi")]
pub mod ffi;
pub mod fields;
pub mod guard;
pub mod household;
pub mod id_map;
pub mod ids;
pub mod labels;
pub mod meeting;
pub mod monitoring;
mod naming;
pub mod partnership;
pub mod person;
#[cfg(not(target_arch = "wasm32"))]
pub mod pipeline;
pub mod plan;
pub mod readiness;
#[cfg(feature = "privacy")]
pub mod receipt;
pub mod reports;
mod require;
pub mod roles;
pub mod sample;
pub mod scenario;
pub mod schema;
pub mod session;
pub mod state;
pub mod stem;
pub mod text;
pub mod validate;
pub mod zzk;

pub use basket::{
    BasketQuery, Provider, Service, ServiceInput, ServiceKind, ServiceOrigin, ServiceStatus,
    TargetGroups,
};
pub use classification::{Area, InstitutionProfile, Ministry, Sector, TerritorialLevel};
pub use command::{Command, CommandEnvelope};
pub use consent::{ConsentCapacity, ConsentForm, ConsentScope, KeyDecision};
pub use error::{
    BasketError, ConsentError, Entity, Error, ErrorKind, PartnershipError, PlanError,
    ValidationError, ZzkError,
};
pub use event::{Event, EventEnvelope, StreamId, StreamRef, SCHEMA_VERSION};
pub use ids::*;
pub use labels::{Labelled, Lang};
pub use partnership::{InitiationStep, MemberStatus, Partnership, PzkStage, RulesOfProcedure};
pub use session::{BasketHit, Session};
pub use state::{Loader, State};
pub use zzk::{ClientInput, ClientKind, ReturnGround, SuspensionGround, Zzk, ZzkStage};

// The uniffi component of the core's types (namespace `kooperacje`), for the mobile bindings.
#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("kooperacje");

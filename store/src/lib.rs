//! `kooperacje-store`: the reference way to keep the event log of the `kooperacje` rule engine —
//! one SQLite file (bundled SQLite, WAL mode) that an OPS can use from day one and that every
//! embedding system can copy.
//!
//! - **Append-only** events with a version per stream (a PZK with its basket, or one ZZK) and
//!   optimistic concurrency: an append expecting a version that is no longer current fails with
//!   `STORE_CONFLICT` and writes nothing.
//! - **Idempotent appends**: a command with a `command_id` is written once; a retry gets the
//!   original events, and a log imported again adds nothing ([`idempotency`]).
//! - **Tamper evidence**: each row carries SHA-256 over the previous row's hash and the event's
//!   canonical JSON; [`Store::verify`] names the first broken link. That alone stops no one who
//!   can write the file (they can re-hash), so there are two more layers: an optional **chain
//!   key** kept outside the database ([`ChainKey`]; rows linked with HMAC-SHA-256) and
//!   **anchors** ([`Anchor`]: the head filed elsewhere, which the log must still extend).
//! - **Read-only opens** ([`OpenOptions::read_only`]) for reports and analytics: never create,
//!   migrate or write the file; an empty file is `STORE_EMPTY`, not an intact empty log.
//! - **Personal data apart** from the log, with erase and pseudonymise operations that leave the
//!   log replaying and verifying.
//! - **Schema versioning** in the file itself: older files migrate on open, newer ones are refused.
//!
//! The core crate stays pure (no I/O) and builds for WebAssembly; this crate is the I/O half.
#![warn(missing_docs)]

pub mod anchor;
pub mod chain;
pub mod error;
pub mod idempotency;
pub mod key;
pub mod personal;
pub mod schema;
pub mod session;
pub mod store;

pub use anchor::Anchor;
pub use chain::{BrokenLink, HeadWarning, LinkProblem, Verification};
pub use error::StoreError;
pub use idempotency::derive_command_id;
pub use key::ChainKey;
pub use personal::PersonEntry;
pub use schema::SCHEMA_VERSION;
pub use session::{Batch, Loaded};
pub use store::{Appended, Durability, OpenOptions, Store, StoredEvent};

//! Mobile bindings of `kooperacje` (uniffi, proc-macro style): the Kotlin package `pl.kooperacje`
//! and the Swift module `Kooperacje`, for a social worker's app that runs the same rules on the
//! phone, offline.
//!
//! The core is the only source of rules and types. Its commands, events, report rows and labelled
//! enums are uniffi records and enums derived in the core itself (feature `uniffi`, namespace
//! `kooperacje`, Kotlin package `pl.kooperacje.types`); this crate (namespace `kooperacje_mobile`)
//! adds the [`Model`] object, the error enum [`KooperacjeError`], the catalogue functions and the
//! scenario runner's entry point, and converts nothing but arguments, results and errors.
//!
//! Generated code is never committed: `scripts/test` (section "mobile") builds this library and
//! runs the workspace's `uniffi-bindgen` in library mode (`generate --library`) with
//! `bindings-mobile/uniffi.toml`.

// The error enum crosses the FFI by value (uniffi serialises it); boxing it would only add an
// allocation on the error path.
#![allow(clippy::result_large_err)]

pub mod basket;
pub mod errors;
pub mod extras;
pub mod model;
pub mod privacy;
pub mod scenario;
pub mod tables;

pub use errors::KooperacjeError;
pub use kooperacje::BasketHit;
pub use model::Model;
pub use privacy::{AccessRead, Refusal};
pub use tables::{AnalyticsColumn, AnalyticsTable, ColumnValues};

// Days and instants cross as the core's custom types (`Day`, `Timestamp`), declared in the core;
// this crate's own signatures use them too.
uniffi::use_remote_type!(kooperacje::chrono::NaiveDate);
uniffi::use_remote_type!(kooperacje::chrono::DateTime<chrono::Utc>);

uniffi::setup_scaffolding!("kooperacje_mobile");

/// The workspace README's Rust quick start, compiled and run as a doc test (so it cannot rot).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeQuickStart;

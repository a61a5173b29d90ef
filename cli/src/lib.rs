//! The library half of the `kooperacje` command: the demo story, the text reports, and the basket
//! sheet's files (the formats themselves and the HSDS export are the library `kooperacje-formats`,
//! which every binding shares). The binary (`main.rs`) only parses arguments and maps errors to
//! exit codes, so integration tests and other tools can reuse all of it.

pub mod escape;
pub mod hsds;
pub mod i18n;
pub mod render;
pub mod sheet;
pub mod story;

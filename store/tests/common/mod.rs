//! Logs for the store's tests, made by the core's sample commands (so every event is one the
//! core really produces).
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{CommandEnvelope, EventEnvelope, State};

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
}

/// Commands of an operating PZK `pzk` with 5 services.
pub fn partnership_commands() -> Vec<CommandEnvelope> {
    operating_partnership("pzk", start(), 5).unwrap()
}

/// Commands of one family's lifecycle, the `n`-th family starting `n` minutes after the others.
pub fn family_commands(n: usize) -> Vec<CommandEnvelope> {
    family_lifecycle(
        "pzk",
        &format!("z{n}"),
        start() + Duration::days(60) + Duration::minutes(n as i64),
    )
    .unwrap()
}

/// The events of the PZK and `families` whole family lifecycles, in the order produced.
pub fn log(families: usize) -> Vec<EventEnvelope> {
    let mut state = State::new();
    let mut out = Vec::new();
    for c in partnership_commands() {
        out.extend(state.execute(&c).unwrap());
    }
    for f in 0..families {
        for c in family_commands(f) {
            out.extend(state.execute(&c).unwrap());
        }
    }
    out
}

//! Dates in range: the outer bounds every command's dates must keep, whatever the command.
//!
//! The rules of each command already order its dates (a meeting is not held in the future, a
//! deadline is not before the day it is set: `DATE_IN_FUTURE`, `DATE_OUT_OF_ORDER`). What they do
//! not catch is a date that is in order but absurd — a diagnostic interview in 1900, a consent
//! valid until 2999, a typo of the century — which would sit in a family's file and in every
//! report (overdue lists, days in each stage) for years. So, before any rule of the command:
//!
//! - the command's time (`at`) lies in [`EARLIEST`]..=[`LATEST`]: the library has no clock, and a
//!   host's clock or import that is decades off is refused rather than recorded;
//! - every date the command carries lies within [`HORIZON_YEARS`] years of the command's day,
//!   either way. **\[decision\]** DOMAIN.md sets no bound; ten years is far enough back to record a
//!   past act late and far enough ahead for any plan, consent validity, review or post-support
//!   monitoring of a ZZK, whose work is planned in months, and still refuses a wrong century.
//!
//! A date outside is refused with `DATE_OUT_OF_RANGE` (kind `invalid`), naming the field and the
//! bounds, and nothing changes. The same bounds hold for events admitted from outside; both walk
//! their fields through `core/src/bounds.rs`.

use crate::error::ValidationError;
use chrono::{DateTime, NaiveDate, Utc};

/// The earliest day a command's time may fall on.
pub const EARLIEST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest day a command's time may fall on.
pub const LATEST: NaiveDate = match NaiveDate::from_ymd_opt(2099, 12, 31) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// How many years before or after the command's day a date in it may lie.
pub const HORIZON_YEARS: u32 = 10;

/// Checks that `date` lies in `earliest..=latest`.
pub(crate) fn within(
    field: &'static str,
    date: NaiveDate,
    earliest: NaiveDate,
    latest: NaiveDate,
) -> Result<(), ValidationError> {
    if date < earliest || date > latest {
        return Err(ValidationError::DateOutOfRange {
            field,
            date,
            earliest,
            latest,
        });
    }
    Ok(())
}

/// Reads an RFC 3339 time the way the library reads every time in JSON — any offset, to UTC, and
/// a leap second (`:60`) as the instant after it — for a binding that takes a time as text, so
/// that the same text gives the same time there as in a command's JSON.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    crate::decode::read_utc(text)
}

/// Reads a calendar day given as text, `YYYY-MM-DD` exactly (four-digit year, two-digit month and
/// day), for a binding that takes a day as text: `None` for anything else.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    text.parse::<NaiveDate>().ok()
}

//! Decoding stored events quickly. A municipality's log holds millions of events, and replaying it
//! is mostly decoding JSON, so two costs of the general-purpose path are avoided here:
//!
//! - An internally tagged enum (`{"type": "zzk_closed", …}`) is decoded by serde by first copying
//!   the whole object into a buffer, since the tag might come last. This library always writes the
//!   tag first, so with the `fast-decode` feature (on by default, and in the WebAssembly package)
//!   [`internally_tagged`] reads the tag of an event or a command and decodes the variant's fields
//!   straight from the input; an object whose tag comes later (hand-written, or re-ordered by
//!   another tool) is collected, written again with its tag first and decoded from that text,
//!   with the same result. The decoders are then compiled once per input format instead of once
//!   for serde's buffer: larger where several formats are read, smaller where only JSON text is
//!   (the WebAssembly package).
//! - A time in the form this library writes (`2025-01-06T08:00:00Z`) is read by [`utc`] without
//!   chrono's general RFC 3339 parser; every other form goes to that parser, so what is accepted
//!   and what it means are unchanged.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::de::{self, Deserializer, Visitor};
use std::fmt;

#[cfg(feature = "fast-decode")]
mod tagged;
#[cfg(feature = "fast-decode")]
pub(crate) use tagged::internally_tagged;

/// Reads a time in UTC: the form this library writes, `YYYY-MM-DDTHH:MM:SSZ`, directly, and any
/// other RFC 3339 form (offsets, fractions of a second) the way chrono does.
pub(crate) fn utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    struct UtcVisitor;
    impl Visitor<'_> for UtcVisitor {
        type Value = DateTime<Utc>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an RFC 3339 date and time")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime<Utc>, E> {
            read_utc(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_str(UtcVisitor)
}

/// The text of a time as [`utc`] reads it (see [`crate::dates::parse_instant`]).
pub(crate) fn read_utc(v: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    if let Some(t) = canonical_utc(v) {
        return Ok(t);
    }
    v.parse::<DateTime<FixedOffset>>()
        .map(|t| without_leap_second(t.with_timezone(&Utc)))
}

/// A leap second (`23:59:60`, which chrono reads on any day) as the first instant after it, the
/// way POSIX time counts it. **\[decision\]** normalised rather than refused: Python's `datetime`,
/// JavaScript's `Date` and Java's `Instant` cannot hold a leap second, so a host that stored one
/// could not read it back, and the mobile bindings' `Instant` would change it on the way anyway;
/// normalised where the text is read, the time is the same in every language. A leap second made
/// in Rust, not read from text, is refused by the bounds of every command (`LEAP_SECOND`).
pub(crate) fn without_leap_second(t: DateTime<Utc>) -> DateTime<Utc> {
    use chrono::Timelike;
    let nanos = t.nanosecond();
    if nanos < 1_000_000_000 {
        return t;
    }
    t.with_nanosecond(nanos - 1_000_000_000)
        .and_then(|t| t.checked_add_signed(chrono::Duration::seconds(1)))
        .unwrap_or(t)
}

/// `YYYY-MM-DDTHH:MM:SSZ` with a real date and a second below 60; `None` for anything else
/// (including leap seconds), which the general parser then handles.
fn canonical_utc(s: &str) -> Option<DateTime<Utc>> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, num(5, 7)?, num(8, 10)?)?;
    let time = date.and_hms_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?)?;
    Some(time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_times_read_as_chrono_reads_them() {
        for s in [
            "2025-01-06T08:00:00Z",
            "1999-12-31T23:59:59Z",
            "2024-02-29T00:00:00Z",
            "0000-01-01T00:00:00Z",
        ] {
            let general: DateTime<Utc> = s.parse::<DateTime<FixedOffset>>().unwrap().into();
            assert_eq!(canonical_utc(s), Some(general), "{s}");
        }
    }

    #[test]
    fn a_leap_second_reads_as_the_next_instant() {
        let read = |s: &str| -> DateTime<Utc> {
            let mut de = serde_json::Deserializer::from_str(s);
            utc(&mut de).unwrap()
        };
        assert_eq!(
            read("\"2026-06-30T23:59:60Z\""),
            read("\"2026-07-01T00:00:00Z\"")
        );
        assert_eq!(
            read("\"2026-04-23T23:59:60.5+00:00\""),
            read("\"2026-04-24T00:00:00.5Z\"")
        );
        assert_eq!(
            read("\"2026-04-23T10:59:60+02:00\""),
            read("\"2026-04-23T09:00:00Z\"")
        );
    }

    #[test]
    fn other_forms_are_left_to_the_general_parser() {
        for s in [
            "2025-02-29T08:00:00Z",
            "2025-01-06T24:00:00Z",
            "2025-01-06T08:00:60Z",
            "2025-01-06 08:00:00Z",
            "2025-01-06T08:00:00+01:00",
            "2025-01-06T08:00:00.5Z",
            "+025-01-06T08:00:00Z",
            "2025-1-06T08:00:00Z",
        ] {
            assert_eq!(canonical_utc(s), None, "{s}");
        }
    }
}

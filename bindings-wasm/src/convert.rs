//! JavaScript values to the core's types and back, through JSON text.
//!
//! A value from JavaScript is turned into JSON by the engine's own `JSON.stringify` (so a `Date`
//! becomes its ISO string, `undefined` members are left out, and a cycle, a `BigInt` or a throwing
//! getter is an error, not a crash) and decoded by the core's serde types; a value for
//! JavaScript is the core's JSON text parsed by `JSON.parse`. A string argument where an object is
//! expected is taken as that object's JSON text.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use kooperacje::Error;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::malformed;

/// What a thrown JavaScript value says, for an error message.
pub fn describe(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    value.as_string().unwrap_or_else(|| format!("{:?}", value))
}

/// The JSON text of a JavaScript value (a string is taken as JSON text already).
pub fn json_text(value: &JsValue, what: &str) -> Result<String, Error> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if value.is_undefined() {
        return Err(malformed(format!(
            "{what}: expected a value, got undefined"
        )));
    }
    let text = js_sys::JSON::stringify(value).map_err(|e| {
        malformed(format!(
            "{what}: cannot be written as JSON: {}",
            describe(&e)
        ))
    })?;
    // `JSON.stringify` gives `undefined` for a function or a symbol.
    text.as_string().ok_or_else(|| {
        malformed(format!(
            "{what}: a {} cannot be written as JSON",
            type_of(value)
        ))
    })
}

/// A text argument: the JavaScript string itself, or `MALFORMED_JSON` naming the argument. Every
/// exported function takes its text arguments as a `JsValue` and reads them here, never as a
/// `&str` or a `String`: wasm-bindgen's glue copies such a parameter into the module's memory by
/// its `length` and its characters without checking that it is a string, so a number, an object
/// or a boolean reached Rust as a pointer and a length of garbage (`RuntimeError: memory access
/// out of bounds`, or a string nobody passed).
pub fn text(value: &JsValue, what: &str) -> Result<String, Error> {
    value.as_string().ok_or_else(|| {
        malformed(format!(
            "{what}: expected a string, got {}",
            describe_type(value)
        ))
    })
}

/// Bytes from a JavaScript argument: a `Uint8Array` (a Node `Buffer` is one), copied into the
/// module, or `MALFORMED_JSON` naming the argument (see [`text`] for why not `&[u8]`).
pub fn bytes(value: &JsValue, what: &str) -> Result<Vec<u8>, Error> {
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec)
        .ok_or_else(|| {
            malformed(format!(
                "{what}: expected a Uint8Array, got {}",
                describe_type(value)
            ))
        })
}

/// What a value is, for an error message: `null`, `undefined`, or `a number`, `an object`, ….
fn describe_type(value: &JsValue) -> String {
    if value.is_null() {
        return "null".to_owned();
    }
    if value.is_undefined() {
        return "undefined".to_owned();
    }
    let t = type_of(value);
    let article = if t.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {t}")
}

fn type_of(value: &JsValue) -> String {
    value
        .js_typeof()
        .as_string()
        .unwrap_or_else(|| "value".to_owned())
}

/// Decodes a JavaScript value (or its JSON text) as a core type.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, Error> {
    let text = json_text(value, what)?;
    decode(&text, what)
}

/// Decodes JSON text as a core type; the message names the argument.
pub fn decode<T: DeserializeOwned>(text: &str, what: &str) -> Result<T, Error> {
    serde_json::from_str(text).map_err(|e| malformed(format!("{what}: {e}")))
}

/// A core value as a plain JavaScript value (objects, arrays, strings, numbers, booleans, null).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, Error> {
    let text = serde_json::to_string(value)?;
    js_sys::JSON::parse(&text).map_err(|e| Error::Internal(describe(&e)))
}

/// A calendar day from a JavaScript argument: `"YYYY-MM-DD"`, or a `Date`, taken as the day it
/// shows in the runtime's local time zone (what `getFullYear`, `getMonth` and `getDate` give).
pub fn day(value: &JsValue, what: &str) -> Result<NaiveDate, Error> {
    if let Some(text) = value.as_string() {
        return parse_day(&text, what);
    }
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        let (y, m, dd) = (d.get_full_year(), d.get_month(), d.get_date());
        return NaiveDate::from_ymd_opt(y as i32, m + 1, dd)
            .ok_or_else(|| malformed(format!("{what}: an invalid Date")));
    }
    Err(malformed(format!(
        "{what}: expected a date \"YYYY-MM-DD\" or a Date, got a {}",
        type_of(value)
    )))
}

/// Parses `"YYYY-MM-DD"`.
pub fn parse_day(text: &str, what: &str) -> Result<NaiveDate, Error> {
    kooperacje::dates::parse_day(text).ok_or_else(|| {
        malformed(format!(
            "{what}: expected a date \"YYYY-MM-DD\", got {text:?}"
        ))
    })
}

/// An instant from a JavaScript argument: an RFC 3339 string or a `Date`.
pub fn instant(value: &JsValue, what: &str) -> Result<DateTime<Utc>, Error> {
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        let ms = d.get_time();
        if !ms.is_finite() {
            return Err(malformed(format!("{what}: an invalid Date")));
        }
        return DateTime::from_timestamp_millis(ms as i64)
            .ok_or_else(|| malformed(format!("{what}: a Date out of range")));
    }
    if let Some(text) = value.as_string() {
        return parse_instant(&text, what);
    }
    Err(malformed(format!(
        "{what}: expected a Date or an RFC 3339 time, got a {}",
        type_of(value)
    )))
}

/// Parses an RFC 3339 time into UTC, as the core reads times in JSON.
pub fn parse_instant(text: &str, what: &str) -> Result<DateTime<Utc>, Error> {
    kooperacje::dates::parse_instant(text).map_err(|e| {
        malformed(format!(
            "{what}: expected an RFC 3339 time, got {text:?}: {e}"
        ))
    })
}

/// An instant as the core writes it (RFC 3339, UTC, `Z`).
pub fn format_instant(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_strict() {
        assert_eq!(
            parse_day("2026-04-14", "d").ok(),
            NaiveDate::from_ymd_opt(2026, 4, 14)
        );
        for bad in [
            "2026-4-14",
            "2026-04-14T00:00:00Z",
            "",
            "14.04.2026",
            "2026-02-30",
        ] {
            let err = parse_day(bad, "as_of").expect_err(bad);
            assert_eq!(err.code(), "MALFORMED_JSON");
            assert!(err.to_string().contains("as_of"), "{err}");
        }
    }

    #[test]
    fn instants_keep_their_moment_in_utc() {
        let t = parse_instant("2026-04-14T11:00:00+02:00", "at").expect("parses");
        assert_eq!(format_instant(&t), "2026-04-14T09:00:00Z");
        assert_eq!(
            parse_instant("yesterday", "at").map_err(|e| e.code()),
            Err("MALFORMED_JSON")
        );
    }

    #[test]
    fn decode_names_the_argument() {
        let r: Result<kooperacje::CommandEnvelope, _> = decode("{\"at\": 1}", "command");
        let err = r.expect_err("not a command");
        assert_eq!(err.code(), "MALFORMED_JSON");
        assert!(
            err.to_string().starts_with("malformed JSON: command:"),
            "{err}"
        );
    }
}

//! Python objects to the core's JSON values and back.
//!
//! Commands and events cross the boundary as the core's JSON form, so the core's serde types stay
//! the only definition of their shape: this module only turns Python's natural values into JSON
//! (`datetime.date` → `"YYYY-MM-DD"`, an aware `datetime.datetime` → RFC 3339 in UTC, an `Enum`
//! → its code) and JSON back into plain Python values.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use kooperacje::Error;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDateAccess, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString,
    PyTimeAccess, PyTuple, PyTzInfo, PyTzInfoAccess,
};
use serde_json::{Map, Number, Value};

/// Nesting deeper than any command or event needs; it also stops a list that contains itself.
const MAX_DEPTH: usize = 64;

/// A Python value as JSON, or `MALFORMED_JSON` naming where the value could not be converted.
pub fn to_json(obj: &Bound<'_, PyAny>) -> Result<Value, Error> {
    convert(obj, 0).map_err(|(path, why)| {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!(" at {}", path.join(""))
        };
        Error::Json(format!("{why}{at}"))
    })
}

type Failure = (Vec<String>, String);

fn fail(why: impl Into<String>) -> Failure {
    (Vec::new(), why.into())
}

fn within<T>(r: Result<T, Failure>, step: impl FnOnce() -> String) -> Result<T, Failure> {
    r.map_err(|(mut path, why)| {
        path.insert(0, step());
        (path, why)
    })
}

fn convert(obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Failure> {
    if depth > MAX_DEPTH {
        return Err(fail(format!("nested deeper than {MAX_DEPTH} levels")));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    // `str` first: the library's enums are `str` enums, whose string is their code.
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_str()
            .map(|s| Value::String(s.to_owned()))
            .map_err(|e| fail(e.to_string()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(fail("integer out of range"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| fail("a number must be finite"));
    }
    // `datetime` before `date`: a datetime is a date too.
    if let Ok(dt) = obj.cast::<PyDateTime>() {
        return utc(dt)
            .map(|t| Value::String(format_time(&t)))
            .map_err(fail);
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.get_year(),
            d.get_month(),
            d.get_day()
        )));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_str().map_err(|e| fail(e.to_string()))?.to_owned(),
                Err(_) => return Err(fail(format!("a key must be a str, not {}", type_name(&k)))),
            };
            let value = within(convert(&v, depth + 1), || format!(".{key}"))?;
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return items(l.iter(), depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return items(t.iter(), depth);
    }
    if let Some(value) = enum_value(obj)? {
        return within(convert(&value, depth + 1), || ".value".to_owned());
    }
    Err(fail(format!(
        "cannot take a value of type {}",
        type_name(obj)
    )))
}

fn items<'py>(
    iter: impl Iterator<Item = Bound<'py, PyAny>>,
    depth: usize,
) -> Result<Value, Failure> {
    let mut out = Vec::new();
    for (i, item) in iter.enumerate() {
        out.push(within(convert(&item, depth + 1), || format!("[{i}]"))?);
    }
    Ok(Value::Array(out))
}

/// The value of an `enum.Enum` member that is not a `str` enum (an `IntEnum`, a plain `Enum`).
fn enum_value<'py>(obj: &Bound<'py, PyAny>) -> Result<Option<Bound<'py, PyAny>>, Failure> {
    let py = obj.py();
    let enum_type = py
        .import("enum")
        .and_then(|m| m.getattr("Enum"))
        .map_err(|e| fail(e.to_string()))?;
    if obj.is_instance(&enum_type).unwrap_or(false) {
        return obj
            .getattr("value")
            .map(Some)
            .map_err(|e| fail(e.to_string()));
    }
    Ok(None)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

/// An aware Python datetime as a UTC instant. Any `tzinfo` works — `timezone.utc`, a fixed
/// offset, or `zoneinfo.ZoneInfo("Europe/Warsaw")` with its summer time — because Python itself
/// converts it to UTC first; a naive datetime is refused, as the library has no time zone of its
/// own to guess with.
pub fn utc(dt: &Bound<'_, PyDateTime>) -> Result<DateTime<Utc>, String> {
    if dt.get_tzinfo().is_none() {
        return Err(
            "a datetime without a time zone is ambiguous; pass an aware datetime \
                    (e.g. tzinfo=datetime.timezone.utc or zoneinfo.ZoneInfo(\"Europe/Warsaw\"))"
                .to_owned(),
        );
    }
    let py = dt.py();
    let utc_zone = PyTzInfo::utc(py).map_err(|e| e.to_string())?;
    // Most hosts pass times in UTC already: then no conversion (a Python call) is needed.
    let converted;
    let in_utc = if dt.get_tzinfo().is_some_and(|tz| tz.is(&*utc_zone)) {
        dt
    } else {
        converted = dt
            .call_method1("astimezone", (utc_zone,))
            .map_err(|e| e.to_string())?;
        converted.cast::<PyDateTime>().map_err(|e| e.to_string())?
    };
    NaiveDate::from_ymd_opt(
        in_utc.get_year(),
        u32::from(in_utc.get_month()),
        u32::from(in_utc.get_day()),
    )
    .and_then(|d| {
        d.and_hms_micro_opt(
            u32::from(in_utc.get_hour()),
            u32::from(in_utc.get_minute()),
            u32::from(in_utc.get_second()),
            in_utc.get_microsecond(),
        )
    })
    .map(|t| t.and_utc())
    .ok_or_else(|| "a datetime out of range".to_owned())
}

/// A time as the core writes it: RFC 3339 in UTC with `Z`, seconds, and fractions only if any.
pub fn format_time(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// A date argument (`datetime.date` or `"YYYY-MM-DD"`) as a date; `MALFORMED_JSON` naming the
/// argument otherwise.
pub fn date_arg(obj: &Bound<'_, PyAny>, what: &str) -> Result<NaiveDate, Error> {
    let bad = |got: String| Error::Json(format!("{what}: expected a date, got {got}"));
    match to_json(obj)? {
        Value::String(s) => {
            NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| bad(format!("{s:?}")))
        }
        other => Err(bad(other.to_string())),
    }
}

/// A JSON value as plain Python values: dict, list, str, int, float, bool, None.
pub fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

//! Who may see what, and consent receipts: the core's `access` and `receipt` modules for Python.
//!
//! Viewers, subjects and personal data arrive as the core's JSON form (dicts or JSON texts) and
//! the views, access records and receipts leave as plain dicts; the rules are all the core's.
//! Personal data (names, PESEL, notes) is never in the model: the host passes what it holds, as
//! `{"persons": [...], "notes": [...]}` (`kooperacje::person::PersonalRecords`), to each call.

use crate::convert::{to_json, to_py, utc};
use crate::errors::{domain, guard, malformed};
use crate::model::{event_from, Model};
use kooperacje::access::{self, Subject, Viewer};
use kooperacje::person::{PersonalData, PersonalRecords};
use kooperacje::receipt;
use kooperacje::{ConsentId, Error, Lang, ZzkId};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyString};
use serde::de::DeserializeOwned;

/// A value of the core's JSON form from a dict (or any JSON-like value) or a JSON text;
/// `MALFORMED_JSON` naming the argument otherwise.
fn decode<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> Result<T, Error> {
    let value = match obj.cast::<PyString>() {
        Ok(s) => serde_json::from_str(s.to_str().map_err(|e| Error::Json(e.to_string()))?),
        Err(_) => serde_json::from_value(to_json(obj)?),
    };
    value.map_err(|e| Error::Json(format!("{what}: {e}")))
}

/// The host's personal data (`None`: none).
fn personal(obj: Option<&Bound<'_, PyAny>>) -> Result<PersonalData, Error> {
    match obj {
        None => Ok(PersonalData::default()),
        Some(obj) => Ok(decode::<PersonalRecords>(obj, "personal")?.into_data()?),
    }
}

/// An aware datetime as UTC; `MALFORMED_JSON` naming the argument otherwise.
fn instant(obj: &Bound<'_, PyAny>, what: &str) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    let dt = obj
        .cast::<PyDateTime>()
        .map_err(|_| Error::Json(format!("{what}: expected a datetime")))?;
    utc(dt).map_err(|why| Error::Json(format!("{what}: {why}")))
}

/// A language by its code in the core's JSON form (`"pl"`, `"en"`).
fn lang(code: &str) -> Result<Lang, Error> {
    serde_json::from_value(serde_json::Value::String(code.to_owned()))
        .map_err(|e| Error::Json(format!("lang: {e}")))
}

fn json_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| malformed(py, e.to_string()))?;
    to_py(py, &v)
}

/// Reads `subject` as `viewer` at `at` (`kooperacje::access::read`): returns `(view, record)`,
/// the view the role may see and the access record for the audit log. A refused read raises, with
/// its record as the exception's `access_record`: refused reads belong in the log too.
#[pyfunction]
#[pyo3(signature = (model, viewer, subject, at, personal = None, key = None))]
pub fn read<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    viewer: &Bound<'_, PyAny>,
    subject: &Bound<'_, PyAny>,
    at: &Bound<'_, PyAny>,
    personal: Option<&Bound<'_, PyAny>>,
    key: Option<&Bound<'_, PyBytes>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    guard(py, || {
        let args = || -> Result<_, Error> {
            let viewer: Viewer = decode(viewer, "viewer")?;
            let subject: Subject = decode(subject, "subject")?;
            Ok((
                viewer,
                subject,
                instant(at, "at")?,
                self::personal(personal)?,
            ))
        };
        let (viewer, subject, at, data) = args().map_err(|e| domain(py, &e))?;
        let key = key.map(|k| k.as_bytes());
        let (record, view) = access::read(model.session.state(), &data, &viewer, &subject, at, key);
        let record = json_py(py, &record)?;
        match view {
            Ok(view) => Ok((json_py(py, &view)?, record)),
            Err(e) => {
                let err = domain(py, &e);
                err.value(py).setattr("access_record", record)?;
                Err(err)
            }
        }
    })
}

/// The keyed pseudonym of an id (`kooperacje::access::pseudonym`): `"ps-"` and 32 hex digits,
/// the same for the same key, kind and id, in every language.
#[pyfunction]
pub fn pseudonym(
    py: Python<'_>,
    key: &Bound<'_, PyBytes>,
    kind: &str,
    id: &str,
) -> PyResult<String> {
    guard(py, || {
        let key = access::PseudonymKey::new(key.as_bytes()).map_err(|e| domain(py, &e))?;
        Ok(access::pseudonym(&key, kind, id))
    })
}

/// The receipt of one consent of a ZZK (`kooperacje::receipt::consent_receipt`), as a dict.
#[pyfunction]
#[pyo3(signature = (model, zzk_id, consent_id, issued_at, personal = None, lang = "pl"))]
pub fn consent_receipt<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    zzk_id: &str,
    consent_id: &str,
    issued_at: &Bound<'_, PyAny>,
    personal: Option<&Bound<'_, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let receipt = (|| -> Result<_, Error> {
            receipt::consent_receipt(
                model.session.state(),
                &self::personal(personal)?,
                &ZzkId::from(zzk_id),
                &ConsentId::from(consent_id),
                instant(issued_at, "issued_at")?,
                self::lang(lang)?,
            )
        })()
        .map_err(|e| domain(py, &e))?;
        json_py(py, &receipt)
    })
}

/// The receipt an event calls for (`kooperacje::receipt::receipt_for_event`), as a dict: one for
/// consent given, renewed or withdrawn, `None` for any other event. The model must be the state
/// after the event.
#[pyfunction]
#[pyo3(signature = (model, event, personal = None, lang = "pl"))]
pub fn receipt_for_event<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    event: &Bound<'_, PyAny>,
    personal: Option<&Bound<'_, PyAny>>,
    lang: &str,
) -> PyResult<Option<Bound<'py, PyAny>>> {
    guard(py, || {
        let event = event_from(py, event)?;
        let receipt = (|| -> Result<_, Error> {
            receipt::receipt_for_event(
                model.session.state(),
                &self::personal(personal)?,
                &event,
                self::lang(lang)?,
            )
        })()
        .map_err(|e| domain(py, &e))?;
        receipt.map(|r| json_py(py, &r)).transpose()
    })
}

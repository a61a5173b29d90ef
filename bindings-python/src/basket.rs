//! The basket sheet and the HSDS export for Python (`kooperacje.basket`): the format library
//! (`kooperacje-formats`) does the reading, the checking and the reconciling; this only converts.
//! An import's events are applied to the model all or none, as `Model.apply` applies events.

use crate::convert::{to_py, utc};
use crate::errors::{coded, domain, guard};
use crate::model::Model;
use kooperacje::{ActorId, Error, Lang, PartnershipId};
use kooperacje_formats::{Code, Export, Format, ImportError, Options};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDateTime, PyString};

fn unknown_format(py: Python<'_>, name: &str) -> PyErr {
    let code = Code::UnknownFormat;
    coded(
        py,
        code.code(),
        code.area(),
        code.kind(),
        format!("{code}: {name:?}"),
        format!("{}: {name:?}", code.message_pl()),
    )
}

/// The basket of a PZK as a file's contents: `bytes` for `"xlsx"`, text for `"csv"`, `"json"`
/// (rows) and `"hsds"` (HSDS 3.0).
#[pyfunction]
pub fn basket_export<'py>(
    py: Python<'py>,
    model: PyRef<'_, Model>,
    partnership_id: &str,
    format: &str,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let what = Export::from_name(format).ok_or_else(|| unknown_format(py, format))?;
        let p = model
            .session
            .partnership(&PartnershipId::from(partnership_id))
            .map_err(|e| domain(py, &e))?;
        let bytes = kooperacje_formats::export(p, what)
            .map_err(|e| domain(py, &Error::Internal(format!("basket export: {e}"))))?;
        if what.is_text() {
            let text = String::from_utf8(bytes)
                .map_err(|e| domain(py, &Error::Internal(format!("basket export: {e}"))))?;
            Ok(PyString::new(py, &text).into_any())
        } else {
            Ok(PyBytes::new(py, &bytes).into_any())
        }
    })
}

/// Imports a basket sheet (`bytes`, or text for CSV and JSON) into a PZK: the rows are checked
/// and reconciled with the basket, and the changes' events applied to the model all or none.
/// Returns the row-by-row report; with rows refused and `skip_invalid` false, raises
/// `INVALID_ROWS` and changes nothing.
#[pyfunction]
#[pyo3(signature = (model, partnership_id, data, format, at, actor, reason = "import", skip_invalid = false))]
#[allow(clippy::too_many_arguments)]
pub fn basket_import<'py>(
    py: Python<'py>,
    mut model: PyRefMut<'_, Model>,
    partnership_id: &str,
    data: &Bound<'_, PyAny>,
    format: &str,
    at: &Bound<'_, PyAny>,
    actor: &str,
    reason: &str,
    skip_invalid: bool,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        let format = Format::from_name(format).ok_or_else(|| unknown_format(py, format))?;
        let at = at
            .cast::<PyDateTime>()
            .map_err(|_| Error::Json("at: expected a datetime".into()))
            .and_then(|dt| utc(dt).map_err(|why| Error::Json(format!("at: {why}"))))
            .map_err(|e| domain(py, &e))?;
        let text;
        let bytes: &[u8] = if let Ok(b) = data.cast::<PyBytes>() {
            b.as_bytes()
        } else if let Ok(s) = data.cast::<PyString>() {
            text = s.to_str()?.to_owned();
            text.as_bytes()
        } else {
            return Err(domain(
                py,
                &Error::Json("data: expected bytes or str".into()),
            ));
        };
        let options = Options {
            at,
            actor: ActorId::from(actor),
            reason: reason.to_owned(),
            skip_invalid,
        };
        let imported = kooperacje_formats::import(
            model.session.state(),
            &PartnershipId::from(partnership_id),
            bytes,
            format,
            &options,
        )
        .map_err(|e| match &e {
            ImportError::Domain(inner) => domain(py, inner),
            ImportError::File(_) | ImportError::Rows(_) => coded(
                py,
                e.code(),
                e.area(),
                e.kind(),
                e.message(Lang::En),
                e.message(Lang::Pl),
            ),
        })?;
        model
            .session
            .apply_all(imported.events)
            .map_err(|refused| domain(py, &refused.error))?;
        to_py(py, &imported.report.to_json())
    })
}

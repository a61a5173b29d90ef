//! The basket sheet and the HSDS export for Kotlin and Swift (`basketExport`, `basketImport`): the
//! format library (`kooperacje-formats`) reads, checks and reconciles; this only converts.

use crate::errors::{guard, internal, KooperacjeError};
use crate::model::Model;
use chrono::{DateTime, Utc};
use kooperacje::{ActorId, Error, Lang, PartnershipId};
use kooperacje_formats::{Code, Export, Format, ImportError, Options, Report, RowError};
use std::sync::Arc;

/// A refused row of a basket sheet: its number (the header being row 1) and why.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BasketRowError {
    /// The spreadsheet's row number.
    pub row: u64,
    /// Stable code: the sheet's (`UNKNOWN_VALUE`, `BAD_DATE`, …) or the core's.
    pub code: String,
    /// The reason in English.
    pub message: String,
    /// The reason in Polish.
    pub message_pl: String,
}

/// What a basket import did, row by row.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct BasketImportReport {
    /// The PZK.
    pub partnership_id: String,
    /// Services added.
    pub added: u64,
    /// Services revised (perhaps with their status changed too).
    pub revised: u64,
    /// Services whose status alone changed.
    pub status_changed: u64,
    /// Services exactly as the basket had them.
    pub unchanged: u64,
    /// The rows refused, by row number; several reasons of one row one by one.
    pub skipped: Vec<BasketRowError>,
    /// The report as JSON text, the same in every language (keys as above, in snake case).
    pub json: String,
}

impl From<Report> for BasketImportReport {
    fn from(r: Report) -> Self {
        let json = r.to_json().to_string();
        BasketImportReport {
            partnership_id: r.partnership_id.as_str().to_owned(),
            added: r.added as u64,
            revised: r.revised as u64,
            status_changed: r.status_changed as u64,
            unchanged: r.unchanged as u64,
            skipped: r.skipped.into_iter().map(row_error).collect(),
            json,
        }
    }
}

fn row_error(e: RowError) -> BasketRowError {
    BasketRowError {
        row: e.row as u64,
        code: e.code,
        message: e.message,
        message_pl: e.message_pl,
    }
}

fn unknown_format(name: &str) -> KooperacjeError {
    let code = Code::UnknownFormat;
    KooperacjeError::coded(
        code.kind(),
        code.code(),
        code.area(),
        format!("{code}: {name:?}"),
        format!("{}: {name:?}", code.message_pl()),
    )
}

/// The basket of a PZK as a file's contents: `"xlsx"`, `"csv"`, `"json"` (rows) or `"hsds"`
/// (HSDS 3.0); all but Excel's are UTF-8 text. Throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK
/// and `UNKNOWN_FORMAT` for an unknown format.
#[uniffi::export]
pub fn basket_export(
    model: Arc<Model>,
    partnership_id: String,
    format: String,
) -> Result<Vec<u8>, KooperacjeError> {
    guard(|| {
        let what = Export::from_name(&format).ok_or_else(|| unknown_format(&format))?;
        model.with(|m| {
            let p = m.partnership(&PartnershipId::from(partnership_id.as_str()))?;
            kooperacje_formats::export(p, what).map_err(|e| internal(format!("basket export: {e}")))
        })
    })
}

/// Imports a basket sheet (the file's bytes) into a PZK of the model: the rows are checked and
/// reconciled with the basket, every change made at `at` by `actor` (with `reason`, default
/// `"import"`, in the service's history), and the events applied all or none (and kept, like any
/// command's). Returns the row-by-row report; with rows refused and `skip_invalid` false, throws
/// `INVALID_ROWS` (its message lists each row) and changes nothing; an unreadable file throws
/// `BAD_FILE`. The rows are checked and the events applied under one hold of the model's lock.
#[uniffi::export(default(reason = None, skip_invalid = false))]
#[allow(clippy::too_many_arguments)]
pub fn basket_import(
    model: Arc<Model>,
    partnership_id: String,
    data: Vec<u8>,
    format: String,
    at: DateTime<Utc>,
    actor: String,
    reason: Option<String>,
    skip_invalid: bool,
) -> Result<BasketImportReport, KooperacjeError> {
    guard(|| {
        let format = Format::from_name(&format).ok_or_else(|| unknown_format(&format))?;
        let options = Options {
            at,
            actor: ActorId::from(actor.as_str()),
            reason: reason.unwrap_or_else(|| "import".to_owned()),
            skip_invalid,
        };
        let pid = PartnershipId::from(partnership_id.as_str());
        model.with(|m| {
            let imported = kooperacje_formats::import(m.state(), &pid, &data, format, &options)
                .map_err(|e| match &e {
                    ImportError::Domain(inner) => KooperacjeError::from(inner.clone()),
                    ImportError::File(_) | ImportError::Rows(_) => KooperacjeError::coded(
                        e.kind(),
                        e.code(),
                        e.area(),
                        e.message(Lang::En),
                        e.message(Lang::Pl),
                    ),
                })?;
            // Checked and applied under one hold of the model's lock.
            m.apply_all(imported.events)
                .map_err(|r| KooperacjeError::from(r.error))?;
            Ok(imported.report.into())
        })
    })
}

/// A JSON text in the canonical form the conformance files take: keys sorted, two spaces of
/// indentation, a final line feed (what Rust's and Python's runners write). Throws
/// `MALFORMED_JSON` for a text that is not JSON.
#[uniffi::export]
pub fn canonical_json(text: String) -> Result<String, KooperacjeError> {
    guard(|| {
        let value: serde_json::Value = serde_json::from_str(&text).map_err(Error::from)?;
        Ok(serde_json::to_string_pretty(&value).map_err(Error::from)? + "\n")
    })
}

//! The basket sheet and the HSDS export (`kooperacje-formats`): the format library reads, checks
//! and reconciles; this only converts.

use crate::call::{bytes, call, optional_text, text, Out};
use crate::error::{Failure, KooperacjeError};
use crate::handle::{self, KooperacjeSession};
use crate::session::{instant, json};
use crate::KooperacjeStatus;
use kooperacje::{ActorId, PartnershipId};
use kooperacje_formats::{Code, Export, Format, Options};
use std::ffi::c_char;

fn unknown_format(name: &str) -> Failure {
    let code = Code::UnknownFormat;
    Failure {
        kind: code.kind(),
        code: code.code(),
        area: code.area(),
        message: format!("{code}: {name:?}"),
        message_pl: format!("{}: {name:?}", code.message_pl()),
        index: None,
        line: None,
    }
}

/// Exports a PZK's local basket as a file's contents: `"xlsx"`, `"csv"`, `"json"` (rows) or
/// `"hsds"` (HSDS 3.0; all but Excel's are UTF-8 text). Writes the bytes to `data` and their
/// number to `len`; freed by `kooperacje_bytes_free(data, len)`. `PARTNERSHIP_NOT_FOUND` for an
/// unknown PZK, `UNKNOWN_FORMAT` for an unknown format.
///
/// # Safety
/// `partnership_id` and `format` are NUL-terminated texts; `data` and `len` point to writable
/// places; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_session_basket_export(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    format: *const c_char,
    data: *mut *mut u8,
    len: *mut usize,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let (data, len) = (Out::new(data, "data")?, Out::new(len, "len")?);
        let pid = PartnershipId::from(text(partnership_id, "partnership_id")?);
        let format = text(format, "format")?;
        let what = Export::from_name(format).ok_or_else(|| unknown_format(format))?;
        let file = handle::with(session, |s| {
            kooperacje_formats::export(s.partnership(&pid)?, what)
                .map_err(|e| Failure::internal(format!("basket export: {e}")))
        })?;
        let file = file.into_boxed_slice();
        len.put(file.len());
        data.put(Box::into_raw(file).cast());
        Ok(())
    })
}

/// Imports a basket sheet (`len` bytes of a file in `format`: `"xlsx"`, `"csv"` or `"json"`)
/// into a PZK: the rows are checked and reconciled with the basket, every change made at `at`
/// (RFC 3339) by `actor`, with `reason` (null: `"import"`) in the service's history, and the
/// events applied all or none (and kept, like any command's). Writes the row-by-row report as
/// JSON (`{"partnership_id", "added", "revised", "status_changed", "unchanged", "skipped": [{"row",
/// "code", "message", "message_pl"}]}`) to `report_json`. With rows refused and `skip_invalid`
/// false, fails with `INVALID_ROWS` (its message lists each row) and changes nothing; an
/// unreadable file is `BAD_FILE`.
///
/// # Safety
/// `data` points to `len` readable bytes; the texts are NUL-terminated (`reason` may be null);
/// `report_json` points to a writable pointer; `error` is null or points to a writable pointer.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn kooperacje_session_basket_import(
    session: KooperacjeSession,
    partnership_id: *const c_char,
    data: *const u8,
    len: usize,
    format: *const c_char,
    at: *const c_char,
    actor: *const c_char,
    reason: *const c_char,
    skip_invalid: bool,
    report_json: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(report_json, "report_json")?;
        let pid = PartnershipId::from(text(partnership_id, "partnership_id")?);
        let file = bytes(data, len, "data")?;
        let format_name = text(format, "format")?;
        let format = Format::from_name(format_name).ok_or_else(|| unknown_format(format_name))?;
        let at = instant(text(at, "at")?, "at")?;
        let options = Options {
            at,
            actor: ActorId::from(text(actor, "actor")?),
            reason: optional_text(reason, "reason")?
                .unwrap_or("import")
                .to_owned(),
            skip_invalid,
        };
        let report = handle::with(session, |s| {
            let imported = kooperacje_formats::import(s.state(), &pid, file, format, &options)?;
            // Checked and applied under one hold of the session's lock.
            s.apply_all(imported.events)
                .map_err(|r| Failure::from(r.error))?;
            Ok(imported.report)
        })?;
        out.put_text(&json(&report.to_json())?);
        Ok(())
    })
}

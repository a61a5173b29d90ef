//! Everything besides a session: the catalogue of labelled enums and error codes, one label, and
//! the canonical JSON form the conformance files take.

use crate::call::{call, text, Out};
use crate::error::KooperacjeError;
use crate::session::json;
use crate::KooperacjeStatus;
use kooperacje::{catalogue, Error};
use std::ffi::c_char;

/// The catalogue as JSON text: every user-facing enum with its codes and Polish and English
/// labels, and every error code with its area and kind (`{"enums": {"ZzkStage": [{"code", "pl",
/// "en"}, …], …}, "errors": [{"code", "area", "kind"}, …]}`): the core's and the basket sheet's.
///
/// # Safety
/// `out` points to a writable pointer; `error` is null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_catalogue(
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let mut errors = kooperacje::error::codes().to_vec();
        errors.extend(kooperacje_formats::Code::catalogue());
        out.put_text(&json(&catalogue::to_json_with(&errors))?);
        Ok(())
    })
}

/// The label of one value of a labelled enum in `lang` (`"pl"` or `"en"`): `("ZzkStage",
/// "suspended", "pl")` is `"Zawieszony"`. `MALFORMED_JSON` for an unknown enum, code or language.
///
/// # Safety
/// The texts are NUL-terminated; `out` points to a writable pointer; `error` is null or points
/// to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_label(
    enum_name: *const c_char,
    code: *const c_char,
    lang: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let lang = crate::session::lang(text(lang, "lang")?)?;
        let label =
            kooperacje::session::label(text(enum_name, "enum_name")?, text(code, "code")?, lang)?;
        out.put_text(label);
        Ok(())
    })
}

/// A JSON text in the canonical form the conformance files take: members sorted by name, two
/// spaces of indentation, a final line feed. `MALFORMED_JSON` for a text that is not JSON.
///
/// # Safety
/// `json_text` is NUL-terminated; `out` points to a writable pointer; `error` is null or points
/// to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_canonical_json(
    json_text: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let value: serde_json::Value =
            serde_json::from_str(text(json_text, "json_text")?).map_err(Error::from)?;
        out.put_text(&(serde_json::to_string_pretty(&value).map_err(Error::from)? + "\n"));
        Ok(())
    })
}

/// The value at a JSON Pointer (RFC 6901, `"/stage"`, `"/members/m-1/status"`) of a JSON text,
/// for hosts without a JSON parser of their own (C, Delphi, shell): a string as its text, any
/// other value as its JSON text; a null pointer written to `out` when the pointer finds nothing.
/// `MALFORMED_JSON` for a text that is not JSON.
///
/// # Safety
/// `json_text` and `pointer` are NUL-terminated; `out` points to a writable pointer; `error` is
/// null or points to a writable pointer.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_json_pointer(
    json_text: *const c_char,
    pointer: *const c_char,
    out: *mut *mut c_char,
    error: *mut *mut KooperacjeError,
) -> KooperacjeStatus {
    call(error, || {
        let out = Out::new(out, "out")?;
        let value: serde_json::Value =
            serde_json::from_str(text(json_text, "json_text")?).map_err(Error::from)?;
        match value.pointer(text(pointer, "pointer")?) {
            None => out.put(std::ptr::null_mut()),
            Some(serde_json::Value::String(s)) => out.put_text(s),
            Some(other) => out.put_text(&json(other)?),
        }
        Ok(())
    })
}

//! The error a failed call gives: a C structure of texts (code, kind, area, messages) and the
//! position of a refused event, made from the core's error (or the format library's) in one place.

use kooperacje::{Error, ErrorKind, Lang};
use kooperacje_formats::ImportError;
use std::ffi::{c_char, CString};

/// Why a call failed. Every text is UTF-8, owned by the error and freed with it by
/// `kooperacje_error_free`; a host reads the fields, or the whole as JSON
/// (`kooperacje_error_json`).
#[repr(C)]
#[derive(Debug)]
pub struct KooperacjeError {
    /// Stable machine code, e.g. `ZZK_SUSPENDED` (the list: the catalogue's `errors`).
    pub code: *mut c_char,
    /// Kind, on which a host builds its exception classes: `invalid`, `not_found`, `conflict`,
    /// `stage`, `consent`, `rule`, `forbidden`, `decode`, `store` or `internal`.
    pub kind: *mut c_char,
    /// Area of the code (`validation`, `zzk`, …).
    pub area: *mut c_char,
    /// English message.
    pub message: *mut c_char,
    /// Polish message, for the social worker.
    pub message_pl: *mut c_char,
    /// For a batch of events: the position of the one refused, from 0; otherwise -1.
    pub index: i64,
    /// For JSON lines: the line of the one refused, from 1; otherwise -1.
    pub line: i64,
}

/// A failure inside the library, before it becomes a [`KooperacjeError`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    pub kind: ErrorKind,
    pub code: &'static str,
    pub area: &'static str,
    pub message: String,
    pub message_pl: String,
    pub index: Option<usize>,
    pub line: Option<usize>,
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure {
            kind: e.kind(),
            code: e.code(),
            area: e.area(),
            message: e.to_string(),
            message_pl: e.message_pl(),
            index: None,
            line: None,
        }
    }
}

impl From<kooperacje::ValidationError> for Failure {
    fn from(e: kooperacje::ValidationError) -> Self {
        Error::from(e).into()
    }
}

impl From<ImportError> for Failure {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Domain(inner) => inner.into(),
            ImportError::File(_) | ImportError::Rows(_) => Failure {
                kind: e.kind(),
                code: e.code(),
                area: e.area(),
                message: e.message(Lang::En),
                message_pl: e.message(Lang::Pl),
                index: None,
                line: None,
            },
        }
    }
}

impl Failure {
    /// `MALFORMED_JSON` with a reason.
    pub fn malformed(why: impl Into<String>) -> Failure {
        Error::Json(why.into()).into()
    }

    /// `INTERNAL_ERROR` with what went wrong.
    pub fn internal(what: impl Into<String>) -> Failure {
        Error::Internal(what.into()).into()
    }

    /// The C structure, its texts allocated for the caller.
    pub fn into_c(self) -> KooperacjeError {
        let position = |n: Option<usize>| n.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        KooperacjeError {
            code: owned_text(self.code),
            kind: owned_text(self.kind.code()),
            area: owned_text(self.area),
            message: owned_text(&self.message),
            message_pl: owned_text(&self.message_pl),
            index: position(self.index),
            line: position(self.line),
        }
    }
}

/// A text for the caller; an inner NUL (which no message of the library holds) is cut there.
pub(crate) fn owned_text(text: &str) -> *mut c_char {
    let end = text.find('\0').unwrap_or(text.len());
    CString::new(&text[..end]).unwrap_or_default().into_raw()
}

/// Frees an error the library gave, with its texts. Null is allowed and does nothing.
///
/// # Safety
/// `error` is null or an error given by this library, not freed before.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_error_free(error: *mut KooperacjeError) {
    if error.is_null() {
        return;
    }
    // SAFETY: the caller passes an error this library made with `Box::into_raw`, whose texts
    // were made with `CString::into_raw`.
    let e = unsafe { Box::from_raw(error) };
    for text in [e.code, e.kind, e.area, e.message, e.message_pl] {
        unsafe { crate::kooperacje_string_free(text) };
    }
}

/// The error as JSON text, `{"code", "kind", "area", "message", "message_pl", "index", "line"}`
/// (`index` and `line` are `null` when not about a batch), freed by `kooperacje_string_free`;
/// null for a null error.
///
/// # Safety
/// `error` is null or an error given by this library, not freed.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_error_json(error: *const KooperacjeError) -> *mut c_char {
    if error.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the caller passes a live error of this library, whose texts are valid C strings.
    let e = unsafe { &*error };
    let text = |p: *mut c_char| unsafe { std::ffi::CStr::from_ptr(p) }.to_string_lossy();
    let position = |n: i64| (n >= 0).then_some(n);
    let json = serde_json::json!({
        "code": text(e.code),
        "kind": text(e.kind),
        "area": text(e.area),
        "message": text(e.message),
        "message_pl": text(e.message_pl),
        "index": position(e.index),
        "line": position(e.line),
    });
    owned_text(&json.to_string())
}

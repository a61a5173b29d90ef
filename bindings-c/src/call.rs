//! One way into the library for every exported function: the guard (a panic becomes
//! `INTERNAL_ERROR`), the status and the error, and the reading of arguments (null pointers,
//! UTF-8) and writing of outputs, each checked before anything is changed.

use crate::error::{owned_text, Failure, KooperacjeError};
use crate::KooperacjeStatus;
use kooperacje::guard::{catch_quietly, test_trigger};
use kooperacje::ValidationError;
use std::ffi::{c_char, CStr};
use std::ptr::NonNull;

/// Runs an exported function's body inside the guard: its status, and its failure written to
/// `error` when the caller gave a place for it.
pub(crate) fn call(
    error: *mut *mut KooperacjeError,
    body: impl FnOnce() -> Result<(), Failure>,
) -> KooperacjeStatus {
    let result = catch_quietly(|| {
        test_trigger::fire();
        body()
    })
    .unwrap_or_else(|panic| Err(panic.into()));
    match result {
        Ok(()) => KooperacjeStatus::Ok,
        Err(failure) => {
            if !error.is_null() {
                let e = Box::into_raw(Box::new(failure.into_c()));
                // SAFETY: `error` is not null and, by the contract, points to a writable pointer.
                unsafe { error.write(e) };
            }
            KooperacjeStatus::Error
        }
    }
}

/// A text argument: `NULL_ARGUMENT` for null, `NOT_UTF8` for bytes that are not UTF-8.
///
/// The caller's contract: a non-null pointer points to a NUL-terminated text that outlives the
/// call.
pub(crate) fn text<'a>(p: *const c_char, argument: &'static str) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err(ValidationError::NullArgument { argument }.into());
    }
    // SAFETY: not null, and by the contract NUL-terminated and alive for the call.
    let text = unsafe { CStr::from_ptr(p) };
    text.to_str()
        .map_err(|_| ValidationError::NotUtf8 { argument }.into())
}

/// An optional text argument: null is `None`.
pub(crate) fn optional_text<'a>(
    p: *const c_char,
    argument: &'static str,
) -> Result<Option<&'a str>, Failure> {
    if p.is_null() {
        Ok(None)
    } else {
        text(p, argument).map(Some)
    }
}

/// Bytes given with their length; null is allowed only for no bytes.
pub(crate) fn bytes<'a>(
    p: *const u8,
    len: usize,
    argument: &'static str,
) -> Result<&'a [u8], Failure> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(ValidationError::NullArgument { argument }.into());
    }
    // SAFETY: not null, and by the contract `len` readable bytes alive for the call.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A place for an output, checked for null before the call does anything.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// `NULL_ARGUMENT` for null.
    pub fn new(p: *mut T, argument: &'static str) -> Result<Out<T>, Failure> {
        NonNull::new(p)
            .map(Out)
            .ok_or_else(|| ValidationError::NullArgument { argument }.into())
    }

    /// Writes the output.
    pub fn put(self, value: T) {
        // SAFETY: not null, and by the contract writable.
        unsafe { self.0.as_ptr().write(value) }
    }
}

impl Out<*mut c_char> {
    /// Writes a text for the caller (freed by `kooperacje_string_free`).
    pub fn put_text(self, value: &str) {
        self.put(owned_text(value))
    }
}

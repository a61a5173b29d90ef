//! The C interface of kooperacje (`libkooperacje_c.so` and `.a`, header `kooperacje.h`): the
//! library for the case software social-assistance centres already run (C#, Java, PHP, Delphi, C),
//! over the core's host session, as every other binding is.
//!
//! The interface stays small and never changes with the model: every command, event, state,
//! report and catalogue crosses as UTF-8 JSON text in the core's canonical forms, the same text
//! the other languages and the event store read and write.
//!
//! # The rules of every call
//! - Every function that can fail returns a [`KooperacjeStatus`]: `KOOPERACJE_STATUS_OK`, or
//!   `KOOPERACJE_STATUS_ERROR` with, when the caller passed a place for it, a
//!   [`KooperacjeError`] (code, kind, area, English and Polish messages, and the refused event's
//!   index and line for batches), freed by `kooperacje_error_free`. On failure nothing is changed
//!   and the outputs are left as they were.
//! - Texts the library returns are freed by `kooperacje_string_free`, bytes by
//!   `kooperacje_bytes_free`; nothing else frees them, and nothing of the library frees what the
//!   caller passed in.
//! - A session is a handle, a number, not a pointer: a handle that was never made, or was
//!   freed, is refused with `INVALID_HANDLE` (handles are never reused), never undefined
//!   behaviour. `0` is never a handle.
//! - A null pointer where a text or an output is needed is `NULL_ARGUMENT`, a text that is not
//!   UTF-8 is `NOT_UTF8`, JSON of the wrong shape is `MALFORMED_JSON`: refused before anything
//!   is changed.
//! - No panic crosses the interface: a bug of the library is `INTERNAL_ERROR`. A session whose
//!   call panicked refuses every later call with it, rather than answer from a half-changed state.
//! - Threads: a session may be used from several threads at once; its calls are serialised
//!   inside (a lock per session). Different sessions never wait for each other.
#![warn(missing_docs)]
// Every exported function checks its pointers before it reads them (null is `NULL_ARGUMENT`);
// what it cannot check (that a non-null pointer points to what the header says) is the caller's
// part of the contract, written in each function's doc comment.
#![allow(clippy::missing_safety_doc)]

mod basket;
mod call;
mod catalogue;
mod error;
mod handle;
mod privacy;
mod scenario;
mod session;

pub use basket::*;
pub use catalogue::*;
pub use error::*;
pub use privacy::*;
pub use scenario::*;
pub use session::*;

use std::ffi::{c_char, CString};

/// The version of this interface's contract (the functions, their arguments and the ownership
/// of what they return). It grows when a function is added and changes when one changes; a host
/// checks it once, at load time, against the version it was written for.
pub const KOOPERACJE_ABI_VERSION: u32 = 1;

/// What a call did: succeeded, or failed with an error (given through the call's `error`
/// argument).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KooperacjeStatus {
    /// The call succeeded; its outputs are written.
    Ok = 0,
    /// The call failed; nothing was changed and the outputs are untouched.
    Error = 1,
}

/// The version of this interface's contract, [`KOOPERACJE_ABI_VERSION`].
#[no_mangle]
pub extern "C" fn kooperacje_abi_version() -> u32 {
    KOOPERACJE_ABI_VERSION
}

/// The library's version (`"0.1.0"`): a static text, never freed.
#[no_mangle]
pub extern "C" fn kooperacje_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// The version of the events' JSON form this library writes (the `schema` of every event).
#[no_mangle]
pub extern "C" fn kooperacje_event_schema_version() -> u32 {
    kooperacje::SCHEMA_VERSION
}

/// Frees a text the library returned. Null is allowed and does nothing.
///
/// # Safety
/// `text` is null or a text returned by this library, not freed before.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_string_free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: the caller passes a text this library made with `CString::into_raw`.
        drop(unsafe { CString::from_raw(text) });
    }
}

/// Frees bytes the library returned (`kooperacje_session_basket_export`) with their length.
/// Null is allowed and does nothing.
///
/// # Safety
/// `data` is null or bytes returned by this library with exactly `len`, not freed before.
#[no_mangle]
pub unsafe extern "C" fn kooperacje_bytes_free(data: *mut u8, len: usize) {
    if !data.is_null() {
        // SAFETY: the caller passes bytes this library made from a boxed slice of `len` bytes.
        drop(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(data, len)) });
    }
}

/// Arms (`true`) or disarms the tests' panic trigger and says whether it was armed: the next
/// call of this thread panics inside its guard (and returns `INTERNAL_ERROR`). Only in builds
/// of the library with the feature `test-hooks` (the tests'), and declared by the header only
/// under `KOOPERACJE_TEST_HOOKS`.
#[cfg(feature = "test-hooks")]
#[no_mangle]
pub extern "C" fn kooperacje_test_arm_panic(armed: bool) -> bool {
    kooperacje::guard::test_trigger::arm(armed)
}

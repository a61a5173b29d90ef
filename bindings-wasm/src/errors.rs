//! The core's errors as JavaScript `Error`s, and the guard that keeps a panicked instance from
//! answering as if nothing had happened.
//!
//! Every error thrown by the package is an `Error` instance whose `name` says what kind of refusal
//! it is (the core's kinds, `kooperacje::ErrorKind`, each with its class name: `NotFoundError`, `StageError`,
//! `ConsentError`, …), with the core's stable `code` (`"ZZK_SUSPENDED"`), its `kind` and `area`,
//! the English `message` and the Polish `messagePl`. The TypeScript declarations describe it as
//! `KooperacjeError`, with `isKooperacjeError` as the type guard.

use kooperacje::{Error, ErrorKind};
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

/// The message of the first panic of this instance, if one happened.
static PANICKED: OnceLock<String> = OnceLock::new();

/// The `name` of the JavaScript error for a kind of the core: the core's class name of the kind
/// (`NotFoundError`), the same as Python's exception class.
pub fn name_of_kind(kind: ErrorKind) -> &'static str {
    kind.class_name()
}

/// Everything a JavaScript error of the package carries, computed by the core.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fields {
    /// `Error.name`: the class by kind.
    pub name: &'static str,
    /// Stable machine code.
    pub code: &'static str,
    /// Kind (`not_found`, `stage`, …).
    pub kind: &'static str,
    /// Area (`validation`, `zzk`, …).
    pub area: &'static str,
    /// English message.
    pub message: String,
    /// Polish message.
    pub message_pl: String,
}

impl Fields {
    /// The fields of an error of any part of the library, from its kind, code, area and messages.
    pub fn coded(
        kind: ErrorKind,
        code: &'static str,
        area: &'static str,
        message: String,
        message_pl: String,
    ) -> Self {
        Fields {
            name: name_of_kind(kind),
            code,
            kind: kind.code(),
            area,
            message,
            message_pl,
        }
    }

    /// The JavaScript `Error`.
    pub fn to_js(&self) -> JsValue {
        let err = js_sys::Error::new(&self.message);
        err.set_name(self.name);
        let value: JsValue = err.into();
        set(&value, "code", &JsValue::from_str(self.code));
        set(&value, "kind", &JsValue::from_str(self.kind));
        set(&value, "area", &JsValue::from_str(self.area));
        set(&value, "messagePl", &JsValue::from_str(&self.message_pl));
        value
    }
}

impl From<&Error> for Fields {
    fn from(e: &Error) -> Self {
        Fields::coded(e.kind(), e.code(), e.area(), e.to_string(), e.message_pl())
    }
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a data property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}

/// A core error as a JavaScript `Error`.
pub fn to_js(e: &Error) -> JsValue {
    Fields::from(e).to_js()
}

/// A core error as a JavaScript `Error` that also names the position of the failing item of a
/// list (`index`, from 0) and, for JSON lines, its line number (`line`, from 1).
pub fn to_js_at(e: &Error, index: usize, line: Option<usize>) -> JsValue {
    let value = to_js(e);
    set(&value, "index", &JsValue::from_f64(index as f64));
    if let Some(line) = line {
        set(&value, "line", &JsValue::from_f64(line as f64));
    }
    value
}

/// `MALFORMED_JSON` with a reason: an argument that is not what the function takes.
pub fn malformed(why: impl Into<String>) -> Error {
    Error::Json(why.into())
}

/// Installs the panic hook: it records the message, so that [`guard`] refuses every later call of
/// the instance, and then throws the panic to the caller as an `InternalError` (`INTERNAL_ERROR`),
/// whose message is the panic's. It prints nothing: the caller has the error, and a library's
/// panic must not write to the host's console (Node's standard error).
///
/// With `panic = "abort"` (wasm32) nothing unwinds: after the hook the call would end in an
/// `unreachable` trap, a bare `RuntimeError` with no code. Throwing a JavaScript exception from the
/// hook (`wasm_bindgen::throw_val`) ends the call at the same point, the same way — every wasm frame
/// is popped, no destructor runs, nothing of the call resumes — only with a useful value: the
/// instance is left exactly as a trap would leave it, which is why it is poisoned (the next calls
/// get `INTERNAL_ERROR` from [`guard`], and a `Model` used by the panicked call stays borrowed).
/// wasm-bindgen itself throws through Rust frames this way under `panic = "abort"` (its
/// `throw_str`, e.g. for a `&mut self` call on an object already borrowed). One difference from a
/// trap: std never sees the hook return, so it counts the instance as still in its panic hook, and
/// a later panic of the instance traps without the hook — only `isKooperacjeError` runs code on a
/// poisoned instance.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let _ = PANICKED.set(info.to_string());
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen::throw_val(to_js(&Error::from_panic(info.payload())));
    }));
}

/// The error every call returns once a call of this instance has panicked.
pub fn poisoned() -> Option<Error> {
    PANICKED.get().map(|what| {
        Error::Internal(format!(
            "an earlier call panicked ({what}); this instance of the module may hold a half-changed \
             state and refuses further calls: load the module anew"
        ))
    })
}

/// Runs the body of an exported function unless the instance is poisoned, and turns a core error
/// into a JavaScript one. Every exported function and method runs its body here.
pub fn guard<T>(body: impl FnOnce() -> Result<T, Error>) -> Result<T, JsValue> {
    enter()?;
    body().map_err(|e| to_js(&e))
}

/// Like [`guard`], for bodies that build their own JavaScript error (with `index`, `line`).
pub fn guard_js<T>(body: impl FnOnce() -> Result<T, JsValue>) -> Result<T, JsValue> {
    enter()?;
    body()
}

/// What every guard does before its body: refuse on a poisoned instance, then the tests' trigger.
/// One function, not a copy in each guarded body (bytes of the module).
#[inline(never)]
fn enter() -> Result<(), JsValue> {
    if let Some(e) = poisoned() {
        return Err(to_js(&e));
    }
    test_trigger();
    Ok(())
}

/// Whether the tests' panic trigger is armed (test builds only).
#[cfg(any(debug_assertions, feature = "test-hooks"))]
static ARMED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The tests' panic trigger: panics, once, when armed by `__armPanicForTests`, so a test can check
/// that every exported entry point runs its body in the guard and throws `INTERNAL_ERROR` for a
/// panic. Only in test builds (debug, or the feature `test-hooks`: `build.sh --test-hooks`); in
/// the published package it is nothing.
#[inline(always)]
pub fn test_trigger() {
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    if ARMED.swap(false, std::sync::atomic::Ordering::Relaxed) {
        panic!("a panic requested by a test");
    }
}

/// Arms the tests' panic trigger (or disarms it, with `false`) and says whether it was armed: the
/// next guarded call panics inside its guard. Only in test builds; not part of the typed API.
#[cfg(any(debug_assertions, feature = "test-hooks"))]
#[wasm_bindgen(js_name = __armPanicForTests, skip_typescript)]
pub fn arm_panic_for_tests(armed: Option<bool>) -> bool {
    ARMED.swap(armed.unwrap_or(true), std::sync::atomic::Ordering::Relaxed)
}

/// Whether a value is an error of this package: an `Error` whose `code` is one of the core's. The
/// one entry point a poisoned instance still answers (it changes nothing and reads no state), so
/// that a host can tell its `INTERNAL_ERROR` from other errors; a panic in it is still thrown as
/// `INTERNAL_ERROR` by the hook.
#[wasm_bindgen(js_name = isKooperacjeError, unchecked_return_type = "value is KooperacjeError")]
pub fn is_kooperacje_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] value: &JsValue,
) -> bool {
    test_trigger();
    if !value.is_instance_of::<js_sys::Error>() {
        return false;
    }
    js_sys::Reflect::get(value, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string())
        .is_some_and(|c| kooperacje::error::codes().iter().any(|e| e.code == c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kooperacje::error::codes;
    use kooperacje::Entity;
    use std::collections::BTreeSet;

    #[test]
    fn every_kind_has_its_own_error_name() {
        let names: BTreeSet<&str> = ErrorKind::ALL.iter().map(|k| name_of_kind(*k)).collect();
        assert_eq!(names.len(), ErrorKind::ALL.len());
        assert!(!names.contains("KooperacjeError"));
    }

    #[test]
    fn fields_come_from_the_core() {
        let e: Error = kooperacje::ValidationError::not_found(Entity::Zzk, "zzk-x").into();
        let f = Fields::from(&e);
        assert_eq!(f.code, "ZZK_NOT_FOUND");
        assert_eq!(f.name, "NotFoundError");
        assert_eq!(f.kind, "not_found");
        assert_eq!(f.message_pl, e.message_pl());
        assert!(codes()
            .iter()
            .any(|c| c.code == f.code && c.area == f.area && c.kind.code() == f.kind));
    }
}

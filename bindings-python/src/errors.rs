//! The library's errors as Python exceptions, and the guard that keeps a panic from crossing into
//! Python.
//!
//! The exception classes are defined in Python (`kooperacje/errors.py`, documented and typed
//! there); this module only picks the class by the error's kind and fills in the code, the area
//! and both messages, all of which come from the core.

use kooperacje::error::ErrorKind;
use kooperacje::Error;
use kooperacje_store::StoreError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;

static CLASSES: PyOnceLock<Py<PyDict>> = PyOnceLock::new();

/// An error as the `kooperacje.errors` exception of its kind (`KooperacjeError` for a kind the
/// Python half does not know), with its code, area and both messages.
pub fn coded(
    py: Python<'_>,
    code: &str,
    area: &str,
    kind: ErrorKind,
    message: String,
    message_pl: String,
) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let classes = CLASSES.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
            let by_kind = py.import("kooperacje.errors")?.getattr("BY_KIND")?;
            Ok(by_kind.cast_into::<PyDict>()?.unbind())
        })?;
        let classes = classes.bind(py);
        let class = match classes.get_item(kind.code())? {
            Some(c) => c,
            None => py.import("kooperacje.errors")?.getattr("KooperacjeError")?,
        };
        let instance = class.call1((code, message, message_pl, area, kind.code()))?;
        Ok(PyErr::from_value(instance))
    };
    // If the Python half of the package cannot be imported the error still says what happened.
    build().unwrap_or_else(|e| e)
}

/// A core error as the matching `kooperacje.errors` exception.
pub fn domain(py: Python<'_>, e: &Error) -> PyErr {
    coded(
        py,
        e.code(),
        e.area(),
        e.kind(),
        e.to_string(),
        e.message_pl(),
    )
}

/// A store error: a core error inside it keeps its own class; the rest are of kind `store`,
/// `StoreError`s.
pub fn store(py: Python<'_>, e: &StoreError) -> PyErr {
    if let StoreError::Domain(inner) = e {
        return domain(py, inner);
    }
    coded(
        py,
        e.code(),
        e.area(),
        e.kind(),
        e.to_string(),
        e.message_pl(),
    )
}

/// A malformed argument, reported like any command that cannot be decoded.
pub fn malformed(py: Python<'_>, why: impl Into<String>) -> PyErr {
    domain(py, &Error::Json(why.into()))
}

/// Runs the body of an exported function; a panic in it becomes `InternalError`
/// (`INTERNAL_ERROR`) instead of pyo3's `PanicException`, which derives from `BaseException` and
/// would slip past `except Exception`. Every exported function and method runs its body here.
/// The panic says nothing on the host's standard error ([`kooperacje::guard`]).
pub fn guard<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match kooperacje::guard::catch_quietly(|| {
        #[cfg(any(debug_assertions, feature = "test-hooks"))]
        test_trigger::fire();
        body()
    }) {
        Ok(result) => result,
        Err(internal) => Err(domain(py, &internal)),
    }
}

/// The tests' panic trigger (the core's, shared by every binding): armed by
/// `_native._arm_panic_for_tests()`, it makes the next `guard`-ed call of the thread panic inside
/// its guard, so a test can check that every exported entry point turns a panic into
/// `InternalError`. It fires only in test builds (debug, or the feature `test-hooks` that
/// scripts/test turns on).
#[cfg(any(debug_assertions, feature = "test-hooks"))]
pub use kooperacje::guard::test_trigger;

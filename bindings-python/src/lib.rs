//! `kooperacje._native`: the Python extension module of the kooperacje core.
//!
//! Bindings only convert: every rule, report and table is computed by the core crate. The Python
//! package `kooperacje` (in `python/`) wraps this module in its public, typed API.

/// The allocator of the extension's Rust side. Loading a large log allocates on decoder threads
/// and frees on the applying one, where the system allocator spends a good part of the time on
/// locks and consolidation; mimalloc frees across threads cheaply. Python's own allocations are
/// not affected.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod basket;
mod convert;
mod errors;
mod model;
mod pickle;
mod privacy;
mod sample;
mod tables;

use errors::guard;
use pyo3::prelude::*;

/// The core's catalogue: every user-facing enum with its codes and Polish/English labels, and
/// every error code with its area and kind — the core's, the store's (`STORE_*`), since this
/// package keeps a store, and the basket sheet's (`kooperacje.basket`).
#[pyfunction]
fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || {
        let mut errors = kooperacje_store::StoreError::catalogue();
        errors.extend(kooperacje_formats::Code::catalogue());
        convert::to_py(py, &kooperacje::catalogue::to_json_with(&errors))
    })
}

/// The label of one value of a labelled enum in `"pl"` (the default) or `"en"`:
/// `label("ZzkStage", "suspended")` is `"Zawieszony"` (the core's `session::label`).
/// `MALFORMED_JSON` for an unknown enum, code or language.
#[pyfunction]
#[pyo3(signature = (enum_name, code, lang = "pl"))]
fn label(py: Python<'_>, enum_name: &str, code: &str, lang: &str) -> PyResult<&'static str> {
    guard(py, || {
        let lang = match lang {
            "pl" => kooperacje::Lang::Pl,
            "en" => kooperacje::Lang::En,
            other => {
                return Err(errors::malformed(
                    py,
                    format!("label: the language is \"pl\" or \"en\", not {other:?}"),
                ))
            }
        };
        kooperacje::session::label(enum_name, code, lang).map_err(|e| errors::domain(py, &e))
    })
}

/// The JSON Schemas the core derives from its types: `{"commands", "events", "state"}`.
#[pyfunction]
fn schemas(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || {
        let all = serde_json::json!({
            "commands": kooperacje::schema::commands(),
            "events": kooperacje::schema::events(),
            "state": kooperacje::schema::state(),
            "reports": kooperacje::schema::reports(),
        });
        convert::to_py(py, &all)
    })
}

/// Arms the tests' panic trigger (or disarms it, with `False`) and says whether it was armed: the
/// next guarded call of this thread panics inside its guard, so that the tests see a fault of the
/// library arrive as `InternalError` (`INTERNAL_ERROR`) from every entry point, never as pyo3's
/// `PanicException`. Only in test builds (debug, or the feature `test-hooks`); not in the stubs.
#[cfg(any(debug_assertions, feature = "test-hooks"))]
#[pyfunction]
#[pyo3(signature = (armed = true))]
fn _arm_panic_for_tests(armed: bool) -> bool {
    errors::test_trigger::arm(armed)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SCHEMA_VERSION", kooperacje::SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // Every kind of error with the name of its exception class: `kooperacje.errors` builds its
    // table of classes from it, so no kind is listed twice.
    let kinds: Vec<(&str, &str)> = kooperacje::ErrorKind::ALL
        .iter()
        .map(|k| (k.code(), k.class_name()))
        .collect();
    m.add("ERROR_KINDS", kinds)?;
    m.add_class::<model::Model>()?;
    m.add_class::<model::PyEvent>()?;
    m.add_class::<tables::PyTable>()?;
    m.add_function(wrap_pyfunction!(tables::load_tables, m)?)?;
    m.add_function(wrap_pyfunction!(sample::write_sample, m)?)?;
    m.add_function(wrap_pyfunction!(sample::sample_partnership_commands, m)?)?;
    m.add_function(wrap_pyfunction!(sample::sample_family_commands, m)?)?;
    m.add_function(wrap_pyfunction!(sample::time_core, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::read, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::pseudonym, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::consent_receipt, m)?)?;
    m.add_function(wrap_pyfunction!(privacy::receipt_for_event, m)?)?;
    m.add_function(wrap_pyfunction!(basket::basket_export, m)?)?;
    m.add_function(wrap_pyfunction!(basket::basket_import, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(label, m)?)?;
    m.add_function(wrap_pyfunction!(schemas, m)?)?;
    // Set as an attribute, not added: `add_function` would list it in `__all__`, which stubtest
    // compares with the stubs (where a test hook has no place).
    #[cfg(any(debug_assertions, feature = "test-hooks"))]
    m.setattr(
        "_arm_panic_for_tests",
        wrap_pyfunction!(_arm_panic_for_tests, m)?,
    )?;
    Ok(())
}

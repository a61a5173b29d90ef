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

mod convert;
mod errors;
mod model;
mod sample;
mod tables;

use errors::guard;
use pyo3::prelude::*;

/// The core's catalogue: every user-facing enum with its codes and Polish/English labels, and
/// every error code with its area and kind.
#[pyfunction]
fn catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    guard(py, || convert::to_py(py, &kooperacje::catalogue::to_json()))
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

/// Panics inside the guard of an exported function: lets the tests see that a fault of the
/// library arrives as `InternalError` (`INTERNAL_ERROR`), never as pyo3's `PanicException`.
#[pyfunction]
fn _panic_for_tests(py: Python<'_>) -> PyResult<()> {
    guard(py, || panic!("deliberate panic for the tests"))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("SCHEMA_VERSION", kooperacje::SCHEMA_VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<model::Model>()?;
    m.add_class::<model::PyEvent>()?;
    m.add_class::<tables::PyTable>()?;
    m.add_function(wrap_pyfunction!(tables::load_tables, m)?)?;
    m.add_function(wrap_pyfunction!(sample::write_sample, m)?)?;
    m.add_function(wrap_pyfunction!(sample::sample_partnership_commands, m)?)?;
    m.add_function(wrap_pyfunction!(sample::sample_family_commands, m)?)?;
    m.add_function(wrap_pyfunction!(sample::time_core, m)?)?;
    m.add_function(wrap_pyfunction!(catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(schemas, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    Ok(())
}

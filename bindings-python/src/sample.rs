//! Sample data sets for examples and benchmarks, from the core's deterministic sample commands.

use crate::errors::{domain, guard, store};
use chrono::Utc;
use kooperacje::sample::{family_lifecycle, municipality, operating_partnership};
use kooperacje::{Error, State};
use kooperacje_store::StoreError;
use pyo3::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// Writes a sample data set as JSON lines (one event per line, the core's JSON form) and returns
/// the number of events written.
#[pyfunction]
pub fn write_sample(py: Python<'_>, path: PathBuf, families: usize) -> PyResult<usize> {
    guard(py, || {
        let events = py
            .detach(|| municipality(families))
            .map_err(|e| domain(py, &e))?;
        let io = |e: std::io::Error| store(py, &StoreError::Io(format!("{}: {e}", path.display())));
        let file = std::fs::File::create(&path).map_err(io)?;
        let mut out = std::io::BufWriter::new(file);
        for env in &events {
            serde_json::to_writer(&mut out, env)
                .map_err(|e| domain(py, &Error::Json(e.to_string())))?;
            out.write_all(b"\n").map_err(io)?;
        }
        out.flush().map_err(io)?;
        Ok(events.len())
    })
}

fn commands_py<'py>(
    py: Python<'py>,
    commands: Result<Vec<kooperacje::CommandEnvelope>, Error>,
) -> PyResult<Bound<'py, PyAny>> {
    let commands = commands.map_err(|e| domain(py, &e))?;
    let value =
        serde_json::to_value(&commands).map_err(|e| domain(py, &Error::Json(e.to_string())))?;
    crate::convert::to_py(py, &value)
}

/// The core's sample commands taking a PZK from registration to operation, as command dicts.
#[pyfunction]
pub fn sample_partnership_commands<'py>(
    py: Python<'py>,
    partnership_id: &str,
    start: chrono::DateTime<Utc>,
    services: usize,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        commands_py(py, operating_partnership(partnership_id, start, services))
    })
}

/// The core's sample ZZK lifecycle of one family (21 commands), as command dicts.
#[pyfunction]
pub fn sample_family_commands<'py>(
    py: Python<'py>,
    partnership_id: &str,
    zzk_id: &str,
    start: chrono::DateTime<Utc>,
) -> PyResult<Bound<'py, PyAny>> {
    guard(py, || {
        commands_py(py, family_lifecycle(partnership_id, zzk_id, start))
    })
}

/// Executes command envelopes (JSON texts, decoded before the clock starts) on a fresh state in
/// the core alone and returns the nanoseconds it took: the benchmark's measure of the core's own
/// cost, to tell the binding's per-call overhead apart.
#[pyfunction]
pub fn time_core(py: Python<'_>, commands: Vec<String>) -> PyResult<u128> {
    guard(py, || {
        let decoded: Vec<kooperacje::CommandEnvelope> = commands
            .iter()
            .map(|c| serde_json::from_str(c).map_err(|e| domain(py, &Error::from(e))))
            .collect::<PyResult<_>>()?;
        let mut state = State::new();
        let started = std::time::Instant::now();
        for cmd in &decoded {
            state.execute(cmd).map_err(|e| domain(py, &e))?;
        }
        Ok(started.elapsed().as_nanos())
    })
}

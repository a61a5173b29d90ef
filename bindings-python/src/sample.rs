//! Sample data sets for examples and benchmarks, from the core's deterministic sample commands.

use crate::errors::{domain, guard, store};
use chrono::{Duration, TimeZone, Utc};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{Command, Error, EventEnvelope, ServiceId, State};
use kooperacje_store::StoreError;
use pyo3::prelude::*;
use std::io::Write;
use std::path::PathBuf;

/// The events of a sample municipality: one operating PZK (`pzk-sample`, 12 services) and
/// `families` families. Family `i` starts on one of 365 days after the PZK operates and has got
/// through the first 6–20 commands of the core's sample lifecycle (consent is the 6th), so the
/// data set has families in every stage and stage durations that differ; family `i`'s basket
/// takes service `svc-{i mod 12}`. Deterministic: the
/// same arguments always give the same events, in time order.
fn sample(families: usize) -> Result<Vec<EventEnvelope>, Error> {
    let pid = "pzk-sample";
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 8, 0, 0)
        .single()
        .ok_or_else(|| Error::Internal("sample start".into()))?;
    let mut state = State::new();
    let mut events = Vec::new();
    for cmd in operating_partnership(pid, start, 12)? {
        events.extend(state.execute(&cmd)?);
    }
    let first_day = start + Duration::days(60);
    for i in 0..families {
        let zzk = format!("zzk-{i:06}");
        let offset =
            Duration::days(((i * 7919) % 365) as i64) + Duration::minutes((i % 600) as i64);
        let steps = 6 + (i * 31) % 15;
        for mut cmd in family_lifecycle(pid, &zzk, first_day + offset)?
            .into_iter()
            .take(steps)
        {
            // Spread the individual baskets over the whole local basket.
            if let Command::AddBasketItem { service_id, .. } = &mut cmd.command {
                *service_id = ServiceId::from(format!("svc-{}", i % 12).as_str());
            }
            events.extend(state.execute(&cmd)?);
        }
    }
    events.sort_by_key(|e| e.at);
    Ok(events)
}

/// Writes a sample data set as JSON lines (one event per line, the core's JSON form) and returns
/// the number of events written.
#[pyfunction]
pub fn write_sample(py: Python<'_>, path: PathBuf, families: usize) -> PyResult<usize> {
    guard(py, || {
        let events = py.detach(|| sample(families)).map_err(|e| domain(py, &e))?;
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

/// The core's sample ZZK lifecycle of one family (20 commands), as command dicts.
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

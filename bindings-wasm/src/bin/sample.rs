//! The core's deterministic sample data as files, for the wasm package's benchmark
//! (`scripts/bench-wasm`). Host-side only: the sample generator is not shipped in the `.wasm`.
//!
//! ```text
//! kooperacje-wasm-sample municipality FAMILIES OUT.jsonl   # sample::municipality, JSON lines
//! kooperacje-wasm-sample lifecycle FAMILIES OUT.json       # the PZK's and the families' commands
//! ```
//!
//! `lifecycle` writes `{"partnership": [commands…], "families": [commands…]}`: the sample PZK
//! `pzk-b` taken to operation from 2026-01-05T08:00Z, then `FAMILIES` full lifecycles (family `i`
//! is `zzk-i`, starting two days later plus `i` hours), as the Python benchmark builds them.

use chrono::{Duration, TimeZone, Utc};
use kooperacje::sample;
use std::io::Write;
use std::process::ExitCode;

fn run(args: &[String]) -> Result<(), String> {
    let [what, n, out] = args else {
        return Err("usage: kooperacje-wasm-sample municipality|lifecycle FAMILIES OUT".into());
    };
    let families: usize = n.parse().map_err(|e| format!("FAMILIES: {e}"))?;
    let file = std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?;
    let mut w = std::io::BufWriter::new(file);
    let io = |e: std::io::Error| format!("{out}: {e}");
    match what.as_str() {
        "municipality" => {
            for env in sample::municipality(families).map_err(|e| e.to_string())? {
                serde_json::to_writer(&mut w, &env).map_err(|e| e.to_string())?;
                w.write_all(b"\n").map_err(io)?;
            }
        }
        "lifecycle" => {
            let start = Utc
                .with_ymd_and_hms(2026, 1, 5, 8, 0, 0)
                .single()
                .ok_or("start")?;
            let partnership =
                sample::operating_partnership("pzk-b", start, 12).map_err(|e| e.to_string())?;
            let first = start + Duration::days(2);
            let mut commands = Vec::new();
            for i in 0..families {
                let at = first + Duration::hours(i as i64);
                commands.extend(
                    sample::family_lifecycle("pzk-b", &format!("zzk-{i}"), at)
                        .map_err(|e| e.to_string())?,
                );
            }
            let doc = serde_json::json!({"partnership": partnership, "families": commands});
            serde_json::to_writer(&mut w, &doc).map_err(|e| e.to_string())?;
        }
        other => return Err(format!("unknown data set {other:?}")),
    }
    w.flush().map_err(io)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kooperacje-wasm-sample: {e}");
            ExitCode::FAILURE
        }
    }
}

//! The cost of the C interface per command: the same lifecycle of many families executed through
//! `kooperacje_session_execute` (a handle looked up, the text checked as UTF-8, the guard, the
//! session's lock, the events' text copied out and freed) and through the core's host session
//! directly (`Session::execute_json`, JSON text in and out as well). Target: the interface adds at
//! most 1 µs per command (issue 19). Prints the figures and the ratio to the target; never fails on
//! timings. Run with `scripts/bench-c`.

use chrono::{Duration, TimeZone, Utc};
use kooperacje::sample;
use kooperacje::session::Session;
use kooperacje_c::{
    kooperacje_session_execute, kooperacje_session_free, kooperacje_session_new,
    kooperacje_string_free, KooperacjeStatus,
};
use std::ffi::{c_char, CString};
use std::hint::black_box;
use std::time::Instant;

const FAMILIES: usize = 2_000;
const ROUNDS: usize = 7;

/// The PZK's commands and the families' lifecycles, as JSON texts.
fn commands() -> (Vec<String>, Vec<String>) {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    let text = |c: &kooperacje::CommandEnvelope| serde_json::to_string(c).unwrap();
    let partnership = sample::operating_partnership("pzk-b", start, 12).unwrap();
    let mut families = Vec::new();
    for i in 0..FAMILIES {
        let at = start + Duration::days(2) + Duration::hours(i as i64);
        families.extend(sample::family_lifecycle("pzk-b", &format!("zzk-{i}"), at).unwrap());
    }
    (
        partnership.iter().map(text).collect(),
        families.iter().map(text).collect(),
    )
}

/// Seconds the families' commands take through the core's session.
fn core(partnership: &[String], families: &[String]) -> f64 {
    let mut s = Session::new(true);
    for c in partnership {
        s.execute_json(c).unwrap();
    }
    let start = Instant::now();
    for c in families {
        black_box(s.execute_json(c).unwrap());
    }
    start.elapsed().as_secs_f64()
}

/// Seconds the families' commands take through the C interface.
fn interface(partnership: &[CString], families: &[CString]) -> f64 {
    let mut handle = 0;
    let null = std::ptr::null_mut();
    let execute = |handle, c: &CString| {
        let mut events: *mut c_char = std::ptr::null_mut();
        // SAFETY: a live handle, a NUL-terminated command, writable outputs.
        let status = unsafe { kooperacje_session_execute(handle, c.as_ptr(), &mut events, null) };
        assert_eq!(status, KooperacjeStatus::Ok);
        // SAFETY: the text the call returned.
        unsafe { kooperacje_string_free(black_box(events)) };
    };
    // SAFETY: a writable handle.
    assert_eq!(
        unsafe { kooperacje_session_new(true, &mut handle, null) },
        KooperacjeStatus::Ok
    );
    for c in partnership {
        execute(handle, c);
    }
    let start = Instant::now();
    for c in families {
        execute(handle, c);
    }
    let seconds = start.elapsed().as_secs_f64();
    // SAFETY: the handle made above.
    unsafe { kooperacje_session_free(handle, null) };
    seconds
}

fn best(mut run: impl FnMut() -> f64) -> f64 {
    (0..ROUNDS).map(|_| run()).fold(f64::INFINITY, f64::min)
}

fn main() {
    let (partnership, families) = commands();
    let c = |texts: &[String]| -> Vec<CString> {
        texts
            .iter()
            .map(|t| CString::new(t.as_str()).unwrap())
            .collect()
    };
    let (c_partnership, c_families) = (c(&partnership), c(&families));
    let n = families.len() as f64;
    let direct = best(|| core(&partnership, &families)) / n * 1e6;
    let through = best(|| interface(&c_partnership, &c_families)) / n * 1e6;
    let overhead = through - direct;
    println!(
        "execute, {FAMILIES} families' lifecycles ({} commands), best of {ROUNDS}:",
        families.len()
    );
    println!("  core (Session::execute_json)              {direct:8.2} µs per command");
    println!("  C interface (kooperacje_session_execute)  {through:8.2} µs per command");
    println!(
        "  overhead of the interface                 {overhead:8.2} µs per command (target ≤ 1 µs: {})",
        if overhead <= 1.0 { "met" } else { "NOT met" }
    );
}

//! Store throughput: appends one event per transaction, appends in batches of 100, and replay of
//! 1,000,000 events from the SQLite file into the state. Prints figures and the ratio to the
//! targets of the store issue (≥ 50,000 events/s batched; replay ≥ 1,000,000 events/s). Then the
//! same appends and `verify` with a chain key (HMAC-SHA-256 links), and the cheap head check of
//! replays and reports. Run with `scripts/bench-store`.

use chrono::{Duration, TimeZone, Utc};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{EventEnvelope, State, StreamId};
use kooperacje_store::{ChainKey, OpenOptions, Store};
use std::collections::HashMap;
use std::time::Instant;

const TOTAL: usize = 1_000_000;
const SINGLE: usize = 20_000;

fn log(min_events: usize) -> Vec<EventEnvelope> {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    let mut state = State::new();
    let mut out = Vec::with_capacity(min_events + 64);
    for c in operating_partnership("pzk", start, 5).unwrap() {
        out.extend(state.execute(&c).unwrap());
    }
    let t0 = start + Duration::days(60);
    let mut f = 0;
    while out.len() < min_events {
        for c in
            family_lifecycle("pzk", &format!("z{f}"), t0 + Duration::minutes(f as i64)).unwrap()
        {
            out.extend(state.execute(&c).unwrap());
        }
        f += 1;
    }
    out.truncate(min_events);
    out
}

fn open(path: &std::path::Path) -> Store {
    open_keyed(path, None)
}

fn open_keyed(path: &std::path::Path, chain_key: Option<ChainKey>) -> Store {
    let _ = std::fs::remove_file(path);
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(path.with_extension(ext));
    }
    Store::open(
        path,
        &OpenOptions {
            create: true,
            chain_key,
            ..OpenOptions::default()
        },
    )
    .unwrap()
}

const KEYED: usize = 200_000;

/// Appends `events` in chunks of `chunk`, each a transaction checking every stream it touches.
fn append_all(store: &mut Store, events: &[EventEnvelope], chunk: usize) -> f64 {
    let mut versions: HashMap<StreamId, u64> = HashMap::new();
    let t = Instant::now();
    for part in events.chunks(chunk) {
        let mut expected: Vec<(StreamId, u64)> = Vec::new();
        for e in part {
            let s = e.event.stream();
            if !expected.iter().any(|(x, _)| x == &s) {
                expected.push((s.clone(), *versions.get(&s).unwrap_or(&0)));
            }
        }
        store.append_checked(&expected, part).unwrap();
        for e in part {
            *versions.entry(e.event.stream()).or_insert(0) += 1;
        }
    }
    events.len() as f64 / t.elapsed().as_secs_f64()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = std::env::temp_dir().join(format!("kooperacje-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let t = Instant::now();
    let events = log(TOTAL);
    println!(
        "generated {} events in {:.1} s",
        events.len(),
        t.elapsed().as_secs_f64()
    );

    let mut store = open(&dir.join("single.db"));
    let single = append_all(&mut store, &events[..SINGLE], 1);
    println!("append, 1 event per transaction:    {single:>12.0} events/s ({SINGLE} events)");
    drop(store);

    let path = dir.join("batched.db");
    let mut store = open(&path);
    let batched = append_all(&mut store, &events, 100);
    println!(
        "append, batches of 100 events:      {batched:>12.0} events/s ({} events)   target 50,000: {:.2}x",
        events.len(),
        batched / 50_000.0
    );
    drop(store);
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(path.with_extension("db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "database size: {:.1} MB ({:.0} bytes/event)",
        size as f64 / 1e6,
        size as f64 / events.len() as f64
    );

    let store = Store::open(&path, &OpenOptions::default()).unwrap();
    let mut best = f64::MAX;
    let mut state_events = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let loaded = store.load(|_, _| {}).unwrap();
        best = best.min(t.elapsed().as_secs_f64());
        state_events = loaded.head;
        assert_eq!(loaded.head as usize, events.len());
    }
    let rate = state_events as f64 / best;
    println!(
        "replay from SQLite to state:        {rate:>12.0} events/s ({state_events} events in {best:.3} s)   target 1,000,000: {:.2}x",
        rate / 1_000_000.0
    );
    let t = Instant::now();
    let s = State::replay(&events);
    let core_only = events.len() as f64 / t.elapsed().as_secs_f64();
    drop(s);
    println!("  (core replay of decoded events:   {core_only:>12.0} events/s, for comparison)");
    let t = Instant::now();
    let v = store.verify(|_, _| {}).unwrap();
    assert!(v.ok());
    println!(
        "verify (hash chain, decode, columns): {:>10.0} events/s",
        v.events as f64 / t.elapsed().as_secs_f64()
    );
    drop(store);

    let key = ChainKey::from_bytes(&[0x5a; 32]).unwrap();
    let mut store = open_keyed(&dir.join("keyed-single.db"), Some(key.clone()));
    let single = append_all(&mut store, &events[..SINGLE], 1);
    println!("keyed append, 1 event per transaction: {single:>9.0} events/s ({SINGLE} events)");
    drop(store);
    let path = dir.join("keyed.db");
    let mut store = open_keyed(&path, Some(key.clone()));
    let batched = append_all(&mut store, &events[..KEYED], 100);
    println!("keyed append, batches of 100 events: {batched:>11.0} events/s ({KEYED} events)");
    drop(store);
    let store = Store::open(
        &path,
        &OpenOptions {
            chain_key: Some(key),
            ..OpenOptions::for_reading()
        },
    )
    .unwrap();
    let t = Instant::now();
    let v = store.verify(|_, _| {}).unwrap();
    assert!(v.ok() && v.keyed_from == Some(1));
    println!(
        "keyed verify (HMAC chain, decode, columns): {:>7.0} events/s ({KEYED} events)",
        v.events as f64 / t.elapsed().as_secs_f64()
    );
    let rounds = 10_000;
    let t = Instant::now();
    for _ in 0..rounds {
        assert!(store.check_head().unwrap().is_empty());
    }
    println!(
        "keyed head check (replays, reports): {:>10.1} µs each",
        t.elapsed().as_secs_f64() * 1e6 / rounds as f64
    );
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

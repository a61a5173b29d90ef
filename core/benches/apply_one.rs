//! The cost of applying one event from outside, all or none (`State::admit_and_apply_all`), to
//! the state of a small and of a large municipality: a host that follows a live log applies its
//! events one or a few at a time, so this cost must not grow with the state (issue 16, item 15:
//! the bindings copied the whole state for every batch, 6.7 ms at 1,000 families and 108 ms at
//! 20,000). Target: the figures at 1,000 and 20,000 families within 2× of each other. Printed
//! with their ratios, beside what a copy of the whole state costs, for comparison. Run with
//! `scripts/bench-core`.

use kooperacje::sample::municipality;
use kooperacje::{EventEnvelope, State};
use std::hint::black_box;
use std::time::{Duration, Instant};

const SIZES: [usize; 2] = [1_000, 20_000];

/// A state of `families` families, and a batch of events of one of its ZZKs (with a plan) that
/// can be applied again and again: the situation in an area re-described, at the time of the
/// ZZK's latest event.
fn setup(families: usize, batch: usize) -> (State, Vec<EventEnvelope>) {
    let state = State::replay(&municipality(families).expect("the sample municipality"));
    let z = state
        .zzks
        .values()
        .find(|z| z.plan.is_some())
        .expect("a ZZK with a plan");
    let areas = ["housing", "health", "material"];
    let events = (0..batch)
        .map(|i| {
            serde_json::from_value(serde_json::json!({
                "schema": kooperacje::SCHEMA_VERSION, "at": z.last_at, "actor": "sw-1",
                "event": {"type": "situation_updated", "zzk_id": z.id,
                          "area": areas[i % areas.len()], "note": format!("bench-note-{i}")}}))
            .expect("an event")
        })
        .collect();
    (state, events)
}

/// The median time of one call of `f`, over rounds of calls lasting about 20 ms each.
fn median(mut f: impl FnMut()) -> Duration {
    let mut per_round = 1u32;
    loop {
        let t = Instant::now();
        for _ in 0..per_round {
            f();
        }
        if t.elapsed() > Duration::from_millis(20) {
            break;
        }
        per_round *= 2;
    }
    let mut times: Vec<Duration> = (0..15)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per_round {
                f();
            }
            t.elapsed() / per_round
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter of other benches' names is not ours to run.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if !filters.is_empty()
        && !filters
            .iter()
            .any(|f| "apply_one_event".contains(f.as_str()))
    {
        return;
    }
    println!("apply_one_event: State::admit_and_apply_all, all or none");
    for batch in [1, 2] {
        let mut figures = Vec::new();
        for families in SIZES {
            let (mut state, events) = setup(families, batch);
            let t = median(|| {
                black_box(state.admit_and_apply_all(black_box(&events))).expect("admitted");
            });
            println!(
                "  {batch} event(s) of one ZZK into {families:>6} families: {:>9.2} µs",
                t.as_secs_f64() * 1e6
            );
            figures.push(t);
        }
        println!(
            "  ratio {} / {} families: {:.2} (target: at most 2)",
            SIZES[1],
            SIZES[0],
            figures[1].as_secs_f64() / figures[0].as_secs_f64()
        );
    }
    println!("for comparison, a copy of the whole state (what each batch cost before):");
    for families in SIZES {
        let (state, _) = setup(families, 1);
        let t = median(|| drop(black_box(state.clone())));
        println!(
            "  {families:>6} families: {:>9.2} µs",
            t.as_secs_f64() * 1e6
        );
    }
}

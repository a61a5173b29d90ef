//! Benchmarks of the core: decide+apply of a full ZZK lifecycle, replay of 1,000,000 events, and
//! basket search over 10,000 services. Run with `scripts/bench-core`.

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kooperacje::basket::{Basket, BasketQuery};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{Area, EventEnvelope, PartnershipId, State};
use std::hint::black_box;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
}

fn operating(services: usize) -> State {
    let mut state = State::new();
    for c in operating_partnership("pzk", start(), services).unwrap() {
        state.execute(&c).unwrap();
    }
    state
}

/// Events of `families` full lifecycles, in the order they were produced.
fn event_log(families: usize) -> Vec<EventEnvelope> {
    let mut state = operating(5);
    let mut log = Vec::new();
    let t0 = start() + Duration::days(60);
    for f in 0..families {
        for c in
            family_lifecycle("pzk", &format!("z{f}"), t0 + Duration::minutes(f as i64)).unwrap()
        {
            log.extend(state.execute(&c).unwrap());
        }
    }
    log
}

fn lifecycle(c: &mut Criterion) {
    let base = operating(5);
    let cmds = family_lifecycle("pzk", "z-bench", start() + Duration::days(60)).unwrap();
    let mut group = c.benchmark_group("zzk_lifecycle");
    group.throughput(Throughput::Elements(cmds.len() as u64));
    group.bench_function("decide_apply_20_commands", |b| {
        b.iter_batched(
            || base.clone(),
            |mut state| {
                for cmd in &cmds {
                    black_box(state.execute(cmd).unwrap());
                }
                state
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn replay(c: &mut Criterion) {
    let per_family = family_lifecycle("pzk", "z", start()).unwrap().len() + 2;
    let mut log = event_log(1_000_000 / per_family + 1);
    log.truncate(1_000_000);
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.throughput(Throughput::Elements(log.len() as u64));
    group.bench_function("1m_events", |b| b.iter(|| black_box(State::replay(&log))));
    // The same without freeing the state afterwards (a host keeps it): about a third of the time
    // above is the drop of 50,000 ZZKs.
    group.bench_function("1m_events_state_kept", |b| {
        b.iter_with_large_drop(|| State::replay(&log))
    });
    group.finish();
}

fn search(c: &mut Criterion) {
    let state = operating(10_000);
    let pid = PartnershipId::from("pzk");
    let p = &state.partnerships[&pid];
    let mut group = c.benchmark_group("basket_search_10k");
    for (name, query) in [
        (
            "text_psycholog",
            BasketQuery {
                text: Some("psycholog".into()),
                ..Default::default()
            },
        ),
        (
            // An inflected form (the stem is matched) and a member provider's name.
            "text_psychologa_inflected",
            BasketQuery {
                text: Some("psychologa przychodni".into()),
                ..Default::default()
            },
        ),
        (
            "text_lodz_diacritics",
            BasketQuery {
                text: Some("lodz 9999".into()),
                ..Default::default()
            },
        ),
        (
            "area_health_family_age",
            BasketQuery {
                area: Some(Area::Health),
                target: Some(kooperacje::ClientKind::Family),
                age: Some(12),
                ..Default::default()
            },
        ),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| black_box(p.basket.search(&p.members, &query).len()))
        });
    }
    // The first search after a change, which builds the basket's search index (a basket read
    // back from JSON has none, like one just changed by an event).
    let json = serde_json::to_value(&p.basket).unwrap();
    let query = BasketQuery {
        text: Some("psycholog".into()),
        ..Default::default()
    };
    group.sample_size(20);
    group.bench_function("text_psycholog_first_after_change", |b| {
        b.iter_batched_ref(
            || serde_json::from_value::<Basket>(json.clone()).unwrap(),
            |basket| black_box(basket.search(&p.members, &query).len()),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, lifecycle, replay, search);
criterion_main!(benches);

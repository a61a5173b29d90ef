//! `State::admit_and_apply_all`: a batch of events from outside is applied all or none.
//!
//! The oracle is the plain one-by-one loop of `admit_and_apply` on a copy of the state, which is
//! what the bindings did before (at the cost of copying the whole state for every batch): the
//! batch must fail at the first event that loop refuses, and leave the state byte for byte (in
//! JSON) as it was; a batch that passes must give what the loop gives.

use chrono::{DateTime, Duration, TimeZone, Utc};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{ActorId, CommandEnvelope, Event, EventEnvelope, State, StreamRef, ZzkId};
use proptest::prelude::*;
use serde_json::json;
use std::sync::OnceLock;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
}

/// A log of two PZKs and eight families whose lifecycles interleave, with unmet needs (which
/// change the PZK from a ZZK event) and appointments (which number the PZK's registry).
fn log() -> &'static [EventEnvelope] {
    static LOG: OnceLock<Vec<EventEnvelope>> = OnceLock::new();
    LOG.get_or_init(|| {
        let mut commands: Vec<CommandEnvelope> = Vec::new();
        for pid in ["pzk-a", "pzk-b"] {
            commands.extend(operating_partnership(pid, start(), 3).unwrap());
        }
        let t0 = start() + Duration::days(60);
        for f in 0..8 {
            let pid = if f % 2 == 0 { "pzk-a" } else { "pzk-b" };
            let zzk = format!("zzk-{f}");
            let at = t0 + Duration::minutes(17 * f);
            let mut lifecycle = family_lifecycle(pid, &zzk, at).unwrap();
            // After the first meeting, which adopts the plan: an unmet need.
            let unmet_at = lifecycle[12].at + Duration::minutes(30);
            lifecycle.insert(
                13,
                serde_json::from_value(json!({"at": unmet_at, "actor": "sw-1", "command": {
                    "type": "record_unmet_need", "zzk_id": zzk, "item_id": "unmet-1",
                    "area": "social_assistance", "need": "mieszkanie chronione",
                    "request_id": format!("req-{zzk}")}}))
                .unwrap(),
            );
            commands.extend(lifecycle.into_iter().take(8 + f as usize * 2));
        }
        commands.sort_by_key(|c| c.at);
        let mut state = State::new();
        let mut events = Vec::new();
        for c in &commands {
            events.extend(state.execute(c).unwrap_or_else(|e| panic!("{c:?}: {e}")));
        }
        events
    })
}

/// An event that cannot follow wherever it is put, made from an event of the log.
fn spoil(kind: u8, of: &EventEnvelope) -> EventEnvelope {
    let mut bad = of.clone();
    match kind % 4 {
        0 => bad.schema = 0,
        1 => bad.actor = ActorId::from(""),
        // Dated before its stream began: an event of the first PZK that does not open it (an
        // opening event is not checked against a stream's time).
        2 => {
            bad = log()
                .iter()
                .find(|e| !matches!(e.event, Event::PartnershipRegistered { .. }))
                .unwrap()
                .clone();
            bad.at = Utc.with_ymd_and_hms(2001, 1, 1, 0, 0, 0).unwrap();
        }
        _ => {
            bad = serde_json::from_value(json!({"schema": 1, "at": of.at, "actor": "sw-1",
                "event": {"type": "zzk_suspended", "zzk_id": "zzk-nowhere", "ground": "unreachable",
                          "review_on": "2026-09-01", "details": null}}))
            .unwrap()
        }
    }
    bad
}

/// The first event the one-by-one loop refuses, with the state after the events before it.
fn one_by_one(state: &State, batch: &[EventEnvelope]) -> (Option<usize>, State) {
    let mut next = state.clone();
    for (i, env) in batch.iter().enumerate() {
        if next.admit_and_apply(env).is_err() {
            return (Some(i), next);
        }
    }
    (None, next)
}

fn json(state: &State) -> String {
    serde_json::to_string(state).unwrap()
}

proptest! {
    // Failures are not persisted (no `proptest-regressions/` files): proptest prints the
    // minimal failing input instead.
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_batch_is_all_or_none(
        split in 0usize..400,
        len in 1usize..60,
        bad in proptest::option::of((0usize..60, any::<u8>(), 0usize..400)),
        owned in any::<bool>(),
    ) {
        let log = log();
        let split = split % log.len();
        let before = State::replay(&log[..split]);
        let mut batch: Vec<EventEnvelope> = log[split..].iter().take(len).cloned().collect();
        if let Some((at, kind, of)) = bad {
            let position = at % (batch.len() + 1);
            let spoiled = spoil(kind, &log[of % log.len()]);
            batch.insert(position, spoiled);
        }
        let (refused, expected) = one_by_one(&before, &batch);
        if bad.is_some() {
            prop_assert!(refused.is_some(), "the spoiled event was admitted");
        }
        let mut state = before.clone();
        let result = if owned {
            state.admit_and_apply_all_owned(batch.clone())
        } else {
            state.admit_and_apply_all(&batch)
        };
        match refused {
            Some(index) => {
                let error = result.expect_err("the loop refused an event");
                prop_assert_eq!(error.index, index);
                let mut check = expected.clone();
                prop_assert_eq!(
                    Some(error.error),
                    check.admit_and_apply(&batch[index]).err()
                );
                prop_assert_eq!(json(&state), json(&before), "a failed batch changed the state");
            }
            None => {
                prop_assert!(result.is_ok(), "{:?}", result);
                prop_assert_eq!(json(&state), json(&expected));
            }
        }
    }
}

/// A failure after events that opened a ZZK, numbered it in the registry and filed a request
/// from its unmet need removes the ZZK and puts the PZK back: the named case of the property.
#[test]
fn a_failed_batch_removes_what_it_opened_and_restores_its_pzk() {
    let log = log();
    let zid = ZzkId::from("zzk-6");
    let opens = log
        .iter()
        .position(|e| e.event.stream_ref() == StreamRef::Zzk(&zid))
        .unwrap();
    let before = State::replay(&log[..opens]);
    let mut batch: Vec<EventEnvelope> = log[opens..].to_vec();
    let unmet = batch
        .iter()
        .position(|e| matches!(e.event, Event::UnmetNeedRecorded { .. }))
        .unwrap();
    batch.insert(unmet + 1, spoil(3, &batch[0]));
    // The events before the failure changed the PZK: its registry and its requests.
    let mut partly = before.clone();
    for e in &batch[..=unmet] {
        partly.admit_and_apply(e).unwrap();
    }
    assert_ne!(
        json(&partly).len(),
        json(&before).len(),
        "the batch must change the state before it fails"
    );
    assert!(partly.zzk(&zid).is_some());
    let mut state = before.clone();
    let error = state.admit_and_apply_all(&batch).unwrap_err();
    assert_eq!(error.index, unmet + 1);
    assert_eq!(error.error.code(), "ZZK_NOT_FOUND");
    assert!(state.zzk(&zid).is_none());
    assert_eq!(json(&state), json(&before));
}

/// Into an empty state: a failure leaves it empty.
#[test]
fn a_failed_batch_into_an_empty_state_leaves_it_empty() {
    let log = log();
    let mut batch = log[..50].to_vec();
    batch.push(spoil(0, &log[10]));
    let mut state = State::new();
    let error = state.admit_and_apply_all_owned(batch).unwrap_err();
    assert_eq!(error.index, 50);
    assert_eq!(error.error.code(), "UNSUPPORTED_SCHEMA");
    assert_eq!(state, State::new());
}

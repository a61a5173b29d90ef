//! The deterministic sample generator must drive the model through its whole lifecycle.

use chrono::{Duration, TimeZone, Utc};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{PartnershipId, PzkStage, State, ZzkId, ZzkStage};

#[test]
fn sample_partnership_operates_and_families_complete_the_lifecycle() {
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    let mut state = State::new();
    let mut log = Vec::new();
    for c in operating_partnership("pzk", start, 12).unwrap() {
        log.extend(
            state
                .execute(&c)
                .unwrap_or_else(|e| panic!("{:?}: {} {e}", c.command, e.code())),
        );
    }
    assert_eq!(
        state.partnerships[&PartnershipId::from("pzk")].stage,
        PzkStage::Operating
    );
    for f in 0..3 {
        for c in family_lifecycle("pzk", &format!("z{f}"), start + Duration::days(60 + f)).unwrap()
        {
            log.extend(
                state
                    .execute(&c)
                    .unwrap_or_else(|e| panic!("{:?}: {} {e}", c.command, e.code())),
            );
        }
    }
    for f in 0..3 {
        let z = &state.zzks[&ZzkId::new(format!("z{f}"))];
        assert_eq!(z.stage, ZzkStage::Closed);
        assert_eq!(
            z.appointment.as_ref().unwrap().registry_number,
            f as u32 + 1
        );
        assert_eq!(z.suspensions.len(), 1);
    }
    assert_eq!(State::replay(&log).to_json(), state.to_json());
}

#[test]
fn the_sample_municipality_is_deterministic_time_ordered_and_admissible() {
    let events = kooperacje::sample::municipality(300).unwrap();
    assert_eq!(events, kooperacje::sample::municipality(300).unwrap());
    assert!(events.windows(2).all(|w| w[0].at <= w[1].at));
    let mut state = kooperacje::State::new();
    for env in &events {
        state.admit(env).unwrap();
        state.apply(env);
    }
    assert_eq!(state.zzks.len(), 300);
    // Family i got through 6 + (31 i mod 16) of the 21 lifecycle commands: the 21st ends
    // post-support monitoring, so exactly the families with all 21 are closed.
    let closed = (0..300).filter(|i| 6 + (i * 31) % 16 == 21).count();
    let closed_now = state
        .zzks
        .values()
        .filter(|z| z.stage == kooperacje::ZzkStage::Closed)
        .count();
    assert_eq!(closed_now, closed);
    // Baskets are spread over the twelve services.
    let services: std::collections::BTreeSet<String> = state
        .zzks
        .values()
        .flat_map(|z| z.basket.values())
        .filter_map(|item| serde_json::to_value(item).ok())
        .filter_map(|v| v["service_id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(services.len(), 12);
}

#[test]
fn a_loader_builds_the_state_admit_and_apply_builds_and_refuses_what_it_refuses() {
    let events = kooperacje::sample::municipality(200).unwrap();
    let mut state = State::new();
    for env in &events {
        state.admit_and_apply(env).unwrap();
    }
    // Continued from a state part-way through, as a host adding a log to a database would.
    let (head, tail) = events.split_at(events.len() / 3);
    let mut loader = kooperacje::Loader::new(State::replay(head));
    for env in tail {
        loader.admit_and_apply_owned(env.clone()).unwrap();
    }
    let loaded = loader.finish();
    assert_eq!(loaded, state);
    assert_eq!(
        serde_json::to_string(&loaded).unwrap(),
        serde_json::to_string(&state).unwrap()
    );

    // Each bad event is refused with the code the state gives, and changes nothing.
    let zzk_event = tail
        .iter()
        .find(|e| matches!(e.event.stream(), kooperacje::StreamId::Zzk(_)))
        .unwrap();
    let opening = events
        .iter()
        .find(|e| matches!(e.event, kooperacje::Event::NeedReported { .. }))
        .unwrap();
    let mut json = serde_json::to_value(zzk_event).unwrap();
    json["event"]["zzk_id"] = "no-such-zzk".into();
    let unknown: kooperacje::EventEnvelope = serde_json::from_value(json).unwrap();
    let mut early = events.last().unwrap().clone();
    early.at = events[0].at - Duration::days(1);
    for (bad, code) in [
        (opening, "DUPLICATE_ID"),
        (&unknown, "ZZK_NOT_FOUND"),
        (&early, "TIME_OUT_OF_ORDER"),
    ] {
        let expected = state.clone().admit_and_apply(bad).unwrap_err();
        assert_eq!(expected.code(), code);
        let mut loader = kooperacje::Loader::new(state.clone());
        let refused = loader.admit_and_apply(bad).unwrap_err();
        assert_eq!(refused.code(), expected.code());
        assert_eq!(refused.to_string(), expected.to_string());
        assert_eq!(loader.finish(), state, "{code} changed nothing");
    }
}

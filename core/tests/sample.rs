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
    // Family i got through 6 + (31 i mod 15) of the 20 lifecycle commands: the 20th ends
    // post-support monitoring, so exactly the families with all 20 are closed.
    let closed = (0..300).filter(|i| 6 + (i * 31) % 15 == 20).count();
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

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

//! Dates in range (`kooperacje::dates`): each accepted command of the conformance scenarios is
//! tried again with each of its dates (every string of the form `YYYY-MM-DD`) moved to 1900 and to
//! 2999, and with its time (`at`) moved outside 2000–2099. Every such command must be refused
//! with `DATE_OUT_OF_RANGE` — before any other rule — and the state must not change. A new date
//! field that `dates.rs` does not know fails this test without anyone having to remember it.

mod support;

use chrono::{Duration, Months, NaiveDate, TimeZone, Utc};
use kooperacje::dates::{EARLIEST, HORIZON_YEARS, LATEST};
use kooperacje::error::Error;
use kooperacje::{CommandEnvelope, State};
use serde_json::Value;
use support::{fixture_commands, pointers, scenario_commands};

/// The code a command is refused with on a copy of `state`, which must not change; `None` if
/// accepted.
fn refusal(state: &State, envelope: Value) -> Option<&'static str> {
    let cmd: CommandEnvelope = serde_json::from_value(envelope).unwrap();
    let mut probe = state.clone();
    match probe.execute(&cmd) {
        Ok(_) => None,
        Err(e) => {
            assert_eq!(
                serde_json::to_string(&probe).unwrap(),
                serde_json::to_string(state).unwrap()
            );
            Some(e.code())
        }
    }
}

#[test]
fn a_date_or_time_out_of_range_anywhere_in_a_command_is_refused_first() {
    let (mut accepted_steps, mut tried) = (0, 0);
    let mut wrong = std::collections::BTreeSet::new();
    for (name, commands) in scenario_commands() {
        let mut state = State::new();
        for cmd in commands {
            if state.decide(&cmd).is_err() {
                continue; // A step expected to be refused.
            }
            accepted_steps += 1;
            let body = serde_json::to_value(&cmd.command).unwrap();
            let is_date = |v: &Value| {
                v.as_str()
                    .is_some_and(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok())
            };
            for pointer in &pointers(&body, &is_date) {
                for far in ["1900-01-01", "2999-12-31"] {
                    let mut changed = body.clone();
                    *changed.pointer_mut(pointer).unwrap() = Value::String(far.into());
                    tried += 1;
                    let got = refusal(
                        &state,
                        serde_json::json!({"at": cmd.at, "actor": cmd.actor, "command": changed}),
                    );
                    if got != Some("DATE_OUT_OF_RANGE") {
                        wrong.insert(format!(
                            "{} {pointer} = {far}: {got:?} ({name})",
                            body["type"]
                        ));
                    }
                }
            }
            for far in ["1999-12-31T23:59:59Z", "2100-01-01T00:00:00Z"] {
                tried += 1;
                let got = refusal(
                    &state,
                    serde_json::json!({"at": far, "actor": cmd.actor, "command": body}),
                );
                if got != Some("DATE_OUT_OF_RANGE") {
                    wrong.insert(format!("{} at = {far}: {got:?} ({name})", body["type"]));
                }
            }
            state.execute(&cmd).unwrap();
        }
    }
    assert!(
        wrong.is_empty(),
        "not refused with DATE_OUT_OF_RANGE: {wrong:#?}"
    );
    assert!(
        accepted_steps > 300 && tried > 1_000,
        "{accepted_steps} steps, {tried} dates and times"
    );
}

#[test]
fn the_bounds_are_inclusive_and_named_in_the_error() {
    // The consenting family's fixture ends with the consent of 2026-04-14; a second consent is
    // given a day later, valid up to the horizon and one day beyond it.
    let mut commands = Vec::new();
    fixture_commands("consenting_family", &mut commands);
    let mut state = State::new();
    for c in &commands {
        state.execute(c).unwrap();
    }
    let at = Utc.with_ymd_and_hms(2026, 4, 15, 9, 0, 0).unwrap();
    let horizon = at.date_naive() + Months::new(HORIZON_YEARS * 12);
    let consent = |valid_until: NaiveDate| {
        serde_json::json!({"at": at, "actor": "sw-ewa", "command": {
            "type": "give_consent", "zzk_id": "zzk-kowalscy", "consent_id": "cons-2",
            "given_by": "anna-k", "capacity": "adult_family_member", "form": "written",
            "scope": {"zzk_work": true, "share_with": ["school"], "evaluation": false},
            "valid_until": valid_until}})
    };
    assert_eq!(refusal(&state, consent(horizon)), None);
    let beyond = serde_json::from_value::<CommandEnvelope>(consent(horizon + Duration::days(1)));
    let e: Error = state.clone().execute(&beyond.unwrap()).unwrap_err();
    assert_eq!(e.code(), "DATE_OUT_OF_RANGE");
    assert_eq!(e.kind(), kooperacje::ErrorKind::Invalid);
    assert_eq!(
        e.to_string(),
        "valid_until 2036-04-16 is out of range: it must be between 2016-04-15 and 2036-04-15"
    );
    assert_eq!(
        e.message_pl(),
        "Termin ważności (16.04.2036) jest poza dopuszczalnym zakresem: od 15.04.2016 do 15.04.2036"
    );

    // The command's time: the first and last days of 2000–2099 are allowed.
    let need = |at: &str| {
        serde_json::json!({"at": at, "actor": "sw-ewa", "command": {
            "type": "report_need", "zzk_id": "zzk-new", "partnership_id": "pzk-1",
            "client": {"kind": "person", "household": ["jan-n"], "group_kind": null},
            "social_worker": "sw-ewa"}})
    };
    assert_eq!(EARLIEST.to_string(), "2000-01-01");
    assert_eq!(LATEST.to_string(), "2099-12-31");
    // A fresh model: the fixture's PZK is not needed to check the time first.
    let empty = State::new();
    assert_eq!(
        refusal(&empty, need("1999-12-31T23:59:59Z")),
        Some("DATE_OUT_OF_RANGE")
    );
    assert_eq!(
        refusal(&empty, need("2000-01-01T00:00:00Z")),
        Some("PARTNERSHIP_NOT_FOUND")
    );
    assert_eq!(
        refusal(&empty, need("2099-12-31T23:59:59Z")),
        Some("PARTNERSHIP_NOT_FOUND")
    );
    assert_eq!(
        refusal(&empty, need("2100-01-01T00:00:00Z")),
        Some("DATE_OUT_OF_RANGE")
    );
}

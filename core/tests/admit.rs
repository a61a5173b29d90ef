//! What `State::admit` lets into a state from outside (an import, another system's log): the
//! same bounds as `decide` (times and dates in range, ids in their opaque form, texts within
//! their limits, no PESEL, no leap second), one registry number per ZZK, and the schema versions
//! of stored logs. Every produced event of every conformance scenario is tried again with each of
//! its values made wrong; each must be refused, and the state must not change.

mod support;

use kooperacje::{CommandEnvelope, EventEnvelope, State};
use serde_json::{json, Value};
use support::{pointers, scenario_commands};

/// The fields that hold free text (names, titles, reasons, descriptions); every other string of
/// a command or an event is an id or a code.
const FREE_TEXT: &[&str] = &[
    "access_conditions",
    "actions",
    "answers",
    "case_number",
    "components",
    "contact_person",
    "content",
    "coverage",
    "description",
    "info",
    "institution",
    "main_goal",
    "most_valuable",
    "name",
    "need",
    "reason",
    "reasons",
    "reference",
    "resolution",
    "role",
    "scope",
    "share_with_guests",
    "suggestions",
    "summary",
    "title",
    "topic",
    "venue",
    "weak_points",
];

/// The field a JSON Pointer names: its last segment, or its parent's for an item of a list and
/// for a value of the questionnaire's answers (whose keys are the questions).
fn field_of(pointer: &str) -> &str {
    let segments: Vec<&str> = pointer.split('/').collect();
    let last = segments[segments.len() - 1];
    let parent = segments.get(segments.len().wrapping_sub(2)).copied();
    if last.bytes().all(|b| b.is_ascii_digit()) || parent == Some("answers") {
        parent.unwrap_or(last)
    } else {
        last
    }
}

/// The code `admit_and_apply` refuses an event with on a copy of `state`, which must not change;
/// `Some("decode")` when the JSON does not even decode; `None` if admitted.
fn admission(state: &State, envelope: &Value) -> Option<String> {
    let Ok(event) = State::decode_event(&envelope.to_string()) else {
        return Some("decode".into());
    };
    let mut probe = state.clone();
    match probe.admit_and_apply(&event) {
        Ok(()) => None,
        Err(e) => {
            assert_eq!(probe, *state, "a refused event changed the state");
            Some(e.code().to_owned())
        }
    }
}

/// Every event the conformance scenarios produce, each with the state it was produced against.
fn produced_events() -> Vec<(String, State, EventEnvelope)> {
    let mut out = Vec::new();
    for (name, commands) in scenario_commands() {
        let mut state = State::new();
        for cmd in commands {
            let Ok(events) = state.decide(&cmd) else {
                continue; // A step expected to be refused.
            };
            for event in events {
                out.push((name.clone(), state.clone(), event.clone()));
                state
                    .admit_and_apply(&event)
                    .expect("a produced event is admitted");
            }
        }
    }
    out
}

#[test]
fn an_event_out_of_bounds_is_not_admitted() {
    let long = "ż".repeat(5_000);
    let mut wrong = std::collections::BTreeSet::new();
    let mut tried = 0;
    let produced = produced_events();
    for (name, state, event) in &produced {
        let envelope = serde_json::to_value(event).unwrap();
        let body = &envelope["event"];
        let kind = body["type"].as_str().unwrap().to_owned();
        let mut expect = |pointer: &str, value: Value, want: &[&str]| {
            let mut changed = envelope.clone();
            *changed.pointer_mut(pointer).unwrap() = value.clone();
            tried += 1;
            let got = admission(state, &changed);
            if !got.as_deref().is_some_and(|g| want.contains(&g)) {
                wrong.insert(format!("{kind} {pointer} = {value:.40}: {got:?} ({name})"));
            }
        };
        let strings = pointers(body, &|v| v.is_string());
        for p in strings.iter().filter(|p| p.as_str() != "/type") {
            let pointer = format!("/event{p}");
            let original = body.pointer(p).unwrap().as_str().unwrap();
            let is_date = chrono::NaiveDate::parse_from_str(original, "%Y-%m-%d").is_ok();
            let is_period = original.len() == 7 && original.as_bytes()[4] == b'-';
            // Too long, whatever the field: an id, a text, or a code the decoder refuses.
            expect(
                &pointer,
                json!(long),
                &["TEXT_TOO_LONG", "INVALID_ID", "BAD_PERIOD", "decode"],
            );
            // A PESEL, wherever it stands.
            expect(
                &pointer,
                json!("44051401359"),
                &["CONTAINS_PESEL", "BAD_PERIOD", "decode"],
            );
            if is_date {
                for far in ["1900-01-01", "2999-12-31"] {
                    expect(&pointer, json!(far), &["DATE_OUT_OF_RANGE"]);
                }
            } else if is_period {
                expect(&pointer, json!("1900-01"), &["DATE_OUT_OF_RANGE"]);
            } else if !FREE_TEXT.contains(&field_of(p)) {
                // Free text where an id belongs.
                expect(
                    &pointer,
                    json!("Pobyt w szpitalu psychiatrycznym"),
                    &["INVALID_ID", "decode"],
                );
            }
        }
        // The event's own time: a year that freezes a stream for good, or no year at all.
        for far in [
            "0001-01-01T00:00:00Z",
            "1999-12-31T23:59:59Z",
            "2100-01-01T00:00:00Z",
            "9999-12-31T00:00:00Z",
        ] {
            expect("/at", json!(far), &["DATE_OUT_OF_RANGE"]);
        }
        for actor in ["jan kowalski", "44051401359", ""] {
            expect(
                "/actor",
                json!(actor),
                &["INVALID_ID", "CONTAINS_PESEL", "decode"],
            );
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong admissions, e.g.:\n{}",
        wrong.len(),
        wrong
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        produced.len() > 300 && tried > 5_000,
        "{} events, {tried} tried",
        produced.len()
    );
}

#[test]
fn free_text_where_an_id_belongs_and_a_pesel_anywhere_are_refused_in_commands() {
    let mut wrong = std::collections::BTreeSet::new();
    let mut accepted_steps = 0;
    for (name, commands) in scenario_commands() {
        let mut state = State::new();
        for cmd in commands {
            if state.decide(&cmd).is_err() {
                continue;
            }
            accepted_steps += 1;
            let body = serde_json::to_value(&cmd.command).unwrap();
            for p in pointers(&body, &|v| v.is_string()) {
                if p == "/type" {
                    continue;
                }
                let original = body.pointer(&p).unwrap().as_str().unwrap();
                let is_period = original.len() == 7 && original.as_bytes()[4] == b'-';
                if is_period || chrono::NaiveDate::parse_from_str(original, "%Y-%m-%d").is_ok() {
                    continue; // Dates and periods: date_limits.rs and the test above.
                }
                for (value, free_text_ok) in [
                    ("Pobyt w szpitalu psychiatrycznym", true),
                    ("44051401359", false),
                ] {
                    let mut changed = body.clone();
                    *changed.pointer_mut(&p).unwrap() = json!(value);
                    let envelope = json!({"at": cmd.at, "actor": cmd.actor, "command": changed});
                    let Ok(cmd) = serde_json::from_value::<CommandEnvelope>(envelope) else {
                        continue; // An enum or a period: refused by the decoder.
                    };
                    let code = state.decide(&cmd).err().map(|e| e.code());
                    let free_text = FREE_TEXT.contains(&field_of(&p));
                    let ok = match (free_text && free_text_ok, code) {
                        // A free text may say anything but a PESEL; it may still break a rule.
                        (true, c) => c != Some("INVALID_ID"),
                        (false, Some(c)) => {
                            c == if free_text_ok {
                                "INVALID_ID"
                            } else {
                                "CONTAINS_PESEL"
                            }
                        }
                        (false, None) => false,
                    };
                    if !ok {
                        wrong.insert(format!("{} {p} = {value}: {code:?} ({name})", body["type"]));
                    }
                }
            }
            state.execute(&cmd).unwrap();
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong decisions:\n{}",
        wrong.len(),
        wrong.into_iter().collect::<Vec<_>>().join("\n")
    );
    assert!(accepted_steps > 300);
}

/// A state of one operating PZK with two families that consent, ready to be appointed.
fn two_families() -> State {
    let mut state = State::new();
    for (name, commands) in scenario_commands() {
        if name == "26_zzk_registry_and_streams" {
            // The fixture `active_zzk` and the first steps of scenario 26: a second family up to
            // its consent.
            for cmd in commands {
                if matches!(cmd.command, kooperacje::Command::AppointZzk { .. })
                    && cmd.at.date_naive() > chrono::NaiveDate::from_ymd_opt(2026, 4, 20).unwrap()
                {
                    break;
                }
                let _ = state.execute(&cmd);
            }
        }
    }
    state
}

fn appoint(state: &mut State, zzk: &str, at: &str) -> Vec<EventEnvelope> {
    let cmd: CommandEnvelope = serde_json::from_value(json!({"at": at, "actor": "sw-tomasz",
        "command": {"type": "appoint_zzk", "zzk_id": zzk, "phase": "diagnosis"}}))
    .unwrap();
    state.execute(&cmd).unwrap()
}

#[test]
fn a_registry_number_is_given_to_one_zzk_only() {
    let base = two_families();
    let dabrowscy = &base.zzks[&kooperacje::ZzkId::from("zzk-dabrowscy")];
    assert_eq!(
        dabrowscy.stage,
        kooperacje::ZzkStage::ConsentObtained,
        "the second family is ready to be appointed"
    );
    let number = base.partnerships[&kooperacje::PartnershipId::from("pzk-1")].registry_last_number;
    // Two hosts load the same log and each appoints a ZZK: both are given the next number.
    let mut host_a = base.clone();
    let a = appoint(&mut host_a, "zzk-dabrowscy", "2026-05-04T09:00:00Z");
    let mut host_b = base.clone();
    // B decided against the same state: the same number, which only the PZK's stream can catch.
    let b = appoint(&mut host_b, "zzk-dabrowscy", "2026-05-04T09:05:00Z");
    let registered = |events: &[EventEnvelope]| {
        events
            .iter()
            .find(|e| matches!(e.event, kooperacje::Event::ZzkRegistered { .. }))
            .cloned()
            .expect("an appointment enters the registry in the PZK's stream")
    };
    assert_eq!(
        registered(&a).event.stream(),
        kooperacje::StreamId::Partnership("pzk-1".into())
    );
    assert_eq!(registered(&a).event, registered(&b).event);
    // A log that holds A's appointment cannot take another ZZK under A's number: replaying
    // A's log and then an appointment of another ZZK with that number is refused.
    let mut merged = host_a.clone();
    let mut forged = registered(&a);
    if let kooperacje::Event::ZzkRegistered { zzk_id, .. } = &mut forged.event {
        *zzk_id = "zzk-kowalscy".into();
    }
    let before = merged.clone();
    assert_eq!(
        merged.admit_and_apply(&forged).unwrap_err().code(),
        "DUPLICATE_REGISTRY_NUMBER"
    );
    assert_eq!(merged, before);
    // The same for a log of schema 1, where only the appointment carries the number.
    let legacy = a
        .iter()
        .find(|e| matches!(e.event, kooperacje::Event::ZzkAppointed { .. }))
        .unwrap();
    let mut other = legacy.clone();
    other.schema = 1;
    if let kooperacje::Event::ZzkAppointed { zzk_id, .. } = &mut other.event {
        *zzk_id = "zzk-kowalscy".into();
    }
    assert_eq!(
        merged.admit_and_apply(&other).unwrap_err().code(),
        "DUPLICATE_REGISTRY_NUMBER"
    );
    assert_eq!(merged, before);
    // The numbers are the next one, and the PZK's registry says whose each is.
    let p = &host_a.partnerships[&kooperacje::PartnershipId::from("pzk-1")];
    assert_eq!(p.registry_last_number, number + 1);
    assert_eq!(
        p.registry.get(&(number + 1)).map(|z| z.as_str()),
        Some("zzk-dabrowscy")
    );
}

#[test]
fn the_registry_entry_does_not_move_the_pzks_clock() {
    let mut state = two_families();
    let pid = kooperacje::PartnershipId::from("pzk-1");
    let before = state.partnerships[&pid].last_at;
    let events = appoint(&mut state, "zzk-dabrowscy", "2026-05-04T09:00:00Z");
    assert_eq!(state.partnerships[&pid].last_at, before);
    // And a log holding it replays through admit to the same state.
    let mut replayed = two_families();
    for e in &events {
        replayed.admit_and_apply(e).unwrap();
    }
    assert_eq!(replayed, state);
}

#[test]
fn stored_logs_of_schema_1_stay_valid() {
    let base = two_families();
    let line = |schema: u32, extra: &str, zzk: &str| {
        format!(
            r#"{{"schema":{schema},"at":"2026-05-04T09:00:00Z","actor":"sw tomasz"{extra},"event":{{"type":"zzk_work_proposed","zzk_id":"{zzk}"}}}}"#
        )
    };
    // Version 1 knew no command ids: one that carries it is no log this library wrote.
    assert_eq!(
        State::decode_event(&line(1, r#","command_id":"c-1""#, "zzk-dabrowscy"))
            .unwrap_err()
            .code(),
        "UNSUPPORTED_SCHEMA"
    );
    // The looser id form of version 1 (an actor with a space) is admitted in a version-1 event,
    // and refused in a version-2 one.
    let old = State::decode_event(&line(1, "", "zzk-dabrowscy")).unwrap();
    assert_eq!(old.command_id, None);
    assert_eq!(base.admit(&old), Ok(()));
    let new = State::decode_event(&line(2, r#","command_id":"c-1""#, "zzk-dabrowscy")).unwrap();
    assert_eq!(base.admit(&new).unwrap_err().code(), "INVALID_ID");
    assert_eq!(
        State::decode_event(&line(3, "", "zzk-dabrowscy"))
            .unwrap_err()
            .code(),
        "UNSUPPORTED_SCHEMA"
    );
}

#[test]
fn a_command_id_is_carried_into_every_event_of_its_command() {
    let mut state = two_families();
    let cmd: CommandEnvelope = serde_json::from_value(json!({"at": "2026-05-04T09:00:00Z",
        "actor": "sw-tomasz", "command_id": "urn:uuid:6f1c2d3e-0000-4000-8000-000000000001",
        "command": {"type": "appoint_zzk", "zzk_id": "zzk-dabrowscy", "phase": "diagnosis"}}))
    .unwrap();
    let events = state.execute(&cmd).unwrap();
    assert_eq!(events.len(), 2);
    for e in &events {
        assert_eq!(e.command_id, cmd.command_id);
        let text = serde_json::to_string(e).unwrap();
        assert!(
            text.starts_with(r#"{"schema":2,"at":"2026-05-04T09:00:00Z","actor":"sw-tomasz","command_id":"urn:uuid:"#),
            "{text}"
        );
        assert_eq!(State::decode_event(&text).unwrap(), *e);
    }
    // Without one, the envelope has no such field.
    let bare = serde_json::to_string(&EventEnvelope {
        command_id: None,
        ..events[0].clone()
    })
    .unwrap();
    assert!(!bare.contains("command_id"), "{bare}");
}

#[test]
fn a_leap_second_is_the_next_instant_in_json_and_refused_when_made_in_rust() {
    let mut state = two_families();
    let leap = chrono::NaiveDate::from_ymd_opt(2026, 6, 30)
        .unwrap()
        .and_hms_milli_opt(23, 59, 59, 1_000)
        .unwrap()
        .and_utc();
    let text = json!({"at": "2026-06-30T23:59:60Z", "actor": "sw-tomasz",
        "command": {"type": "appoint_zzk", "zzk_id": "zzk-dabrowscy", "phase": "diagnosis"}});
    let read: CommandEnvelope = serde_json::from_value(text).unwrap();
    assert_eq!(
        read.at,
        "2026-07-01T00:00:00Z"
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
    );
    // Made in Rust, the leap second reaches the bounds, which refuse it; nothing changes.
    let before = state.clone();
    let typed = CommandEnvelope {
        at: leap,
        ..read.clone()
    };
    assert_eq!(state.execute(&typed).unwrap_err().code(), "LEAP_SECOND");
    assert_eq!(state, before);
    let events = state.execute(&read).unwrap();
    let mut forged = events[0].clone();
    forged.at = leap;
    assert_eq!(before.admit(&forged).unwrap_err().code(), "LEAP_SECOND");
    // An event's text with :60 reads as the next instant too (and is then no canonical body).
    let line = serde_json::to_string(&events[0])
        .unwrap()
        .replace("T00:00:00Z", "T23:59:60Z")
        .replace("07-01", "06-30");
    assert_eq!(State::decode_event(&line).unwrap().at, events[0].at);
}

//! Stored events (and commands) decode to the same value whatever the order of their keys: the
//! fast path (the `type` tag first, as this library writes it) and the buffered path (the tag
//! anywhere else, as another tool may write it) must agree with each other and with what was
//! encoded, and refuse the same malformed input.

mod support;

use kooperacje::scenario::{self, Fixture, Scenario, StepResult};
use kooperacje::{sample, CommandEnvelope, EventEnvelope, State};
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

fn scenarios_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn fixture(name: &str) -> Result<Fixture, String> {
    let path = scenarios_dir()
        .join("fixtures")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}

/// Events of every kind: the sample municipality and every event the scenarios produce.
fn events() -> Vec<EventEnvelope> {
    let mut out = sample::municipality(40).expect("the sample runs");
    let mut files: Vec<_> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("scenario file");
        let scenario: Scenario = serde_json::from_str(&text).expect("scenario");
        for step in scenario::run(&scenario, &fixture).steps {
            if let StepResult::Events(events) = step {
                // The results hold the events' bodies; any envelope will do around them.
                for body in events {
                    out.push(EventEnvelope {
                        schema: kooperacje::SCHEMA_VERSION,
                        at: out[0].at,
                        actor: "sw-1".into(),
                        command_id: Some("cmd-1".into()),
                        event: serde_json::from_value(body).expect("a produced event decodes"),
                    });
                }
            }
        }
    }
    out
}

/// The JSON text of a value with every object's keys in reverse order (so the `type` tag of an
/// event, written first, comes last).
fn reversed(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", Value::String(k.clone()), reversed(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

fn event_type(value: &Value) -> String {
    value["event"]["type"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn every_event_decodes_the_same_whatever_the_order_of_its_keys() {
    let events = events();
    let mut kinds = BTreeSet::new();
    for env in &events {
        let text = serde_json::to_string(env).expect("encodes");
        let value: Value = serde_json::from_str(&text).expect("valid JSON");
        kinds.insert(event_type(&value));
        assert!(
            text.starts_with("{\"schema\":") && text.contains("\"event\":{\"type\":"),
            "the library writes the tag first: {text}"
        );
        let tag_first = State::decode_event(&text).expect("the tag-first form decodes");
        assert_eq!(&tag_first, env, "{text}");
        let tag_last_text = reversed(&value);
        let tag_last = State::decode_event(&tag_last_text)
            .unwrap_or_else(|e| panic!("the tag-last form decodes: {e}: {tag_last_text}"));
        assert_eq!(&tag_last, env, "{tag_last_text}");
        let from_value: EventEnvelope =
            serde_json::from_value(value).expect("decodes from a JSON value");
        assert_eq!(&from_value, env);
    }
    // The sample and the scenarios between them hold (nearly) every kind of event.
    assert!(
        kinds.len() >= 55,
        "only {} kinds of event: {kinds:?}",
        kinds.len()
    );
}

/// A canonical event (tag first) with one change made to its `event` object.
fn altered(change: impl Fn(&mut Map<String, Value>)) -> Value {
    let mut value: Value = serde_json::from_str(
        r#"{"schema":1,"at":"2025-01-06T08:00:00Z","actor":"sw-1","event":{"type":"zzk_closed","zzk_id":"z1","reason":"goals_achieved","monitor_until":null}}"#,
    )
    .expect("valid JSON");
    if let Some(event) = value["event"].as_object_mut() {
        change(event);
    }
    value
}

#[test]
fn malformed_events_are_refused_in_either_order() {
    let cases = [
        (
            "unknown field",
            altered(|e| {
                e.insert("extra".into(), Value::Bool(true));
            }),
        ),
        (
            "missing field",
            altered(|e| {
                e.remove("reason");
            }),
        ),
        (
            "missing tag",
            altered(|e| {
                e.remove("type");
            }),
        ),
        (
            "unknown kind",
            altered(|e| {
                e.insert("type".into(), "zzk_vanished".into());
            }),
        ),
        (
            "tag not a string",
            altered(|e| {
                e.insert("type".into(), Value::from(7));
            }),
        ),
        (
            "wrong field type",
            altered(|e| {
                e.insert("reason".into(), Value::from(7));
            }),
        ),
    ];
    for (what, value) in cases {
        for text in [value.to_string(), reversed(&value)] {
            match State::decode_event(&text) {
                Err(e) => assert_eq!(e.code(), "MALFORMED_JSON", "{what}: {text}"),
                Ok(event) => panic!("{what} was accepted: {text} gave {event:?}"),
            }
        }
    }
    // The well-formed original decodes, so the refusals above are about the changes.
    let original = altered(|_| {});
    assert!(State::decode_event(&original.to_string()).is_ok());
    assert!(State::decode_event(&reversed(&original)).is_ok());
    // A key given twice is refused on the buffered path too.
    let twice = r#"{"schema":1,"at":"2025-01-06T08:00:00Z","actor":"sw-1","event":{"zzk_id":"z1","zzk_id":"z2","type":"post_support_monitoring_ended"}}"#;
    assert_eq!(
        State::decode_event(twice).map_err(|e| e.code()),
        Err("MALFORMED_JSON")
    );
}

#[test]
fn times_in_any_rfc3339_form_mean_the_same_instant() {
    let at = |s: &str| {
        let text = format!(
            r#"{{"schema":1,"at":"{s}","actor":"sw-1","event":{{"type":"post_support_monitoring_ended","zzk_id":"z1"}}}}"#
        );
        State::decode_event(&text).map(|e| e.at)
    };
    let canonical = at("2025-01-06T08:00:00Z").expect("canonical form");
    assert_eq!(at("2025-01-06T09:00:00+01:00").ok(), Some(canonical));
    assert_eq!(at("2025-01-06T08:00:00.000Z").ok(), Some(canonical));
    assert_eq!(at("2025-01-06t08:00:00z").ok(), Some(canonical));
    assert_eq!(
        at("2025-01-06T08:00:00.250Z").map(|t| t.timestamp_subsec_millis()),
        Ok(250)
    );
    for bad in [
        "2025-02-30T08:00:00Z",
        "2025-01-06T25:00:00Z",
        "2025-01-06",
        "yesterday",
    ] {
        assert_eq!(
            at(bad).map_err(|e| e.code()),
            Err("MALFORMED_JSON"),
            "{bad}"
        );
    }
}

/// Every command of every scenario file and its fixtures, each written with its `type` first (as this library
/// writes it) and last, and given as a JSON value.
#[test]
fn every_command_decodes_the_same_whatever_the_order_of_its_keys() {
    let mut kinds = BTreeSet::new();
    for (_, commands) in support::scenario_commands() {
        for command in &commands {
            let text = serde_json::to_string(command).expect("encodes");
            assert!(
                text.contains("\"command\":{\"type\":"),
                "the library writes the tag first: {text}"
            );
            let value: Value = serde_json::from_str(&text).expect("valid JSON");
            kinds.insert(value["command"]["type"].to_string());
            for form in [text.clone(), reversed(&value)] {
                let decoded: CommandEnvelope =
                    serde_json::from_str(&form).unwrap_or_else(|e| panic!("decodes: {e}: {form}"));
                assert_eq!(&decoded, command, "{form}");
            }
            let from_value: CommandEnvelope =
                serde_json::from_value(value).expect("decodes from a JSON value");
            assert_eq!(&from_value, command);
        }
    }
    assert!(
        kinds.len() >= 40,
        "only {} kinds of command: {kinds:?}",
        kinds.len()
    );
    // Refused in either order: an unknown field, an unknown kind, a missing tag.
    let close =
        r#"{"type":"close_zzk","zzk_id":"z1","reason":"goals_achieved","monitor_until":null}"#;
    let mut good: Value = serde_json::from_str(close).expect("valid JSON");
    assert!(serde_json::from_value::<kooperacje::Command>(good.clone()).is_ok());
    for change in [
        |c: &mut Map<String, Value>| {
            c.insert("extra".into(), Value::Bool(true));
        },
        |c: &mut Map<String, Value>| {
            c.insert("type".into(), "close_everything".into());
        },
        |c: &mut Map<String, Value>| {
            c.remove("type");
        },
    ] {
        let mut bad = good.clone();
        change(bad.as_object_mut().expect("an object"));
        for text in [bad.to_string(), reversed(&bad)] {
            assert!(
                serde_json::from_str::<kooperacje::Command>(&text).is_err(),
                "accepted: {text}"
            );
        }
    }
    // An optional field left out takes its default in either order.
    good.as_object_mut()
        .expect("an object")
        .remove("monitor_until");
    for text in [good.to_string(), reversed(&good)] {
        assert!(
            serde_json::from_str::<kooperacje::Command>(&text).is_ok(),
            "{text}"
        );
    }
}

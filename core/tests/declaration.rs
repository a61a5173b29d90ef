//! The facts derived from the one declaration of each command and event (`commands!` and
//! `events!`): its type code is the `"type"` of its JSON form, and its stream is the PZK or ZZK
//! its id names.

use kooperacje::command::CommandEnvelope;
use kooperacje::event::{EventEnvelope, StreamId};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Every command written in the scenario files, with its JSON form.
fn scenario_commands() -> Vec<(CommandEnvelope, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for step in scenario["steps"].as_array().into_iter().flatten() {
            let json = &step["command"];
            // Steps that test the decoding of malformed commands are not commands.
            if let Ok(cmd) = serde_json::from_value::<CommandEnvelope>(json.clone()) {
                out.push((cmd, json["command"].clone()));
            }
        }
    }
    out
}

/// The stream a command or event names when it names only one, or the one the domain says:
/// `report_need` opens its ZZK under a PZK; a request, consultation or refusal of the PZK may
/// name the ZZK it concerns, and the registry entry of a ZZK is the PZK's.
fn expected_stream(json: &Value) -> StreamId {
    let zzk = json.get("zzk_id").and_then(Value::as_str);
    let pzk = json.get("partnership_id").and_then(Value::as_str);
    match (zzk, pzk, json["type"].as_str().unwrap()) {
        (Some(zzk), _, "report_need" | "need_reported") => StreamId::Zzk(zzk.into()),
        (Some(zzk), None, _) => StreamId::Zzk(zzk.into()),
        (_, Some(pzk), _) => StreamId::Partnership(pzk.into()),
        (None, None, _) => panic!("names no stream: {json}"),
    }
}

#[test]
fn a_command_knows_its_type_code_and_stream() {
    let commands = scenario_commands();
    let mut seen = BTreeSet::new();
    for (cmd, json) in &commands {
        assert_eq!(cmd.command.type_code(), json["type"].as_str().unwrap());
        assert_eq!(cmd.command.stream(), expected_stream(json), "{json}");
        seen.insert(cmd.command.type_code());
    }
    // The scenario files use most commands; the check above covers each one they use.
    assert!(
        seen.len() >= 60,
        "only {} command types in the scenarios",
        seen.len()
    );
}

#[test]
fn an_event_knows_its_type_code_and_stream() {
    let events: Vec<EventEnvelope> = kooperacje::sample::municipality(3).unwrap();
    let mut seen = BTreeSet::new();
    for env in &events {
        let json = serde_json::to_value(&env.event).unwrap();
        assert_eq!(env.event.type_code(), json["type"].as_str().unwrap());
        assert_eq!(env.event.stream(), expected_stream(&json), "{json}");
        seen.insert(env.event.type_code());
    }
    assert!(
        seen.len() >= 25,
        "only {} event types in the sample",
        seen.len()
    );
}

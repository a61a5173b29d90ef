//! Lengths of every text field: each accepted command of the conformance scenarios is tried again
//! with each of its strings (ids, names, reasons, titles, codes, dates) and each of its absent
//! optional values made a string of 5,000 characters.
//! Every such command must be refused — by a length check, an id check or the decoder — and the
//! state must not change. A new text field without a limit fails this test without anyone having
//! to remember to add it here.

use kooperacje::scenario::{Fixture, Scenario};
use kooperacje::{CommandEnvelope, State};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn fixture_commands(name: &str, out: &mut Vec<CommandEnvelope>) {
    let text = fs::read_to_string(dir().join("fixtures").join(format!("{name}.json"))).unwrap();
    let f: Fixture = serde_json::from_str(&text).unwrap();
    for g in &f.given {
        fixture_commands(g, out);
    }
    out.extend(f.commands);
}

/// JSON Pointers of every string in a value, and of every `null` (an absent optional text).
fn strings(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::String(_) | Value::Null => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                strings(
                    item,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
}

#[test]
fn an_overlong_string_anywhere_in_a_command_is_refused() {
    let long = "ż".repeat(5_000);
    let mut files: Vec<PathBuf> = fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let (mut tried, mut accepted_steps) = (0, 0);
    let mut accepted = std::collections::BTreeSet::new();
    for path in files {
        let scenario: Scenario = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let mut commands = Vec::new();
        for g in &scenario.given {
            fixture_commands(g, &mut commands);
        }
        commands.extend(scenario.steps.iter().map(|s| s.command.clone()));
        let mut state = State::new();
        for cmd in commands {
            let before = serde_json::to_string(&state).unwrap();
            if state.decide(&cmd).is_err() {
                continue; // A step expected to be refused.
            }
            accepted_steps += 1;
            // The command's own fields (the envelope's `at` and `actor` are checked elsewhere).
            let body = serde_json::to_value(&cmd.command).unwrap();
            let mut pointers = Vec::new();
            strings(&body, String::new(), &mut pointers);
            for pointer in pointers.iter().filter(|p| p.as_str() != "/type") {
                let mut changed = body.clone();
                *changed.pointer_mut(pointer).unwrap() = Value::String(long.clone());
                let envelope =
                    serde_json::json!({"at": cmd.at, "actor": cmd.actor, "command": changed});
                tried += 1;
                let Ok(long_cmd) = serde_json::from_value::<CommandEnvelope>(envelope) else {
                    continue; // Refused by the decoder: an enum, a date, a number.
                };
                let mut probe = state.clone();
                if probe.execute(&long_cmd).is_ok() {
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    accepted.insert(format!("{} {pointer} ({name})", body["type"]));
                } else {
                    assert_eq!(serde_json::to_string(&probe).unwrap(), before);
                }
            }
            state.execute(&cmd).unwrap();
        }
    }
    assert!(
        accepted.is_empty(),
        "5,000 characters were accepted at: {accepted:#?}"
    );
    assert!(
        accepted_steps > 300 && tried > 1_000,
        "{accepted_steps} steps, {tried} strings"
    );
}

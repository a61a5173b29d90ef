//! Lengths of every text field: each accepted command of the conformance scenarios is tried again
//! with each of its strings (ids, names, reasons, titles, codes, dates) and each of its absent
//! optional values made a string of 5,000 characters.
//! Every such command must be refused — by a length check, an id check or the decoder — and the
//! state must not change. A new text field without a limit fails this test without anyone having
//! to remember to add it here.

mod support;

use kooperacje::{CommandEnvelope, State};
use serde_json::Value;
use support::{pointers, scenario_commands};

#[test]
fn an_overlong_string_anywhere_in_a_command_is_refused() {
    let long = "ż".repeat(5_000);
    let (mut tried, mut accepted_steps) = (0, 0);
    let mut accepted = std::collections::BTreeSet::new();
    for (name, commands) in scenario_commands() {
        let mut state = State::new();
        for cmd in commands {
            let before = serde_json::to_string(&state).unwrap();
            if state.decide(&cmd).is_err() {
                continue; // A step expected to be refused.
            }
            accepted_steps += 1;
            // The command's own fields (the envelope's `at` and `actor` are checked elsewhere).
            let body = serde_json::to_value(&cmd.command).unwrap();
            let texts = pointers(&body, &|v| v.is_string() || v.is_null());
            for pointer in texts.iter().filter(|p| p.as_str() != "/type") {
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

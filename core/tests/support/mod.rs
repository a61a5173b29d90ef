//! What the tests that walk the conformance scenarios share: their files, their fixtures, and the
//! JSON Pointers of the values in a command. Each test crate compiles this module on its own and
//! uses part of it.
#![allow(dead_code)]

use kooperacje::scenario::{Fixture, Scenario};
use kooperacje::CommandEnvelope;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// `tests/scenarios/` of the workspace.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

/// The commands of a fixture, its own `given` first.
pub fn fixture_commands(name: &str, out: &mut Vec<CommandEnvelope>) {
    let text = fs::read_to_string(dir().join("fixtures").join(format!("{name}.json"))).unwrap();
    let f: Fixture = serde_json::from_str(&text).unwrap();
    for g in &f.given {
        fixture_commands(g, out);
    }
    out.extend(f.commands);
}

/// Every scenario's name and commands (its fixtures' first), in file name order.
pub fn scenario_commands() -> Vec<(String, Vec<CommandEnvelope>)> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let scenario: Scenario =
                serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
            let mut commands = Vec::new();
            for g in &scenario.given {
                fixture_commands(g, &mut commands);
            }
            commands.extend(scenario.steps.iter().map(|s| s.command.clone()));
            (scenario.name, commands)
        })
        .collect()
}

/// JSON Pointers of every value in `v` (at any depth) for which `keep` holds.
pub fn pointers(v: &Value, keep: &impl Fn(&Value) -> bool) -> Vec<String> {
    fn walk(v: &Value, at: String, keep: &impl Fn(&Value) -> bool, out: &mut Vec<String>) {
        if keep(v) {
            out.push(at.clone());
        }
        match v {
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, format!("{at}/{i}"), keep, out);
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    let key = k.replace('~', "~0").replace('/', "~1");
                    walk(item, format!("{at}/{key}"), keep, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, String::new(), keep, &mut out);
    out
}

/// Someone who may issue `command` (its JSON form) in `state`: the case's social worker for a
/// command on a ZZK (for `report_need`, the one it names), else the PZK's OPS head. For tests of
/// the rules that are not about who acts.
pub fn actor_for(state: &kooperacje::State, command: &Value) -> String {
    let zzk = command["zzk_id"]
        .as_str()
        .and_then(|z| state.zzks.get(&kooperacje::ZzkId::from(z)));
    if let Some(z) = zzk {
        return z.social_worker.as_str().to_owned();
    }
    if let Some(worker) = command["social_worker"].as_str() {
        return worker.to_owned();
    }
    let pid = command["partnership_id"].as_str().unwrap_or_default();
    state
        .partnerships
        .get(&kooperacje::PartnershipId::from(pid))
        .map_or("ops-head".to_owned(), |p| p.ops_head.as_str().to_owned())
}

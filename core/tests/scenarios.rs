//! Runs the language-neutral scenario files of `tests/scenarios/` (see its README) through the Rust
//! runner, `kooperacje::scenario::run`, and reports every failure of every scenario at once.
//!
//! With `KOOPERACJE_CONFORMANCE_OUT=<dir>` set, the canonical outcome of each scenario (name, step
//! results, final state) is also written to `<dir>/NAME.json`, for comparison with other languages'
//! runners. A relative `<dir>` is taken from the workspace root; an empty value means
//! `target/conformance/rust`.

use kooperacje::scenario::{self, Expect, Fixture, Outcome, Scenario, StepResult};
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

/// The minimum number of scenario files the suite must hold.
const MIN_SCENARIOS: usize = 20;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scenarios_dir() -> PathBuf {
    workspace_root().join("tests").join("scenarios")
}

/// Every `tests/scenarios/*.json`, sorted by file name (fixtures live in a subdirectory).
fn scenario_files() -> Vec<PathBuf> {
    let dir = scenarios_dir();
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Loads `fixtures/NAME.json`.
fn load_fixture(name: &str) -> Result<Fixture, String> {
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        return Err(format!("fixture name {name:?} is not a plain file name"));
    }
    let path = scenarios_dir()
        .join("fixtures")
        .join(format!("{name}.json"));
    let text = fs::read_to_string(&path)
        .map_err(|e| format!("fixture {name}: {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("fixture {name}: {e}"))
}

/// Loads a scenario file, typed and as raw JSON.
fn load_scenario(path: &Path) -> Result<(Scenario, Value), String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let raw: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let scenario: Scenario =
        serde_json::from_value(raw.clone()).map_err(|e| format!("not a scenario: {e}"))?;
    Ok((scenario, raw))
}

/// Other languages compare the expected events exactly as written, so a file must spell out every
/// field as serialised: an omitted `null` passes the typed comparison of the Rust runner (serde reads
/// it as `None`) but not theirs. Reports steps whose typed expectation matched but whose text did not.
fn raw_mismatches(scenario: &Scenario, raw: &Value, outcome: &Outcome) -> Vec<String> {
    let mut out = Vec::new();
    for (i, (step, result)) in scenario.steps.iter().zip(&outcome.steps).enumerate() {
        let (Some(Expect::Events(typed)), StepResult::Events(got)) = (&step.expect, result) else {
            continue;
        };
        let typed: Vec<Value> = typed
            .iter()
            .map(|e| serde_json::to_value(e).expect("event serialises"))
            .collect();
        let written = raw.pointer(&format!("/steps/{i}/expect/events"));
        if &typed == got && written != Some(&Value::Array(got.clone())) {
            out.push(format!(
                "step {}: the expected events must list every field as serialised (a null or empty value is missing)\n  written {}\n  got     {}",
                i + 1,
                written.cloned().unwrap_or(Value::Null),
                Value::Array(got.clone())
            ));
        }
    }
    out
}

fn conformance_dir() -> Option<PathBuf> {
    let value = std::env::var_os("KOOPERACJE_CONFORMANCE_OUT")?;
    let dir = if value.is_empty() {
        PathBuf::from("target/conformance/rust")
    } else {
        PathBuf::from(value)
    };
    Some(if dir.is_absolute() {
        dir
    } else {
        workspace_root().join(dir)
    })
}

/// The canonical outcome every language writes: name, per-step results and the final state.
fn canonical(outcome: &Outcome) -> Value {
    serde_json::json!({
        "name": outcome.name,
        "steps": outcome.steps,
        "state": outcome.state,
    })
}

#[test]
fn every_scenario_passes() {
    let out_dir = conformance_dir();
    if let Some(dir) = &out_dir {
        fs::create_dir_all(dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    let files = scenario_files();
    let mut failures = Vec::new();
    let mut failed_scenarios = 0;
    for path in &files {
        let name = stem(path);
        let (scenario, raw) = match load_scenario(path) {
            Ok(loaded) => loaded,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                failed_scenarios += 1;
                continue;
            }
        };
        let outcome = scenario::run(&scenario, &load_fixture);
        let mut mine: Vec<String> = outcome.failures.clone();
        mine.extend(raw_mismatches(&scenario, &raw, &outcome));
        if !mine.is_empty() {
            failed_scenarios += 1;
        }
        failures.extend(mine.into_iter().map(|f| format!("{name}: {f}")));
        if let Some(dir) = &out_dir {
            let text =
                serde_json::to_string_pretty(&canonical(&outcome)).expect("outcome serialises");
            let file = dir.join(format!("{}.json", scenario.name));
            fs::write(&file, text + "\n")
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{failed_scenarios} of {} scenario(s) failed, {} failure(s):\n{}",
        files.len(),
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn there_are_enough_scenarios() {
    let n = scenario_files().len();
    assert!(
        n >= MIN_SCENARIOS,
        "only {n} scenario files; at least {MIN_SCENARIOS} expected"
    );
}

#[test]
fn every_scenario_name_equals_its_file_stem() {
    let mut wrong = Vec::new();
    for path in scenario_files() {
        match load_scenario(&path) {
            Ok((scenario, _)) if scenario.name == stem(&path) => {}
            Ok((scenario, _)) => {
                wrong.push(format!("{}: name is {:?}", stem(&path), scenario.name))
            }
            Err(e) => wrong.push(format!("{}: {e}", stem(&path))),
        }
    }
    assert!(
        wrong.is_empty(),
        "scenario names differ from file stems:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_fixture_loads() {
    let dir = scenarios_dir().join("fixtures");
    let mut bad = Vec::new();
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
    {
        let path = entry.expect("directory entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = stem(&path);
            match load_fixture(&name) {
                Ok(f) => bad.extend(f.given.iter().filter_map(|g| load_fixture(g).err())),
                Err(e) => bad.push(e),
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Codes no scenario step can give, each with a call through the public API that gives it:
/// decoding (a scenario holds already-parsed JSON), personal data and reads (no command gives
/// them), events admitted from outside, a time made in Rust, and a caught panic. A code counts as
/// covered only if its call really returns it, so this cannot be satisfied by naming codes.
fn outside_scenarios() -> Vec<(&'static str, kooperacje::Error)> {
    use chrono::{NaiveDate, TimeZone, Utc};
    use kooperacje::{validate, CommandEnvelope, Entity, Event, EventEnvelope, State};
    let not_found = |entity| kooperacje::ValidationError::not_found(entity, "x").into();
    let log: Vec<EventEnvelope> = kooperacje::sample::municipality(8).expect("the sample plays");
    let state = State::replay(&log);
    let mut newer = log[0].clone();
    newer.schema = kooperacje::SCHEMA_VERSION + 1;
    let newer = serde_json::to_string(&newer).unwrap();
    // The second ZZK's registry entry, forged to take the first one's number.
    let mut entries = log
        .iter()
        .filter(|e| matches!(e.event, Event::ZzkRegistered { .. }));
    let first = entries.next().expect("a registry entry").clone();
    let mut forged = entries.next().expect("a second registry entry").clone();
    if let (
        Event::ZzkRegistered {
            registry_number: taken,
            ..
        },
        Event::ZzkRegistered {
            registry_number, ..
        },
    ) = (&first.event, &mut forged.event)
    {
        *registry_number = *taken;
    }
    let leap = Utc.from_utc_datetime(
        &NaiveDate::from_ymd_opt(2026, 6, 30)
            .unwrap()
            .and_hms_milli_opt(23, 59, 59, 1_500)
            .unwrap(),
    );
    let mut command: CommandEnvelope = serde_json::from_value(serde_json::json!({
        "at": "2026-06-30T12:00:00Z", "actor": "u-1",
        "command": {"type": "present_basket", "partnership_id": "pzk-x"}}))
    .unwrap();
    command.at = leap;
    #[cfg_attr(not(feature = "privacy"), allow(unused_mut))]
    let mut produced = vec![
        ("MALFORMED_JSON", State::decode_event("{").unwrap_err()),
        (
            "UNSUPPORTED_SCHEMA",
            State::decode_event(&newer).unwrap_err(),
        ),
        (
            "PESEL_FORMAT",
            validate::pesel("pesel", "123").unwrap_err().into(),
        ),
        (
            "PESEL_CHECKSUM",
            validate::pesel("pesel", "44051401358").unwrap_err().into(),
        ),
        (
            "PESEL_BIRTH_DATE",
            validate::pesel("pesel", "44053401357").unwrap_err().into(),
        ),
        (
            "POSTCODE_INVALID",
            validate::postcode("postcode", "00000").unwrap_err().into(),
        ),
        (
            "PHONE_INVALID",
            validate::phone("phone", "12").unwrap_err().into(),
        ),
        (
            "EMAIL_INVALID",
            validate::email("email", "nobody").unwrap_err().into(),
        ),
        (
            "DUPLICATE_REGISTRY_NUMBER",
            state.admit(&forged).unwrap_err(),
        ),
        ("LEAP_SECOND", State::new().decide(&command).unwrap_err()),
        ("REPLAY_ALREADY_FINISHED", {
            let mut replay = kooperacje::session::Replay::new(false);
            replay.finish().expect("an empty replay finishes");
            replay.finish().map(|_| ()).unwrap_err().error
        }),
        (
            "INTERNAL_ERROR",
            kooperacje::guard::catch_quietly(|| panic!("a bug")).unwrap_err(),
        ),
        // A host's store of personal data names the record it cannot find (the CLI's
        // `person erase` and `note erase`, which its tests cover).
        ("PERSON_NOT_FOUND", not_found(Entity::Person)),
        ("NOTE_NOT_FOUND", not_found(Entity::Note)),
        // Every entity has its own code, but no command names an existing consultation or
        // evaluation by its id (they are only created, once: `DUPLICATE_ID`).
        ("CONSULTATION_NOT_FOUND", not_found(Entity::Consultation)),
        ("EVALUATION_NOT_FOUND", not_found(Entity::Evaluation)),
        // The C interface's refusals of its arguments, before any rule is asked (its C tests,
        // bindings-c/tests/c/bad_input.c, produce each through the library).
        (
            "INVALID_HANDLE",
            kooperacje::ValidationError::InvalidHandle { handle: 0 }.into(),
        ),
        (
            "NULL_ARGUMENT",
            kooperacje::ValidationError::NullArgument {
                argument: "command_json",
            }
            .into(),
        ),
        (
            "NOT_UTF8",
            kooperacje::ValidationError::NotUtf8 {
                argument: "command_json",
            }
            .into(),
        ),
    ];
    // Reads exist with the feature `privacy` (the npm package leaves it out).
    #[cfg(feature = "privacy")]
    produced.extend(refused_reads(&state, &log));
    produced
}

/// A read with a pseudonym key too short, and one by the head of another PZK's OPS.
#[cfg(feature = "privacy")]
fn refused_reads(
    state: &kooperacje::State,
    log: &[kooperacje::EventEnvelope],
) -> Vec<(&'static str, kooperacje::Error)> {
    use kooperacje::access::{self, PseudonymKey, Subject, Viewer};
    let pid = state.partnerships.keys().next().expect("a PZK").clone();
    let (_, read) = access::read(
        state,
        &Default::default(),
        &Viewer::OpsHead {
            partnership_id: "pzk-another".into(),
        },
        &Subject::Registry {
            partnership_id: pid,
        },
        log.last().expect("a log").at,
        None,
    );
    vec![
        (
            "PSEUDONYM_KEY_INVALID",
            PseudonymKey::new(b"short").unwrap_err(),
        ),
        ("ACCESS_DENIED", read.expect_err("a refused read")),
    ]
}

#[test]
fn every_error_code_is_expected_by_a_scenario() {
    let mut expected = std::collections::BTreeSet::new();
    for path in scenario_files() {
        let (scenario, _) = load_scenario(&path).unwrap_or_else(|e| panic!("{e}"));
        for step in &scenario.steps {
            if let Some(Expect::Error(error)) = &step.expect {
                expected.insert(error.clone());
            }
        }
    }
    for (code, error) in outside_scenarios() {
        assert_eq!(error.code(), code, "{error}");
        expected.insert(code.to_owned());
    }
    let missing: Vec<&str> = kooperacje::error::codes()
        .iter()
        .map(|e| e.code)
        .filter(|code| !expected.contains(*code))
        .collect();
    assert!(
        missing.is_empty(),
        "error codes no scenario expects: {missing:?}"
    );
    let unknown: Vec<&String> = expected
        .iter()
        .filter(|code| !kooperacje::error::codes().iter().any(|e| e.code == *code))
        .collect();
    assert!(
        unknown.is_empty(),
        "scenarios expect codes the library does not have: {unknown:?}"
    );
}

//! Scenario files (`tests/scenarios/*.json`, run by `kooperacje::scenario`): any text that parses
//! as a scenario (or a fixture) survives a JSON round trip, and running it — with the repository's
//! fixtures for its `given` — never panics, never reports that a rejected command changed the
//! state, and gives the same outcome twice.

#![no_main]

use kooperacje::scenario::{self, Fixture, Outcome, Scenario};
use kooperacje_fuzz::fixture;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = serde_json::from_str::<Fixture>(text) {
        let again = serde_json::to_string(&f).expect("a fixture encodes");
        let back: Fixture = serde_json::from_str(&again).expect("an encoded fixture decodes");
        assert_eq!(back, f, "fixture JSON round trip");
    }
    let Ok(s) = serde_json::from_str::<Scenario>(text) else {
        return;
    };
    let again = serde_json::to_string(&s).expect("a scenario encodes");
    let back: Scenario = serde_json::from_str(&again).expect("an encoded scenario decodes");
    assert_eq!(back, s, "scenario JSON round trip");

    let outcome = scenario::run(&s, &fixture);
    for failure in &outcome.failures {
        assert!(
            !failure.contains("a rejected command changed the state"),
            "{failure}"
        );
    }
    assert_eq!(outcome.steps.len(), s.steps.len());
    assert!(
        scenario::run(&s, &fixture) == outcome,
        "a second run differs"
    );
    let text = outcome.canonical_text();
    let canonical: serde_json::Value = serde_json::from_str(&text).expect("the result is JSON");
    assert!(
        canonical == outcome.canonical(),
        "the result file's text differs"
    );
    let _: Outcome = serde_json::from_str(&serde_json::to_string(&outcome).expect("encodes"))
        .expect("an encoded outcome decodes");
});

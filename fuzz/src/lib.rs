//! What the fuzz targets share: the scenario fixtures, compiled in (a target reads no files), the
//! states the targets start from, the basket sheet (of the format library) and the CLI's demo story.

use chrono::{Duration, TimeZone, Utc};
use kooperacje::scenario::{self, Fixture, Scenario};
use kooperacje::{sample, ActorId, CommandEnvelope, Error, PartnershipId, State};
use sheet::Format;
use std::collections::BTreeSet;
use std::sync::{Mutex, OnceLock};

/// The basket sheet of the format library, which the CLI and every binding use.
pub use kooperacje_formats::sheet;
/// The CLI's demo story (`kooperacje_cli::story`), the same source file.
#[path = "../../cli/src/story.rs"]
pub mod story;

/// The fixtures of `tests/scenarios/fixtures/`, by name.
pub const FIXTURES: [(&str, &str); 5] = [
    (
        "authorised_pzk",
        include_str!("../../tests/scenarios/fixtures/authorised_pzk.json"),
    ),
    (
        "prepared_pzk",
        include_str!("../../tests/scenarios/fixtures/prepared_pzk.json"),
    ),
    (
        "operating_pzk",
        include_str!("../../tests/scenarios/fixtures/operating_pzk.json"),
    ),
    (
        "consenting_family",
        include_str!("../../tests/scenarios/fixtures/consenting_family.json"),
    ),
    (
        "active_zzk",
        include_str!("../../tests/scenarios/fixtures/active_zzk.json"),
    ),
];

/// A fixture by name, as a scenario runner's loader.
pub fn fixture(name: &str) -> Result<Fixture, String> {
    let (_, text) = FIXTURES
        .iter()
        .find(|(n, _)| *n == name)
        .ok_or_else(|| format!("no fixture {name}"))?;
    serde_json::from_str(text).map_err(|e| e.to_string())
}

/// A state with something in it: the scenarios' `active_zzk` (PZK `pzk-1`, operating, with the
/// ZZK `zzk-kowalscy` at work) and the core's sample PZK `pzk-sample` (4 services) with three
/// families of its sample lifecycle — invited to the first meeting (`zzk-s1`), suspended
/// (`zzk-s2`), closed and monitored (`zzk-s3`) — so that fuzzed commands and events naming those
/// ids reach the rules beyond "not found". Small, as every input starts from a copy of it.
pub fn base_state() -> &'static State {
    static BASE: OnceLock<State> = OnceLock::new();
    BASE.get_or_init(|| {
        let mut state = State::new();
        let setup = Scenario {
            name: "base".into(),
            description: String::new(),
            given: vec!["active_zzk".into()],
            steps: Vec::new(),
        };
        let outcome = scenario::run_with(&setup, &fixture, &mut state);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        let start = Utc
            .with_ymd_and_hms(2025, 1, 6, 8, 0, 0)
            .single()
            .expect("a time");
        let mut commands = sample::operating_partnership("pzk-sample", start, 4).expect("sample");
        for (zzk, steps) in [("zzk-s1", 11), ("zzk-s2", 16), ("zzk-s3", 19)] {
            let family = sample::family_lifecycle("pzk-sample", zzk, start + Duration::days(60));
            commands.extend(family.expect("sample").into_iter().take(steps));
        }
        for cmd in commands {
            state
                .execute(&cmd)
                .expect("the sample's commands are accepted");
        }
        state
    })
}

/// Reads everything an error gives a host (code, kind, area, both messages, JSON), so that a
/// panic while describing an error is found too.
pub fn describe(error: &Error) {
    assert!(!error.code().is_empty());
    let _ = (error.kind(), error.area());
    assert!(!error.to_string().is_empty());
    assert!(!error.message_pl().is_empty());
    let _ = error.to_json();
}

/// The demo story's state ([`story`]): PZK `pzk-wolka` with its 18 services, the
/// basket the CLI's `basket export` writes and `basket import` reads back.
pub fn story_state() -> &'static State {
    static STORY: OnceLock<State> = OnceLock::new();
    STORY.get_or_init(|| story::play().expect("the story plays").state)
}

/// `kooperacje basket import` without the database: reads a sheet's bytes, checks its rows
/// against `pzk-wolka` and turns each good row into the commands the CLI would run (add, revise,
/// change status), executing them on the story's state. Checks that every row is either good or
/// reported, never both; that row numbers are those of the sheet; and that a rejected row's
/// commands leave the state as it was.
pub fn basket_import(bytes: &[u8], format: Format) {
    let raw = match read_sheet(bytes, format) {
        Ok(raw) => raw,
        Err(e) => {
            assert!(!e.message.is_empty() && !e.message_pl.is_empty());
            return;
        }
    };
    let mut last = 1;
    for (n, cells) in &raw {
        assert!(*n > last, "row numbers not increasing: {n} after {last}");
        assert_eq!(cells.len(), sheet::COLUMNS.len());
        last = *n;
    }
    let mut state = story_state().clone();
    let pid = PartnershipId::from(story::PARTNERSHIP);
    let (good, errors) = sheet::parse(&state.partnerships[&pid], &raw);
    let numbers: BTreeSet<usize> = raw.iter().map(|(n, _)| *n).collect();
    let bad: BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
    for e in &errors {
        assert!(numbers.contains(&e.row), "an error names row {}", e.row);
        assert!(!e.code.is_empty() && !e.message.is_empty() && !e.message_pl.is_empty());
    }
    let mut ids = BTreeSet::new();
    for row in &good {
        assert!(numbers.contains(&row.row) && !bad.contains(&row.row));
        assert!(ids.insert(row.service_id.clone()), "a service id twice");
    }
    let p = &state.partnerships[&pid];
    let at = p.last_at + Duration::days(1);
    // The PZK's OPS head may change any service of its basket.
    let ops_head = ActorId::from(p.ops_head.as_str());
    let imported =
        kooperacje_formats::reconcile(p, good, errors, "import: fuzz", |command| CommandEnvelope {
            at,
            actor: ops_head.clone(),
            command_id: None,
            command,
        });
    let skipped: BTreeSet<usize> = imported.report.skipped.iter().map(|e| e.row).collect();
    for e in &imported.report.skipped {
        assert!(numbers.contains(&e.row), "a report names row {}", e.row);
        assert!(!e.code.is_empty() && !e.message.is_empty() && !e.message_pl.is_empty());
    }
    let taken = imported.report.changed() + imported.report.unchanged;
    assert_eq!(taken + skipped.len(), ids.len() + bad.len());
    // The events follow the state the import started from, all of them.
    if let Err(e) = state.admit_and_apply_all(&imported.events) {
        panic!("an imported event does not follow: {:?}", e.error);
    }
    // What was imported exports again.
    let _ = sheet::rows(&state.partnerships[&pid]);
}

/// [`sheet::read_bytes`], whose own catch of a panic in the spreadsheet reader (a malformed file
/// is unreadable, not a crash) works as in the CLI: libfuzzer-sys's panic hook would abort at the
/// panic itself, before that catch, so while reading the hook only notes the panic. One that
/// escapes `read_bytes` is still a crash, with that note as its message.
fn read_sheet(bytes: &[u8], format: Format) -> Result<Vec<(usize, sheet::Row)>, sheet::FileError> {
    static NOTE: Mutex<String> = Mutex::new(String::new());
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        *NOTE.lock().unwrap_or_else(|e| e.into_inner()) = info.to_string();
    }));
    let read = std::panic::catch_unwind(|| sheet::read_bytes(bytes, format));
    std::panic::set_hook(hook);
    match read {
        Ok(read) => read,
        Err(_) => panic!(
            "sheet::read_bytes panicked: {}",
            NOTE.lock().unwrap_or_else(|e| e.into_inner())
        ),
    }
}

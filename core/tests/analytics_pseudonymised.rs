//! Issue 16, item 12: the analytics tables handed ZZK ids, registry numbers and the workers'
//! accounts out in clear; analysts may see only pseudonymised data. `analytics::Pseudonymiser`
//! gives the tables' form for analysts: the same keyed pseudonyms as the analyst's views (so the
//! two join), no registry numbers, days to the month.
//!
//! Every id of the world below carries a marker (`CASE`, `ACCT`, `TASK`, …), so that what the
//! tables show is checked by looking for the markers, not by reading back what the code chose.
#![cfg(feature = "privacy")]

use chrono::{Datelike, Duration, TimeZone, Timelike, Utc};
use kooperacje::access::{self, PseudonymKey, Subject, View, Viewer};
use kooperacje::analytics::{self, Column, ColumnData, Pseudonymiser, Table};
use kooperacje::person::PersonalData;
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{ActorId, EventEnvelope, State};
use std::collections::BTreeSet;

const KEY: &[u8] = b"a key the OPS keeps from its analysts";
const MARKERS: &[&str] = &["CASE", "ACCT", "TASK", "GOAL", "MEMB"];

/// A PZK and two families: `zzk-CASE-kowalscy` (the whole sample lifecycle, closed) and
/// `zzk-CASE-nowakowie` (up to its plan), every command issued by the account `acct-ACCT-ewa`.
fn world() -> (State, Vec<EventEnvelope>) {
    let t0 = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    let mut state = State::new();
    let mut log = Vec::new();
    let mut commands = operating_partnership("pzk", t0, 4).unwrap();
    for (i, (zzk, steps)) in [("zzk-CASE-kowalscy", 99), ("zzk-CASE-nowakowie", 13)]
        .into_iter()
        .enumerate()
    {
        let start = t0 + Duration::days(60 + 9 * i as i64) + Duration::minutes(7);
        for mut c in family_lifecycle("pzk", zzk, start)
            .unwrap()
            .into_iter()
            .take(steps)
        {
            c.actor = ActorId::from("acct-ACCT-ewa");
            // Task, goal and membership ids that name their case, as a host might make them.
            let text = serde_json::to_string(&c)
                .unwrap()
                .replace("\"sw-1\"", "\"acct-ACCT-ewa\"")
                .replace("\"t1\"", "\"task-TASK-1\"")
                .replace("\"g1\"", "\"goal-GOAL-1\"")
                .replace("-m1\"", "-MEMB-1\"");
            commands.push(serde_json::from_str(&text).unwrap());
        }
    }
    commands.sort_by_key(|c| c.at);
    for c in &commands {
        log.extend(
            state
                .execute(c)
                .unwrap_or_else(|e| panic!("{:?}: {e}", c.command)),
        );
    }
    (state, log)
}

fn tables(state: &State, log: &[EventEnvelope]) -> Vec<Table> {
    let as_of = Utc
        .with_ymd_and_hms(2026, 9, 30, 0, 0, 0)
        .unwrap()
        .date_naive();
    let mut out = analytics::state_tables(state, as_of);
    out.push(analytics::events(log));
    out
}

fn texts(column: &Column) -> Vec<String> {
    match &column.data {
        ColumnData::Utf8(v) => v.iter().flatten().cloned().collect(),
        ColumnData::Utf8List(v) => v.iter().flatten().flatten().cloned().collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_tables_in_clear_hold_the_ids_the_form_for_analysts_does_not() {
    let (state, log) = world();
    let p = Pseudonymiser::new(KEY).unwrap();
    let mut seen_in_clear = BTreeSet::new();
    for clear in tables(&state, &log) {
        let name = clear.name;
        for c in &clear.columns {
            for v in texts(c) {
                for m in MARKERS.iter().filter(|m| v.contains(**m)) {
                    seen_in_clear.insert(*m);
                }
            }
        }
        let names_in_clear: BTreeSet<String> =
            clear.column_names().into_iter().map(String::from).collect();
        let rows = clear.len();
        let pseudonymised = p.table(clear);
        assert_eq!(pseudonymised.name, name);
        assert_eq!(pseudonymised.len(), rows, "{name}: every row is kept");
        // Nothing but the registry number is left out of today's tables.
        let names: BTreeSet<String> = pseudonymised
            .column_names()
            .into_iter()
            .map(String::from)
            .collect();
        let left_out: Vec<&String> = names_in_clear.difference(&names).collect();
        let expected: Vec<&str> = if name == "zzks" {
            vec!["registry_number"]
        } else {
            vec![]
        };
        assert_eq!(left_out, expected, "{name}");
        for c in &pseudonymised.columns {
            for v in texts(c) {
                for m in MARKERS {
                    assert!(!v.contains(m), "{name}.{}: {v}", c.name);
                }
            }
            match &c.data {
                ColumnData::Date(v) => {
                    assert!(
                        v.iter().flatten().all(|d| d.day() == 1),
                        "{name}.{}",
                        c.name
                    )
                }
                ColumnData::Timestamp(v) => assert!(
                    v.iter()
                        .flatten()
                        .all(|t| t.day() == 1 && t.hour() == 0 && t.minute() == 0),
                    "{name}.{}",
                    c.name
                ),
                _ => {}
            }
        }
    }
    // The test would be empty if the tables in clear held none of the ids.
    assert_eq!(seen_in_clear, MARKERS.iter().copied().collect());
}

#[test]
fn the_pseudonyms_are_the_analyst_views_and_join_the_tables() {
    let (state, log) = world();
    let p = Pseudonymiser::new(KEY).unwrap();
    let key = PseudonymKey::new(KEY).unwrap();
    let as_of = Utc
        .with_ymd_and_hms(2026, 9, 30, 0, 0, 0)
        .unwrap()
        .date_naive();
    let zzks = p.table(analytics::zzks(&state, as_of));
    let ids = texts(zzks.column("zzk_id").unwrap());
    let expected: Vec<String> = ["zzk-CASE-kowalscy", "zzk-CASE-nowakowie"]
        .iter()
        .map(|id| access::pseudonym(&key, "zzk", id))
        .collect();
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>(),
        expected.iter().collect::<BTreeSet<_>>()
    );
    // The analyst's view of a case gives the same pseudonym, and the same month of appointment.
    let at = state.zzk(&"zzk-CASE-kowalscy".into()).unwrap().last_at;
    let (_, view) = access::read(
        &state,
        &PersonalData::default(),
        &Viewer::Analyst,
        &Subject::Zzk {
            zzk_id: "zzk-CASE-kowalscy".into(),
        },
        at,
        Some(KEY),
    );
    let View::Zzk(view) = view.unwrap() else {
        panic!("a ZZK view")
    };
    let row = ids
        .iter()
        .position(|id| *id == view.zzk_id)
        .expect("joined");
    let ColumnData::Date(appointed) = &zzks.column("appointed_on").unwrap().data else {
        panic!("a date column")
    };
    assert_eq!(appointed[row], view.appointed_on);
    // Within the tables: the tasks and the events name the same ZZKs as the zzks table.
    let tasks = p.table(analytics::tasks(&state, as_of));
    let events = p.table(analytics::events(&log));
    for (table, column) in [(&tasks, "zzk_id"), (&events, "zzk_id")] {
        let used: BTreeSet<String> = texts(table.column(column).unwrap()).into_iter().collect();
        assert!(!used.is_empty());
        assert!(used.iter().all(|id| ids.contains(id)), "{}", table.name);
    }
    let actors: BTreeSet<String> = texts(events.column("actor").unwrap()).into_iter().collect();
    let expected: BTreeSet<String> = log
        .iter()
        .map(|e| access::pseudonym(&key, "actor", e.actor.as_str()))
        .collect();
    assert!(actors.contains(&access::pseudonym(&key, "actor", "acct-ACCT-ewa")));
    assert_eq!(actors, expected);
    // Another key, other pseudonyms.
    let other = Pseudonymiser::new(b"another key, another set of ids!").unwrap();
    let other_ids = texts(
        other
            .table(analytics::zzks(&state, as_of))
            .column("zzk_id")
            .unwrap(),
    );
    assert!(other_ids.iter().all(|id| !ids.contains(id)));
}

#[test]
fn a_text_column_not_known_to_be_public_does_not_reach_analysts() {
    let p = Pseudonymiser::new(KEY).unwrap();
    let table = Table {
        name: "zzks",
        columns: vec![
            Column::new(
                "stage",
                "Current stage.",
                ColumnData::Utf8(vec![Some("active".into())]),
            ),
            Column::new(
                "situation_note",
                "Free text added by a careless change.",
                ColumnData::Utf8(vec![Some("Jan Kowalski, PESEL 44051401359".into())]),
            ),
            Column::new(
                "household",
                "People.",
                ColumnData::Utf8List(vec![Some(vec!["Jan Kowalski".into()])]),
            ),
        ],
    };
    let out = p.table(table);
    assert_eq!(out.column_names(), vec!["stage"]);
}

#[test]
fn a_key_too_short_is_refused() {
    for key in [&b""[..], &b"fifteen bytes!!"[..]] {
        let e = Pseudonymiser::new(key).unwrap_err();
        assert_eq!(e.code(), "PSEUDONYM_KEY_INVALID");
    }
}

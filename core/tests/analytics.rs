//! The analytics tables: shapes, hand-derived values, no personal data, and no panics on any state.
//!
//! The world: the sample PZK `pzk` (operating, services svc-0…svc-4) plus an external service and a
//! status change; three ZZKs — z0 (the sample family lifecycle, crossing midnight, closed), z1 (the
//! first 13 commands of the sample lifecycle: active with a plan) and z2 (written here with dates
//! days apart: a refusal, guests, removals, an unmet need, two suspensions, the second open).
//! Every expected value below is derived by hand from the command dates in this file and in
//! `sample.rs`, never read off the code under test.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use kooperacje::analytics::{self, Column, ColumnData, ShapeError, Table};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::{CommandEnvelope, EventEnvelope, State};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cmd(at: &str, actor: &str, command: Value) -> CommandEnvelope {
    serde_json::from_value(json!({"at": at, "actor": actor, "command": command})).unwrap()
}

fn run(state: &mut State, log: &mut Vec<EventEnvelope>, cmds: Vec<CommandEnvelope>) {
    for c in cmds {
        match state.execute(&c) {
            Ok(events) => log.extend(events),
            Err(e) => panic!("{:?}: {} {e}", c.command, e.code()),
        }
    }
}

fn z2_commands() -> Vec<CommandEnvelope> {
    let a = "sw-2";
    let z = "z2";
    vec![
        cmd(
            "2026-04-01T09:00:00Z",
            a,
            json!({"type": "report_need", "zzk_id": z, "partnership_id": "pzk",
            "social_worker": "sw-2", "client": {"kind": "family", "household": ["z2-mother", "z2-child"], "group_kind": null}}),
        ),
        cmd(
            "2026-04-03T09:00:00Z",
            a,
            json!({"type": "establish_helping_relationship", "zzk_id": z}),
        ),
        cmd(
            "2026-04-08T09:00:00Z",
            a,
            json!({"type": "record_initial_diagnosis", "zzk_id": z,
            "interview_on": "2026-04-07", "diagnosis": "z2-note-diagnosis"}),
        ),
        cmd(
            "2026-04-08T15:00:00Z",
            a,
            json!({"type": "record_grounds", "zzk_id": z,
            "grounds": "z2-note-grounds", "potential_partners": ["ngo", "cis"]}),
        ),
        cmd(
            "2026-04-10T09:00:00Z",
            a,
            json!({"type": "propose_zzk_work", "zzk_id": z}),
        ),
        cmd(
            "2026-04-13T09:00:00Z",
            a,
            json!({"type": "refuse_consent", "zzk_id": z,
            "refused_by": "z2-mother", "capacity": "adult_family_member"}),
        ),
        cmd(
            "2026-04-20T09:00:00Z",
            a,
            json!({"type": "propose_zzk_work", "zzk_id": z}),
        ),
        cmd(
            "2026-04-22T09:00:00Z",
            a,
            json!({"type": "give_consent", "zzk_id": z, "consent_id": "z2-c1",
            "given_by": "z2-mother", "capacity": "adult_family_member", "form": "written",
            "scope": {"zzk_work": true, "share_with": ["ngo", "cis"], "evaluation": false,
                "share_with_guests": ["Poradnia Psychologiczno-Pedagogiczna"]},
            "valid_until": "2026-06-30"}),
        ),
        cmd(
            "2026-04-24T09:00:00Z",
            a,
            json!({"type": "appoint_zzk", "zzk_id": z, "phase": "planning"}),
        ),
        cmd(
            "2026-04-27T09:00:00Z",
            a,
            json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": "z2-m1",
            "member_id": "ngo", "worker": "w-ngo-1", "role": "rola-asystentka-z2"}),
        ),
        cmd(
            "2026-04-27T09:10:00Z",
            a,
            json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": "z2-m2",
            "member_id": "cis", "worker": "w-cis-1", "role": "rola-doradca-z2"}),
        ),
        cmd(
            "2026-04-27T09:20:00Z",
            a,
            json!({"type": "add_guest", "zzk_id": z, "zzk_member_id": "z2-g1",
            "worker": "w-guest-1", "institution": "Poradnia Psychologiczno-Pedagogiczna", "role": "rola-psycholog-z2"}),
        ),
        cmd(
            "2026-04-29T09:00:00Z",
            a,
            json!({"type": "hold_zzk_meeting", "zzk_id": z, "meeting_id": "z2-kons",
            "kind": "consultation", "held_on": "2026-04-29", "family_present": false, "representative_present": false,
            "attending": ["z2-m1", "z2-m2"], "remote": false, "minutes": "z2-note-kons", "assessment": null,
            "plan": null, "project": null}),
        ),
        cmd(
            "2026-04-30T09:00:00Z",
            a,
            json!({"type": "invite_to_first_meeting", "zzk_id": z, "planned_on": "2026-05-04"}),
        ),
        cmd(
            "2026-05-04T10:00:00Z",
            a,
            json!({"type": "hold_zzk_meeting", "zzk_id": z, "meeting_id": "z2-first",
            "kind": "first", "held_on": "2026-05-04", "family_present": true, "representative_present": false,
            "attending": ["z2-m1", "z2-m2"], "remote": false, "minutes": "z2-note-first", "assessment": null,
            "project": null, "plan": {
                "case_number": "OPS/Z2/2026", "situation": {"housing": "z2-note-housing"}, "problems": "z2-note-problems",
                "main_goal": "Powrót matki do pracy",
                "goals": [{"goal_id": "g1", "title": "Zatrudnienie matki"}, {"goal_id": "g2", "title": "Opieka nad dzieckiem"}],
                "tasks": [
                    {"task_id": "ta", "goal_id": "g1", "title": "Kurs zawodowy matki",
                     "responsible": {"kind": "member", "zzk_member_id": "z2-m2"}, "deadline": "2026-05-20"},
                    {"task_id": "tb", "goal_id": "g2", "title": "Zapis do przedszkola",
                     "responsible": {"kind": "family"}, "deadline": "2026-06-15"}]}}),
        ),
        cmd(
            "2026-05-05T09:00:00Z",
            a,
            json!({"type": "add_basket_item", "zzk_id": z, "item_id": "i1", "service_id": "svc-3", "task_id": "ta"}),
        ),
        cmd(
            "2026-05-05T09:10:00Z",
            a,
            json!({"type": "add_basket_item", "zzk_id": z, "item_id": "i2", "service_id": "svc-0"}),
        ),
        cmd(
            "2026-05-05T09:20:00Z",
            a,
            json!({"type": "add_basket_item", "zzk_id": z, "item_id": "i3", "service_id": "svc-3", "task_id": "tb"}),
        ),
        cmd(
            "2026-05-06T09:00:00Z",
            a,
            json!({"type": "record_unmet_need", "zzk_id": z, "item_id": "i4",
            "area": "family_support", "need": "Opieka wytchnieniowa dla dziecka", "request_id": "req-z2-1"}),
        ),
        cmd(
            "2026-05-07T09:00:00Z",
            a,
            json!({"type": "remove_basket_item", "zzk_id": z, "item_id": "i2", "reason": "powod-niepotrzebna-z2"}),
        ),
        cmd(
            "2026-05-10T09:00:00Z",
            a,
            json!({"type": "record_monitoring", "zzk_id": z, "period": "2026-05",
            "source": "partner_information", "entries": [{"task_id": "ta", "status": "done", "info": "info-kurs-ukonczony-z2"}]}),
        ),
        cmd(
            "2026-05-18T09:00:00Z",
            a,
            json!({"type": "remove_zzk_member", "zzk_id": z, "zzk_member_id": "z2-m1",
            "reason": "powod-zmiana-pracy-z2"}),
        ),
        cmd(
            "2026-05-25T09:00:00Z",
            a,
            json!({"type": "suspend_zzk", "zzk_id": z, "ground": "crisis",
            "review_on": "2026-06-10", "details": "z2-note-crisis"}),
        ),
        cmd(
            "2026-06-01T09:00:00Z",
            a,
            json!({"type": "resume_zzk", "zzk_id": z, "ground": "cause_ended"}),
        ),
        cmd(
            "2026-06-05T09:00:00Z",
            a,
            json!({"type": "suspend_zzk", "zzk_id": z, "ground": "unreachable",
            "review_on": "2026-06-25", "details": null}),
        ),
    ]
}

fn pzk_extra_commands() -> Vec<CommandEnvelope> {
    let a = "ops-head";
    vec![
        cmd(
            "2026-02-01T09:00:00Z",
            a,
            json!({"type": "add_service", "partnership_id": "pzk", "service_id": "svc-ext",
            "reason": "powod-usluga-w-sasiedztwie", "service": {
                "name": "Poradnictwo rodzinne", "description": "opis-uslugi-zewnetrznej",
                "kind": "simple", "provider": {"kind": "external", "name": "Poradnia Rodzinna Sąsiednia Gmina",
                    "sector": "ngo", "ministry": null},
                "origin": "adjacent_area", "areas": ["family_support", "health"],
                "target": {"persons": true, "families": true, "groups": false, "age_min": 6, "age_max": 18},
                "access_conditions": "warunki-dostepu-zewn", "contact_person": "kontakt-osoba-zewn",
                "verified_on": "2026-01-30"}}),
        ),
        cmd(
            "2026-02-02T09:00:00Z",
            a,
            json!({"type": "change_service_status", "partnership_id": "pzk",
            "service_id": "svc-4", "status": "temporarily_unavailable", "reason": "powod-remont"}),
        ),
    ]
}

/// The whole world, with its event log.
fn world() -> (State, Vec<EventEnvelope>) {
    let mut state = State::new();
    let mut log = Vec::new();
    let start = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap();
    run(
        &mut state,
        &mut log,
        operating_partnership("pzk", start, 5).unwrap(),
    );
    run(&mut state, &mut log, pzk_extra_commands());
    // z0: 20 commands an hour apart from 14:00 — indices 0–9 on 2026-03-10, 10–19 on 2026-03-11.
    let z0_start = Utc.with_ymd_and_hms(2026, 3, 10, 14, 0, 0).unwrap();
    run(
        &mut state,
        &mut log,
        family_lifecycle("pzk", "z0", z0_start).unwrap(),
    );
    // z1: the first 13 commands (up to the first basket item), all on 2026-03-20.
    let z1_start = Utc.with_ymd_and_hms(2026, 3, 20, 8, 0, 0).unwrap();
    let mut z1 = family_lifecycle("pzk", "z1", z1_start).unwrap();
    z1.truncate(13);
    run(&mut state, &mut log, z1);
    run(&mut state, &mut log, z2_commands());
    (state, log)
}

// ---- helpers reading tables --------------------------------------------------------------------

fn col<'a>(t: &'a Table, name: &str) -> &'a Column {
    t.column(name)
        .unwrap_or_else(|| panic!("table {} has no column {name}", t.name))
}

fn row_of(t: &Table, key: &str, value: &str) -> usize {
    match &col(t, key).data {
        ColumnData::Utf8(v) => v
            .iter()
            .position(|x| x.as_deref() == Some(value))
            .unwrap_or_else(|| panic!("no row with {key} = {value}")),
        other => panic!("{key} is {}", other.type_name()),
    }
}

fn int(t: &Table, name: &str, row: usize) -> Option<i64> {
    match &col(t, name).data {
        ColumnData::Int64(v) => v[row],
        other => panic!("{name} is {}", other.type_name()),
    }
}

fn text(t: &Table, name: &str, row: usize) -> Option<String> {
    match &col(t, name).data {
        ColumnData::Utf8(v) => v[row].clone(),
        other => panic!("{name} is {}", other.type_name()),
    }
}

fn flag(t: &Table, name: &str, row: usize) -> Option<bool> {
    match &col(t, name).data {
        ColumnData::Bool(v) => v[row],
        other => panic!("{name} is {}", other.type_name()),
    }
}

fn date(t: &Table, name: &str, row: usize) -> Option<NaiveDate> {
    match &col(t, name).data {
        ColumnData::Date(v) => v[row],
        other => panic!("{name} is {}", other.type_name()),
    }
}

fn list(t: &Table, name: &str, row: usize) -> Option<Vec<String>> {
    match &col(t, name).data {
        ColumnData::Utf8List(v) => v[row].clone(),
        other => panic!("{name} is {}", other.type_name()),
    }
}

/// Every column has as many values as the table has rows, and names are unique snake_case.
fn assert_well_formed(t: &Table) {
    let rows = t.columns.first().map_or(0, |c| c.data.len());
    let mut names = BTreeSet::new();
    for c in &t.columns {
        assert_eq!(
            c.data.len(),
            rows,
            "table {}: column {} has {} values, {} expected",
            t.name,
            c.name,
            c.data.len(),
            rows
        );
        assert!(
            names.insert(c.name.to_string()),
            "table {}: column {} twice",
            t.name,
            c.name
        );
        assert!(
            !c.name.is_empty()
                && c.name
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
            "table {}: column name {:?} is not snake_case",
            t.name,
            c.name
        );
        assert!(
            !c.description.is_empty(),
            "{}.{} undocumented",
            t.name,
            c.name
        );
    }
    assert_eq!(t.len(), rows);
}

fn all_tables(state: &State, log: &[EventEnvelope], as_of: NaiveDate) -> Vec<Table> {
    vec![
        analytics::zzks(state, as_of),
        analytics::tasks(state, as_of),
        analytics::services(state),
        analytics::partnerships(state, as_of),
        analytics::events(log),
    ]
}

// ---- shapes ------------------------------------------------------------------------------------

#[test]
fn every_table_is_rectangular_with_unique_names_and_one_row_per_thing() {
    let (state, log) = world();
    let as_of = d("2026-06-20");
    for t in all_tables(&state, &log, as_of) {
        assert_well_formed(&t);
    }
    assert_eq!(analytics::zzks(&state, as_of).len(), 3);
    // z0: 1 task, z1: 1 task, z2: 2 tasks.
    assert_eq!(analytics::tasks(&state, as_of).len(), 4);
    // svc-0 … svc-4 and svc-ext.
    assert_eq!(analytics::services(&state).len(), 6);
    assert_eq!(analytics::partnerships(&state, as_of).len(), 1);
    assert_eq!(analytics::events(&log).len(), log.len());
    let names: Vec<&str> = analytics::state_tables(&state, as_of)
        .iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["zzks", "tasks", "services", "partnerships"]);
}

#[test]
fn enum_columns_follow_every_variant() {
    let (state, _) = world();
    let as_of = d("2026-06-20");
    let z = analytics::zzks(&state, as_of);
    for s in kooperacje::ZzkStage::ALL {
        col(&z, &format!("days_{}", s.code()));
    }
    for s in kooperacje::Sector::ALL {
        col(&z, &format!("members_{}", s.code()));
    }
    let p = analytics::partnerships(&state, as_of);
    for s in kooperacje::MemberStatus::ALL {
        col(&p, &format!("members_{}", s.code()));
    }
    for s in kooperacje::ZzkStage::ALL {
        col(&p, &format!("zzks_{}", s.code()));
    }
    for s in kooperacje::ServiceStatus::ALL {
        col(&p, &format!("services_{}", s.code()));
    }
}

#[test]
fn empty_state_gives_empty_tables_with_all_columns() {
    let state = State::new();
    let full = {
        let (s, log) = world();
        all_tables(&s, &log, d("2026-06-20"))
    };
    for (empty, full) in all_tables(&state, &[], d("2026-06-20")).iter().zip(&full) {
        assert_well_formed(empty);
        assert!(empty.is_empty());
        assert_eq!(empty.column_names(), full.column_names());
    }
}

// ---- zzks --------------------------------------------------------------------------------------

#[test]
fn z2_days_per_stage_follow_the_command_dates() {
    let (state, _) = world();
    let t = analytics::zzks(&state, d("2026-06-20"));
    let r = row_of(&t, "zzk_id", "z2");
    // Derived from z2_commands(): each stage from its day to the day of the next change.
    let expected: BTreeMap<&str, i64> = [
        ("need_reported", 2),         // 04-01 → 04-03
        ("helping_relationship", 5),  // 04-03 → 04-08
        ("initial_diagnosis", 0),     // 04-08 → 04-08 (same day)
        ("grounds_recorded", 2),      // 04-08 → 04-10
        ("proposed", 3 + 2),          // 04-10 → 04-13, 04-20 → 04-22
        ("consent_refused", 7),       // 04-13 → 04-20
        ("consent_obtained", 2),      // 04-22 → 04-24
        ("appointed", 3),             // 04-24 → 04-27
        ("partners_invited", 2),      // 04-27 → 04-29
        ("consultation_held", 1),     // 04-29 → 04-30
        ("first_meeting_invited", 4), // 04-30 → 05-04
        ("active", 21 + 4),           // 05-04 → 05-25, 06-01 → 06-05
        ("suspended", 7 + 15),        // 05-25 → 06-01, 06-05 → as_of 06-20
        ("ordinary_social_work", 0),
        ("post_support_monitoring", 0),
        ("closed", 0),
    ]
    .into_iter()
    .collect();
    for (stage, days) in &expected {
        assert_eq!(
            int(&t, &format!("days_{stage}"), r),
            Some(*days),
            "days_{stage}"
        );
    }
    // Not closed, so the stages cover every day from the reported need to the report date.
    let total: i64 = expected.values().sum();
    assert_eq!(total, (d("2026-06-20") - d("2026-04-01")).num_days());
    assert_eq!(int(&t, "suspensions", r), Some(2));
    assert_eq!(int(&t, "suspension_days", r), Some(7 + 15));
}

#[test]
fn stage_days_are_cut_at_the_report_date() {
    let (state, _) = world();
    // 2026-05-01: first_meeting_invited since 04-30 (1 day), nothing later has begun yet.
    let t = analytics::zzks(&state, d("2026-05-01"));
    let r = row_of(&t, "zzk_id", "z2");
    assert_eq!(int(&t, "days_first_meeting_invited", r), Some(1));
    assert_eq!(int(&t, "days_active", r), Some(0));
    assert_eq!(int(&t, "days_suspended", r), Some(0));
    assert_eq!(int(&t, "days_need_reported", r), Some(2));
    assert_eq!(int(&t, "suspension_days", r), Some(0));
    // 2026-05-28: in the first suspension for 3 days (05-25 → 05-28).
    let t = analytics::zzks(&state, d("2026-05-28"));
    let r = row_of(&t, "zzk_id", "z2");
    assert_eq!(int(&t, "days_active", r), Some(21));
    assert_eq!(int(&t, "days_suspended", r), Some(3));
    assert_eq!(int(&t, "suspension_days", r), Some(3));
    // Before the case existed: nothing, and no negative numbers.
    let t = analytics::zzks(&state, d("2025-01-01"));
    let r = row_of(&t, "zzk_id", "z2");
    for s in kooperacje::ZzkStage::ALL {
        assert_eq!(int(&t, &format!("days_{}", s.code()), r), Some(0));
    }
}

#[test]
fn z2_team_plan_consent_and_basket() {
    let (state, _) = world();
    let t = analytics::zzks(&state, d("2026-06-20"));
    let r = row_of(&t, "zzk_id", "z2");
    assert_eq!(text(&t, "partnership_id", r).as_deref(), Some("pzk"));
    // z0 was appointed first (03-10), z1 second (03-20), z2 third (04-24).
    assert_eq!(int(&t, "registry_number", r), Some(3));
    assert_eq!(text(&t, "client_kind", r).as_deref(), Some("family"));
    assert_eq!(text(&t, "stage", r).as_deref(), Some("suspended"));
    assert_eq!(date(&t, "opened_on", r), Some(d("2026-04-01")));
    assert_eq!(date(&t, "appointed_on", r), Some(d("2026-04-24")));
    assert_eq!(
        text(&t, "appointment_phase", r).as_deref(),
        Some("planning")
    );
    assert_eq!(date(&t, "closed_on", r), None);
    assert_eq!(text(&t, "closure_reason", r), None);
    // z2-m1 (ngo) left on 05-18; z2-m2 (cis: social economy) remains; the guest is not a member.
    assert_eq!(int(&t, "members", r), Some(1));
    assert_eq!(int(&t, "members_social_economy", r), Some(1));
    assert_eq!(int(&t, "members_ngo", r), Some(0));
    assert_eq!(int(&t, "members_public", r), Some(0));
    assert_eq!(int(&t, "guests", r), Some(1));
    assert_eq!(
        list(&t, "sectors", r),
        Some(vec!["social_economy".to_owned()])
    );
    assert_eq!(int(&t, "meetings", r), Some(2));
    assert_eq!(int(&t, "consents", r), Some(1));
    assert_eq!(int(&t, "consent_refusals", r), Some(1));
    assert_eq!(flag(&t, "consent_in_force", r), Some(true));
    assert_eq!(flag(&t, "has_plan", r), Some(true));
    assert_eq!(int(&t, "goals", r), Some(2));
    assert_eq!(int(&t, "tasks", r), Some(2));
    assert_eq!(int(&t, "tasks_done", r), Some(1));
    // tb (deadline 06-15) is open and past, but the plan is on hold while suspended.
    assert_eq!(int(&t, "tasks_overdue", r), Some(0));
    // i1, i2 (removed), i3 and the unmet need i4.
    assert_eq!(int(&t, "basket_items", r), Some(4));
    assert_eq!(int(&t, "basket_items_removed", r), Some(1));
    assert_eq!(int(&t, "unmet_needs", r), Some(1));
    assert_eq!(int(&t, "monitoring_records", r), Some(1));
    assert_eq!(int(&t, "ordinary_work_periods", r), Some(0));
    assert_eq!(int(&t, "post_support_observations", r), Some(0));

    // The consent is valid until 2026-06-30 inclusive.
    let t = analytics::zzks(&state, d("2026-06-30"));
    assert_eq!(
        flag(&t, "consent_in_force", row_of(&t, "zzk_id", "z2")),
        Some(true)
    );
    let t = analytics::zzks(&state, d("2026-07-01"));
    assert_eq!(
        flag(&t, "consent_in_force", row_of(&t, "zzk_id", "z2")),
        Some(false)
    );
    // Before it was given (04-22) it was not in force either.
    let t = analytics::zzks(&state, d("2026-04-21"));
    assert_eq!(
        flag(&t, "consent_in_force", row_of(&t, "zzk_id", "z2")),
        Some(false)
    );
}

#[test]
fn closed_sample_family_stops_the_clock_at_closure() {
    let (state, _) = world();
    // Long after closure: the closed stage still counts 0.
    let t = analytics::zzks(&state, d("2026-12-31"));
    let r = row_of(&t, "zzk_id", "z0");
    assert_eq!(text(&t, "stage", r).as_deref(), Some("closed"));
    // Commands 0–9 fall on 03-10 and 10–19 on 03-11: the consultation meeting (index 9, 23:00)
    // is the only stage change left for the next day.
    for s in kooperacje::ZzkStage::ALL {
        let expected = if s.code() == "consultation_held" {
            1
        } else {
            0
        };
        assert_eq!(
            int(&t, &format!("days_{}", s.code()), r),
            Some(expected),
            "days_{}",
            s.code()
        );
    }
    assert_eq!(int(&t, "registry_number", r), Some(1));
    assert_eq!(date(&t, "opened_on", r), Some(d("2026-03-10")));
    assert_eq!(date(&t, "appointed_on", r), Some(d("2026-03-10")));
    assert_eq!(date(&t, "closed_on", r), Some(d("2026-03-11")));
    assert_eq!(
        text(&t, "closure_reason", r).as_deref(),
        Some("goals_achieved")
    );
    assert_eq!(int(&t, "suspensions", r), Some(1));
    assert_eq!(int(&t, "suspension_days", r), Some(0));
    // school (public) and health (non-public).
    assert_eq!(int(&t, "members", r), Some(2));
    assert_eq!(int(&t, "members_public", r), Some(1));
    assert_eq!(int(&t, "members_non_public", r), Some(1));
    assert_eq!(
        list(&t, "sectors", r),
        Some(vec!["public".to_owned(), "non_public".to_owned()])
    );
    assert_eq!(int(&t, "meetings", r), Some(3));
    assert_eq!(int(&t, "tasks", r), Some(1));
    assert_eq!(int(&t, "tasks_done", r), Some(0));
    // t1 is in progress and its deadline (04-09) has passed, but work is closed.
    assert_eq!(int(&t, "tasks_overdue", r), Some(0));
    assert_eq!(int(&t, "basket_items", r), Some(1));
}

#[test]
fn z1_active_days_and_overdue_task_around_its_deadline() {
    let (state, _) = world();
    // z1 is active since 2026-03-20; its task t1 is due 30 days later, 2026-04-19.
    let t = analytics::zzks(&state, d("2026-04-19"));
    let r = row_of(&t, "zzk_id", "z1");
    assert_eq!(text(&t, "stage", r).as_deref(), Some("active"));
    assert_eq!(int(&t, "days_active", r), Some(30));
    assert_eq!(int(&t, "tasks_overdue", r), Some(0));
    assert_eq!(int(&t, "registry_number", r), Some(2));
    let t = analytics::zzks(&state, d("2026-04-20"));
    let r = row_of(&t, "zzk_id", "z1");
    assert_eq!(int(&t, "days_active", r), Some(31));
    assert_eq!(int(&t, "tasks_overdue", r), Some(1));
}

// ---- tasks -------------------------------------------------------------------------------------

fn task_row(t: &Table, zzk: &str, task: &str) -> usize {
    let zzks = match &col(t, "zzk_id").data {
        ColumnData::Utf8(v) => v,
        _ => panic!(),
    };
    let tasks = match &col(t, "task_id").data {
        ColumnData::Utf8(v) => v,
        _ => panic!(),
    };
    (0..t.len())
        .find(|&i| zzks[i].as_deref() == Some(zzk) && tasks[i].as_deref() == Some(task))
        .unwrap_or_else(|| panic!("no task {zzk}/{task}"))
}

#[test]
fn tasks_before_and_after_the_deadline() {
    let (state, _) = world();
    let on_deadline = analytics::tasks(&state, d("2026-04-19"));
    let r = task_row(&on_deadline, "z1", "t1");
    assert_eq!(
        text(&on_deadline, "partnership_id", r).as_deref(),
        Some("pzk")
    );
    assert_eq!(text(&on_deadline, "goal_id", r).as_deref(), Some("g1"));
    assert_eq!(
        text(&on_deadline, "responsible_kind", r).as_deref(),
        Some("member")
    );
    assert_eq!(
        text(&on_deadline, "responsible_id", r).as_deref(),
        Some("z1-m1")
    );
    assert_eq!(date(&on_deadline, "deadline", r), Some(d("2026-04-19")));
    assert_eq!(date(&on_deadline, "added_on", r), Some(d("2026-03-20")));
    assert_eq!(text(&on_deadline, "status", r).as_deref(), Some("planned"));
    assert_eq!(flag(&on_deadline, "done", r), Some(false));
    assert_eq!(flag(&on_deadline, "overdue", r), Some(false));
    assert_eq!(int(&on_deadline, "days_to_deadline", r), Some(0));

    let early = analytics::tasks(&state, d("2026-04-09"));
    assert_eq!(
        int(&early, "days_to_deadline", task_row(&early, "z1", "t1")),
        Some(10)
    );

    let late = analytics::tasks(&state, d("2026-04-20"));
    let r = task_row(&late, "z1", "t1");
    assert_eq!(flag(&late, "overdue", r), Some(true));
    assert_eq!(int(&late, "days_to_deadline", r), Some(-1));

    // z2: ta done (monitoring of 05-10), tb the family's; neither overdue while suspended.
    let t = analytics::tasks(&state, d("2026-06-20"));
    let ta = task_row(&t, "z2", "ta");
    assert_eq!(text(&t, "status", ta).as_deref(), Some("done"));
    assert_eq!(flag(&t, "done", ta), Some(true));
    assert_eq!(text(&t, "responsible_id", ta).as_deref(), Some("z2-m2"));
    let tb = task_row(&t, "z2", "tb");
    assert_eq!(text(&t, "responsible_kind", tb).as_deref(), Some("family"));
    assert_eq!(text(&t, "responsible_id", tb), None);
    assert_eq!(text(&t, "goal_id", tb).as_deref(), Some("g2"));
    assert_eq!(int(&t, "days_to_deadline", tb), Some(-5));
    assert_eq!(flag(&t, "overdue", tb), Some(false));
    // z0's t1: in progress, past its deadline, but the ZZK is closed.
    let z0 = task_row(&t, "z0", "t1");
    assert_eq!(text(&t, "status", z0).as_deref(), Some("in_progress"));
    assert_eq!(flag(&t, "overdue", z0), Some(false));
}

#[test]
fn task_overdue_flags_agree_with_the_overdue_report() {
    let (state, _) = world();
    for as_of in [
        "2026-03-01",
        "2026-04-19",
        "2026-04-20",
        "2026-06-20",
        "2027-01-01",
    ] {
        let as_of = d(as_of);
        let t = analytics::tasks(&state, as_of);
        let mut flagged = BTreeSet::new();
        for r in 0..t.len() {
            if flag(&t, "overdue", r) == Some(true) {
                flagged.insert((
                    text(&t, "zzk_id", r).unwrap(),
                    text(&t, "task_id", r).unwrap(),
                ));
            }
        }
        let reported: BTreeSet<(String, String)> = kooperacje::reports::overdue(&state, as_of)
            .into_iter()
            .filter(|i| i.kind == kooperacje::reports::OverdueKind::TaskDeadline)
            .map(|i| (i.zzk_id.unwrap().to_string(), i.subject))
            .collect();
        assert_eq!(flagged, reported, "as of {as_of}");
    }
}

// ---- services ----------------------------------------------------------------------------------

#[test]
fn services_with_providers_and_use_in_individual_baskets() {
    let (state, _) = world();
    let t = analytics::services(&state);
    // svc-0 (school): in z0 and z1, and in z2 (removed on 05-07).
    let r = row_of(&t, "service_id", "svc-0");
    assert_eq!(text(&t, "partnership_id", r).as_deref(), Some("pzk"));
    assert_eq!(
        text(&t, "name", r).as_deref(),
        Some("Pomoc psychologiczna 0")
    );
    assert_eq!(text(&t, "provider_kind", r).as_deref(), Some("member"));
    assert_eq!(text(&t, "provider_member_id", r).as_deref(), Some("school"));
    assert_eq!(
        text(&t, "provider_name", r).as_deref(),
        Some("Szkoła Podstawowa nr 1")
    );
    assert_eq!(text(&t, "provider_sector", r).as_deref(), Some("public"));
    assert_eq!(
        text(&t, "provider_ministry", r).as_deref(),
        Some("education")
    );
    assert_eq!(text(&t, "kind", r).as_deref(), Some("simple"));
    assert_eq!(text(&t, "origin", r).as_deref(), Some("partner"));
    assert_eq!(text(&t, "status", r).as_deref(), Some("active"));
    assert_eq!(
        list(&t, "areas", r),
        Some(vec!["social_assistance".to_owned()])
    );
    assert_eq!(flag(&t, "target_families", r), Some(true));
    assert_eq!(int(&t, "version", r), Some(1));
    assert_eq!(date(&t, "verified_on", r), Some(d("2026-01-05")));
    assert_eq!(int(&t, "used_in_baskets", r), Some(3));
    assert_eq!(int(&t, "in_baskets_now", r), Some(2));
    assert_eq!(int(&t, "families", r), Some(3));
    // svc-3 (cis): twice in z2 (for ta and tb).
    let r = row_of(&t, "service_id", "svc-3");
    assert_eq!(
        text(&t, "provider_sector", r).as_deref(),
        Some("social_economy")
    );
    assert_eq!(text(&t, "name", r).as_deref(), Some("Asystent rodziny 3"));
    assert_eq!(flag(&t, "target_families", r), Some(false));
    assert_eq!(int(&t, "used_in_baskets", r), Some(2));
    assert_eq!(int(&t, "families", r), Some(1));
    // svc-1: never used.
    let r = row_of(&t, "service_id", "svc-1");
    assert_eq!(int(&t, "used_in_baskets", r), Some(0));
    assert_eq!(int(&t, "families", r), Some(0));
    // svc-4: status changed once → version 2.
    let r = row_of(&t, "service_id", "svc-4");
    assert_eq!(
        text(&t, "status", r).as_deref(),
        Some("temporarily_unavailable")
    );
    assert_eq!(int(&t, "version", r), Some(2));
    let changed = Utc.with_ymd_and_hms(2026, 2, 2, 9, 0, 0).unwrap();
    match &col(&t, "last_changed_at").data {
        ColumnData::Timestamp(v) => assert_eq!(v[r], Some(changed)),
        _ => panic!(),
    }
    // The external provider.
    let r = row_of(&t, "service_id", "svc-ext");
    assert_eq!(text(&t, "provider_kind", r).as_deref(), Some("external"));
    assert_eq!(text(&t, "provider_member_id", r), None);
    assert_eq!(
        text(&t, "provider_name", r).as_deref(),
        Some("Poradnia Rodzinna Sąsiednia Gmina")
    );
    assert_eq!(text(&t, "provider_sector", r).as_deref(), Some("ngo"));
    assert_eq!(text(&t, "provider_ministry", r), None);
    assert_eq!(text(&t, "origin", r).as_deref(), Some("adjacent_area"));
    assert_eq!(
        list(&t, "areas", r),
        Some(vec!["family_support".to_owned(), "health".to_owned()])
    );
    assert_eq!(int(&t, "age_min", r), Some(6));
    assert_eq!(int(&t, "age_max", r), Some(18));
    assert_eq!(date(&t, "verified_on", r), Some(d("2026-01-30")));
}

// ---- partnerships ------------------------------------------------------------------------------

#[test]
fn partnership_indicators() {
    let (state, _) = world();
    let t = analytics::partnerships(&state, d("2026-06-20"));
    let r = row_of(&t, "partnership_id", "pzk");
    assert_eq!(text(&t, "name", r).as_deref(), Some("PZK"));
    assert_eq!(text(&t, "stage", r).as_deref(), Some("operating"));
    assert_eq!(date(&t, "authorised_on", r), Some(d("2026-01-05")));
    // ops, school, health, ngo declared; cis participating.
    assert_eq!(int(&t, "members_declared", r), Some(4));
    assert_eq!(int(&t, "members_participating", r), Some(1));
    assert_eq!(int(&t, "members_invited", r), Some(0));
    assert_eq!(int(&t, "members_left", r), Some(0));
    // ops (MOPS) and school public; health non-public; ngo; cis social economy.
    assert_eq!(int(&t, "members_public", r), Some(2));
    assert_eq!(int(&t, "members_non_public", r), Some(1));
    assert_eq!(int(&t, "members_ngo", r), Some(1));
    assert_eq!(int(&t, "members_social_economy", r), Some(1));
    assert_eq!(int(&t, "members_business", r), Some(0));
    assert_eq!(int(&t, "members_church", r), Some(0));
    assert_eq!(int(&t, "zzks_closed", r), Some(1));
    assert_eq!(int(&t, "zzks_active", r), Some(1));
    assert_eq!(int(&t, "zzks_suspended", r), Some(1));
    assert_eq!(int(&t, "zzks_appointed", r), Some(0));
    assert_eq!(int(&t, "zzks_ever_appointed", r), Some(3));
    // z2's unmet need filed one basket request, still pending.
    assert_eq!(int(&t, "basket_requests_filed", r), Some(1));
    assert_eq!(int(&t, "basket_requests_pending", r), Some(1));
    assert_eq!(int(&t, "basket_requests_accepted", r), Some(0));
    assert_eq!(int(&t, "composition_requests_filed", r), Some(0));
    // svc-0…svc-3 and svc-ext active, svc-4 temporarily unavailable.
    assert_eq!(int(&t, "services_active", r), Some(5));
    assert_eq!(int(&t, "services_temporarily_unavailable", r), Some(1));
    assert_eq!(int(&t, "services_withdrawn", r), Some(0));
    assert_eq!(int(&t, "meetings_held", r), Some(2));
    assert_eq!(int(&t, "stale_services", r), Some(0));
    // Verified 2026-01-05 (svc-0…4) and 2026-01-30 (svc-ext); stale after 12 months.
    let t = analytics::partnerships(&state, d("2027-01-05"));
    assert_eq!(int(&t, "stale_services", 0), Some(0));
    let t = analytics::partnerships(&state, d("2027-01-06"));
    assert_eq!(int(&t, "stale_services", 0), Some(5));
    let t = analytics::partnerships(&state, d("2027-01-31"));
    assert_eq!(int(&t, "stale_services", 0), Some(6));
}

// ---- events ------------------------------------------------------------------------------------

#[test]
fn events_table_names_streams_types_and_the_zzks_partnership() {
    let (_, log) = world();
    let t = analytics::events(&log);
    assert_eq!(t.len(), log.len());
    for (i, e) in log.iter().enumerate() {
        let body = serde_json::to_value(&e.event).unwrap();
        assert_eq!(int(&t, "seq", i), Some(i as i64));
        assert_eq!(text(&t, "type", i).as_deref(), body["type"].as_str());
        assert_eq!(text(&t, "actor", i).as_deref(), Some(e.actor.as_str()));
        assert_eq!(
            int(&t, "schema", i),
            Some(i64::from(kooperacje::SCHEMA_VERSION))
        );
        match &col(&t, "at").data {
            ColumnData::Timestamp(v) => assert_eq!(v[i], Some(e.at)),
            _ => panic!(),
        }
        // Every stream of this world is in the PZK pzk.
        assert_eq!(text(&t, "partnership_id", i).as_deref(), Some("pzk"));
        match body.get("zzk_id").and_then(Value::as_str) {
            Some(z) if body.get("partnership_id").is_none() || body["type"] == "need_reported" => {
                assert_eq!(text(&t, "stream_kind", i).as_deref(), Some("zzk"));
                assert_eq!(text(&t, "zzk_id", i).as_deref(), Some(z));
            }
            _ => {
                assert_eq!(text(&t, "stream_kind", i).as_deref(), Some("partnership"));
                assert_eq!(text(&t, "zzk_id", i), None);
            }
        }
    }
    assert_eq!(
        text(&t, "type", 0).as_deref(),
        Some("partnership_registered")
    );

    // Built in two chunks, resumed from the state of the first: the same table.
    let half = log.len() / 2;
    let state = State::replay(&log[..half]);
    let mut first = analytics::EventsTable::new();
    first.extend(&log[..half]);
    let mut rest = analytics::EventsTable::resume(&state, half as i64);
    rest.extend(&log[half..]);
    let mut joined = first.finish();
    joined.append(rest.finish()).unwrap();
    assert_eq!(joined, t);

    // A tail read without its state does not know the ZZKs' PZK.
    let z2_seq = (0..t.len())
        .find(|&i| text(&t, "zzk_id", i).as_deref() == Some("z2"))
        .unwrap();
    let tail = analytics::events(&log[z2_seq + 1..]);
    assert_eq!(text(&tail, "zzk_id", 0).as_deref(), Some("z2"));
    assert_eq!(text(&tail, "partnership_id", 0), None);
}

/// Loads `tests/scenarios/fixtures/NAME.json` (with what it builds on) into a state.
fn load_fixture(state: &mut State, log: &mut Vec<EventEnvelope>, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let text = std::fs::read_to_string(dir.join("fixtures").join(format!("{name}.json"))).unwrap();
    let f: kooperacje::scenario::Fixture = serde_json::from_str(&text).unwrap();
    for g in &f.given {
        load_fixture(state, log, g);
    }
    run(state, log, f.commands);
}

#[test]
fn event_type_is_the_json_type_tag_for_every_event_of_every_scenario() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut seen = BTreeSet::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 20);
    let (_, mut all) = world();
    for file in files {
        let s: kooperacje::scenario::Scenario =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let mut state = State::new();
        let mut log = Vec::new();
        for g in &s.given {
            load_fixture(&mut state, &mut log, g);
        }
        for step in s.steps {
            if let Ok(events) = state.execute(&step.command) {
                log.extend(events);
            }
        }
        all.extend(log);
    }
    for e in &all {
        let tag = serde_json::to_value(&e.event).unwrap()["type"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(analytics::event_type(&e.event), tag);
        seen.insert(tag);
    }
    // Together with this file's world, the scenarios produce every event type the schema names.
    let mut in_schema = BTreeSet::new();
    type_tags(&kooperacje::schema::events(), &mut in_schema);
    assert!(
        in_schema.len() >= 60,
        "{} types in the schema",
        in_schema.len()
    );
    assert_eq!(seen, in_schema);
}

/// The `type` tags of the event schema: every `properties.type` with a `const` or an `enum`.
fn type_tags(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(t) = map.get("properties").and_then(|p| p.get("type")) {
                if let Some(c) = t.get("const").and_then(Value::as_str) {
                    out.insert(c.to_owned());
                }
                for e in t
                    .get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    out.extend(e.as_str().map(str::to_owned));
                }
            }
            for x in map.values() {
                type_tags(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| type_tags(x, out)),
        _ => {}
    }
}

// ---- fixtures ----------------------------------------------------------------------------------

#[test]
fn scenario_fixture_active_zzk_stage_days() {
    let mut state = State::new();
    let mut log = Vec::new();
    load_fixture(&mut state, &mut log, "active_zzk");
    let t = analytics::zzks(&state, d("2026-05-01"));
    let r = row_of(&t, "zzk_id", "zzk-kowalscy");
    // From consenting_family.json and active_zzk.json (dates of the commands).
    for (stage, days) in [
        ("need_reported", 1),         // 04-01 → 04-02
        ("helping_relationship", 6),  // 04-02 → 04-08
        ("initial_diagnosis", 1),     // 04-08 → 04-09
        ("grounds_recorded", 1),      // 04-09 → 04-10
        ("proposed", 4),              // 04-10 → 04-14
        ("consent_obtained", 1),      // 04-14 → 04-15
        ("appointed", 0),             // 04-15 → 04-15
        ("partners_invited", 2),      // 04-15 → 04-17
        ("consultation_held", 0),     // 04-17 → 04-17
        ("first_meeting_invited", 5), // 04-17 → 04-22
        ("active", 9),                // 04-22 → as_of 05-01
    ] {
        assert_eq!(
            int(&t, &format!("days_{stage}"), r),
            Some(days),
            "days_{stage}"
        );
    }
    assert_eq!(int(&t, "registry_number", r), Some(1));
    // zm-pedagog (school) and zm-nurse (health).
    assert_eq!(int(&t, "members", r), Some(2));
    let tasks = analytics::tasks(&state, d("2026-05-16"));
    // t-clinic, the family's, was due 2026-05-15.
    let clinic = task_row(&tasks, "zzk-kowalscy", "t-clinic");
    assert_eq!(
        text(&tasks, "responsible_kind", clinic).as_deref(),
        Some("family")
    );
    assert_eq!(flag(&tasks, "overdue", clinic), Some(true));
    assert_eq!(int(&tasks, "days_to_deadline", clinic), Some(-1));
    let tutoring = task_row(&tasks, "zzk-kowalscy", "t-tutoring");
    assert_eq!(flag(&tasks, "overdue", tutoring), Some(false));
}

// ---- no personal data --------------------------------------------------------------------------

fn strings(t: &Table) -> Vec<String> {
    let mut out = Vec::new();
    for c in &t.columns {
        match &c.data {
            ColumnData::Utf8(v) => out.extend(v.iter().flatten().cloned()),
            ColumnData::Utf8List(v) => out.extend(v.iter().flatten().flatten().cloned()),
            _ => {}
        }
    }
    out
}

#[test]
fn no_personal_data_or_free_text_in_any_table() {
    let (state, log) = world();
    let mut forbidden: Vec<String> = vec![
        // z2: people, notes, plan texts, roles, reasons, the need, monitoring info.
        "z2-mother",
        "z2-child",
        "z2-note",
        "OPS/Z2/2026",
        "Powrót matki do pracy",
        "Zatrudnienie matki",
        "Opieka nad dzieckiem",
        "Kurs zawodowy matki",
        "Zapis do przedszkola",
        "Opieka wytchnieniowa",
        "w-ngo-1",
        "w-cis-1",
        "w-guest-1",
        "rola-",
        "powod-",
        "info-kurs-ukonczony-z2",
        // The PZK's free text: coverage, annual plan actions, minutes, service texts, coordinator.
        "cała gmina",
        "Diagnoza zasobów",
        "Szkolenia kadry",
        "m-init-minutes",
        "m-form-minutes",
        "Usługa nr",
        "skierowanie pracownika socjalnego",
        "sekretariat",
        "opis-uslugi",
        "warunki-dostepu",
        "kontakt-osoba",
        "coordinator-1",
        // The sample's end-of-work survey and plan texts.
        "Szybka wymiana informacji",
        "Terminy spotkań",
        "Spotkania zdalne",
        "Samodzielność rodziny",
        "Stabilna sytuacja mieszkaniowa",
        "Wniosek o dodatek mieszkaniowy",
        "teacher-1",
        "nurse-1",
        "pedagog",
        "pielęgniarka",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    // (A case's social worker issues its commands, and who acts is an event's actor: so "sw-1"
    // and "sw-2", the social workers, are not checked.)
    for (z, suffixes) in [
        (
            "z0",
            &[
                "p1",
                "p2",
                "diagnosis",
                "grounds",
                "consultation-minutes",
                "first-minutes",
                "follow_up-minutes",
            ][..],
        ),
        (
            "z1",
            &[
                "p1",
                "p2",
                "diagnosis",
                "grounds",
                "consultation-minutes",
                "first-minutes",
            ][..],
        ),
    ] {
        for suffix in suffixes {
            forbidden.push(format!("{z}-{suffix}"));
        }
        forbidden.push(format!("OPS/{z}"));
    }
    // The test data really holds these strings (so the check below can fail).
    let state_json = state.to_json().to_string();
    for f in &forbidden {
        assert!(
            state_json.contains(f.as_str()),
            "{f} is not in the state: fix the test"
        );
    }
    for as_of in ["2026-04-20", "2026-06-20"] {
        for t in all_tables(&state, &log, d(as_of)) {
            for s in strings(&t) {
                for f in &forbidden {
                    assert!(
                        !s.contains(f.as_str()),
                        "table {} holds {s:?}, which contains {f:?}",
                        t.name
                    );
                }
            }
        }
    }
}

// ---- combining tables --------------------------------------------------------------------------

#[test]
fn tables_of_two_logs_append_with_their_source() {
    let (state, log) = world();
    let mut other = State::new();
    let mut other_log = Vec::new();
    let start = Utc.with_ymd_and_hms(2026, 2, 1, 8, 0, 0).unwrap();
    run(
        &mut other,
        &mut other_log,
        operating_partnership("pzk-b", start, 2).unwrap(),
    );
    run(
        &mut other,
        &mut other_log,
        family_lifecycle("pzk-b", "zb", start + Duration::days(10)).unwrap(),
    );
    let as_of = d("2026-06-20");
    let pairs = all_tables(&state, &log, as_of)
        .into_iter()
        .zip(all_tables(&other, &other_log, as_of));
    for (a, b) in pairs {
        let (na, nb) = (a.len(), b.len());
        let mut combined = Table::new(a.name);
        combined.append(a.with_source("log-a")).unwrap();
        combined.append(b.with_source("log-b")).unwrap();
        assert_well_formed(&combined);
        assert_eq!(combined.len(), na + nb);
        assert_eq!(combined.columns[0].name, "source");
        let expected: Vec<Option<String>> = std::iter::repeat_n(Some("log-a".to_owned()), na)
            .chain(std::iter::repeat_n(Some("log-b".to_owned()), nb))
            .collect();
        assert_eq!(combined.columns[0].data, ColumnData::Utf8(expected));
        // Re-tagging replaces the source column rather than adding a second one.
        let retagged = combined.clone().with_source("all");
        assert_well_formed(&retagged);
        assert_eq!(retagged.columns.len(), combined.columns.len());
    }
}

#[test]
fn append_refuses_other_shapes_and_changes_nothing() {
    let (state, _) = world();
    let as_of = d("2026-06-20");
    let mut z = analytics::zzks(&state, as_of);
    let before = z.clone();
    assert!(matches!(
        z.append(analytics::tasks(&state, as_of)),
        Err(ShapeError::NameDiffers { .. })
    ));
    let mut fewer = analytics::zzks(&state, as_of);
    fewer.columns.pop();
    assert!(matches!(
        z.append(fewer),
        Err(ShapeError::ColumnsDiffer { .. })
    ));
    let mut retyped = analytics::zzks(&state, as_of);
    let last = retyped.columns.len() - 1;
    retyped.columns[last].data = ColumnData::Utf8(vec![None; 3]);
    assert!(matches!(
        z.append(retyped),
        Err(ShapeError::TypeDiffers { .. })
    ));
    assert_eq!(z, before);
}

#[test]
fn json_form_is_column_oriented() {
    let (state, _) = world();
    let t = analytics::zzks(&state, d("2026-06-20"));
    let j = t.to_json();
    assert_eq!(j["name"], "zzks");
    let cols = j["columns"].as_array().unwrap();
    assert_eq!(cols.len(), t.columns.len());
    let stage = cols.iter().find(|c| c["name"] == "stage").unwrap();
    assert_eq!(stage["type"], "utf8");
    assert_eq!(stage["values"].as_array().unwrap().len(), 3);
    assert!(!stage["description"].as_str().unwrap().is_empty());
    let opened = cols.iter().find(|c| c["name"] == "opened_on").unwrap();
    assert_eq!(opened["type"], "date");
    let z2 = row_of(&t, "zzk_id", "z2");
    assert_eq!(opened["values"][z2], "2026-04-01");
    let sectors = cols.iter().find(|c| c["name"] == "sectors").unwrap();
    assert_eq!(sectors["type"], "utf8_list");
    assert_eq!(sectors["values"][z2], json!(["social_economy"]));
    let reg = cols.iter().find(|c| c["name"] == "closed_on").unwrap();
    assert_eq!(reg["values"][z2], Value::Null);
}

// ---- robustness --------------------------------------------------------------------------------

fn check_state(state: &State, log: &[EventEnvelope], as_of: NaiveDate) {
    let tables = all_tables(state, log, as_of);
    for t in &tables {
        assert_well_formed(t);
    }
    assert_eq!(tables[0].len(), state.zzks.len());
    let tasks: usize = state
        .zzks
        .values()
        .filter_map(|z| z.plan.as_ref())
        .map(|p| p.tasks.len())
        .sum();
    assert_eq!(tables[1].len(), tasks);
    assert_eq!(tables[3].len(), state.partnerships.len());
    for c in &tables[0].columns {
        if c.name.starts_with("days_") || c.name == "suspension_days" {
            if let ColumnData::Int64(v) = &c.data {
                assert!(v.iter().all(|x| x.is_some_and(|x| x >= 0)), "{}", c.name);
            }
        }
    }
}

#[test]
fn no_panic_on_any_prefix_of_the_sample_log() {
    let (_, log) = world();
    let dates = [
        NaiveDate::MIN,
        d("2025-12-31"),
        d("2026-03-10"),
        d("2026-05-05"),
        d("2030-01-01"),
        NaiveDate::MAX,
    ];
    for k in 0..=log.len() {
        let state = State::replay(&log[..k]);
        for as_of in dates {
            check_state(&state, &log[..k], as_of);
        }
    }
}

fn full_log() -> Vec<EventEnvelope> {
    world().1
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any subsequence of the log (events dropped anywhere, as a damaged or partial import would)
    /// replays into a state the tables handle, for any report date.
    #[test]
    fn no_panic_on_random_subsequences(
        keep in proptest::collection::vec(any::<bool>(), 200),
        offset in -400_000i64..400_000,
    ) {
        let log = full_log();
        let picked: Vec<EventEnvelope> = log
            .iter()
            .zip(keep.iter().cycle())
            .filter(|(_, k)| **k)
            .map(|(e, _)| e.clone())
            .collect();
        let state = State::replay(&picked);
        let base: DateTime<Utc> = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let as_of = base
            .date_naive()
            .checked_add_signed(Duration::days(offset))
            .unwrap_or(NaiveDate::MAX);
        check_state(&state, &picked, as_of);
    }
}

#[test]
fn the_zzks_table_built_in_parts_and_appended_is_the_whole_table() {
    let state = State::replay(&kooperacje::sample::municipality(30).expect("sample"));
    let as_of = d("2026-03-01");
    let whole = analytics::zzks(&state, as_of);
    assert_eq!(whole.len(), 30);
    let all: Vec<&kooperacje::Zzk> = state.zzks.values().map(|z| &**z).collect();
    for cut in [0, 1, 17, 30] {
        let (a, b) = all.split_at(cut);
        let mut joined = analytics::zzks_for(&state, as_of, a.iter().copied());
        joined
            .append(analytics::zzks_for(&state, as_of, b.iter().copied()))
            .expect("same shape");
        assert_eq!(joined, whole, "cut at {cut}");
    }
}

#[test]
fn the_overdue_report_is_its_partnership_items_and_each_zzks_own() {
    let state = State::replay(&kooperacje::sample::municipality(30).expect("sample"));
    for as_of in [d("2025-06-01"), d("2025-12-01"), d("2026-06-01")] {
        let report = kooperacje::reports::overdue(&state, as_of);
        let mut from_zzks: Vec<_> = state
            .zzks
            .values()
            .flat_map(|z| kooperacje::reports::overdue_in_zzk(&state, z, as_of))
            .collect();
        assert!(!from_zzks.is_empty(), "something is overdue on {as_of}");
        let mut in_report: Vec<_> = report.into_iter().filter(|i| i.zzk_id.is_some()).collect();
        let key =
            |i: &kooperacje::reports::OverdueItem| (i.zzk_id.clone(), i.subject.clone(), i.due);
        from_zzks.sort_by_key(key);
        in_report.sort_by_key(key);
        assert_eq!(from_zzks, in_report, "{as_of}");
        // The table's count of overdue tasks per ZZK is the report's, counted without the items.
        let late_tasks = in_report
            .iter()
            .filter(|i| i.kind == kooperacje::reports::OverdueKind::TaskDeadline)
            .count();
        assert!(late_tasks > 0, "some task is overdue on {as_of}");
        for z in state.zzks.values() {
            let expected = in_report
                .iter()
                .filter(|i| {
                    i.zzk_id.as_ref() == Some(&z.id)
                        && i.kind == kooperacje::reports::OverdueKind::TaskDeadline
                })
                .count();
            assert_eq!(
                kooperacje::reports::overdue_task_count(z, as_of),
                expected,
                "{} on {as_of}",
                z.id
            );
        }
    }
}

/// A column's type is found again by its name (what a pickled table carries), for every type a
/// column can have, and an unknown name finds none.
#[test]
fn every_column_type_is_found_by_its_name() {
    let columns = [
        ColumnData::Utf8(vec![None]),
        ColumnData::Int64(vec![Some(1)]),
        ColumnData::Float64(vec![Some(0.5)]),
        ColumnData::Bool(vec![Some(true)]),
        ColumnData::Date(vec![Some(d("2026-01-01"))]),
        ColumnData::Timestamp(vec![None]),
        ColumnData::Utf8List(vec![None]),
    ];
    let mut names = BTreeSet::new();
    for data in &columns {
        let name = data.type_name();
        let empty = ColumnData::empty(name).unwrap_or_else(|| panic!("no type {name}"));
        assert_eq!(empty.type_name(), data.type_name());
        assert_eq!(empty.len(), 0);
        names.insert(data.type_name());
    }
    assert_eq!(names.len(), columns.len(), "two types share a name");
    assert!(ColumnData::empty("decimal").is_none());
    assert!(ColumnData::empty("").is_none());
}

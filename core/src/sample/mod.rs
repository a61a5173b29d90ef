//! Deterministic sample data: an operating PZK and a full family lifecycle, as commands. Used by
//! the benchmarks and by hosts that need a realistic load (bindings' benchmarks, demos). No
//! randomness: the same arguments always give the same commands.

pub mod blocks;
mod script;

pub use script::Script;

use crate::command::{Command, CommandEnvelope};
use crate::error::Error;
use crate::event::EventEnvelope;
use crate::ids::ServiceId;
use crate::state::State;
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};

fn envelopes(
    start: DateTime<Utc>,
    step: Duration,
    actor: &str,
    commands: Vec<Value>,
) -> Result<Vec<CommandEnvelope>, Error> {
    commands
        .into_iter()
        .enumerate()
        .map(|(i, command)| {
            let at = start + step * i as i32;
            Ok(serde_json::from_value(
                json!({ "at": at, "actor": actor, "command": command }),
            )?)
        })
        .collect()
}

fn profile(name: &str, area: &str, ministry: &str, sector: &str, level: &str) -> Value {
    json!({ "name": name, "areas": [area], "ministry": ministry, "sector": sector, "level": level })
}

/// Member institutions of the sample PZK besides the OPS (`ops`): ids `school`, `health`, `ngo`, `cis`.
pub const SAMPLE_MEMBERS: [&str; 4] = ["school", "health", "ngo", "cis"];

/// Commands that take a PZK `pid` from registration to operation, an hour apart from `start`, with
/// `services` basket services (`svc-0`, `svc-1`, …) and the coordinator `coordinator-1`.
pub fn operating_partnership(
    pid: &str,
    start: DateTime<Utc>,
    services: usize,
) -> Result<Vec<CommandEnvelope>, Error> {
    let p = pid;
    // Commands are an hour apart; a date inside a command is the date of that command.
    let date_of = |index: usize| (start + Duration::hours(index as i64)).date_naive();
    let mut c = vec![
        json!({"type": "register_partnership", "partnership_id": p, "name": "PZK", "coverage": "cała gmina",
               "ops_member_id": "ops", "ops_profile": profile("MOPS", "social_assistance", "family_social_policy", "public", "gmina")}),
        json!({"type": "record_mayor_authorisation", "partnership_id": p, "authorised_on": start.date_naive(), "reference": null}),
    ];
    for cond in crate::readiness::ReadinessCondition::ALL
        .iter()
        .filter(|c| c.is_obligatory())
    {
        c.push(json!({"type": "record_readiness", "partnership_id": p, "condition": cond.code(), "met": true}));
    }
    for step in [
        "preparation",
        "rops_informed",
        "initiating_meeting_organised",
    ] {
        c.push(json!({"type": "complete_initiation_step", "partnership_id": p, "step": step}));
    }
    for (id, prof) in [
        (
            "school",
            profile(
                "Szkoła Podstawowa nr 1",
                "education",
                "education",
                "public",
                "gmina",
            ),
        ),
        (
            "health",
            profile(
                "Przychodnia Zdrowia",
                "health",
                "health",
                "non_public",
                "gmina",
            ),
        ),
        (
            "ngo",
            profile(
                "Stowarzyszenie Pomocy",
                "family_support",
                "none",
                "ngo",
                "gmina",
            ),
        ),
        (
            "cis",
            profile(
                "Centrum Integracji Społecznej",
                "employment",
                "labour",
                "social_economy",
                "powiat",
            ),
        ),
    ] {
        c.push(
            json!({"type": "invite_member", "partnership_id": p, "member_id": id, "profile": prof}),
        );
    }
    c.push(pzk_meeting(
        p,
        "m-init",
        "initiating",
        date_of(c.len()),
        &[],
    ));
    let areas = [
        "social_assistance",
        "education",
        "health",
        "employment",
        "family_support",
    ];
    let words = [
        "Pomoc psychologiczna",
        "Poradnictwo prawne",
        "Terapia uzależnień",
        "Asystent rodziny",
        "Reintegracja zawodowa",
    ];
    for i in 0..services {
        let provider = SAMPLE_MEMBERS[i % SAMPLE_MEMBERS.len()];
        c.push(json!({"type": "add_service", "partnership_id": p, "service_id": format!("svc-{i}"), "reason": "karta usługi",
            "service": {
                "name": format!("{} {i}", words[i % words.len()]),
                "description": format!("Usługa nr {i} dla mieszkańców gminy, Łódź i okolice"),
                "kind": "simple", "provider": {"kind": "member", "member_id": provider}, "origin": "partner",
                "areas": [areas[i % areas.len()]],
                "target": {"persons": true, "families": i % 2 == 0, "groups": false, "age_min": null, "age_max": null},
                "access_conditions": "skierowanie pracownika socjalnego", "contact_person": "sekretariat",
                "verified_on": start.date_naive()}}));
    }
    for step in ["basket_built", "formalising_meeting_prepared"] {
        c.push(json!({"type": "complete_initiation_step", "partnership_id": p, "step": step}));
    }
    c.push(pzk_meeting(
        p,
        "m-form",
        "formalising",
        date_of(c.len()),
        &["m-init"],
    ));
    for id in ["school", "health", "ngo"] {
        c.push(json!({"type": "sign_declaration", "partnership_id": p, "member_id": id, "declared_services": []}));
    }
    c.push(json!({"type": "record_participation", "partnership_id": p, "member_id": "cis"}));
    c.push(json!({"type": "appoint_coordinator", "partnership_id": p, "coordinator": "coordinator-1", "keeps_registry": true}));
    c.push(json!({"type": "adopt_rules_of_procedure", "partnership_id": p, "rules": {
        "meeting_cadence_months": 3, "basket_verification_months": 12, "evaluation_cadence_months": 12,
        "monitoring_period_months": 1, "minutes_approved_at_next_meeting": true}}));
    c.push(json!({"type": "present_basket", "partnership_id": p}));
    let year = chrono::Datelike::year(&date_of(c.len()));
    c.push(json!({"type": "adopt_annual_plan", "partnership_id": p, "year": year, "actions": ["Diagnoza zasobów", "Szkolenia kadry"]}));
    c.push(json!({"type": "start_operating", "partnership_id": p}));
    envelopes(start, Duration::hours(1), "ops-head", c)
}

fn pzk_meeting(p: &str, id: &str, kind: &str, on: chrono::NaiveDate, approves: &[&str]) -> Value {
    json!({"type": "hold_pzk_meeting", "partnership_id": p, "meeting_id": id, "kind": kind, "held_on": on,
           "minutes_by": "coordinator-1", "minutes": format!("{id}-minutes"), "minutes_read_out": true,
           "remote": false, "attending": [], "approves_minutes_of": approves})
}

/// Commands for one family's whole ZZK lifecycle in an operating sample PZK, an hour apart from
/// `start`: need → consent → appointment → consultation → first meeting with a plan → basket →
/// monitoring → follow-up → suspension → return → end-of-work evaluation → closure → post-support
/// monitoring ended. 20 commands, 22 events.
pub fn family_lifecycle(
    pid: &str,
    zzk: &str,
    start: DateTime<Utc>,
) -> Result<Vec<CommandEnvelope>, Error> {
    let z = zzk;
    let day = |n: i64| (start + Duration::days(n)).date_naive();
    let today = start.date_naive();
    // A meeting is held on the date of the command that records it (commands are an hour apart).
    let on = |index: i64| (start + Duration::hours(index)).date_naive();
    let period = crate::monitoring::Period::of(today).0;
    let c = vec![
        json!({"type": "report_need", "zzk_id": z, "partnership_id": pid, "social_worker": "sw-1",
               "client": {"kind": "family", "household": [format!("{z}-p1"), format!("{z}-p2")], "group_kind": null}}),
        json!({"type": "establish_helping_relationship", "zzk_id": z}),
        json!({"type": "record_initial_diagnosis", "zzk_id": z, "interview_on": today, "diagnosis": format!("{z}-diagnosis")}),
        json!({"type": "record_grounds", "zzk_id": z, "grounds": format!("{z}-grounds"), "potential_partners": ["school", "health"]}),
        json!({"type": "propose_zzk_work", "zzk_id": z}),
        json!({"type": "give_consent", "zzk_id": z, "consent_id": format!("{z}-consent"), "given_by": format!("{z}-p1"),
               "capacity": "adult_family_member", "form": "written",
               "scope": {"zzk_work": true, "share_with": ["school", "health"], "evaluation": true}, "valid_until": null}),
        json!({"type": "appoint_zzk", "zzk_id": z, "phase": "diagnosis"}),
        json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": format!("{z}-m1"), "member_id": "school", "worker": "teacher-1", "role": "pedagog"}),
        json!({"type": "add_zzk_member", "zzk_id": z, "zzk_member_id": format!("{z}-m2"), "member_id": "health", "worker": "nurse-1", "role": "pielęgniarka"}),
        zzk_meeting(z, "consultation", on(9), false, None),
        json!({"type": "invite_to_first_meeting", "zzk_id": z, "planned_on": day(7)}),
        zzk_meeting(
            z,
            "first",
            on(11),
            true,
            Some(json!({
            "case_number": format!("OPS/{z}"), "situation": {}, "problems": null, "main_goal": "Samodzielność rodziny",
            "goals": [{"goal_id": "g1", "title": "Stabilna sytuacja mieszkaniowa"}],
            "tasks": [{"task_id": "t1", "goal_id": "g1", "title": "Wniosek o dodatek mieszkaniowy",
                       "responsible": {"kind": "member", "zzk_member_id": format!("{z}-m1")}, "deadline": day(30)}]})),
        ),
        json!({"type": "add_basket_item", "zzk_id": z, "item_id": "i1", "service_id": "svc-0", "task_id": "t1"}),
        json!({"type": "record_monitoring", "zzk_id": z, "period": period, "source": "partner_information",
               "entries": [{"task_id": "t1", "status": "in_progress", "info": null}]}),
        zzk_meeting(z, "follow_up", on(14), true, None),
        json!({"type": "suspend_zzk", "zzk_id": z, "ground": "unreachable", "review_on": day(14), "details": null}),
        json!({"type": "resume_zzk", "zzk_id": z, "ground": "cause_ended"}),
        json!({"type": "record_end_of_work_evaluation", "zzk_id": z, "evaluation_id": format!("{z}-eval"), "survey": {
            "most_valuable": "Szybka wymiana informacji", "weak_points": "Terminy spotkań",
            "suggestions": "Spotkania zdalne", "form": "simple_survey"}}),
        json!({"type": "close_zzk", "zzk_id": z, "reason": "goals_achieved", "monitor_until": day(90)}),
        json!({"type": "end_post_support_monitoring", "zzk_id": z}),
    ];
    envelopes(start, Duration::hours(1), "sw-1", c)
}

fn zzk_meeting(
    z: &str,
    kind: &str,
    on: chrono::NaiveDate,
    family: bool,
    plan: Option<Value>,
) -> Value {
    json!({"type": "hold_zzk_meeting", "zzk_id": z, "meeting_id": format!("{z}-{kind}"), "kind": kind, "held_on": on,
           "family_present": family, "representative_present": false, "attending": [], "remote": false,
           "minutes": format!("{z}-{kind}-minutes"), "assessment": null, "plan": plan, "project": null})
}

/// The events of a sample municipality: one operating PZK (`pzk-sample`, 12 services) and
/// `families` families. Family `i` starts on one of 365 days after the PZK operates and has got
/// through the first 6–20 commands of the core's sample lifecycle (consent is the 6th), so the
/// data set has families in every stage and stage durations that differ; family `i`'s basket
/// takes service `svc-{i mod 12}`. Deterministic: the same number of families always gives the
/// same events, in time order. For examples and the bindings' benchmarks (a 100,000-family set
/// is about 1.36 million events).
pub fn municipality(families: usize) -> Result<Vec<EventEnvelope>, Error> {
    let pid = "pzk-sample";
    let start = Utc
        .with_ymd_and_hms(2025, 1, 6, 8, 0, 0)
        .single()
        .ok_or_else(|| Error::Internal("sample start".into()))?;
    let mut state = State::new();
    let mut events = Vec::new();
    for cmd in operating_partnership(pid, start, 12)? {
        events.extend(state.execute(&cmd)?);
    }
    let first_day = start + Duration::days(60);
    for i in 0..families {
        let zzk = format!("zzk-{i:06}");
        let offset =
            Duration::days(((i * 7919) % 365) as i64) + Duration::minutes((i % 600) as i64);
        let steps = 6 + (i * 31) % 15;
        for mut cmd in family_lifecycle(pid, &zzk, first_day + offset)?
            .into_iter()
            .take(steps)
        {
            // Spread the individual baskets over the whole local basket.
            if let Command::AddBasketItem { service_id, .. } = &mut cmd.command {
                *service_id = ServiceId::from(format!("svc-{}", i % 12).as_str());
            }
            events.extend(state.execute(&cmd)?);
        }
    }
    events.sort_by_key(|e| e.at);
    Ok(events)
}

//! Rules of the model, one test per rule or error code, on top of the deterministic sample PZK
//! (members `ops`, `school`, `health`, `ngo` declared; `cis` only participating).

mod support;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use kooperacje::basket::BasketQuery;
use kooperacje::person::{PersonRecord, PersonalData};
use kooperacje::reports::{self, OverdueKind};
use kooperacje::sample::{family_lifecycle, operating_partnership};
use kooperacje::*;
use serde_json::{json, Value};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
}

struct World {
    state: State,
    log: Vec<EventEnvelope>,
    now: DateTime<Utc>,
}

impl World {
    fn operating() -> Self {
        let mut w = World {
            state: State::new(),
            log: Vec::new(),
            now: t0(),
        };
        for c in operating_partnership("pzk", t0(), 6).unwrap() {
            w.now = c.at;
            w.log.extend(w.state.execute(&c).unwrap());
        }
        w.now = t0() + Duration::days(60);
        w
    }

    /// Runs a family's sample lifecycle up to (not including) command number `upto`.
    fn family(&mut self, z: &str, upto: usize) {
        for c in family_lifecycle("pzk", z, self.now)
            .unwrap()
            .into_iter()
            .take(upto)
        {
            self.now = c.at;
            self.log.extend(self.state.execute(&c).unwrap());
        }
    }

    fn cmd(&mut self, command: Value) -> Result<Vec<EventEnvelope>, Error> {
        self.now += Duration::hours(1);
        let actor = support::actor_for(&self.state, &command);
        let env: CommandEnvelope =
            serde_json::from_value(json!({"at": self.now, "actor": actor, "command": command}))
                .unwrap();
        let before = serde_json::to_string(&self.state).unwrap();
        let result = self.state.execute(&env);
        match &result {
            Ok(events) => self.log.extend(events.iter().cloned()),
            Err(e) => {
                assert_eq!(
                    before,
                    serde_json::to_string(&self.state).unwrap(),
                    "rejected {} changed state",
                    e.code()
                );
                assert!(!e.message_pl().is_empty() && e.message_pl() != e.to_string());
            }
        }
        result
    }

    fn err(&mut self, command: Value) -> &'static str {
        match self.cmd(command) {
            Ok(events) => panic!("expected an error, got {events:?}"),
            Err(e) => e.code(),
        }
    }

    fn zzk(&self, z: &str) -> &Zzk {
        &self.state.zzks[&ZzkId::from(z)]
    }

    fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }
}

/// Lifecycle command indices (see `sample::family_lifecycle`).
const CONSENT_GIVEN: usize = 6;
const APPOINTED: usize = 7;
const ACTIVE: usize = 12;

#[test]
fn withdrawal_of_consent_suspends_the_zzk_at_once() {
    let mut w = World::operating();
    w.family("z", ACTIVE);
    assert_eq!(w.zzk("z").stage, ZzkStage::Active);
    let review = w.today() + Duration::days(14);
    let events = w.cmd(json!({"type": "withdraw_consent", "zzk_id": "z", "consent_id": "z-consent", "review_on": review})).unwrap();
    let types: Vec<Value> = events
        .iter()
        .map(|e| serde_json::to_value(&e.event).unwrap()["type"].clone())
        .collect();
    assert_eq!(
        types,
        vec![json!("consent_withdrawn"), json!("zzk_suspended")]
    );
    assert_eq!(w.zzk("z").stage, ZzkStage::Suspended);
    assert_eq!(
        w.zzk("z").current_suspension().unwrap().ground,
        SuspensionGround::ConsentWithdrawn
    );
    // Nothing that needs consent goes through now, and return needs renewed consent.
    assert_eq!(
        w.err(json!({"type": "add_goal", "zzk_id": "z", "goal_id": "g2", "title": "Nowy cel"})),
        "ZZK_SUSPENDED"
    );
    assert_eq!(
        w.err(json!({"type": "resume_zzk", "zzk_id": "z", "ground": "consent_renewed"})),
        "CONSENT_MISSING"
    );
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "z-consent-2", "given_by": "z-p2",
        "capacity": "adult_family_member", "form": "electronic", "scope": {"zzk_work": true, "share_with": ["school"]}}))
        .unwrap();
    assert_eq!(
        w.zzk("z").stage,
        ZzkStage::Suspended,
        "renewed consent alone does not resume"
    );
    w.cmd(json!({"type": "resume_zzk", "zzk_id": "z", "ground": "consent_renewed"}))
        .unwrap();
    assert_eq!(w.zzk("z").stage, ZzkStage::Active);
}

#[test]
fn consent_must_cover_the_institution_added() {
    let mut w = World::operating();
    w.family("z", APPOINTED + 1);
    // The consent shares with school and health only.
    assert_eq!(
        w.err(json!({"type": "add_zzk_member", "zzk_id": "z", "zzk_member_id": "z-m9", "member_id": "ngo", "worker": "ngo-1", "role": "asystent"})),
        "CONSENT_NOT_COVERING"
    );
    // cis only participates (agreement recorded): allowed if the consent names it.
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c2", "given_by": "z-p1", "capacity": "person",
        "form": "written", "scope": {"zzk_work": true, "share_with": ["cis", "ngo"]}})).unwrap();
    w.cmd(json!({"type": "add_zzk_member", "zzk_id": "z", "zzk_member_id": "z-m9", "member_id": "cis", "worker": "cis-1", "role": "doradca"})).unwrap();
}

#[test]
fn staff_of_a_partner_without_recorded_agreement_cannot_join() {
    let mut w = World::operating();
    w.cmd(json!({"type": "invite_member", "partnership_id": "pzk", "member_id": "police",
        "profile": {"name": "Komisariat", "areas": ["public_safety"], "ministry": "interior", "sector": "public", "level": "powiat"}})).unwrap();
    w.family("z", APPOINTED);
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c2", "given_by": "z-p1", "capacity": "person",
        "form": "written", "scope": {"zzk_work": true, "share_with": ["police"]}})).unwrap();
    let add = json!({"type": "add_zzk_member", "zzk_id": "z", "zzk_member_id": "z-m9", "member_id": "police", "worker": "officer-1", "role": "dzielnicowy"});
    assert_eq!(w.err(add.clone()), "PARTNER_AGREEMENT_MISSING");
    w.cmd(json!({"type": "record_participation", "partnership_id": "pzk", "member_id": "police"}))
        .unwrap();
    w.cmd(add).unwrap();
}

#[test]
fn the_family_and_its_representative_are_never_members() {
    let mut w = World::operating();
    w.family("z", APPOINTED);
    w.cmd(json!({"type": "appoint_representative", "zzk_id": "z", "person": "aunt", "capacity": "informal_carer"})).unwrap();
    for worker in ["z-p1", "z-p2", "aunt"] {
        let code = w.err(json!({"type": "add_zzk_member", "zzk_id": "z", "zzk_member_id": "x", "member_id": "school", "worker": worker, "role": "r"}));
        assert_eq!(code, "FAMILY_CANNOT_BE_MEMBER", "{worker}");
        let code = w.err(json!({"type": "add_guest", "zzk_id": "z", "zzk_member_id": "x", "worker": worker, "institution": "Kancelaria", "role": "prawnik"}));
        assert_eq!(code, "FAMILY_CANNOT_BE_MEMBER", "{worker}");
    }
    // A carer may give consent in the carer's capacity, but not as "the person".
    assert_eq!(
        w.err(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c3", "given_by": "aunt", "capacity": "person", "form": "written", "scope": {"zzk_work": true}})),
        "CONSENT_GIVER_INVALID"
    );
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c3", "given_by": "aunt", "capacity": "carer", "form": "written", "scope": {"zzk_work": true}})).unwrap();
}

#[test]
fn appointment_needs_consent_an_operating_pzk_and_a_registry_keeper() {
    let mut w = World::operating();
    w.family("z", CONSENT_GIVEN - 1);
    assert_eq!(
        w.err(json!({"type": "appoint_zzk", "zzk_id": "z", "phase": "diagnosis"})),
        "ZZK_WRONG_STAGE"
    );
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c", "given_by": "z-p1", "capacity": "person", "form": "written", "scope": {"zzk_work": false, "evaluation": true}})).unwrap();
    // Consent to evaluation alone is recorded, but it is not consent to ZZK work.
    assert_eq!(w.zzk("z").stage, ZzkStage::Proposed);
    assert_eq!(
        w.err(json!({"type": "appoint_zzk", "zzk_id": "z", "phase": "diagnosis"})),
        "ZZK_WRONG_STAGE"
    );
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c2", "given_by": "z-p1", "capacity": "person", "form": "written", "scope": {"zzk_work": true}})).unwrap();
    assert_eq!(w.zzk("z").stage, ZzkStage::ConsentObtained);
    w.cmd(json!({"type": "dismiss_coordinator", "partnership_id": "pzk", "coordinator": "coordinator-1"})).unwrap();
    assert_eq!(
        w.err(json!({"type": "appoint_zzk", "zzk_id": "z", "phase": "diagnosis"})),
        "REGISTRY_KEEPER_MISSING"
    );
    w.cmd(json!({"type": "appoint_coordinator", "partnership_id": "pzk", "coordinator": "coordinator-2", "keeps_registry": true})).unwrap();
    let events = w
        .cmd(json!({"type": "appoint_zzk", "zzk_id": "z", "phase": "implementation"}))
        .unwrap();
    // The registry entry goes to the PZK's stream, the appointment to the ZZK's.
    assert_eq!(
        serde_json::to_value(&events[0].event).unwrap(),
        json!({"type": "zzk_registered", "partnership_id": "pzk", "zzk_id": "z", "registry_number": 1})
    );
    assert_eq!(
        serde_json::to_value(&events[1].event).unwrap()["registry_number"],
        json!(1)
    );
    assert_eq!(
        serde_json::to_value(&events[1].event).unwrap()["registered_by"],
        json!("coordinator-2")
    );
}

#[test]
fn lapsed_consent_blocks_key_decisions_and_is_reported_overdue() {
    let mut w = World::operating();
    w.family("z", APPOINTED);
    let until = w.today() + Duration::days(1);
    // Replace the open-ended consent by a time-limited one.
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "short", "given_by": "z-p1", "capacity": "person", "form": "written",
        "scope": {"zzk_work": true, "share_with": ["school"]}, "valid_until": until})).unwrap();
    w.cmd(json!({"type": "withdraw_consent", "zzk_id": "z", "consent_id": "z-consent", "review_on": until})).unwrap();
    assert_eq!(
        w.zzk("z").stage,
        ZzkStage::Appointed,
        "other consent in force: no suspension"
    );
    w.now += Duration::days(3);
    // From the day after `valid_until` the ZZK counts as suspended: a key decision is refused
    // as in a suspended ZZK, and nothing is recorded by the refusal.
    assert_eq!(
        w.err(json!({"type": "add_zzk_member", "zzk_id": "z", "zzk_member_id": "m", "member_id": "school", "worker": "t", "role": "r"})),
        "ZZK_SUSPENDED"
    );
    let lapsed_on = until + Duration::days(1);
    let z = w.zzk("z");
    assert_eq!(z.stage, ZzkStage::Appointed, "nothing recorded yet");
    assert_eq!(
        z.stage_on(until),
        ZzkStage::Appointed,
        "in force on its last day"
    );
    assert_eq!(z.stage_on(w.today()), ZzkStage::Suspended);
    let overdue = reports::overdue(&w.state, w.today());
    assert!(overdue
        .iter()
        .any(|o| o.kind == OverdueKind::ConsentLapsed && o.zzk_id == Some(ZzkId::from("z"))));
    // The registry at any date after the lapse shows the suspension, its ground and its days.
    let row = |w: &World, as_of| {
        reports::registry(&w.state, &PartnershipId::from("pzk"), Some(as_of))[0].clone()
    };
    let before = row(&w, until);
    assert_eq!(
        (before.stage, before.suspended_since, before.days_suspended),
        (ZzkStage::Appointed, None, 0)
    );
    let after = row(&w, w.today());
    assert_eq!(after.stage, ZzkStage::Suspended);
    assert_eq!(
        after.suspension_ground,
        Some(SuspensionGround::ConsentWithdrawn)
    );
    assert_eq!(after.suspended_since, Some(lapsed_on));
    assert_eq!(
        after.days_suspended, 1,
        "from the day after `valid_until` to today"
    );
    // The first accepted command records the lapse before its own event; the registry then reads
    // the same from the record.
    let events = w
        .cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "renewed", "given_by": "z-p1", "capacity": "person", "form": "written",
            "scope": {"zzk_work": true, "share_with": ["school"]}}))
        .unwrap();
    assert_eq!(
        serde_json::to_value(&events[0].event).unwrap(),
        json!({"type": "consent_lapsed", "zzk_id": "z", "lapsed_on": lapsed_on, "review_on": w.today()})
    );
    assert_eq!(w.zzk("z").stage, ZzkStage::Suspended);
    assert_eq!(row(&w, w.today() + Duration::days(1)).days_suspended, 2);
    assert_eq!(row(&w, w.today()).suspended_since, Some(lapsed_on));
}

#[test]
fn closure_needs_the_end_of_work_survey_and_the_evaluation_with_the_family() {
    let mut w = World::operating();
    w.family("z", 17);
    assert_eq!(
        w.err(json!({"type": "close_zzk", "zzk_id": "z", "reason": "goals_achieved"})),
        "EVALUATION_REQUIRED"
    );
    w.cmd(json!({"type": "record_end_of_work_evaluation", "zzk_id": "z", "evaluation_id": "e", "survey": {
        "most_valuable": "a", "weak_points": "b", "suggestions": "c", "form": "questionnaire_16c"}})).unwrap();
    // The evaluation of the effects with the family is the second condition.
    assert_eq!(
        w.err(json!({"type": "close_zzk", "zzk_id": "z", "reason": "goals_achieved"})),
        "FAMILY_EVALUATION_REQUIRED"
    );
    w.cmd(json!({"type": "record_family_evaluation", "zzk_id": "z", "evaluation_id": "fe", "held_on": w.today(),
        "evaluation": {"situation_changes": "n1", "family_gains": "n2", "continuation": "not_needed", "teamwork": "n3"}}))
        .unwrap();
    w.cmd(json!({"type": "close_zzk", "zzk_id": "z", "reason": "goals_achieved"}))
        .unwrap();
    assert_eq!(w.zzk("z").stage, ZzkStage::Closed);
    assert_eq!(w.err(json!({"type": "suspend_zzk", "zzk_id": "z", "ground": "crisis", "review_on": w.today()})), "ZZK_CLOSED");
}

#[test]
fn leaving_the_zzk_form_and_coming_back_needs_consent() {
    let mut w = World::operating();
    w.family("z", ACTIVE);
    w.cmd(json!({"type": "leave_zzk_form", "zzk_id": "z", "reason": "praca socjalna wystarcza"}))
        .unwrap();
    assert_eq!(w.zzk("z").stage, ZzkStage::OrdinarySocialWork);
    assert_eq!(
        w.err(json!({"type": "add_goal", "zzk_id": "z", "goal_id": "g9", "title": "x"})),
        "ZZK_WRONG_STAGE"
    );
    w.cmd(json!({"type": "withdraw_consent", "zzk_id": "z", "consent_id": "z-consent", "review_on": w.today()})).unwrap();
    assert_eq!(
        w.zzk("z").stage,
        ZzkStage::OrdinarySocialWork,
        "not suspended outside the ZZK form"
    );
    assert_eq!(
        w.err(json!({"type": "return_to_zzk_form", "zzk_id": "z"})),
        "CONSENT_MISSING"
    );
    w.cmd(json!({"type": "give_consent", "zzk_id": "z", "consent_id": "c2", "given_by": "z-p1", "capacity": "person", "form": "written", "scope": {"zzk_work": true}})).unwrap();
    w.cmd(json!({"type": "return_to_zzk_form", "zzk_id": "z"}))
        .unwrap();
    assert_eq!(w.zzk("z").stage, ZzkStage::Active);
    assert_eq!(w.zzk("z").ordinary_work.len(), 1);
}

#[test]
fn a_social_work_project_may_start_before_appointment_but_not_while_suspended() {
    let mut w = World::operating();
    w.family("z", CONSENT_GIVEN);
    assert_eq!(w.zzk("z").stage, ZzkStage::ConsentObtained);
    let end = w.today() + Duration::days(60);
    w.cmd(json!({"type": "start_social_work_project", "zzk_id": "z", "project": {"project_id": "p1", "title": "Klub rodzica", "planned_end": end}})).unwrap();
    assert_eq!(
        w.err(json!({"type": "start_social_work_project", "zzk_id": "z", "project": {"project_id": "p2", "title": "Drugi", "planned_end": end}})),
        "PROJECT_ALREADY_RUNNING"
    );
    w.cmd(
        json!({"type": "suspend_zzk", "zzk_id": "z", "ground": "family_request", "review_on": end}),
    )
    .unwrap();
    w.cmd(json!({"type": "end_social_work_project", "zzk_id": "z", "project_id": "p1", "achievement": "partial"})).unwrap();
    assert_eq!(
        w.err(json!({"type": "start_social_work_project", "zzk_id": "z", "project": {"project_id": "p2", "title": "Drugi", "planned_end": end}})),
        "ZZK_SUSPENDED"
    );
}

#[test]
fn dates_out_of_order_are_rejected() {
    let mut w = World::operating();
    w.family("z", ACTIVE + 1);
    let yesterday = w.today() - Duration::days(1);
    let before_appointment =
        w.zzk("z").appointment.as_ref().unwrap().appointed_on - Duration::days(1);
    let member = json!({"kind": "member", "zzk_member_id": "z-m1"});
    assert_eq!(w.err(json!({"type": "add_task", "zzk_id": "z", "task_id": "t9", "goal_id": "g1", "title": "x", "responsible": member, "deadline": yesterday})), "DATE_OUT_OF_ORDER");
    assert_eq!(w.err(json!({"type": "hold_zzk_meeting", "zzk_id": "z", "meeting_id": "mx", "kind": "follow_up", "held_on": before_appointment,
        "family_present": true, "minutes": "n"})), "DATE_OUT_OF_ORDER");
    assert_eq!(w.err(json!({"type": "suspend_zzk", "zzk_id": "z", "ground": "crisis", "review_on": yesterday})), "DATE_OUT_OF_ORDER");
    // A command dated before the stream's latest event.
    w.now -= Duration::days(2);
    assert_eq!(w.err(json!({"type": "suspend_zzk", "zzk_id": "z", "ground": "crisis", "review_on": w.today() + Duration::days(9)})), "TIME_OUT_OF_ORDER");
}

#[test]
fn individual_basket_takes_only_active_services_and_records_unmet_needs_as_requests() {
    let mut w = World::operating();
    w.family("z", ACTIVE);
    w.cmd(json!({"type": "change_service_status", "partnership_id": "pzk", "service_id": "svc-1", "status": "temporarily_unavailable", "reason": "remont"})).unwrap();
    assert_eq!(w.err(json!({"type": "add_basket_item", "zzk_id": "z", "item_id": "i9", "service_id": "svc-1"})), "SERVICE_NOT_ACTIVE");
    assert_eq!(
        w.err(
            json!({"type": "add_basket_item", "zzk_id": "z", "item_id": "i9", "service_id": "nope"})
        ),
        "SERVICE_NOT_FOUND"
    );
    w.cmd(
        json!({"type": "add_basket_item", "zzk_id": "z", "item_id": "i9", "service_id": "svc-2"}),
    )
    .unwrap();
    w.cmd(json!({"type": "record_unmet_need", "zzk_id": "z", "item_id": "need-1", "area": "health", "need": "Terapia dla dzieci w języku migowym", "request_id": "r1"})).unwrap();
    let p = &w.state.partnerships[&PartnershipId::from("pzk")];
    let r = &p.requests[&RequestId::from("r1")];
    assert_eq!(r.status, kooperacje::partnership::RequestStatus::Pending);
    assert_eq!(r.zzk_id, Some(ZzkId::from("z")));
    assert_eq!(
        reports::indicators(&w.state, &p.id, w.today())
            .unwrap()
            .basket_requests
            .pending,
        1
    );
    assert_eq!(w.err(json!({"type": "decide_request", "partnership_id": "pzk", "request_id": "r1", "accepted": false})), "REJECTION_REASON_REQUIRED");
    w.cmd(json!({"type": "decide_request", "partnership_id": "pzk", "request_id": "r1", "accepted": false, "reason": "brak realizatora"})).unwrap();
    let ind = reports::indicators(&w.state, &PartnershipId::from("pzk"), w.today()).unwrap();
    assert_eq!(
        (ind.basket_requests.filed, ind.basket_requests.rejected),
        (1, 1)
    );
    assert_eq!(
        ind.basket_requests.rejection_reasons,
        vec!["brak realizatora".to_string()]
    );
}

#[test]
fn basket_search_ignores_case_and_polish_diacritics_and_filters() {
    let w = World::operating();
    let p = &w.state.partnerships[&PartnershipId::from("pzk")];
    let search = |q: BasketQuery| {
        p.basket
            .search(&p.members, &q)
            .into_iter()
            .map(|(_, s)| s.input.name.clone())
            .collect::<Vec<_>>()
    };
    let found = search(BasketQuery {
        text: Some("PSYCHOLOG".into()),
        ..Default::default()
    });
    assert_eq!(
        found,
        vec!["Pomoc psychologiczna 0", "Pomoc psychologiczna 5"]
    );
    assert_eq!(
        search(BasketQuery {
            text: Some("lodz".into()),
            ..Default::default()
        })
        .len(),
        6
    );
    assert_eq!(
        search(BasketQuery {
            text: Some("uzaleznien".into()),
            ..Default::default()
        }),
        vec!["Terapia uzależnień 2"]
    );
    assert!(search(BasketQuery {
        text: Some("psycholog prawne".into()),
        ..Default::default()
    })
    .is_empty());
    // svc-1 is provided by `health` (sector non_public, ministry health), area education.
    assert_eq!(
        search(BasketQuery {
            sector: Some(Sector::NonPublic),
            ..Default::default()
        }),
        vec!["Poradnictwo prawne 1", "Pomoc psychologiczna 5"]
    );
    assert_eq!(
        search(BasketQuery {
            ministry: Some(Ministry::Labour),
            ..Default::default()
        }),
        vec!["Asystent rodziny 3"]
    );
    assert_eq!(
        search(BasketQuery {
            area: Some(Area::Health),
            ..Default::default()
        }),
        vec!["Terapia uzależnień 2"]
    );
    assert_eq!(
        search(BasketQuery {
            target: Some(ClientKind::Family),
            ..Default::default()
        })
        .len(),
        3
    );
    assert!(search(BasketQuery {
        target: Some(ClientKind::Group),
        ..Default::default()
    })
    .is_empty());
}

#[test]
fn withdrawn_services_leave_search_and_every_change_is_versioned() {
    let mut w = World::operating();
    w.cmd(json!({"type": "change_service_status", "partnership_id": "pzk", "service_id": "svc-0", "status": "withdrawn", "reason": "zmiana przepisów"})).unwrap();
    let p = &w.state.partnerships[&PartnershipId::from("pzk")];
    let q = BasketQuery {
        text: Some("psycholog".into()),
        ..Default::default()
    };
    assert_eq!(p.basket.search(&p.members, &q).len(), 1);
    let all = BasketQuery {
        include_inactive: true,
        ..q
    };
    assert_eq!(p.basket.search(&p.members, &all).len(), 2);
    let s = &p.basket.services[&ServiceId::from("svc-0")];
    assert_eq!(s.version, 2);
    assert_eq!(s.history.last().unwrap().reason, "zmiana przepisów");
    assert_eq!(s.history.last().unwrap().actor, ActorId::from("ops-head"));
    assert_eq!(
        w.err(json!({"type": "change_service_status", "partnership_id": "pzk", "service_id": "svc-0", "status": "withdrawn", "reason": "x"})),
        "NOTHING_CHANGED"
    );
}

#[test]
fn overdue_report_lists_every_kind_of_lateness() {
    let mut w = World::operating();
    w.family("z", ACTIVE);
    w.family("y", 16); // suspended, review in 14 days
    w.cmd(json!({"type": "file_request", "partnership_id": "pzk", "request_id": "r", "kind": "extend_composition", "scope": "policja", "content": "Zaprosić komisariat"})).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let kinds: std::collections::BTreeSet<OverdueKind> = reports::overdue(&w.state, as_of)
        .into_iter()
        .map(|o| o.kind)
        .collect();
    let items = reports::overdue(&w.state, as_of);
    // The suspended team's plan is on hold: its review is overdue, its tasks are not.
    let of = |z: &str| -> Vec<OverdueKind> {
        items
            .iter()
            .filter(|o| o.zzk_id.as_ref().is_some_and(|id| id.as_str() == z))
            .map(|o| o.kind)
            .collect()
    };
    assert_eq!(of("y"), vec![OverdueKind::SuspensionReview]);
    assert!(of("z").contains(&OverdueKind::TaskDeadline));
    for k in [
        OverdueKind::TaskDeadline,
        OverdueKind::SuspensionReview,
        OverdueKind::PzkMeeting,
        OverdueKind::StaleService,
        OverdueKind::AnnualPlan,
        OverdueKind::MinutesApproval,
        OverdueKind::PzkEvaluation,
        OverdueKind::PendingRequest,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    // Nothing is overdue the day the PZK starts operating, except what is really due.
    let fresh = World::operating();
    let early = reports::overdue(&fresh.state, fresh.today());
    assert!(
        early.iter().all(|o| o.kind == OverdueKind::MinutesApproval),
        "{early:?}"
    );
}

#[test]
fn pzk_needs_authorisation_and_two_declarations_besides_the_ops() {
    let mut w = World {
        state: State::new(),
        log: Vec::new(),
        now: t0(),
    };
    let all = operating_partnership("pzk", t0(), 2).unwrap();
    let register = serde_json::to_value(&all[0].command).unwrap();
    w.cmd(register).unwrap();
    assert_eq!(
        w.err(json!({"type": "complete_initiation_step", "partnership_id": "pzk", "step": "preparation"})),
        "AUTHORISATION_MISSING"
    );
    // Run the sample but with only one declaration, then try to start operating.
    let mut w = World {
        state: State::new(),
        log: Vec::new(),
        now: t0(),
    };
    for c in all.iter().filter(|c| !matches!(&c.command, Command::SignDeclaration { member_id, .. } if member_id.as_str() != "school")) {
        if matches!(c.command, Command::StartOperating { .. }) {
            let e = w.state.execute(c).unwrap_err();
            assert_eq!(e.code(), "NOT_ENOUGH_DECLARATIONS");
            assert!(e.message_pl().contains("co najmniej 2"));
            return;
        }
        w.state.execute(c).unwrap();
    }
    panic!("start_operating not reached");
}

#[test]
fn personal_data_can_be_erased_without_touching_the_workflow() {
    let mut w = World::operating();
    w.family("z", ACTIVE);
    let mut data = PersonalData::default();
    data.put_person(PersonRecord {
        id: PersonRef::from("z-p1"),
        given_name: "Anna".into(),
        family_name: "Kowalska".into(),
        pesel: Some("85010112345".into()),
        address: Some("ul. Łąkowa 1".into()),
        postcode: None,
        phone: None,
        email: None,
        birth_year: Some(1985),
    })
    .unwrap();
    assert_eq!(data.display_name(&PersonRef::from("z-p1")), "Anna Kowalska");
    let log_json = serde_json::to_string(&w.log).unwrap();
    assert!(
        !log_json.contains("Kowalska"),
        "workflow events hold no names"
    );
    data.erase_person(&PersonRef::from("z-p1")).unwrap();
    assert_eq!(data.display_name(&PersonRef::from("z-p1")), "z-p1");
    assert_eq!(State::replay(&w.log).to_json(), w.state.to_json());
}

#[test]
fn events_and_commands_have_a_stable_versioned_json_form() {
    let mut w = World::operating();
    w.family("z", 2);
    let e = serde_json::to_value(w.log.last().unwrap()).unwrap();
    assert_eq!(e["schema"], json!(kooperacje::SCHEMA_VERSION));
    assert_eq!(
        e["event"],
        json!({"type": "helping_relationship_established", "zzk_id": "z"})
    );
    let mut newer = e.clone();
    newer["schema"] = json!(kooperacje::SCHEMA_VERSION + 1);
    assert_eq!(
        State::decode_event(&newer.to_string()).unwrap_err().code(),
        "UNSUPPORTED_SCHEMA"
    );
    assert_eq!(
        State::decode_event(&e.to_string()).unwrap(),
        *w.log.last().unwrap()
    );
    assert_eq!(
        w.state.execute_json("{\"at\": 1}").unwrap_err().code(),
        "MALFORMED_JSON"
    );
    let unknown_field = json!({"at": w.now, "actor": "a", "command": {"type": "propose_zzk_work", "zzk_id": "z", "extra": 1}});
    assert_eq!(
        w.state
            .execute_json(&unknown_field.to_string())
            .unwrap_err()
            .code(),
        "MALFORMED_JSON"
    );
    assert_eq!(e["event"].stream_of(), "zzk");
}

trait StreamOf {
    fn stream_of(&self) -> &'static str;
}
impl StreamOf for Value {
    fn stream_of(&self) -> &'static str {
        let ev: Event = serde_json::from_value(self.clone()).unwrap();
        match ev.stream() {
            StreamId::Partnership(_) => "partnership",
            StreamId::Zzk(_) => "zzk",
        }
    }
}

#[test]
fn bad_ids_and_texts_are_rejected() {
    let mut w = World::operating();
    let long = "x".repeat(65);
    assert_eq!(w.err(json!({"type": "report_need", "zzk_id": long, "partnership_id": "pzk", "social_worker": "sw", "client": {"kind": "person", "household": ["a"]}})), "INVALID_ID");
    assert_eq!(w.err(json!({"type": "report_need", "zzk_id": "z", "partnership_id": "nope", "social_worker": "sw", "client": {"kind": "person", "household": ["a"]}})), "PARTNERSHIP_NOT_FOUND");
    assert_eq!(w.err(json!({"type": "report_need", "zzk_id": "z", "partnership_id": "pzk", "social_worker": "sw", "client": {"kind": "person", "household": []}})), "LIST_EMPTY");
    assert_eq!(
        w.err(json!({"type": "propose_zzk_work", "zzk_id": "ghost"})),
        "ZZK_NOT_FOUND"
    );
    assert_eq!(w.err(json!({"type": "raise_conflict", "partnership_id": "pzk", "conflict_id": "c", "summary": "   "})), "TEXT_EMPTY");
    assert_eq!(w.err(json!({"type": "raise_conflict", "partnership_id": "pzk", "conflict_id": "c", "summary": "ż".repeat(201)})), "TEXT_TOO_LONG");
}

macro_rules! check_labels {
    ($($t:ty),+ $(,)?) => {$(
        let mut pl = std::collections::BTreeSet::new();
        let mut en = std::collections::BTreeSet::new();
        for v in <$t>::ALL {
            assert!(!v.label_pl().is_empty() && !v.label_en().is_empty(), "{v:?}");
            assert!(pl.insert(v.label_pl()), "duplicate Polish label {}", v.label_pl());
            assert!(en.insert(v.label_en()), "duplicate English label {}", v.label_en());
            assert_eq!(<$t>::from_code(v.code()), Some(*v));
            assert_eq!(serde_json::to_value(v).unwrap(), json!(v.code()));
        }
    )+};
}

#[test]
fn every_user_facing_enum_has_distinct_polish_and_english_labels() {
    use kooperacje::{
        basket, consent, evaluation, meeting, monitoring, partnership, plan, readiness, reports,
        zzk,
    };
    check_labels!(
        Area,
        Ministry,
        Sector,
        TerritorialLevel,
        readiness::ReadinessCondition,
        readiness::ReadinessLevel,
        partnership::PzkStage,
        partnership::InitiationStep,
        partnership::MemberStatus,
        partnership::RequestKind,
        partnership::RequestStatus,
        basket::ServiceKind,
        basket::ServiceOrigin,
        basket::ServiceStatus,
        basket::ServiceChangeKind,
        consent::ConsentCapacity,
        consent::ConsentForm,
        consent::KeyDecision,
        zzk::ZzkStage,
        zzk::ClientKind,
        zzk::GroupKind,
        zzk::SocialWorkPhase,
        zzk::SuspensionGround,
        zzk::ReturnGround,
        zzk::ClosureReason,
        zzk::RepresentativeCapacity,
        meeting::PzkMeetingKind,
        meeting::ZzkMeetingKind,
        plan::SituationArea,
        plan::TaskStatus,
        monitoring::MonitoringSource,
        evaluation::Achievement,
        evaluation::PzkGoal,
        evaluation::QuestionnaireKind,
        evaluation::SurveyForm,
        reports::OverdueKind,
    );
    assert_eq!(ZzkStage::Suspended.label(Lang::Pl), "Zawieszony");
}

#[test]
fn admit_accepts_a_real_log_and_refuses_orphans_reopenings_and_time_travel() {
    let mut live = State::new();
    let mut log = Vec::new();
    let cmds = operating_partnership("pzk", t0(), 2)
        .unwrap()
        .into_iter()
        .chain(family_lifecycle("pzk", "z1", t0() + Duration::days(30)).unwrap());
    for c in cmds {
        log.extend(live.execute(&c).unwrap());
    }
    // Every event of a real log is admitted in order, and admitting then applying gives the
    // live state.
    let mut admitted = State::new();
    for e in &log {
        admitted.admit(e).unwrap();
        admitted.apply(e);
    }
    assert_eq!(admitted, live);

    let code = |s: &State, e: &EventEnvelope| s.admit(e).unwrap_err().code();
    // Opening twice.
    assert_eq!(code(&live, &log[0]), "DUPLICATE_ID");
    let need = log
        .iter()
        .find(|e| matches!(e.event, Event::NeedReported { .. }))
        .unwrap();
    assert_eq!(code(&live, need), "DUPLICATE_ID");
    // A ZZK of an unknown PZK, and an event of an unknown stream.
    assert_eq!(code(&State::new(), need), "PARTNERSHIP_NOT_FOUND");
    assert_eq!(code(&State::new(), &log[1]), "PARTNERSHIP_NOT_FOUND");
    // Time going backwards within a stream.
    let mut late = log.last().unwrap().clone();
    late.at -= Duration::days(400);
    assert_eq!(code(&live, &late), "TIME_OUT_OF_ORDER");
    // A future schema version.
    let mut future = log[1].clone();
    future.schema = SCHEMA_VERSION + 1;
    assert_eq!(code(&live, &future), "UNSUPPORTED_SCHEMA");
}

/// The overdue items issue 18 adds, each shown by the state that makes it due, on the day after.
#[test]
fn the_overdue_report_shows_unavailable_services_missing_monitoring_and_late_ends() {
    let mut w = World::operating();
    let start = w.now;
    // Family y: closed with post-support monitoring until day 90 of its lifecycle, not ended.
    w.family("y", 20);
    // Family z: active, a plan adopted, service svc-0 in its basket, no monitoring recorded.
    w.now = start;
    w.family("z", ACTIVE + 1);
    let adopted_on = w.zzk("z").plan.as_ref().unwrap().adopted_on;
    let items = |w: &World, as_of: NaiveDate, kind: OverdueKind| -> Vec<(String, NaiveDate)> {
        reports::overdue(&w.state, as_of)
            .into_iter()
            .filter(|i| i.kind == kind)
            .map(|i| (i.subject, i.due))
            .collect()
    };
    let tomorrow = |w: &World| w.today() + Duration::days(1);
    assert!(items(&w, tomorrow(&w), OverdueKind::BasketItemUnavailable).is_empty());
    w.cmd(
        json!({"type": "change_service_status", "partnership_id": "pzk", "service_id": "svc-0",
        "status": "temporarily_unavailable", "reason": "remont"}),
    )
    .unwrap();
    assert_eq!(
        items(&w, tomorrow(&w), OverdueKind::BasketItemUnavailable),
        vec![("i1".to_owned(), w.today())],
        "a basket item whose service is unavailable, from the day of the change"
    );
    // The monitoring of the adoption month is due by the end of the next month.
    let period = kooperacje::monitoring::Period::of(adopted_on).0;
    let first = adopted_on.with_day(1).unwrap();
    let due = first
        .checked_add_months(chrono::Months::new(2))
        .unwrap()
        .pred_opt()
        .unwrap();
    assert!(items(&w, due, OverdueKind::MonitoringMissing).is_empty());
    assert_eq!(
        items(&w, due + Duration::days(1), OverdueKind::MonitoringMissing),
        vec![(period.clone(), due)]
    );
    // A recorded entry for that month clears it.
    w.cmd(json!({"type": "record_monitoring", "zzk_id": "z", "period": period, "source": "partner_information",
        "entries": [{"task_id": "t1", "status": "in_progress", "info": null}]}))
        .unwrap();
    assert!(items(&w, due + Duration::days(1), OverdueKind::MonitoringMissing).is_empty());
    // A plan evaluation names the next one; a project its planned end.
    let soon = w.today() + Duration::days(3);
    w.cmd(json!({"type": "evaluate_plan", "zzk_id": "z", "evaluation_id": "ev1",
        "goals": [{"goal_id": "g1", "achievement": "partial", "reasons": null}], "main_goal": "partial",
        "next_evaluation_on": soon}))
        .unwrap();
    w.cmd(json!({"type": "start_social_work_project", "zzk_id": "z",
        "project": {"project_id": "pr1", "title": "Klub rodzica", "planned_end": soon}}))
        .unwrap();
    let later = soon + Duration::days(1);
    assert_eq!(
        items(&w, later, OverdueKind::PlanEvaluation),
        vec![("ev1".to_owned(), soon)]
    );
    assert_eq!(
        items(&w, later, OverdueKind::ProjectEnd),
        vec![("pr1".to_owned(), soon)]
    );
    assert!(
        items(&w, soon, OverdueKind::ProjectEnd).is_empty(),
        "due, not yet overdue"
    );
    assert_eq!(w.zzk("y").stage, ZzkStage::PostSupportMonitoring);
    let until = w.zzk("y").closure.as_ref().unwrap().monitor_until.unwrap();
    assert_eq!(
        items(&w, until + Duration::days(1), OverdueKind::PostSupportEnd),
        vec![("y".to_owned(), until)]
    );
    // Optional implementation conditions unmet: due one evaluation cadence after operating began.
    let p = &w.state.partnerships[&PartnershipId::from("pzk")];
    let since = p.operating_since.unwrap();
    let cadence = chrono::Months::new(p.rules.evaluation_cadence_months);
    let due = since.checked_add_months(cadence).unwrap();
    let optional: Vec<(String, NaiveDate)> = kooperacje::readiness::ReadinessCondition::ALL
        .iter()
        .filter(|c| !c.is_obligatory())
        .filter(|c| !p.readiness.get(c).is_some_and(|e| e.met))
        .map(|c| (c.code().to_owned(), due))
        .collect();
    assert!(!optional.is_empty());
    let mut got = items(&w, due + Duration::days(1), OverdueKind::OptionalReadiness);
    got.sort();
    let mut want = optional;
    want.sort();
    assert_eq!(got, want);
}

/// Cases closed before appointment are counted apart, by reason; post-support monitoring started
/// after closure is reported when its end has passed.
#[test]
fn unappointed_cases_are_counted_and_monitoring_started_after_closure_is_reported_late() {
    let mut w = World::operating();
    let start = w.now;
    w.family("never", 1);
    w.cmd(json!({"type": "close_zzk", "zzk_id": "never", "reason": "not_reached"}))
        .unwrap();
    let closed_on = w.today();
    w.now = start;
    // Family x: both evaluations recorded (the sample's 19th command is the one with the family).
    w.family("x", 19);
    w.cmd(json!({"type": "close_zzk", "zzk_id": "x", "reason": "goals_achieved"}))
        .unwrap();
    let counts = |w: &World, as_of: NaiveDate| {
        reports::indicators(&w.state, &"pzk".into(), as_of)
            .unwrap()
            .closed_before_appointment
    };
    assert_eq!(
        counts(&w, w.today()),
        [(kooperacje::zzk::ClosureReason::NotReached, 1)]
            .into_iter()
            .collect(),
        "the appointed ZZK closed is not counted with them"
    );
    assert!(
        counts(&w, closed_on - Duration::days(1)).is_empty(),
        "not before the day of its closure"
    );
    assert!(
        reports::registry(&w.state, &"pzk".into(), None)
            .iter()
            .all(|r| r.zzk_id.as_str() != "never"),
        "the registry lists ZZKs only"
    );
    let until = w.today() + Duration::days(5);
    w.cmd(json!({"type": "start_post_support_monitoring", "zzk_id": "x", "until": until}))
        .unwrap();
    let late = |as_of: NaiveDate| {
        reports::overdue(&w.state, as_of)
            .into_iter()
            .filter(|i| i.kind == OverdueKind::PostSupportEnd)
            .map(|i| i.due)
            .collect::<Vec<_>>()
    };
    assert!(late(until).is_empty());
    assert_eq!(late(until + Duration::days(1)), vec![until]);
}

/// A partner that joins an operating PZK is a new accession: the overdue report lists it from
/// the day after until the members are informed, and the notice names who was informed.
#[test]
fn members_are_informed_of_a_new_accession() {
    let mut w = World::operating();
    let pzk = PartnershipId::from("pzk");
    let overdue = |w: &World, as_of: NaiveDate| -> Vec<(String, NaiveDate)> {
        reports::overdue(&w.state, as_of)
            .into_iter()
            .filter(|i| i.kind == OverdueKind::AccessionNotice)
            .map(|i| (i.subject, i.due))
            .collect()
    };
    let partners: Vec<MemberId> = w.state.partnerships[&pzk]
        .members
        .iter()
        .filter(|(id, m)| {
            **id != w.state.partnerships[&pzk].ops_member_id && m.may_delegate_staff()
        })
        .map(|(id, _)| id.clone())
        .collect();
    assert!(partners.len() >= 2, "{partners:?}");
    w.cmd(
        json!({"type": "invite_member", "partnership_id": "pzk", "member_id": "m-new",
        "profile": {"name": "Klub Integracji Społecznej", "areas": ["employment"],
            "ministry": "labour", "sector": "social_economy", "level": "gmina"}}),
    )
    .unwrap();
    // Invited only: no agreement yet, nothing to tell.
    assert!(overdue(&w, w.today() + Duration::days(1)).is_empty());
    w.cmd(json!({"type": "record_participation", "partnership_id": "pzk", "member_id": "m-new"}))
        .unwrap();
    let acceded = w.today();
    assert!(overdue(&w, acceded).is_empty(), "due, not yet overdue");
    assert_eq!(
        overdue(&w, acceded + Duration::days(1)),
        vec![("m-new".to_owned(), acceded)]
    );
    assert_eq!(
        w.state.partnerships[&pzk].to_inform_of_accession(&MemberId::from("m-new")),
        partners
    );
    let events = w
        .cmd(
            json!({"type": "inform_members_of_accession", "partnership_id": "pzk",
            "member_id": "m-new"}),
        )
        .unwrap();
    assert_eq!(events.len(), 1);
    let member = &w.state.partnerships[&pzk].members[&MemberId::from("m-new")];
    let accession = member.accession.as_ref().unwrap();
    assert_eq!(accession.informed, partners);
    assert_eq!(accession.on, acceded);
    assert!(overdue(&w, acceded + Duration::days(30)).is_empty());
    // Signing the declaration later is no second accession.
    w.cmd(json!({"type": "sign_declaration", "partnership_id": "pzk", "member_id": "m-new"}))
        .unwrap();
    assert_eq!(
        w.err(
            json!({"type": "inform_members_of_accession", "partnership_id": "pzk",
            "member_id": "m-new"})
        ),
        "MEMBERS_ALREADY_INFORMED"
    );
    assert!(overdue(&w, acceded + Duration::days(30)).is_empty());
}

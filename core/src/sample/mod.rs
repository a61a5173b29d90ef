//! Deterministic sample data: an operating PZK and a full family lifecycle, as commands. Used by
//! the benchmarks and by hosts that need a realistic load (bindings' benchmarks, demos). No
//! randomness: the same arguments always give the same commands.
//!
//! The commands are written with the typed building blocks of [`blocks`] into a [`Script`], the
//! same blocks the CLI's demo story is written with.

pub mod blocks;
mod script;

pub use script::Script;

use crate::basket::{ServiceInput, ServiceOrigin};
use crate::classification::{Area, InstitutionProfile, Ministry, Sector, TerritorialLevel};
use crate::command::{Command, CommandEnvelope};
use crate::consent::ConsentForm;
use crate::error::Error;
use crate::evaluation::SupportContinuation;
use crate::event::EventEnvelope;
use crate::id_map::IdMap;
use crate::ids::ServiceId;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::{MonitoringSource, Period};
use crate::partnership::InitiationStep;
use crate::plan::{PlanInput, TaskStatus};
use crate::state::State;
use crate::zzk::{ClosureReason, ReturnGround, SocialWorkPhase, SuspensionGround};
use blocks::{
    by_member, consent_scope, family, goal, profile, progress, responsible_member, simple_survey,
    task, CardTerms, Case, Formalisation, Opening, Pzk, Recognition, ZzkMeeting,
};
use chrono::{DateTime, Duration, TimeZone, Utc};

/// Member institutions of the sample PZK besides the OPS (`ops`): ids `school`, `health`, `ngo`, `cis`.
pub const SAMPLE_MEMBERS: [&str; 4] = ["school", "health", "ngo", "cis"];

/// The sample PZK's network coordinator.
const COORDINATOR: &str = "coordinator-1";

/// [`SAMPLE_MEMBERS`] with their profiles.
fn member_profiles() -> Vec<(&'static str, InstitutionProfile)> {
    use Area as A;
    use TerritorialLevel::{Gmina, Powiat};
    let profiles = [
        profile(
            "Szkoła Podstawowa nr 1",
            A::Education,
            Ministry::Education,
            Sector::Public,
            Gmina,
        ),
        profile(
            "Przychodnia Zdrowia",
            A::Health,
            Ministry::Health,
            Sector::NonPublic,
            Gmina,
        ),
        profile(
            "Stowarzyszenie Pomocy",
            A::FamilySupport,
            Ministry::None,
            Sector::Ngo,
            Gmina,
        ),
        profile(
            "Centrum Integracji Społecznej",
            A::Employment,
            Ministry::Labour,
            Sector::SocialEconomy,
            Powiat,
        ),
    ];
    SAMPLE_MEMBERS.into_iter().zip(profiles).collect()
}

/// Service `i` of the sample basket: five kinds of service in five areas, in turn, provided by
/// the members in turn; every other one is also for families.
fn sample_service(terms: &CardTerms<'_>, i: usize) -> ServiceInput {
    const AREAS: [Area; 5] = [
        Area::SocialAssistance,
        Area::Education,
        Area::Health,
        Area::Employment,
        Area::FamilySupport,
    ];
    const WORDS: [&str; 5] = [
        "Pomoc psychologiczna",
        "Poradnictwo prawne",
        "Terapia uzależnień",
        "Asystent rodziny",
        "Reintegracja zawodowa",
    ];
    let mut service = terms.service(
        &format!("{} {i}", WORDS[i % WORDS.len()]),
        &format!("Usługa nr {i} dla mieszkańców gminy, Łódź i okolice"),
        by_member(SAMPLE_MEMBERS[i % SAMPLE_MEMBERS.len()]),
        ServiceOrigin::Partner,
        AREAS[i % AREAS.len()],
    );
    service.target.families = i % 2 == 0;
    service
}

/// Commands that take a PZK `pid` from registration to operation, an hour apart from `start`, with
/// `services` basket services (`svc-0`, `svc-1`, …) and the coordinator `coordinator-1`.
pub fn operating_partnership(
    pid: &str,
    start: DateTime<Utc>,
    services: usize,
) -> Result<Vec<CommandEnvelope>, Error> {
    let pzk = Pzk::new(pid, COORDINATOR);
    let mut s = Script::new(start, Duration::hours(1), "ops-head");
    pzk.open(
        &mut s,
        Opening {
            name: "PZK",
            coverage: "cała gmina",
            ops_member_id: "ops",
            ops_profile: profile(
                "MOPS",
                Area::SocialAssistance,
                Ministry::FamilySocialPolicy,
                Sector::Public,
                TerritorialLevel::Gmina,
            ),
            authorised_on: start.date_naive(),
            reference: None,
            members: member_profiles(),
        },
    );
    // A meeting is held on the date of the command that records it.
    let initiating = s.today();
    s.push(pzk.meeting(
        "m-init",
        PzkMeetingKind::Initiating,
        initiating,
        "m-init-minutes",
        &[],
    ));
    let terms = CardTerms {
        access_conditions: "skierowanie pracownika socjalnego",
        contact_person: "sekretariat",
        verified_on: start.date_naive(),
    };
    for i in 0..services {
        let service = sample_service(&terms, i);
        s.push(pzk.add_service(&format!("svc-{i}"), "karta usługi", service));
    }
    s.extend(pzk.initiation_steps(&[
        InitiationStep::BasketBuilt,
        InitiationStep::FormalisingMeetingPrepared,
    ]));
    let formalising = s.today();
    s.push(pzk.meeting(
        "m-form",
        PzkMeetingKind::Formalising,
        formalising,
        "m-form-minutes",
        &["m-init"],
    ));
    pzk.formalise(
        &mut s,
        Formalisation {
            declarations: &["school", "health", "ngo"],
            participations: &["cis"],
            actions: &["Diagnoza zasobów", "Szkolenia kadry"],
        },
    );
    Ok(s.into_commands())
}

/// Commands for one family's whole ZZK lifecycle in an operating sample PZK, an hour apart from
/// `start`: need → consent → appointment → consultation → first meeting with a plan → basket →
/// monitoring → follow-up → suspension → return → end-of-work evaluation → evaluation of the
/// effects with the family → closure → post-support monitoring ended. 21 commands, 23 events.
pub fn family_lifecycle(
    pid: &str,
    zzk: &str,
    start: DateTime<Utc>,
) -> Result<Vec<CommandEnvelope>, Error> {
    let z = zzk;
    let case = Case::new(z, pid, "sw-1");
    let mut s = Script::new(start, Duration::hours(1), "sw-1");
    let day = |n: i64| (start + Duration::days(n)).date_naive();
    let today = start.date_naive();
    let (adult, child) = (format!("{z}-p1"), format!("{z}-p2"));
    let partners = ["school", "health"];
    case.recognise_need(
        &mut s,
        Recognition {
            client: family(&[&adult, &child]),
            interview_on: today,
            diagnosis: &format!("{z}-diagnosis"),
            grounds: &format!("{z}-grounds"),
            partners: &partners,
        },
    );
    s.push(case.family_consent(
        &format!("{z}-consent"),
        &adult,
        ConsentForm::Written,
        consent_scope(&partners, true),
        None,
    ));
    s.push(case.appoint(SocialWorkPhase::Diagnosis));
    s.push(case.add_member(&format!("{z}-m1"), "school", "teacher-1", "pedagog"));
    s.push(case.add_member(&format!("{z}-m2"), "health", "nurse-1", "pielęgniarka"));
    family_meeting(&mut s, &case, ZzkMeetingKind::Consultation, None);
    s.push(case.invite_to_first_meeting(day(7)));
    let plan = PlanInput {
        case_number: format!("OPS/{z}"),
        situation: IdMap::new(),
        problems: None,
        main_goal: "Samodzielność rodziny".to_owned(),
        goals: vec![goal("g1", "Stabilna sytuacja mieszkaniowa")],
        tasks: vec![task(
            "t1",
            "g1",
            "Wniosek o dodatek mieszkaniowy",
            responsible_member(&format!("{z}-m1")),
            day(30),
        )],
    };
    family_meeting(&mut s, &case, ZzkMeetingKind::First, Some(plan));
    s.push(case.add_basket_item("i1", "svc-0", "t1"));
    s.push(case.monitoring(
        Period::of(today),
        MonitoringSource::PartnerInformation,
        vec![progress("t1", TaskStatus::InProgress)],
    ));
    family_meeting(&mut s, &case, ZzkMeetingKind::FollowUp, None);
    s.push(case.suspend(SuspensionGround::Unreachable, day(14), None));
    s.push(case.resume(ReturnGround::CauseEnded));
    s.push(case.end_of_work_evaluation(
        &format!("{z}-eval"),
        simple_survey(
            "Szybka wymiana informacji",
            "Terminy spotkań",
            "Spotkania zdalne",
        ),
    ));
    let held_on = s.today();
    s.push(case.family_evaluation(
        &format!("{z}-effects"),
        held_on,
        SupportContinuation::PostSupportMonitoring,
        true,
    ));
    s.push(case.close(ClosureReason::GoalsAchieved, Some(day(90))));
    s.push(case.end_post_support_monitoring());
    Ok(s.into_commands())
}

/// A ZZK meeting of the sample lifecycle, held on the date of its command, with the family present
/// except at a consultation; its id is the case's id and its kind (`zzk-1-first`).
fn family_meeting(s: &mut Script, case: &Case, kind: ZzkMeetingKind, plan: Option<PlanInput>) {
    let id = format!("{}-{}", case.id, kind.code());
    let minutes = format!("{id}-minutes");
    let held_on = s.today();
    let family_present = kind != ZzkMeetingKind::Consultation;
    s.push(case.meeting(
        ZzkMeeting {
            id: &id,
            minutes: &minutes,
        },
        kind,
        held_on,
        family_present,
        plan,
    ));
}

/// The events of a sample municipality: one operating PZK (`pzk-sample`, 12 services) and
/// `families` families. Family `i` starts on one of 365 days after the PZK operates and has got
/// through the first 6–21 commands of the core's sample lifecycle (consent is the 6th), so the
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
        let steps = 6 + (i * 31) % 16;
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

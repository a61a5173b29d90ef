//! Read models: the ZZK registry kept by the network coordinator, the PZK monitoring indicators,
//! the monthly monitoring report and the overdue list. Pure functions of the state and a date.
//!
//! # Example
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use kooperacje::reports::{self, OverdueKind};
//! use kooperacje::{sample, PartnershipId, PzkStage, State, ZzkId, ZzkStage};
//!
//! // The sample PZK, operating, and a family whose ZZK works to a plan with one task, due 30 days
//! // after the family came (the first 12 commands of the sample lifecycle: up to the first
//! // meeting, which adopted the plan).
//! let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
//! let came = start + Duration::days(30);
//! let mut state = State::new();
//! let commands = sample::operating_partnership("pzk-1", start, 3)?
//!     .into_iter()
//!     .chain(sample::family_lifecycle("pzk-1", "zzk-1", came)?.into_iter().take(12));
//! for command in commands {
//!     state.execute(&command)?;
//! }
//! let pzk = PartnershipId::from("pzk-1");
//!
//! // The ZZK registry on a date: one row per ZZK appointed, by registry number.
//! let registry = reports::registry(&state, &pzk, Some(came.date_naive() + Duration::days(10)));
//! assert_eq!(registry.len(), 1);
//! assert_eq!(registry[0].number, 1);
//! assert_eq!(registry[0].zzk_id, ZzkId::from("zzk-1"));
//! assert_eq!(registry[0].stage, ZzkStage::Active);
//! assert!(registry[0].has_plan);
//!
//! // The PZK's monitoring indicators.
//! let indicators = reports::indicators(&state, &pzk, came.date_naive()).unwrap();
//! assert_eq!(indicators.stage, PzkStage::Operating);
//! assert_eq!(indicators.zzks_appointed, 1);
//!
//! // What is overdue: nothing before the task's deadline, the task a day after it.
//! let deadline = came.date_naive() + Duration::days(30);
//! let is_task = |kind: &OverdueKind| *kind == OverdueKind::TaskDeadline;
//! assert!(!reports::overdue(&state, deadline).iter().any(|item| is_task(&item.kind)));
//! let late = reports::overdue(&state, deadline + Duration::days(1));
//! let task = late.iter().find(|item| is_task(&item.kind)).unwrap();
//! assert_eq!((task.subject.as_str(), task.days_overdue), ("t1", 1));
//! assert_eq!(task.zzk_id, Some(ZzkId::from("zzk-1")));
//! # Ok::<(), kooperacje::Error>(())
//! ```

use crate::basket::{ServiceChangeKind, ServiceStatus};
use crate::classification::Sector;
use crate::consent;
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::monitoring::{MonitoringEntry, MonitoringSource, Period};
use crate::partnership::{MemberStatus, Partnership, PzkStage, RequestKind, RequestStatus};
use crate::plan::BasketItemKind;
use crate::plan::TaskStatus;
use crate::readiness::ReadinessCondition;
use crate::state::State;
use crate::zzk::{ClosureReason, Seat, SuspensionGround, Zzk, ZzkStage};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt::Display;

/// A row of the ZZK registry (rejestr ZZK).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RegistryEntry {
    /// Number in the registry.
    pub number: u32,
    /// The ZZK.
    pub zzk_id: ZzkId,
    /// Appointed on.
    pub appointed_on: NaiveDate,
    /// Case manager.
    pub social_worker: PersonRef,
    /// Stage on the registry's date: suspended once consent has lapsed, even before a command
    /// records it ([`Zzk::stage_on`]).
    pub stage: ZzkStage,
    /// For a suspended ZZK, the ground of its suspension.
    pub suspension_ground: Option<SuspensionGround>,
    /// For a suspended ZZK, since when.
    pub suspended_since: Option<NaiveDate>,
    /// Days suspended in all, up to the registry's date.
    pub days_suspended: u32,
    /// Current members (not guests).
    pub members: usize,
    /// Sector mix of the members' institutions.
    pub sectors: IdMap<Sector, usize>,
    /// Number of suspensions so far.
    pub suspensions: usize,
    /// Meetings held.
    pub meetings: usize,
    /// Has an individual plan.
    pub has_plan: bool,
    /// Closed on.
    pub closed_on: Option<NaiveDate>,
}

/// The ZZK registry of a PZK on a date, by registry number. Without a date, on the day of the
/// latest event of the PZK or any of its ZZKs: the registry as the record stands. An example is
/// in [the module's documentation](crate::reports).
pub fn registry(
    state: &State,
    pid: &PartnershipId,
    as_of: Option<NaiveDate>,
) -> Vec<RegistryEntry> {
    let Some(p) = state.partnerships.get(pid) else {
        return Vec::new();
    };
    let as_of = as_of.unwrap_or_else(|| {
        state
            .zzks
            .values()
            .filter(|z| &z.partnership_id == pid)
            .map(|z| z.last_at)
            .fold(p.last_at, std::cmp::max)
            .date_naive()
    });
    let mut rows: Vec<RegistryEntry> = state
        .zzks
        .values()
        .filter(|z| &z.partnership_id == pid)
        .filter_map(|z| {
            let a = z.appointment.as_ref()?;
            let mut sectors = IdMap::new();
            let mut members = 0;
            for m in z.members.values().filter(|m| m.is_current_member()) {
                members += 1;
                if let Seat::Member { member_id } = &m.seat {
                    if let Some(inst) = p.members.get(member_id) {
                        *sectors.get_or_insert_with(inst.profile.sector, || 0) += 1;
                    }
                }
            }
            let suspension = z.suspension_on(as_of);
            Some(RegistryEntry {
                number: a.registry_number,
                zzk_id: z.id.clone(),
                appointed_on: a.appointed_on,
                social_worker: z.social_worker.clone(),
                stage: z.stage_on(as_of),
                suspension_ground: suspension.as_ref().map(|s| s.ground),
                suspended_since: suspension.as_ref().map(|s| s.suspended_on),
                days_suspended: z.days_suspended(as_of),
                members,
                sectors,
                suspensions: z.suspensions.len(),
                meetings: z.meetings.len(),
                has_plan: z.plan.is_some(),
                closed_on: z.closure.as_ref().map(|c| c.closed_on),
            })
        })
        .collect();
    rows.sort_by_key(|r| r.number);
    rows
}

/// Counts of requests of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct RequestCounts {
    /// Filed.
    pub filed: usize,
    /// Accepted (fulfilled).
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
    /// Still pending.
    pub pending: usize,
    /// Reasons of rejections.
    pub rejection_reasons: Vec<String>,
}

/// PZK monitoring indicators (seed 001, "Monitoring PZK").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Indicators {
    /// Stage of the PZK.
    pub stage: PzkStage,
    /// Members by status.
    pub members_by_status: IdMap<MemberStatus, usize>,
    /// Active members (participating or declared) by sector.
    pub members_by_sector: IdMap<Sector, usize>,
    /// Cases by ZZK stage.
    pub zzks_by_stage: IdMap<ZzkStage, usize>,
    /// ZZKs appointed so far.
    pub zzks_appointed: usize,
    /// Cases closed before any ZZK was appointed (need reported, consent refused, family not
    /// reached), by the reason given: counted apart from the registry, which lists only ZZKs.
    pub closed_before_appointment: IdMap<ClosureReason, usize>,
    /// Requests to extend the composition.
    pub composition_requests: RequestCounts,
    /// Requests to extend the basket.
    pub basket_requests: RequestCounts,
    /// Consultations for ZZKs by the network coordinator.
    pub consultations: usize,
    /// Problems/conflicts reported for mediation.
    pub conflicts_raised: usize,
    /// Of which resolved.
    pub conflicts_resolved: usize,
    /// Refusals to cooperate reported.
    pub refusals_reported: usize,
    /// Services in the basket by status.
    pub services_by_status: IdMap<crate::basket::ServiceStatus, usize>,
    /// Stale services as of the date.
    pub stale_services: usize,
    /// PZK meetings held.
    pub meetings_held: usize,
}

/// The monitoring indicators of a PZK as of a date (`None` for a PZK the state does not hold). An
/// example is in [the module's documentation](crate::reports).
pub fn indicators(state: &State, pid: &PartnershipId, as_of: NaiveDate) -> Option<Indicators> {
    let p = state.partnerships.get(pid)?;
    let mut members_by_status = IdMap::new();
    let mut members_by_sector = IdMap::new();
    for m in p.members.values() {
        *members_by_status.get_or_insert_with(m.status, || 0) += 1;
        if m.may_delegate_staff() {
            *members_by_sector.get_or_insert_with(m.profile.sector, || 0) += 1;
        }
    }
    let mut zzks_by_stage = IdMap::new();
    let mut zzks_appointed = 0;
    let mut closed_before_appointment = IdMap::new();
    for z in state.zzks.values().filter(|z| &z.partnership_id == pid) {
        *zzks_by_stage.get_or_insert_with(z.stage_on(as_of), || 0) += 1;
        zzks_appointed += usize::from(z.appointment.is_some());
        if let Some(c) = z.closure.as_ref() {
            if c.before_appointment && c.closed_on <= as_of {
                *closed_before_appointment.get_or_insert_with(c.reason, || 0) += 1;
            }
        }
    }
    let counts = |kind: RequestKind| {
        let mut c = RequestCounts::default();
        for r in p.requests.values().filter(|r| r.kind == kind) {
            c.filed += 1;
            match r.status {
                RequestStatus::Accepted => c.accepted += 1,
                RequestStatus::Pending => c.pending += 1,
                RequestStatus::Rejected => {
                    c.rejected += 1;
                    c.rejection_reasons.extend(r.reason.clone());
                }
            }
        }
        c
    };
    let mut services_by_status = IdMap::new();
    for s in p.basket.services.values() {
        *services_by_status.get_or_insert_with(s.status, || 0) += 1;
    }
    Some(Indicators {
        stage: p.stage,
        members_by_status,
        members_by_sector,
        zzks_by_stage,
        zzks_appointed,
        closed_before_appointment,
        composition_requests: counts(RequestKind::ExtendComposition),
        basket_requests: counts(RequestKind::ExtendBasket),
        consultations: p.consultations.len(),
        conflicts_raised: p.conflicts.len(),
        conflicts_resolved: p
            .conflicts
            .values()
            .filter(|c| c.resolved_on.is_some())
            .count(),
        refusals_reported: p.refusals.len(),
        services_by_status,
        stale_services: p
            .basket
            .stale(as_of, p.rules.basket_verification_months)
            .count(),
        meetings_held: p.meetings.len(),
    })
}

labelled_enum! {
    /// Rodzaj zaległości.
    pub enum OverdueKind {
        /// Termin zadania minął.
        TaskDeadline = "task_deadline" => ("Termin zadania minął", "Task deadline passed"),
        /// Przegląd zawieszenia zaległy.
        SuspensionReview = "suspension_review" => ("Zaległy przegląd zawieszenia", "Suspension review overdue"),
        /// Zgoda wygasła w trakcie pracy ZZK.
        ConsentLapsed = "consent_lapsed" => ("Zgoda wygasła", "Consent lapsed"),
        /// Spotkanie PZK zaległe wg regulaminu.
        PzkMeeting = "pzk_meeting" => ("Zaległe spotkanie PZK", "PZK meeting overdue"),
        /// Usługa niezweryfikowana.
        StaleService = "stale_service" => ("Usługa niezweryfikowana", "Basket service not verified"),
        /// Brak rocznego planu działania.
        AnnualPlan = "annual_plan" => ("Brak rocznego planu działania", "Annual plan not renewed"),
        /// Protokół czeka na przyjęcie.
        MinutesApproval = "minutes_approval" => ("Protokół czeka na przyjęcie", "Minutes awaiting approval"),
        /// Ewaluacja PZK zaległa.
        PzkEvaluation = "pzk_evaluation" => ("Zaległa ewaluacja PZK", "PZK evaluation overdue"),
        /// Wniosek czeka na rozstrzygnięcie.
        PendingRequest = "pending_request" => ("Wniosek czeka na rozstrzygnięcie", "Request awaiting decision"),
        /// Usługa z indywidualnego koszyka wycofana lub czasowo niedostępna.
        BasketItemUnavailable = "basket_item_unavailable" => ("Usługa z koszyka niedostępna", "Basket service unavailable"),
        /// Brak wpisu monitoringu za okres.
        MonitoringMissing = "monitoring_missing" => ("Brak monitoringu za okres", "Monitoring entry missing"),
        /// Termin oceny planu minął.
        PlanEvaluation = "plan_evaluation" => ("Zaległa ocena planu", "Plan evaluation overdue"),
        /// Projekt socjalny po planowanym terminie zakończenia.
        ProjectEnd = "project_end" => ("Projekt socjalny po terminie", "Social-work project past its end"),
        /// Monitoring po zakończeniu wsparcia po terminie.
        PostSupportEnd = "post_support_end" => ("Monitoring po zakończeniu po terminie", "Post-support monitoring past its end"),
        /// Członkowie niepoinformowani o nowym przystąpieniu.
        AccessionNotice = "accession_notice" => ("Członkowie niepoinformowani o przystąpieniu", "Members not informed of an accession"),
        /// Fakultatywny warunek wdrożenia wciąż niespełniony.
        OptionalReadiness = "optional_readiness" => ("Niespełniony warunek fakultatywny", "Optional readiness condition unmet"),
    }
}

/// One overdue item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct OverdueItem {
    /// What is overdue.
    pub kind: OverdueKind,
    /// The PZK.
    pub partnership_id: PartnershipId,
    /// The ZZK, for ZZK items.
    pub zzk_id: Option<ZzkId>,
    /// The thing overdue (task, service, meeting, request id; or the year).
    pub subject: String,
    /// Since when it is due.
    pub due: NaiveDate,
    /// Days overdue as of the report date.
    pub days_overdue: i64,
}

/// Everything overdue as of a date, in every PZK and ZZK, sorted by due date. An example is in
/// [the module's documentation](crate::reports).
pub fn overdue(state: &State, as_of: NaiveDate) -> Vec<OverdueItem> {
    let mut out = Vec::new();
    let mut push =
        |kind, pid: &PartnershipId, zzk_id: Option<&ZzkId>, subject: &dyn Display, due| {
            out.extend(overdue_item(as_of, kind, pid, zzk_id, subject, due));
        };
    for p in state.partnerships.values() {
        partnership_overdue(p, as_of, &mut push);
    }
    for z in state.zzks.values() {
        zzk_overdue(
            z,
            state.partnerships.get(&z.partnership_id),
            as_of,
            &mut push,
        );
    }
    out.sort_by(|a, b| {
        (a.due, &a.partnership_id, &a.zzk_id, &a.subject).cmp(&(
            b.due,
            &b.partnership_id,
            &b.zzk_id,
            &b.subject,
        ))
    });
    out
}

/// What is overdue in one ZZK as of a date (the ZZK part of [`overdue`]), unsorted: for read
/// models that go through the ZZKs one by one.
pub fn overdue_in_zzk(state: &State, z: &Zzk, as_of: NaiveDate) -> Vec<OverdueItem> {
    let mut out = Vec::new();
    let p = state.partnerships.get(&z.partnership_id);
    zzk_overdue(z, p, as_of, &mut |kind, pid, zzk_id, subject, due| {
        out.extend(overdue_item(as_of, kind, pid, zzk_id, subject, due));
    });
    out
}

/// How many of a ZZK's plan tasks are overdue as of a date: the [`OverdueKind::TaskDeadline`]
/// items of [`overdue_in_zzk`], counted without being built (the ZZK table wants only the count).
pub fn overdue_task_count(z: &Zzk, as_of: NaiveDate) -> usize {
    let mut count = 0;
    // Tasks need nothing of the PZK.
    zzk_overdue(z, None, as_of, &mut |kind, _, _, _, due| {
        count += usize::from(kind == OverdueKind::TaskDeadline && due < as_of);
    });
    count
}

/// The item of the report for something due on `due`, if that is before `as_of`.
fn overdue_item(
    as_of: NaiveDate,
    kind: OverdueKind,
    pid: &PartnershipId,
    zzk_id: Option<&ZzkId>,
    subject: &dyn Display,
    due: NaiveDate,
) -> Option<OverdueItem> {
    (due < as_of).then(|| OverdueItem {
        kind,
        partnership_id: pid.clone(),
        zzk_id: zzk_id.cloned(),
        subject: subject.to_string(),
        due,
        days_overdue: (as_of - due).num_days(),
    })
}

/// The ZZK's items; those that need its PZK (the local basket, the monitoring period) only when
/// `p` is given.
fn zzk_overdue(
    z: &Zzk,
    p: Option<&Partnership>,
    as_of: NaiveDate,
    push: &mut impl FnMut(OverdueKind, &PartnershipId, Option<&ZzkId>, &dyn Display, NaiveDate),
) {
    if let (ZzkStage::PostSupportMonitoring, Some(until)) =
        (z.stage, z.closure.as_ref().and_then(|c| c.monitor_until))
    {
        push(
            OverdueKind::PostSupportEnd,
            &z.partnership_id,
            Some(&z.id),
            &z.id,
            until,
        );
    }
    if z.stage.is_finished() {
        return;
    }
    for (pid_, project) in z.projects.iter().filter(|(_, pr)| pr.ended_on.is_none()) {
        push(
            OverdueKind::ProjectEnd,
            &z.partnership_id,
            Some(&z.id),
            pid_,
            project.planned_end,
        );
    }
    // [decision] While the ZZK is suspended or work has fallen back on ordinary OPS social work,
    // the plan is on hold: what is overdue is the suspension review, not the plan's tasks.
    // A lapse of consent puts the plan on hold from its first day, recorded or not.
    let plan_in_force = ZzkStage::WORKING.contains(&z.stage_on(as_of));
    if let Some(plan) = z.plan.as_ref().filter(|_| plan_in_force) {
        for (tid, t) in plan.tasks.iter().filter(|(_, t)| t.status.is_open()) {
            push(
                OverdueKind::TaskDeadline,
                &z.partnership_id,
                Some(&z.id),
                tid,
                t.deadline,
            );
        }
        // The latest evaluation names the next one.
        if let Some((eid, next)) = plan
            .evaluations
            .iter()
            .max_by_key(|(_, e)| e.evaluated_on)
            .and_then(|(eid, e)| Some((eid, e.next_evaluation_on?)))
        {
            push(
                OverdueKind::PlanEvaluation,
                &z.partnership_id,
                Some(&z.id),
                eid,
                next,
            );
        }
        if let Some(p) = p {
            basket_overdue(z, p, push);
            monitoring_overdue(
                z,
                plan.adopted_on,
                p.rules.monitoring_period_months,
                as_of,
                push,
            );
        }
    }
    if let (ZzkStage::Suspended, Some(s)) = (z.stage, z.current_suspension()) {
        push(
            OverdueKind::SuspensionReview,
            &z.partnership_id,
            Some(&z.id),
            &s.ground.code(),
            s.review_on,
        );
    }
    if ZzkStage::WORKING.contains(&z.stage) && !consent::has_consent(z, as_of) {
        if let Some(lapsed) = z
            .consents
            .values()
            .filter(|c| c.withdrawn_on.is_none())
            .filter_map(|c| c.valid_until)
            .max()
        {
            push(
                OverdueKind::ConsentLapsed,
                &z.partnership_id,
                Some(&z.id),
                &"consent",
                lapsed,
            );
        }
    }
}

/// Items of the individual basket whose local service has been withdrawn or is temporarily
/// unavailable, due from the day its status changed: the team must replace or remove them.
fn basket_overdue(
    z: &Zzk,
    p: &Partnership,
    push: &mut impl FnMut(OverdueKind, &PartnershipId, Option<&ZzkId>, &dyn Display, NaiveDate),
) {
    for (item_id, item) in z.basket.iter().filter(|(_, i)| i.removed_on.is_none()) {
        let BasketItemKind::Service { service_id, .. } = &item.kind else {
            continue;
        };
        let Some(service) = p.basket.services.get(service_id) else {
            continue;
        };
        if service.status == ServiceStatus::Active {
            continue;
        }
        let changed = service
            .history
            .iter()
            .rev()
            .find(|c| c.change == ServiceChangeKind::StatusChanged)
            .map(|c| c.at.date_naive())
            .unwrap_or(item.added_on);
        push(
            OverdueKind::BasketItemUnavailable,
            &z.partnership_id,
            Some(&z.id),
            item_id,
            changed.max(item.added_on),
        );
    }
}

/// How many of the latest monitoring periods the overdue report looks back on.
const MONITORING_PERIODS_SHOWN: i64 = 12;

/// The monitoring periods of a plan in force without a monitoring entry. **\[decision\]** Periods
/// of `months` months (the rules of procedure's `monitoring_period_months`) run from the month
/// the plan was adopted; a period needs at least one entry for one of its months, and is due by
/// the end of the month after it ends (the team meets and writes the month up early in the next
/// one). A period the ZZK spent suspended or in ordinary social work at its end is not required.
fn monitoring_overdue(
    z: &Zzk,
    adopted_on: NaiveDate,
    months: u32,
    as_of: NaiveDate,
    push: &mut impl FnMut(OverdueKind, &PartnershipId, Option<&ZzkId>, &dyn Display, NaiveDate),
) {
    let months = months.max(1);
    let recorded: BTreeSet<NaiveDate> = z
        .monitoring
        .iter()
        .filter_map(|m| m.period.first_day())
        .collect();
    let mut start = adopted_on.with_day(1).unwrap_or(adopted_on);
    // [decision] Only the last `MONITORING_PERIODS_SHOWN` periods before the report's date are
    // listed: a reminder a year old is no longer one, and a report read on a far date stays short.
    let elapsed = i64::from(as_of.year() - start.year()) * 12 + i64::from(as_of.month())
        - i64::from(start.month());
    let skipped = (elapsed / i64::from(months)).saturating_sub(MONITORING_PERIODS_SHOWN);
    if let Ok(skipped) = u32::try_from(skipped) {
        start = Partnership::add_months(start, skipped.saturating_mul(months));
    }
    loop {
        let next = Partnership::add_months(start, months);
        let due = Partnership::add_months(next, 1).pred_opt().unwrap_or(next);
        // The calendar ends (dates saturate at its last day): no further period.
        if due >= as_of || next == NaiveDate::MAX {
            break;
        }
        let last_day = next.pred_opt().unwrap_or(next);
        let working = ZzkStage::WORKING.contains(&z.stage_on(last_day));
        if working && recorded.range(start..next).next().is_none() {
            push(
                OverdueKind::MonitoringMissing,
                &z.partnership_id,
                Some(&z.id),
                &Period::of(start).0,
                due,
            );
        }
        start = next;
    }
}

fn partnership_overdue(
    p: &Partnership,
    as_of: NaiveDate,
    push: &mut impl FnMut(OverdueKind, &PartnershipId, Option<&ZzkId>, &dyn Display, NaiveDate),
) {
    let pid = &p.id;
    let rules = &p.rules;
    if matches!(p.stage, PzkStage::Planning | PzkStage::Operating) {
        if let Some(last) = p.last_meeting_on() {
            push(
                OverdueKind::PzkMeeting,
                pid,
                None,
                &last,
                Partnership::add_months(last, rules.meeting_cadence_months),
            );
        }
        if rules.minutes_approved_at_next_meeting {
            for (mid, m) in p
                .meetings
                .iter()
                .filter(|(_, m)| m.minutes_approved_at.is_none())
            {
                // Due at the next meeting; until then, due at the next cadence date.
                push(
                    OverdueKind::MinutesApproval,
                    pid,
                    None,
                    mid,
                    Partnership::add_months(m.held_on, rules.meeting_cadence_months),
                );
            }
        }
    }
    if p.stage == PzkStage::Operating {
        if !p.annual_plans.contains_key(&as_of.year()) {
            let due = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of);
            push(OverdueKind::AnnualPlan, pid, None, &as_of.year(), due);
        }
        let since = p.last_evaluation_on().or(p.operating_since);
        if let Some(since) = since {
            push(
                OverdueKind::PzkEvaluation,
                pid,
                None,
                &since,
                Partnership::add_months(since, rules.evaluation_cadence_months),
            );
        }
    }
    // [decision] Due from the day of the accession: informing the members is the next step.
    for (mid, m) in &p.members {
        if let Some(a) = &m.accession {
            if !p.to_inform_of_accession(mid).is_empty() {
                push(OverdueKind::AccessionNotice, pid, None, mid, a.on);
            }
        }
    }
    for (sid, s) in p
        .basket
        .services
        .iter()
        .filter(|(_, s)| s.status != crate::basket::ServiceStatus::Withdrawn)
    {
        push(
            OverdueKind::StaleService,
            pid,
            None,
            sid,
            Partnership::add_months(s.input.verified_on, rules.basket_verification_months),
        );
    }
    // [decision] Optional implementation conditions are reported, not required: each one still
    // unmet is due by the PZK's first evaluation, one evaluation cadence after it began operating.
    if let (PzkStage::Operating, Some(since)) = (p.stage, p.operating_since) {
        for c in ReadinessCondition::ALL
            .iter()
            .filter(|c| !c.is_obligatory())
            .filter(|c| !p.readiness.get(c).is_some_and(|e| e.met))
        {
            push(
                OverdueKind::OptionalReadiness,
                pid,
                None,
                &c.code(),
                Partnership::add_months(since, rules.evaluation_cadence_months),
            );
        }
    }
    for (rid, r) in p
        .requests
        .iter()
        .filter(|(_, r)| r.status == RequestStatus::Pending)
    {
        // [decision] a request is due for a decision within one meeting cadence.
        push(
            OverdueKind::PendingRequest,
            pid,
            None,
            rid,
            Partnership::add_months(r.filed_on, rules.meeting_cadence_months),
        );
    }
}

/// One row of the monthly monitoring report: a task's information in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct MonitoringRow {
    /// The ZZK.
    pub zzk_id: ZzkId,
    /// Source.
    pub source: MonitoringSource,
    /// Who is responsible for the task.
    pub responsible: String,
    /// The entry.
    #[serde(flatten)]
    pub entry: MonitoringEntry,
    /// The task's deadline.
    pub deadline: Option<NaiveDate>,
}

/// The monitoring form for a period across a PZK's ZZKs.
pub fn monitoring(state: &State, pid: &PartnershipId, period: &Period) -> Vec<MonitoringRow> {
    let mut rows = Vec::new();
    for z in state.zzks.values().filter(|z| &z.partnership_id == pid) {
        for rec in z.monitoring.iter().filter(|r| &r.period == period) {
            for e in &rec.entries {
                let task = z.plan.as_ref().and_then(|p| p.tasks.get(&e.task_id));
                let responsible = match task.map(|t| &t.responsible) {
                    Some(crate::plan::Responsible::Member { zzk_member_id }) => {
                        zzk_member_id.to_string()
                    }
                    Some(crate::plan::Responsible::Family) => "family".into(),
                    Some(crate::plan::Responsible::SocialWorker) => "social_worker".into(),
                    None => String::new(),
                };
                rows.push(MonitoringRow {
                    zzk_id: z.id.clone(),
                    source: rec.source,
                    responsible,
                    entry: e.clone(),
                    deadline: task.map(|t| t.deadline),
                });
            }
        }
    }
    rows
}

/// Tasks still open past their deadline, as (ZZK, task, status) — a convenience over [`overdue`].
pub fn open_tasks(state: &State, as_of: NaiveDate) -> Vec<(ZzkId, TaskId, TaskStatus)> {
    state
        .zzks
        .values()
        .filter_map(|z| z.plan.as_ref().map(|p| (z, p)))
        .flat_map(|(z, p)| {
            p.tasks
                .iter()
                .filter(move |(_, t)| t.status.is_open() && t.deadline < as_of)
                .map(move |(tid, t)| (z.id.clone(), tid.clone(), t.status))
        })
        .collect()
}

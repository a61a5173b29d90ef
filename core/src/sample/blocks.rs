//! Typed building blocks of scripts: the steps a PZK and a family's ZZK go through, as
//! [`Command`] values built from the model's own types. The sample data ([`super`]) and the CLI's
//! demo story write their commands with them, so that a renamed field or code is a compile error
//! in both rather than a command that fails to decode at run time.
//!
//! A block that is one command returns it; a block of several commands writes them into a
//! [`Script`], whose clock times each one.

use super::Script;
use crate::basket::{Provider, ServiceInput, ServiceOrigin, TargetGroups};
use crate::classification::{Area, InstitutionProfile, Ministry, Sector, TerritorialLevel};
use crate::command::Command;
use crate::consent::{ConsentCapacity, ConsentForm, ConsentScope};
use crate::evaluation::{EndOfWorkSurvey, FamilyEvaluation, SupportContinuation, SurveyForm};
use crate::ids::*;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::{MonitoringEntry, MonitoringSource, Period};
use crate::partnership::{InitiationStep, RulesOfProcedure};
use crate::plan::{GoalInput, PlanInput, Responsible, TaskInput, TaskStatus};
use crate::readiness::ReadinessCondition;
use crate::zzk::{
    ClientInput, ClientKind, ClosureReason, ReturnGround, SocialWorkPhase, SuspensionGround,
};
use chrono::{Datelike, NaiveDate};

/// The profile of an institution that works in one area of cooperation.
pub fn profile(
    name: &str,
    area: Area,
    ministry: Ministry,
    sector: Sector,
    level: TerritorialLevel,
) -> InstitutionProfile {
    InstitutionProfile {
        name: name.to_owned(),
        areas: vec![area],
        ministry,
        sector,
        level,
    }
}

/// A service provided by a member of the PZK.
pub fn by_member(member_id: &str) -> Provider {
    Provider::Member {
        member_id: MemberId::from(member_id),
    }
}

/// The terms a PZK writes on its service cards (karty usług): how the services are reached and
/// when the cards were checked. One set of terms makes cards that differ only in what they say
/// of the service itself.
#[derive(Debug, Clone)]
pub struct CardTerms<'a> {
    /// How a person is referred to a service.
    pub access_conditions: &'a str,
    /// Who to contact.
    pub contact_person: &'a str,
    /// When the cards were checked.
    pub verified_on: NaiveDate,
}

impl CardTerms<'_> {
    /// A simple service (no components) in one area, for persons and families of any age.
    pub fn service(
        &self,
        name: &str,
        description: &str,
        provider: Provider,
        origin: ServiceOrigin,
        area: Area,
    ) -> ServiceInput {
        ServiceInput {
            name: name.to_owned(),
            description: description.to_owned(),
            kind: crate::basket::ServiceKind::Simple,
            components: Vec::new(),
            provider,
            origin,
            areas: vec![area],
            target: TargetGroups {
                persons: true,
                families: true,
                groups: false,
                age_min: None,
                age_max: None,
            },
            access_conditions: self.access_conditions.to_owned(),
            contact_person: self.contact_person.to_owned(),
            verified_on: self.verified_on,
        }
    }
}

/// A PZK as a script writes to it: its id, and its network coordinator (pracownik ds. sieci), who
/// takes the minutes of its meetings and keeps the ZZK registry.
#[derive(Debug, Clone)]
pub struct Pzk {
    /// The PZK.
    pub id: PartnershipId,
    /// Its network coordinator.
    pub coordinator: PersonRef,
}

/// What a PZK is opened with (stage 1 up to its initiating meeting).
#[derive(Debug, Clone)]
pub struct Opening<'a> {
    /// The PZK's name.
    pub name: &'a str,
    /// The area it covers.
    pub coverage: &'a str,
    /// The OPS's member id.
    pub ops_member_id: &'a str,
    /// The OPS's profile.
    pub ops_profile: InstitutionProfile,
    /// The date of the mayor's authorisation.
    pub authorised_on: NaiveDate,
    /// The number of the authorisation, if any.
    pub reference: Option<&'a str>,
    /// The institutions invited, with their profiles.
    pub members: Vec<(&'a str, InstitutionProfile)>,
}

/// How a PZK is formalised once its formalising meeting is held (stage 2).
#[derive(Debug, Clone, Copy)]
pub struct Formalisation<'a> {
    /// The members that sign a declaration of accession.
    pub declarations: &'a [&'a str],
    /// The members that take part without a declaration (flexible formalisation).
    pub participations: &'a [&'a str],
    /// The actions of the annual plan.
    pub actions: &'a [&'a str],
}

impl Pzk {
    /// The PZK `id` with the network coordinator `coordinator`.
    pub fn new(id: &str, coordinator: &str) -> Self {
        Self {
            id: PartnershipId::from(id),
            coordinator: PersonRef::from(coordinator),
        }
    }

    /// Stage 1 up to the initiating meeting: the registration, the mayor's authorisation, every
    /// obligatory implementation condition met, steps 1.1–1.3 and the invitations.
    pub fn open(&self, s: &mut Script, opening: Opening<'_>) {
        s.push(Command::RegisterPartnership {
            partnership_id: self.id.clone(),
            name: opening.name.to_owned(),
            coverage: opening.coverage.to_owned(),
            ops_member_id: MemberId::from(opening.ops_member_id),
            ops_profile: opening.ops_profile,
        });
        s.push(Command::RecordMayorAuthorisation {
            partnership_id: self.id.clone(),
            authorised_on: opening.authorised_on,
            reference: opening.reference.map(str::to_owned),
        });
        for condition in ReadinessCondition::ALL.iter().filter(|c| c.is_obligatory()) {
            s.push(Command::RecordReadiness {
                partnership_id: self.id.clone(),
                condition: *condition,
                met: true,
            });
        }
        s.extend(self.initiation_steps(&[
            InitiationStep::Preparation,
            InitiationStep::RopsInformed,
            InitiationStep::InitiatingMeetingOrganised,
        ]));
        for (member_id, profile) in opening.members {
            s.push(Command::InviteMember {
                partnership_id: self.id.clone(),
                member_id: MemberId::from(member_id),
                profile,
                representative: None,
            });
        }
    }

    /// Steps of stage 1 completed, in the order given.
    pub fn initiation_steps(&self, steps: &[InitiationStep]) -> Vec<Command> {
        steps
            .iter()
            .map(|step| Command::CompleteInitiationStep {
                partnership_id: self.id.clone(),
                step: *step,
            })
            .collect()
    }

    /// A meeting held in person, whose minutes (the note `minutes`) the coordinator takes and reads
    /// out, and which approves the minutes of the meetings `approves`.
    pub fn meeting(
        &self,
        meeting_id: &str,
        kind: PzkMeetingKind,
        held_on: NaiveDate,
        minutes: &str,
        approves: &[&str],
    ) -> Command {
        Command::HoldPzkMeeting {
            partnership_id: self.id.clone(),
            meeting_id: MeetingId::from(meeting_id),
            kind,
            held_on,
            minutes_by: self.coordinator.clone(),
            minutes: NoteRef::from(minutes),
            minutes_read_out: true,
            remote: false,
            attending: Vec::new(),
            approves_minutes_of: approves.iter().map(|m| MeetingId::from(*m)).collect(),
            chair: None,
            venue: None,
        }
    }

    /// A service added to the local basket.
    pub fn add_service(&self, service_id: &str, reason: &str, service: ServiceInput) -> Command {
        Command::AddService {
            partnership_id: self.id.clone(),
            service_id: ServiceId::from(service_id),
            service,
            reason: reason.to_owned(),
        }
    }

    /// A member's agreement to take part without a declaration.
    pub fn record_participation(&self, member_id: &str) -> Command {
        Command::RecordParticipation {
            partnership_id: self.id.clone(),
            member_id: MemberId::from(member_id),
        }
    }

    /// Stage 2 after the formalising meeting: the declarations and participations, the
    /// coordinator appointed (keeping the registry), the default rules of procedure, the basket
    /// presented, the annual plan for the year of its adoption, and operation.
    pub fn formalise(&self, s: &mut Script, formalisation: Formalisation<'_>) {
        for member_id in formalisation.declarations {
            s.push(Command::SignDeclaration {
                partnership_id: self.id.clone(),
                member_id: MemberId::from(*member_id),
                declared_services: Vec::new(),
            });
        }
        for member_id in formalisation.participations {
            s.push(self.record_participation(member_id));
        }
        s.push(Command::AppointCoordinator {
            partnership_id: self.id.clone(),
            coordinator: self.coordinator.clone(),
            keeps_registry: true,
        });
        s.push(Command::AdoptRulesOfProcedure {
            partnership_id: self.id.clone(),
            rules: RulesOfProcedure::default(),
        });
        s.push(Command::PresentBasket {
            partnership_id: self.id.clone(),
        });
        let year = s.today().year();
        s.push(Command::AdoptAnnualPlan {
            partnership_id: self.id.clone(),
            year,
            actions: formalisation
                .actions
                .iter()
                .map(|a| (*a).to_owned())
                .collect(),
        });
        s.push(Command::StartOperating {
            partnership_id: self.id.clone(),
        });
    }
}

/// A family of the people `household` (their personal-data records' ids).
pub fn family(household: &[&str]) -> ClientInput {
    client(ClientKind::Family, household)
}

/// One person, `person` (a personal-data record's id).
pub fn person(person: &str) -> ClientInput {
    client(ClientKind::Person, &[person])
}

fn client(kind: ClientKind, household: &[&str]) -> ClientInput {
    ClientInput {
        kind,
        household: household.iter().map(|p| PersonRef::from(*p)).collect(),
        group_kind: None,
        birth_years: Vec::new(),
    }
}

/// What a consent covers: ZZK work, information shared with the members `share_with`, and, if
/// `evaluation`, taking part in the evaluation.
pub fn consent_scope(share_with: &[&str], evaluation: bool) -> ConsentScope {
    ConsentScope {
        zzk_work: true,
        share_with: share_with.iter().map(|m| MemberId::from(*m)).collect(),
        evaluation,
        share_with_guests: Vec::new(),
    }
}

/// A specific goal of a plan.
pub fn goal(goal_id: &str, title: &str) -> GoalInput {
    GoalInput {
        goal_id: GoalId::from(goal_id),
        title: title.to_owned(),
    }
}

/// A task of a plan, serving the goal `goal_id`.
pub fn task(
    task_id: &str,
    goal_id: &str,
    title: &str,
    responsible: Responsible,
    deadline: NaiveDate,
) -> TaskInput {
    TaskInput {
        task_id: TaskId::from(task_id),
        goal_id: GoalId::from(goal_id),
        title: title.to_owned(),
        responsible,
        deadline,
    }
}

/// A task's member of the ZZK responsible for it.
pub fn responsible_member(zzk_member_id: &str) -> Responsible {
    Responsible::Member {
        zzk_member_id: ZzkMemberId::from(zzk_member_id),
    }
}

/// A task's progress in a monitoring period, with no further information.
pub fn progress(task_id: &str, status: TaskStatus) -> MonitoringEntry {
    MonitoringEntry {
        task_id: TaskId::from(task_id),
        status,
        info: None,
    }
}

/// The end-of-work evaluation in its simple form: three questions.
pub fn simple_survey(most_valuable: &str, weak_points: &str, suggestions: &str) -> EndOfWorkSurvey {
    EndOfWorkSurvey {
        most_valuable: most_valuable.to_owned(),
        weak_points: weak_points.to_owned(),
        suggestions: suggestions.to_owned(),
        form: SurveyForm::SimpleSurvey,
    }
}

/// A family's ZZK case as a script writes to it: its id, its PZK and its social worker (the case
/// manager).
#[derive(Debug, Clone)]
pub struct Case {
    /// The ZZK.
    pub id: ZzkId,
    /// The PZK it works in.
    pub partnership: PartnershipId,
    /// The social worker who reports the need and manages the case.
    pub social_worker: PersonRef,
}

/// Stage 1.1 of a case, from the need reported to the proposal of ZZK work.
#[derive(Debug, Clone)]
pub struct Recognition<'a> {
    /// Who needs support.
    pub client: ClientInput,
    /// The date of the community interview.
    pub interview_on: NaiveDate,
    /// The note of the initial diagnosis.
    pub diagnosis: &'a str,
    /// The note of the grounds for ZZK work.
    pub grounds: &'a str,
    /// The first list of potential partners (members of the PZK).
    pub partners: &'a [&'a str],
}

/// A ZZK meeting's identity: its id and the note of its minutes.
#[derive(Debug, Clone, Copy)]
pub struct ZzkMeeting<'a> {
    /// The meeting.
    pub id: &'a str,
    /// The note of its minutes.
    pub minutes: &'a str,
}

impl Case {
    /// The case `id` in the PZK `partnership`, managed by `social_worker`.
    pub fn new(id: &str, partnership: &str, social_worker: &str) -> Self {
        Self {
            id: ZzkId::from(id),
            partnership: PartnershipId::from(partnership),
            social_worker: PersonRef::from(social_worker),
        }
    }

    /// Stage 1.1 up to the proposal: the need reported, the helping relationship, the interview,
    /// the grounds and the proposal of ZZK work.
    pub fn recognise_need(&self, s: &mut Script, recognition: Recognition<'_>) {
        s.push(Command::ReportNeed {
            zzk_id: self.id.clone(),
            partnership_id: self.partnership.clone(),
            client: recognition.client,
            social_worker: self.social_worker.clone(),
        });
        s.push(Command::EstablishHelpingRelationship {
            zzk_id: self.id.clone(),
        });
        s.push(Command::RecordInitialDiagnosis {
            zzk_id: self.id.clone(),
            interview_on: recognition.interview_on,
            diagnosis: NoteRef::from(recognition.diagnosis),
        });
        s.push(Command::RecordGrounds {
            zzk_id: self.id.clone(),
            grounds: NoteRef::from(recognition.grounds),
            potential_partners: recognition
                .partners
                .iter()
                .map(|m| MemberId::from(*m))
                .collect(),
        });
        s.push(Command::ProposeZzkWork {
            zzk_id: self.id.clone(),
        });
    }

    /// The consent given by an adult member of the family, `given_by`, covering `scope`.
    pub fn family_consent(
        &self,
        consent_id: &str,
        given_by: &str,
        form: ConsentForm,
        scope: ConsentScope,
        valid_until: Option<NaiveDate>,
    ) -> Command {
        Command::GiveConsent {
            zzk_id: self.id.clone(),
            consent_id: ConsentId::from(consent_id),
            given_by: PersonRef::from(given_by),
            capacity: ConsentCapacity::AdultFamilyMember,
            form,
            scope,
            valid_until,
        }
    }

    /// The decision to appoint the ZZK at the phase `phase` of social work.
    pub fn appoint(&self, phase: SocialWorkPhase) -> Command {
        Command::AppointZzk {
            zzk_id: self.id.clone(),
            phase,
        }
    }

    /// A worker of the member institution `member_id` added to the ZZK in the role `role`.
    pub fn add_member(
        &self,
        zzk_member_id: &str,
        member_id: &str,
        worker: &str,
        role: &str,
    ) -> Command {
        Command::AddZzkMember {
            zzk_id: self.id.clone(),
            zzk_member_id: ZzkMemberId::from(zzk_member_id),
            member_id: MemberId::from(member_id),
            worker: PersonRef::from(worker),
            role: role.to_owned(),
        }
    }

    /// The invitation to the first meeting, planned on `planned_on`.
    pub fn invite_to_first_meeting(&self, planned_on: NaiveDate) -> Command {
        Command::InviteToFirstMeeting {
            zzk_id: self.id.clone(),
            planned_on,
        }
    }

    /// A meeting held in person, without the family's representative and without an assessment;
    /// a first meeting adopts `plan`.
    pub fn meeting(
        &self,
        meeting: ZzkMeeting<'_>,
        kind: ZzkMeetingKind,
        held_on: NaiveDate,
        family_present: bool,
        plan: Option<PlanInput>,
    ) -> Command {
        Command::HoldZzkMeeting {
            zzk_id: self.id.clone(),
            meeting_id: MeetingId::from(meeting.id),
            kind,
            held_on,
            family_present,
            representative_present: false,
            attending: Vec::new(),
            remote: false,
            minutes: NoteRef::from(meeting.minutes),
            assessment: None,
            plan,
            project: None,
            moderator: None,
            minutes_by: None,
            venue: None,
            relatives: Vec::new(),
        }
    }

    /// A local-basket service added to the individual basket for the task `task_id`.
    pub fn add_basket_item(&self, item_id: &str, service_id: &str, task_id: &str) -> Command {
        Command::AddBasketItem {
            zzk_id: self.id.clone(),
            item_id: BasketItemId::from(item_id),
            service_id: ServiceId::from(service_id),
            task_id: Some(TaskId::from(task_id)),
        }
    }

    /// The tasks' progress in the month `period`.
    pub fn monitoring(
        &self,
        period: Period,
        source: MonitoringSource,
        entries: Vec<MonitoringEntry>,
    ) -> Command {
        Command::RecordMonitoring {
            zzk_id: self.id.clone(),
            period,
            source,
            entries,
            project_id: None,
        }
    }

    /// The work suspended on `ground`, to be reviewed on `review_on`, with the note `details`.
    pub fn suspend(
        &self,
        ground: SuspensionGround,
        review_on: NaiveDate,
        details: Option<&str>,
    ) -> Command {
        Command::SuspendZzk {
            zzk_id: self.id.clone(),
            ground,
            review_on,
            details: details.map(NoteRef::from),
            suspended_on: None,
        }
    }

    /// The return to the work after a suspension.
    pub fn resume(&self, ground: ReturnGround) -> Command {
        Command::ResumeZzk {
            zzk_id: self.id.clone(),
            ground,
        }
    }

    /// The obligatory end-of-work evaluation.
    pub fn end_of_work_evaluation(&self, evaluation_id: &str, survey: EndOfWorkSurvey) -> Command {
        Command::RecordEndOfWorkEvaluation {
            zzk_id: self.id.clone(),
            evaluation_id: EvaluationId::from(evaluation_id),
            survey,
        }
    }

    /// The evaluation of the effects with the family, held on `held_on`: its notes are named
    /// after the evaluation's id (`{id}-changes`, `{id}-gains`, `{id}-teamwork`, and
    /// `{id}-answers` when the family gives its own answers).
    pub fn family_evaluation(
        &self,
        evaluation_id: &str,
        held_on: NaiveDate,
        continuation: SupportContinuation,
        family_answers: bool,
    ) -> Command {
        let note = |part: &str| NoteRef::from(format!("{evaluation_id}-{part}").as_str());
        Command::RecordFamilyEvaluation {
            zzk_id: self.id.clone(),
            evaluation_id: EvaluationId::from(evaluation_id),
            held_on,
            evaluation: FamilyEvaluation {
                situation_changes: note("changes"),
                family_gains: note("gains"),
                continuation,
                teamwork: note("teamwork"),
                family_answers: family_answers.then(|| note("answers")),
            },
        }
    }

    /// The work closed for `reason`, with the family's situation monitored until `monitor_until`.
    pub fn close(&self, reason: ClosureReason, monitor_until: Option<NaiveDate>) -> Command {
        Command::CloseZzk {
            zzk_id: self.id.clone(),
            reason,
            monitor_until,
            family_absent: None,
        }
    }

    /// The end of post-support monitoring.
    pub fn end_post_support_monitoring(&self) -> Command {
        Command::EndPostSupportMonitoring {
            zzk_id: self.id.clone(),
        }
    }
}

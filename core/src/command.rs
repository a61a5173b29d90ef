//! Commands: what a host system asks the model to do. A command is decided against the current
//! state and yields events or a typed error; it never changes state by itself.
//!
//! JSON form: `{"at": "2026-03-02T09:00:00Z", "actor": "ops-head", "command": {"type": "…", …}}`,
//! with an optional `"command_id"` (see [`CommandEnvelope::command_id`]).

use crate::basket::{ServiceInput, ServiceStatus};
use crate::classification::Area;
use crate::classification::InstitutionProfile;
use crate::consent::{ConsentCapacity, ConsentForm, ConsentScope};
use crate::evaluation::{Achievement, EndOfWorkSurvey, PzkGoal, QuestionnaireKind};
use crate::event::StreamId;
use crate::ids::*;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::{MonitoringEntry, MonitoringSource, Period};
use crate::partnership::{InitiationStep, RequestKind, RulesOfProcedure};
use crate::plan::{GoalEvaluation, PlanInput, ProjectInput, Responsible, SituationArea};
use crate::readiness::ReadinessCondition;
use crate::zzk::{
    ClientInput, ClosureReason, RepresentativeCapacity, ReturnGround, SocialWorkPhase,
    SuspensionGround,
};
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A command with the time it is issued at and who issues it. The library has no clock: `at` is the
/// moment the host says the act happened, and becomes the time of every event it yields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct CommandEnvelope {
    /// When the act happens (UTC).
    #[serde(deserialize_with = "crate::decode::utc")]
    pub at: DateTime<Utc>,
    /// Who issues the command (a user of the host system).
    pub actor: ActorId,
    /// The command itself.
    pub command: Command,
    /// The host's id of this command, if it gives one: carried into every event the command
    /// yields, so that a store recognises a retried append of the same command and answers with
    /// the original result instead of writing it twice. Optional; absent from the JSON when none.
    /// Last, so that positional constructors of the mobile bindings (`CommandEnvelope(at, actor,
    /// command)`) keep working with it left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub command_id: Option<CommandId>,
}

/// Defines [`Command`] from one list of its variants, grouped by the stream they act on (a PZK's or
/// a ZZK's) and, within it, by the concept whose rules decide them. Everything else about a
/// variant is derived from that one declaration, so that the compiler counts the rest:
///
/// - the stream it acts on ([`Command::stream`]) and its type code ([`Command::type_code`]);
/// - the visit of its fields against the bounds every command keeps ([`crate::bounds`]);
/// - its routing ([`Command::route`]): a borrowed twin of each group, which the concept's
///   `decide` matches exhaustively, so a new command that no rule decides is a compile error;
/// - its decoding form: an externally tagged twin that serde decodes without buffering, as
///   [`crate::event::Event`]'s (see [`crate::decode`]). Without the `fast-decode` feature,
///   `Command` derives serde's own decoder.
macro_rules! commands {
    (
        partnership($pid:ident : $pid_ty:ty) {$(
            $(#[$pg_meta:meta])*
            $pg:ident {$(
                $(#[$pv_meta:meta])*
                $pv:ident { $($(#[$pf_meta:meta])* $pf:ident : $pf_ty:ty),* $(,)? }
            ),* $(,)?}
        )*}
        zzk($zid:ident : $zid_ty:ty) {$(
            $(#[$zg_meta:meta])*
            $zg:ident {$(
                $(#[$zv_meta:meta])*
                $zv:ident { $($(#[$zf_meta:meta])* $zf:ident : $zf_ty:ty),* $(,)? }
            ),* $(,)?}
        )*}
    ) => {
        /// Everything the model can be asked to do, across the three levels: PZK, basket, ZZK.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        #[cfg_attr(not(feature = "fast-decode"), derive(Deserialize))]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        #[allow(missing_docs)] // fields are documented on the events they produce
        pub enum Command {
            $($(
                $(#[$pv_meta])*
                $pv { $($(#[$pf_meta])* $pf: $pf_ty),* },
            )*)*
            $($(
                $(#[$zv_meta])*
                $zv { $($(#[$zf_meta])* $zf: $zf_ty),* },
            )*)*
        }

        impl Command {
            /// Visits every field against the bounds every command keeps ([`crate::bounds`]).
            pub(crate) fn bounds(&self, walk: &mut crate::bounds::Walk) {
                match self {
                    $($(Command::$pv { $($pf),* } => {
                        $( crate::bounds::Bounded::bounds($pf, stringify!($pf), walk); )*
                    })*)*
                    $($(Command::$zv { $($zf),* } => {
                        $( crate::bounds::Bounded::bounds($zf, stringify!($zf), walk); )*
                    })*)*
                }
            }

            /// The stream the command acts on: the PZK's, or the ZZK's.
            pub fn stream(&self) -> StreamId {
                match self {
                    $($(Command::$pv { $pid, .. } => StreamId::Partnership($pid.clone()),)*)*
                    $($(Command::$zv { $zid, .. } => StreamId::Zzk($zid.clone()),)*)*
                }
            }

            /// The command's type code, the `"type"` of its JSON form (`"close_zzk"`).
            pub fn type_code(&self) -> &'static str {
                match self {
                    $($(Command::$pv { .. } => crate::naming::snake_case!($pv),)*)*
                    $($(Command::$zv { .. } => crate::naming::snake_case!($zv),)*)*
                }
            }

            /// The command as its stream and the borrowed twin of its group (see [`route`]).
            pub(crate) fn route(&self) -> route::Route<'_> {
                match self {
                    $($(Command::$pv { $($pf),* } => route::Route::Partnership(
                        $pid,
                        route::PzkRoute::$pg(route::$pg::$pv { $($pf),* }),
                    ),)*)*
                    $($(Command::$zv { $($zf),* } => route::Route::Zzk(
                        $zid,
                        route::ZzkRoute::$zg(route::$zg::$zv { $($zf),* }),
                    ),)*)*
                }
            }
        }

        /// The commands by stream and concept, borrowed from a [`Command`]: what each concept's
        /// `decide` takes and matches exhaustively. Each group's `id` is its stream's id.
        pub(crate) mod route {
            #![allow(dead_code)] // a rule reads the fields it needs
            // Variants keep the names of the commands they stand for.
            #![allow(clippy::enum_variant_names)]
            use super::*;

            $(
                $(#[$pg_meta])*
                pub(crate) enum $pg<'a> {$(
                    $pv { $($pf: &'a $pf_ty),* },
                )*}

                impl<'a> $pg<'a> {
                    /// The id of the PZK the command acts on.
                    pub(crate) fn id(&self) -> &'a $pid_ty {
                        match self {$( $pg::$pv { $pid, .. } => $pid, )*}
                    }
                }
            )*
            $(
                $(#[$zg_meta])*
                pub(crate) enum $zg<'a> {$(
                    $zv { $($zf: &'a $zf_ty),* },
                )*}

                impl<'a> $zg<'a> {
                    /// The id of the ZZK the command acts on.
                    pub(crate) fn id(&self) -> &'a $zid_ty {
                        match self {$( $zg::$zv { $zid, .. } => $zid, )*}
                    }
                }
            )*

            /// A command on a PZK's stream, by concept.
            pub(crate) enum PzkRoute<'a> {$( $pg($pg<'a>), )*}

            /// A command on a ZZK's stream, by concept.
            pub(crate) enum ZzkRoute<'a> {$( $zg($zg<'a>), )*}

            /// A command by stream (with the stream's id) and concept.
            pub(crate) enum Route<'a> {
                /// On a PZK's stream.
                Partnership(&'a $pid_ty, PzkRoute<'a>),
                /// On a ZZK's stream.
                Zzk(&'a $zid_ty, ZzkRoute<'a>),
            }
        }

        /// [`Command`] in the externally tagged form, `{"close_zzk": {…}}`: what the decoder
        /// hands the fields to once it has read the tag.
        #[cfg(feature = "fast-decode")]
        mod wire {
            use super::*;

            #[derive(Deserialize)]
            #[serde(rename_all = "snake_case", deny_unknown_fields)]
            #[allow(missing_docs)]
            pub(super) enum Wire {
                $($( $pv { $($(#[$pf_meta])* $pf: $pf_ty),* }, )*)*
                $($( $zv { $($(#[$zf_meta])* $zf: $zf_ty),* }, )*)*
            }

            impl From<Wire> for Command {
                fn from(wire: Wire) -> Self {
                    match wire {
                        $($( Wire::$pv { $($pf),* } => Command::$pv { $($pf),* }, )*)*
                        $($( Wire::$zv { $($zf),* } => Command::$zv { $($zf),* }, )*)*
                    }
                }
            }
        }
    };
}

commands! {
    partnership(partnership_id: PartnershipId) {
        /// The registration of a PZK, which opens its stream.
        PzkOpening {
            /// Registers the OPS's intent to form a PZK (the OPS becomes its leader and first member).
            RegisterPartnership {
                partnership_id: PartnershipId,
                name: String,
                /// Area covered: the whole gmina or part of it (an estate, a district).
                coverage: String,
                ops_member_id: MemberId,
                ops_profile: InstitutionProfile,
            },
        }
        /// Stage 1: the mayor's authorisation, readiness and the initiation steps.
        Initiation {
            /// Records the mayor's acceptance and authorisation of the OPS (tool 4): the precondition of stage 1.
            RecordMayorAuthorisation {
                partnership_id: PartnershipId,
                authorised_on: NaiveDate,
                /// Number of the authorisation, ordinance or council resolution, if any.
                #[serde(default)]
                reference: Option<String>,
            },
            /// Records an implementation condition as met or not met.
            RecordReadiness {
                partnership_id: PartnershipId,
                condition: ReadinessCondition,
                met: bool,
            },
            /// Completes a step of stage 1 (1.1–1.6), in order.
            CompleteInitiationStep {
                partnership_id: PartnershipId,
                step: InitiationStep,
            },
        }
        /// Who belongs to the PZK: invitations, participation, declarations, departures.
        Membership {
            /// Invites an institution to the PZK (or re-invites one that left).
            InviteMember {
                partnership_id: PartnershipId,
                member_id: MemberId,
                profile: InstitutionProfile,
                /// The director/manager or authorised representative.
                #[serde(default)]
                representative: Option<PersonRef>,
            },
            /// Records a partner's agreement to take part without a signed declaration (flexible formalisation).
            RecordParticipation {
                partnership_id: PartnershipId,
                member_id: MemberId,
            },
            /// Records a signed declaration of accession (tool 8).
            SignDeclaration {
                partnership_id: PartnershipId,
                member_id: MemberId,
                /// Services of the basket the declaration confirms.
                #[serde(default)]
                declared_services: Vec<ServiceId>,
            },
            /// Records that a member left the PZK.
            RecordMemberLeft {
                partnership_id: PartnershipId,
                member_id: MemberId,
                reason: String,
            },
        }
        /// The network coordinators (pracownicy ds. sieci).
        Coordinators {
            /// Appoints a network coordinator (pracownik ds. sieci).
            AppointCoordinator {
                partnership_id: PartnershipId,
                coordinator: PersonRef,
                keeps_registry: bool,
            },
            /// Ends a coordinator's appointment.
            DismissCoordinator {
                partnership_id: PartnershipId,
                coordinator: PersonRef,
            },
        }
        /// The PZK's meetings and their minutes.
        PzkMeetings {
            /// Records a PZK meeting with its minutes.
            HoldPzkMeeting {
                partnership_id: PartnershipId,
                meeting_id: MeetingId,
                kind: PzkMeetingKind,
                held_on: NaiveDate,
                minutes_by: PersonRef,
                minutes: NoteRef,
                minutes_read_out: bool,
                #[serde(default)]
                remote: bool,
                #[serde(default)]
                attending: Vec<MemberId>,
                /// Earlier meetings whose minutes this meeting approves at its start.
                #[serde(default)]
                approves_minutes_of: Vec<MeetingId>,
            },
        }
        /// Stage 2: rules of procedure, the basket presented, the annual plan, operation.
        Formalisation {
            /// Adopts (or amends) the framework rules of procedure (tool 9).
            AdoptRulesOfProcedure {
                partnership_id: PartnershipId,
                rules: RulesOfProcedure,
            },
            /// Records that the local basket was presented at the formalising meeting.
            PresentBasket { partnership_id: PartnershipId },
            /// Adopts the annual action plan for a year.
            AdoptAnnualPlan {
                partnership_id: PartnershipId,
                year: i32,
                actions: Vec<String>,
            },
            /// Moves a formalised PZK into operation (stage 3).
            StartOperating { partnership_id: PartnershipId },
        }
        /// Requests to extend the PZK or its basket.
        Requests {
            /// Files a request to extend the PZK's composition or the basket.
            FileRequest {
                partnership_id: PartnershipId,
                request_id: RequestId,
                kind: RequestKind,
                scope: String,
                content: String,
                #[serde(default)]
                zzk_id: Option<ZzkId>,
            },
            /// Accepts or rejects a request (a rejection needs a reason).
            DecideRequest {
                partnership_id: PartnershipId,
                request_id: RequestId,
                accepted: bool,
                #[serde(default)]
                reason: Option<String>,
            },
        }
        /// Consultations, conflicts and refusals to cooperate.
        Mediation {
            /// Records a consultation given by the network coordinator to a ZZK.
            RecordConsultation {
                partnership_id: PartnershipId,
                consultation_id: ConsultationId,
                zzk_id: ZzkId,
                topic: String,
                #[serde(default)]
                supervision_needed: bool,
            },
            /// Raises a problem or conflict for mediation by PZK members.
            RaiseConflict {
                partnership_id: PartnershipId,
                conflict_id: ConflictId,
                summary: String,
                #[serde(default)]
                zzk_id: Option<ZzkId>,
            },
            /// Records how a conflict was resolved.
            ResolveConflict {
                partnership_id: PartnershipId,
                conflict_id: ConflictId,
                resolution: String,
            },
            /// Reports that a partner's worker refused to cooperate in a ZZK.
            ReportRefusal {
                partnership_id: PartnershipId,
                refusal_id: RefusalId,
                zzk_id: ZzkId,
                member_id: MemberId,
                worker: PersonRef,
            },
            /// Records that PZK members were informed of a refusal.
            InformMembersOfRefusal {
                partnership_id: PartnershipId,
                refusal_id: RefusalId,
            },
        }
        /// The evaluation of the PZK.
        PzkEvaluation {
            /// Records an evaluation of the PZK.
            RecordPzkEvaluation {
                partnership_id: PartnershipId,
                evaluation_id: EvaluationId,
                external: bool,
                main_goal: Achievement,
                #[serde(default)]
                specific_goals: BTreeMap<PzkGoal, Achievement>,
                #[serde(default)]
                report: Option<NoteRef>,
            },
        }
        /// The local basket of services (lokalny koszyk usług).
        Basket {
            /// Adds a service to the local basket.
            AddService {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                service: ServiceInput,
                reason: String,
            },
            /// Replaces a service's description (a new version).
            ReviseService {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                service: ServiceInput,
                reason: String,
            },
            /// Changes a service's status (active, temporarily unavailable, withdrawn).
            ChangeServiceStatus {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                status: ServiceStatus,
                reason: String,
            },
            /// Confirms a service is still provided as described.
            VerifyService {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                verified_on: NaiveDate,
            },
        }
    }
    zzk(zzk_id: ZzkId) {
        /// The reported need, which opens a case's stream.
        ZzkOpening {
            /// 1.1(1): a person/family reports a need; opens the case.
            ReportNeed {
                zzk_id: ZzkId,
                partnership_id: PartnershipId,
                client: ClientInput,
                social_worker: PersonRef,
            },
        }
        /// Stage 1.1: from the helping relationship to the proposal of ZZK work.
        Recruitment {
            /// 1.1(2): a helping relationship is established.
            EstablishHelpingRelationship { zzk_id: ZzkId },
            /// 1.1(3): the community interview gives an initial diagnosis.
            RecordInitialDiagnosis {
                zzk_id: ZzkId,
                interview_on: NaiveDate,
                diagnosis: NoteRef,
            },
            /// 1.1(4): grounds for choosing ZZK work and the first list of potential partners.
            RecordGrounds {
                zzk_id: ZzkId,
                grounds: NoteRef,
                potential_partners: Vec<MemberId>,
            },
            /// 1.1(5): ZZK work is proposed to the person/family.
            ProposeZzkWork { zzk_id: ZzkId },
            /// Names a representative or carer who may act for the person/family.
            AppointRepresentative {
                zzk_id: ZzkId,
                person: PersonRef,
                capacity: RepresentativeCapacity,
            },
        }
        /// The family's consents (tool 14).
        Consent {
            /// 1.1(6): consent given (tool 14), or renewed.
            GiveConsent {
                zzk_id: ZzkId,
                consent_id: ConsentId,
                given_by: PersonRef,
                capacity: ConsentCapacity,
                form: ConsentForm,
                scope: ConsentScope,
                #[serde(default)]
                valid_until: Option<NaiveDate>,
            },
            /// 1.1(6): consent refused.
            RefuseConsent {
                zzk_id: ZzkId,
                refused_by: PersonRef,
                capacity: ConsentCapacity,
            },
            /// Withdraws a consent: the ZZK is suspended at once.
            WithdrawConsent {
                zzk_id: ZzkId,
                consent_id: ConsentId,
                review_on: NaiveDate,
            },
        }
        /// The appointment of the ZZK (decyzja o powołaniu) and its entry in the registry.
        Appointment {
            /// 1.2: the decision to appoint the ZZK; the coordinator enters it in the registry.
            AppointZzk {
                zzk_id: ZzkId,
                phase: SocialWorkPhase,
            },
        }
        /// The ZZK's members and guests, and the invitation to its first meeting.
        Team {
            /// Adds a worker of a member institution to the ZZK (invitation, tool 17).
            AddZzkMember {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                member_id: MemberId,
                worker: PersonRef,
                role: String,
            },
            /// Invites an outside specialist as a guest (not a member).
            AddGuest {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                worker: PersonRef,
                institution: String,
                role: String,
            },
            /// Removes a member or guest from the ZZK.
            RemoveZzkMember {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                reason: String,
            },
            /// Invites the partners and the family to the first meeting.
            InviteToFirstMeeting {
                zzk_id: ZzkId,
                planned_on: NaiveDate,
            },
        }
        /// The release of a consultation's minutes to the person/family.
        MinutesRelease {
            /// Releases a consultation meeting's minutes to the person/family: a consultation is held
            /// without them, and its minutes are not shown to them until the case manager releases them.
            ReleaseConsultationMinutes {
                zzk_id: ZzkId,
                meeting_id: MeetingId,
            },
        }
        /// The ZZK's meetings, with their minutes and outcome.
        ZzkMeetings {
            /// Records a ZZK meeting. A first meeting carries its outcome: a plan or a social-work project.
            HoldZzkMeeting {
                zzk_id: ZzkId,
                meeting_id: MeetingId,
                kind: ZzkMeetingKind,
                held_on: NaiveDate,
                family_present: bool,
                #[serde(default)]
                representative_present: bool,
                #[serde(default)]
                attending: Vec<ZzkMemberId>,
                #[serde(default)]
                remote: bool,
                minutes: NoteRef,
                /// Periodic assessment of the situation (follow-up meetings).
                #[serde(default)]
                assessment: Option<NoteRef>,
                #[serde(default)]
                plan: Option<PlanInput>,
                #[serde(default)]
                project: Option<ProjectInput>,
            },
        }
        /// The individual plan (plan indywidualny): goals, tasks, the situation and evaluations.
        Plan {
            /// Adopts an individual plan outside a first meeting (e.g. after a social-work project).
            AdoptPlan { zzk_id: ZzkId, plan: PlanInput },
            /// Adds a specific goal to the plan.
            AddGoal {
                zzk_id: ZzkId,
                goal_id: GoalId,
                title: String,
            },
            /// Adds a task to the plan.
            AddTask {
                zzk_id: ZzkId,
                task_id: TaskId,
                goal_id: GoalId,
                title: String,
                responsible: Responsible,
                deadline: NaiveDate,
            },
            /// Changes who is responsible for a task and its deadline.
            ChangeTask {
                zzk_id: ZzkId,
                task_id: TaskId,
                responsible: Responsible,
                deadline: NaiveDate,
            },
            /// Updates the plan's description of the situation in one area (card part A).
            UpdateSituation {
                zzk_id: ZzkId,
                area: SituationArea,
                note: NoteRef,
            },
            /// Card part C: evaluation per goal and of the main goal.
            EvaluatePlan {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                goals: Vec<GoalEvaluation>,
                main_goal: Achievement,
                #[serde(default)]
                next_evaluation_on: Option<NaiveDate>,
            },
        }
        /// The individual basket (indywidualny koszyk usług): local-basket services and unmet needs.
        IndividualBasket {
            /// Adds an active local-basket service to the individual basket.
            AddBasketItem {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                service_id: ServiceId,
                #[serde(default)]
                task_id: Option<TaskId>,
            },
            /// Removes an item from the individual basket.
            RemoveBasketItem {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                reason: String,
            },
            /// Records a need the local basket cannot meet; files a request for the network coordinator.
            RecordUnmetNeed {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                area: Area,
                need: String,
                request_id: RequestId,
            },
        }
        /// Social-work projects (tool 20), possible at any stage.
        Projects {
            /// Starts a social-work project (tool 20), possible at any stage.
            StartSocialWorkProject {
                zzk_id: ZzkId,
                project: ProjectInput,
            },
            /// Ends the running social-work project.
            EndSocialWorkProject {
                zzk_id: ZzkId,
                project_id: ProjectId,
                achievement: Achievement,
            },
        }
        /// Monthly monitoring of the plan's tasks.
        Monitoring {
            /// Records monthly progress of tasks (monitoring form).
            RecordMonitoring {
                zzk_id: ZzkId,
                period: Period,
                source: MonitoringSource,
                entries: Vec<MonitoringEntry>,
            },
        }
        /// Suspension, return, and leaving and returning to the ZZK form.
        Course {
            /// Suspends ZZK work, with grounds and a review date.
            SuspendZzk {
                zzk_id: ZzkId,
                ground: SuspensionGround,
                review_on: NaiveDate,
                #[serde(default)]
                details: Option<NoteRef>,
            },
            /// Returns to ZZK work after a suspension (needs consent in force).
            ResumeZzk { zzk_id: ZzkId, ground: ReturnGround },
            /// Leaves the ZZK form for ordinary OPS social work.
            LeaveZzkForm { zzk_id: ZzkId, reason: String },
            /// Comes back to the ZZK form from ordinary social work (needs consent in force).
            ReturnToZzkForm { zzk_id: ZzkId },
        }
        /// The end-of-work evaluation and questionnaires.
        Evaluation {
            /// Records the obligatory end-of-work evaluation survey of the specialists' cooperation.
            RecordEndOfWorkEvaluation {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                survey: EndOfWorkSurvey,
            },
            /// Records an optional questionnaire (ex-ante, on-going, ex-post) or an in-depth interview.
            RecordQuestionnaire {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                kind: QuestionnaireKind,
                respondent: PersonRef,
                answers: BTreeMap<String, String>,
            },
        }
        /// The closure of the work and post-support monitoring.
        Closure {
            /// Closes the work with the family (needs the end-of-work evaluation).
            CloseZzk {
                zzk_id: ZzkId,
                reason: ClosureReason,
                /// Monitor the family's situation after support ends, until this date.
                #[serde(default)]
                monitor_until: Option<NaiveDate>,
            },
            /// Records an observation of post-support monitoring.
            RecordPostSupportObservation { zzk_id: ZzkId, note: NoteRef },
            /// Ends post-support monitoring.
            EndPostSupportMonitoring { zzk_id: ZzkId },
        }
    }
}

/// Decodes the JSON form `{"type": "…", …}` (see [`crate::decode::internally_tagged`]).
#[cfg(feature = "fast-decode")]
impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::internally_tagged::<D, wire::Wire>(deserializer, "type").map(Command::from)
    }
}

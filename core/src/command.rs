//! Commands: what a host system asks the model to do. A command is decided against the current
//! state and yields events or a typed error; it never changes state by itself.
//!
//! JSON form: `{"at": "2026-03-02T09:00:00Z", "actor": "ops-head", "command": {"type": "…", …}}`,
//! with an optional `"command_id"` (see [`CommandEnvelope::command_id`]).

use crate::basket::{ServiceInput, ServiceStatus};
use crate::classification::Area;
use crate::classification::InstitutionProfile;
use crate::consent::{ConsentCapacity, ConsentForm, ConsentParty, ConsentScope};
use crate::evaluation::{
    Achievement, EndOfWorkSurvey, FamilyAbsence, FamilyEvaluation, PzkGoal, QuestionnaireKind,
};
use crate::event::StreamId;
use crate::id_map::IdMap;
use crate::ids::*;
use crate::meeting::{PzkMeetingKind, ZzkMeetingKind};
use crate::monitoring::{MonitoringEntry, MonitoringSource, Period};
use crate::partnership::{InitiationStep, RequestKind, RulesOfProcedure};
use crate::plan::{
    GoalEvaluation, PlanChange, PlanInput, ProjectInput, Responsible, SituationArea,
};
use crate::readiness::ReadinessCondition;
use crate::zzk::{
    ClientInput, ClosureReason, RepresentativeCapacity, ReturnGround, SocialWorkPhase,
    SuspensionGround, SuspensionReviewOutcome,
};
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

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
///
/// Every field has a doc comment of its own (`missing_docs` holds for them): it is the field's
/// description in the command schema, which the Python docstrings and the TypeScript types show,
/// and uniffi's Kotlin and Swift carry. A field's name says little alone (`title` is a goal's in
/// `add_goal` and a task's in `add_task`), so no binding borrows another struct's description.
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

            /// The command's type, without its fields.
            pub fn command_type(&self) -> CommandType {
                match self {
                    $($(Command::$pv { .. } => CommandType::$pv,)*)*
                    $($(Command::$zv { .. } => CommandType::$zv,)*)*
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

        /// A command's type without its fields: what the policy of who may issue it is declared
        /// on ([`crate::roles`]), so that the policy is a table of every type, checked complete
        /// by the compiler.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum CommandType {
            $($(
                $(#[$pv_meta])*
                $pv,
            )*)*
            $($(
                $(#[$zv_meta])*
                $zv,
            )*)*
        }

        impl CommandType {
            /// Every command type, in the order of their declaration.
            pub const ALL: &'static [CommandType] = &[
                $($(CommandType::$pv,)*)*
                $($(CommandType::$zv,)*)*
            ];

            /// The type code, the `"type"` of the command's JSON form (`"close_zzk"`).
            pub const fn code(self) -> &'static str {
                match self {
                    $($(CommandType::$pv => crate::naming::snake_case!($pv),)*)*
                    $($(CommandType::$zv => crate::naming::snake_case!($zv),)*)*
                }
            }

            /// Whether it acts on a ZZK's stream (otherwise on a PZK's).
            pub const fn on_zzk(self) -> bool {
                match self {
                    $($(CommandType::$pv => false,)*)*
                    $($(CommandType::$zv => true,)*)*
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
                /// The new PZK's id, chosen by the host: it names the PZK's stream.
                partnership_id: PartnershipId,
                /// The PZK's name.
                name: String,
                /// Area covered: the whole gmina or part of it (an estate, a district).
                coverage: String,
                /// The OPS's id as a member: the PZK's leader and first member.
                ops_member_id: MemberId,
                /// Who the OPS is, as the PZK classifies its members.
                ops_profile: InstitutionProfile,
            },
        }
        /// Stage 1: the mayor's authorisation, readiness and the initiation steps.
        Initiation {
            /// Records the mayor's acceptance and authorisation of the OPS (tool 4): the precondition of stage 1.
            RecordMayorAuthorisation {
                /// The PZK authorised.
                partnership_id: PartnershipId,
                /// Date of the authorisation.
                authorised_on: NaiveDate,
                /// Number of the authorisation, ordinance or council resolution, if any.
                #[serde(default)]
                reference: Option<String>,
            },
            /// Records an implementation condition as met or not met.
            RecordReadiness {
                /// The PZK whose readiness is recorded.
                partnership_id: PartnershipId,
                /// The implementation condition.
                condition: ReadinessCondition,
                /// Whether it is met (a later record of the same condition replaces this one).
                met: bool,
            },
            /// Completes a step of stage 1 (1.1–1.6), in order.
            CompleteInitiationStep {
                /// The PZK in initiation.
                partnership_id: PartnershipId,
                /// The step completed: the next one not yet done.
                step: InitiationStep,
            },
        }
        /// Who belongs to the PZK: invitations, participation, declarations, departures.
        Membership {
            /// Invites an institution to the PZK (or re-invites one that left).
            InviteMember {
                /// The PZK inviting.
                partnership_id: PartnershipId,
                /// The institution's id as a member (a new one, or that of a member that left).
                member_id: MemberId,
                /// Who the institution is: its name, areas of cooperation, ministry, sector, level.
                profile: InstitutionProfile,
                /// The director/manager or authorised representative.
                #[serde(default)]
                representative: Option<PersonRef>,
            },
            /// Records a partner's agreement to take part without a signed declaration (flexible formalisation).
            RecordParticipation {
                /// The PZK.
                partnership_id: PartnershipId,
                /// The invited member that agreed to take part.
                member_id: MemberId,
            },
            /// Records a signed declaration of accession (tool 8).
            SignDeclaration {
                /// The PZK acceded to.
                partnership_id: PartnershipId,
                /// The member that signed.
                member_id: MemberId,
                /// Services of the basket the declaration confirms.
                #[serde(default)]
                declared_services: Vec<ServiceId>,
            },
            /// Records that the members were informed of a new accession: a partner whose agreement
            /// was recorded once the PZK operates.
            InformMembersOfAccession {
                /// The PZK.
                partnership_id: PartnershipId,
                /// The member that acceded.
                member_id: MemberId,
            },
            /// Records that a member left the PZK.
            RecordMemberLeft {
                /// The PZK left.
                partnership_id: PartnershipId,
                /// The member that left.
                member_id: MemberId,
                /// Why it left.
                reason: String,
            },
        }
        /// The network coordinators (pracownicy ds. sieci).
        Coordinators {
            /// Appoints a network coordinator (pracownik ds. sieci).
            AppointCoordinator {
                /// The PZK the coordinator serves.
                partnership_id: PartnershipId,
                /// The person appointed.
                coordinator: PersonRef,
                /// Whether this coordinator keeps the ZZK registry (rejestr ZZK); exactly one does,
                /// so naming a new keeper relieves the previous one.
                keeps_registry: bool,
            },
            /// Ends a coordinator's appointment.
            DismissCoordinator {
                /// The PZK the coordinator served.
                partnership_id: PartnershipId,
                /// The coordinator dismissed.
                coordinator: PersonRef,
            },
            /// Hands the role of the OPS head (kierownik OPS), who leads the PZK, to another
            /// person: a new head of the OPS, or the one acting for them.
            HandOverOpsHead {
                /// The PZK.
                partnership_id: PartnershipId,
                /// The new OPS head.
                ops_head: PersonRef,
            },
        }
        /// The PZK's meetings and their minutes.
        PzkMeetings {
            /// Records a PZK meeting with its minutes.
            HoldPzkMeeting {
                /// The PZK that met.
                partnership_id: PartnershipId,
                /// The meeting's id, new in the PZK.
                meeting_id: MeetingId,
                /// Initiating, formalising or regular: the first two move the PZK through its stages.
                kind: PzkMeetingKind,
                /// Date of the meeting.
                held_on: NaiveDate,
                /// Who took the minutes (protokół).
                minutes_by: PersonRef,
                /// The minutes document.
                minutes: NoteRef,
                /// Whether the minutes were read out at the end of the meeting.
                minutes_read_out: bool,
                /// Whether the meeting was held remotely.
                #[serde(default)]
                remote: bool,
                /// The members present.
                #[serde(default)]
                attending: Vec<MemberId>,
                /// Earlier meetings whose minutes this meeting approves at its start.
                #[serde(default)]
                approves_minutes_of: Vec<MeetingId>,
                /// Who chaired it (the chair may rotate among members).
                #[serde(default)]
                chair: Option<PersonRef>,
                /// Where it was held (the venue may rotate among members).
                #[serde(default)]
                venue: Option<String>,
            },
        }
        /// Stage 2: rules of procedure, the basket presented, the annual plan, operation.
        Formalisation {
            /// Adopts (or amends) the framework rules of procedure (tool 9).
            AdoptRulesOfProcedure {
                /// The PZK adopting them.
                partnership_id: PartnershipId,
                /// The rules as adopted: the cadences they set replace the defaults.
                rules: RulesOfProcedure,
            },
            /// Records that the local basket was presented at the formalising meeting.
            PresentBasket {
                /// The PZK whose basket was presented.
                partnership_id: PartnershipId,
            },
            /// Adopts the annual action plan for a year.
            AdoptAnnualPlan {
                /// The PZK adopting it.
                partnership_id: PartnershipId,
                /// The year the plan is for.
                year: i32,
                /// The planned actions.
                actions: Vec<String>,
            },
            /// Moves a formalised PZK into operation (stage 3).
            StartOperating {
                /// The PZK starting to operate.
                partnership_id: PartnershipId,
            },
        }
        /// Requests to extend the PZK or its basket.
        Requests {
            /// Files a request to extend the PZK's composition or the basket.
            FileRequest {
                /// The PZK the request is filed with.
                partnership_id: PartnershipId,
                /// The request's id, new in the PZK.
                request_id: RequestId,
                /// What it would extend: the PZK's composition or the basket.
                kind: RequestKind,
                /// Scope of the request.
                scope: String,
                /// Its content.
                content: String,
                /// The ZZK whose need caused it, if any.
                #[serde(default)]
                zzk_id: Option<ZzkId>,
            },
            /// Accepts or rejects a request (a rejection needs a reason).
            DecideRequest {
                /// The PZK the request was filed with.
                partnership_id: PartnershipId,
                /// The pending request decided.
                request_id: RequestId,
                /// Whether it is accepted (else rejected).
                accepted: bool,
                /// Why: required for a rejection, which the PZK's monitoring reports.
                #[serde(default)]
                reason: Option<String>,
            },
        }
        /// Consultations, conflicts and refusals to cooperate.
        Mediation {
            /// Records a consultation given by the network coordinator to a ZZK.
            RecordConsultation {
                /// The PZK whose coordinator gave it.
                partnership_id: PartnershipId,
                /// The consultation's id, new in the PZK.
                consultation_id: ConsultationId,
                /// The ZZK consulted.
                zzk_id: ZzkId,
                /// Topic (no personal data).
                topic: String,
                /// Whether a need for supervision was reported.
                #[serde(default)]
                supervision_needed: bool,
            },
            /// Raises a problem or conflict for mediation by PZK members.
            RaiseConflict {
                /// The PZK asked to mediate.
                partnership_id: PartnershipId,
                /// The conflict's id, new in the PZK.
                conflict_id: ConflictId,
                /// Short summary (no personal data).
                summary: String,
                /// The ZZK concerned, if any.
                #[serde(default)]
                zzk_id: Option<ZzkId>,
            },
            /// Records how a conflict was resolved.
            ResolveConflict {
                /// The PZK that mediated.
                partnership_id: PartnershipId,
                /// The open conflict resolved.
                conflict_id: ConflictId,
                /// How it was resolved.
                resolution: String,
            },
            /// Reports that a partner's worker refused to cooperate in a ZZK.
            ReportRefusal {
                /// The PZK told of the refusal.
                partnership_id: PartnershipId,
                /// The refusal's id, new in the PZK.
                refusal_id: RefusalId,
                /// The ZZK concerned.
                zzk_id: ZzkId,
                /// The worker's institution.
                member_id: MemberId,
                /// The worker who refused.
                worker: PersonRef,
            },
            /// Records that PZK members were informed of a refusal.
            InformMembersOfRefusal {
                /// The PZK whose members were informed.
                partnership_id: PartnershipId,
                /// The refusal they were told of.
                refusal_id: RefusalId,
            },
        }
        /// The evaluation of the PZK.
        PzkEvaluation {
            /// Records an evaluation of the PZK.
            RecordPzkEvaluation {
                /// The PZK evaluated.
                partnership_id: PartnershipId,
                /// The evaluation's id, new in the PZK.
                evaluation_id: EvaluationId,
                /// Whether an external evaluator made it (the model prefers one).
                external: bool,
                /// How far the PZK achieved its main goal.
                main_goal: Achievement,
                /// How far it achieved each of its specific goals evaluated.
                #[serde(default)]
                specific_goals: IdMap<PzkGoal, Achievement>,
                /// The evaluation report document, if any.
                #[serde(default)]
                report: Option<NoteRef>,
            },
        }
        /// The local basket of services (lokalny koszyk usług).
        Basket {
            /// Adds a service to the local basket.
            AddService {
                /// The PZK whose basket takes it.
                partnership_id: PartnershipId,
                /// The service's id, new in the basket.
                service_id: ServiceId,
                /// The service's description (version 1).
                service: ServiceInput,
                /// Why it is added, kept in the service's history.
                reason: String,
            },
            /// Replaces a service's description (a new version).
            ReviseService {
                /// The PZK whose basket holds it.
                partnership_id: PartnershipId,
                /// The service revised.
                service_id: ServiceId,
                /// The new description, replacing the whole of the previous one.
                service: ServiceInput,
                /// Why it changed, kept in the service's history.
                reason: String,
            },
            /// Changes a service's status (active, temporarily unavailable, withdrawn).
            ChangeServiceStatus {
                /// The PZK whose basket holds it.
                partnership_id: PartnershipId,
                /// The service whose status changes.
                service_id: ServiceId,
                /// The new status.
                status: ServiceStatus,
                /// Why, kept in the service's history.
                reason: String,
            },
            /// Confirms a service is still provided as described.
            VerifyService {
                /// The PZK whose basket holds it.
                partnership_id: PartnershipId,
                /// The service verified.
                service_id: ServiceId,
                /// Date of the verification (data ostatniej weryfikacji).
                verified_on: NaiveDate,
            },
        }
    }
    zzk(zzk_id: ZzkId) {
        /// The reported need, which opens a case's stream.
        ZzkOpening {
            /// 1.1(1): a person/family reports a need; opens the case.
            ReportNeed {
                /// The new case's id, chosen by the host: it names the case's stream and stays
                /// the ZZK's id once it is appointed.
                zzk_id: ZzkId,
                /// The PZK the case is opened within.
                partnership_id: PartnershipId,
                /// The person, family or group reporting the need.
                client: ClientInput,
                /// The social worker who will manage the case.
                social_worker: PersonRef,
            },
        }
        /// Stage 1.1: from the helping relationship to the proposal of ZZK work.
        Recruitment {
            /// 1.1(2): a helping relationship is established.
            EstablishHelpingRelationship {
                /// The case.
                zzk_id: ZzkId,
            },
            /// 1.1(3): the community interview gives an initial diagnosis.
            RecordInitialDiagnosis {
                /// The case.
                zzk_id: ZzkId,
                /// Date of the community interview (wywiad środowiskowy).
                interview_on: NaiveDate,
                /// The diagnosis (a personal-data note).
                diagnosis: NoteRef,
            },
            /// 1.1(4): grounds for choosing ZZK work and the first list of potential partners.
            RecordGrounds {
                /// The case.
                zzk_id: ZzkId,
                /// The grounds (a personal-data note).
                grounds: NoteRef,
                /// First list of potential partners, from the family's needs and the PZK's resources.
                potential_partners: Vec<MemberId>,
            },
            /// 1.1(5): ZZK work is proposed to the person/family.
            ProposeZzkWork {
                /// The case.
                zzk_id: ZzkId,
            },
            /// Names a representative or carer who may act for the person/family.
            AppointRepresentative {
                /// The case.
                zzk_id: ZzkId,
                /// The representative or carer.
                person: PersonRef,
                /// In what capacity they act: representative, formal or informal carer.
                capacity: RepresentativeCapacity,
            },
        }
        /// The family's consents (tool 14).
        Consent {
            /// 1.1(6): consent given (tool 14), or renewed.
            GiveConsent {
                /// The case.
                zzk_id: ZzkId,
                /// The consent's id, new in the case.
                consent_id: ConsentId,
                /// Who gives it: a member of the household, or the representative or carer.
                given_by: PersonRef,
                /// In what capacity they give it.
                capacity: ConsentCapacity,
                /// In what form it is given.
                form: ConsentForm,
                /// What it covers.
                scope: ConsentScope,
                /// Until when it is valid, if limited.
                #[serde(default)]
                valid_until: Option<NaiveDate>,
            },
            /// 1.1(6): consent refused.
            RefuseConsent {
                /// The case.
                zzk_id: ZzkId,
                /// Who refuses: a member of the household, or the representative or carer.
                refused_by: PersonRef,
                /// In what capacity they refuse.
                capacity: ConsentCapacity,
            },
            /// Extends the sharing scope of a consent in force to more institutions without
            /// restating it: a new consent record that amends the last one (both kept; the amended
            /// one is no longer in force itself, the new one carries its whole scope, form of
            /// validity and the additions).
            AmendConsent {
                /// The case.
                zzk_id: ZzkId,
                /// The new consent record's id, new in the case.
                consent_id: ConsentId,
                /// The consent in force that it amends.
                amends: ConsentId,
                /// Who gives the amendment: a member of the household, or the representative or carer.
                given_by: PersonRef,
                /// In what capacity they give it.
                capacity: ConsentCapacity,
                /// In what form it is given.
                form: ConsentForm,
                /// Member institutions of the PZK added to those the family's information may be
                /// shared with.
                #[serde(default)]
                share_with: Vec<MemberId>,
                /// Guests' institutions outside the PZK added (named as the guests' records name
                /// them).
                #[serde(default)]
                share_with_guests: Vec<String>,
            },
            /// Withdraws a consent: the ZZK is suspended at once.
            WithdrawConsent {
                /// The case.
                zzk_id: ZzkId,
                /// The consent withdrawn.
                consent_id: ConsentId,
                /// When to review the suspension the withdrawal causes (none when other consent for ZZK
                /// work remains in force).
                review_on: NaiveDate,
                /// Who withdrew it: the person, a member of the household, or the representative or
                /// carer (checked as for giving consent), when known.
                #[serde(default)]
                withdrawn_by: Option<ConsentParty>,
                /// The day the withdrawal took effect, when it is entered later than it happened:
                /// not before the ZZK's latest recorded event, not in the future (default: the
                /// command's day). A suspension it causes begins on that day.
                #[serde(default)]
                withdrawn_on: Option<NaiveDate>,
            },
        }
        /// Changes of the household supported after the need was reported.
        Household {
            /// Someone moves into the household: the household's consent in force covers them.
            JoinHousehold {
                /// The case.
                zzk_id: ZzkId,
                /// Who moves in.
                person: PersonRef,
                /// Their year of birth, where known (tells whether they may consent for the
                /// household).
                #[serde(default)]
                birth_year: Option<u16>,
            },
            /// Someone moves out of the household: a consent they gave as the person or as an
            /// adult member of the household ends with the move.
            LeaveHousehold {
                /// The case.
                zzk_id: ZzkId,
                /// Who moves out.
                person: PersonRef,
                /// When to review the suspension the move causes, when it ends the last consent
                /// to ZZK work in force (unused otherwise).
                review_on: NaiveDate,
            },
        }
        /// The appointment of the ZZK (decyzja o powołaniu) and its entry in the registry.
        Appointment {
            /// 1.2: the decision to appoint the ZZK; the coordinator enters it in the registry.
            AppointZzk {
                /// The case appointed as a ZZK.
                zzk_id: ZzkId,
                /// Phase of social work at which it is appointed.
                phase: SocialWorkPhase,
            },
        }
        /// The ZZK's members and guests, and the invitation to its first meeting.
        Team {
            /// Adds a worker of a member institution to the ZZK (invitation, tool 17).
            AddZzkMember {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The membership's id, new in the ZZK.
                zzk_member_id: ZzkMemberId,
                /// The worker's institution, a member of the PZK.
                member_id: MemberId,
                /// The worker.
                worker: PersonRef,
                /// Role in the team.
                role: String,
            },
            /// Records the institution the person or family chose to work with most (seed 000:
            /// wybór instytucji, z którą osoba lub rodzina będzie najczęściej pracować). A later
            /// choice replaces it.
            ChooseLeadInstitution {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The chosen institution: a member of the PZK with a worker on the team.
                member_id: MemberId,
            },
            /// Invites an outside specialist as a guest (not a member).
            AddGuest {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The guest's id in the team, new in the ZZK.
                zzk_member_id: ZzkMemberId,
                /// The specialist invited.
                worker: PersonRef,
                /// The guest's institution, outside the PZK.
                institution: String,
                /// Role in the team.
                role: String,
            },
            /// Removes a member or guest from the ZZK.
            RemoveZzkMember {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The member or guest removed.
                zzk_member_id: ZzkMemberId,
                /// Why they leave the team.
                reason: String,
            },
            /// Invites the partners and the family to the first meeting.
            InviteToFirstMeeting {
                /// The ZZK.
                zzk_id: ZzkId,
                /// Planned date of the first meeting.
                planned_on: NaiveDate,
            },
        }
        /// The release of a consultation's minutes to the person/family.
        MinutesRelease {
            /// Releases a consultation meeting's minutes to the person/family: a consultation is held
            /// without them, and its minutes are not shown to them until the case manager releases them.
            ReleaseConsultationMinutes {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The consultation meeting whose minutes are released.
                meeting_id: MeetingId,
            },
        }
        /// The ZZK's meetings, with their minutes and outcome.
        ZzkMeetings {
            /// Records a ZZK meeting. A first meeting carries its outcome: a plan or a social-work project.
            HoldZzkMeeting {
                /// The ZZK that met.
                zzk_id: ZzkId,
                /// The meeting's id, new in the ZZK.
                meeting_id: MeetingId,
                /// Consultation (without the family), first or follow-up meeting.
                kind: ZzkMeetingKind,
                /// Date of the meeting.
                held_on: NaiveDate,
                /// Whether the person/family took part.
                family_present: bool,
                /// Whether their representative or carer took part.
                #[serde(default)]
                representative_present: bool,
                /// The members and guests present.
                #[serde(default)]
                attending: Vec<ZzkMemberId>,
                /// Whether the meeting was held remotely.
                #[serde(default)]
                remote: bool,
                /// The minutes (tool 19).
                minutes: NoteRef,
                /// Periodic assessment of the situation (follow-up meetings).
                #[serde(default)]
                assessment: Option<NoteRef>,
                /// The individual plan the meeting adopts, if any (a first meeting yields a plan or a
                /// social-work project).
                #[serde(default)]
                plan: Option<PlanInput>,
                /// The social-work project the meeting decides to run, if any.
                #[serde(default)]
                project: Option<ProjectInput>,
                /// Who moderated it.
                #[serde(default)]
                moderator: Option<PersonRef>,
                /// Who took the minutes.
                #[serde(default)]
                minutes_by: Option<PersonRef>,
                /// Where it was held (the venue may rotate among the members' institutions).
                #[serde(default)]
                venue: Option<String>,
                /// Relatives and significant others of the family who took part (never members of
                /// the team; not at a consultation, which is held without the family).
                #[serde(default)]
                relatives: Vec<PersonRef>,
            },
        }
        /// The individual plan (plan indywidualny): goals, tasks, the situation and evaluations.
        Plan {
            /// Adopts an individual plan outside a first meeting (e.g. after a social-work project).
            AdoptPlan {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The plan (parts A and B of the card).
                plan: PlanInput,
            },
            /// Adds a specific goal to the plan.
            AddGoal {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The goal's id, new in the plan.
                goal_id: GoalId,
                /// The specific goal (cel szczegółowy).
                title: String,
            },
            /// Adds a task to the plan.
            AddTask {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The task's id, new in the plan.
                task_id: TaskId,
                /// The specific goal the task serves.
                goal_id: GoalId,
                /// The task (zadanie).
                title: String,
                /// Who is responsible for it: a ZZK member, the person/family themselves or the social worker.
                responsible: Responsible,
                /// Its deadline (termin).
                deadline: NaiveDate,
            },
            /// Changes who is responsible for a task and its deadline.
            ChangeTask {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The task changed.
                task_id: TaskId,
                /// Who is responsible for it from now on.
                responsible: Responsible,
                /// Its new deadline.
                deadline: NaiveDate,
            },
            /// Changes the plan, kept in its history: the main goal reworded, a goal or task
            /// reworded or dropped (a dropped goal takes its open tasks), the problems and needs
            /// described anew.
            ChangePlan {
                /// The ZZK.
                zzk_id: ZzkId,
                /// What changes.
                change: PlanChange,
            },
            /// Updates the plan's description of the situation in one area (card part A).
            UpdateSituation {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The area of the family's situation described.
                area: SituationArea,
                /// The new description (a personal-data note).
                note: NoteRef,
            },
            /// Card part C: evaluation per goal and of the main goal.
            EvaluatePlan {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The evaluation's id, new in the plan.
                evaluation_id: EvaluationId,
                /// How far each specific goal was achieved, and why not.
                goals: Vec<GoalEvaluation>,
                /// How far the plan's main goal was achieved.
                main_goal: Achievement,
                /// Date of the next evaluation (or of closing), if set.
                #[serde(default)]
                next_evaluation_on: Option<NaiveDate>,
            },
        }
        /// The individual basket (indywidualny koszyk usług): local-basket services and unmet needs.
        IndividualBasket {
            /// Adds an active local-basket service to the individual basket.
            AddBasketItem {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The item's id, new in the individual basket.
                item_id: BasketItemId,
                /// The local-basket service, which must be active.
                service_id: ServiceId,
                /// The plan's task the service serves, if any.
                #[serde(default)]
                task_id: Option<TaskId>,
            },
            /// Removes an item from the individual basket.
            RemoveBasketItem {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The item removed.
                item_id: BasketItemId,
                /// Why it is removed.
                reason: String,
            },
            /// Records a need the local basket cannot meet; files a request for the network coordinator.
            RecordUnmetNeed {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The item's id, new in the individual basket.
                item_id: BasketItemId,
                /// The area of support the need belongs to.
                area: Area,
                /// The need.
                need: String,
                /// The id of the request it files with the PZK, new in the PZK.
                request_id: RequestId,
            },
        }
        /// Social-work projects (tool 20), possible at any stage.
        Projects {
            /// Starts a social-work project (tool 20), possible at any stage.
            StartSocialWorkProject {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The project (tool 20's card).
                project: ProjectInput,
            },
            /// Ends the running social-work project.
            EndSocialWorkProject {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The running project ended.
                project_id: ProjectId,
                /// How far it achieved its goal.
                achievement: Achievement,
            },
        }
        /// Monthly monitoring of the plan's tasks.
        Monitoring {
            /// Records monthly progress of tasks (monitoring form).
            RecordMonitoring {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The period monitored, given as its month (`YYYY-MM`).
                period: Period,
                /// Where the information comes from.
                source: MonitoringSource,
                /// Progress per task of the plan (may be empty when a project is monitored).
                entries: Vec<MonitoringEntry>,
                /// The running social-work project monitored, for a ZZK that works by a project
                /// (with or without a plan).
                #[serde(default)]
                project_id: Option<ProjectId>,
            },
        }
        /// Suspension, return, and leaving and returning to the ZZK form.
        Course {
            /// Suspends ZZK work, with grounds and a review date.
            SuspendZzk {
                /// The ZZK.
                zzk_id: ZzkId,
                /// Why it is suspended.
                ground: SuspensionGround,
                /// When to review the suspension.
                review_on: NaiveDate,
                /// Details (a personal-data note), if any.
                #[serde(default)]
                details: Option<NoteRef>,
                /// The day the suspension took effect, when it is entered later than it happened:
                /// not before the ZZK's latest recorded event, not in the future (default: the
                /// command's day).
                #[serde(default)]
                suspended_on: Option<NaiveDate>,
            },
            /// Returns to ZZK work after a suspension (needs consent in force).
            ResumeZzk {
                /// The suspended ZZK.
                zzk_id: ZzkId,
                /// On what grounds work resumes.
                ground: ReturnGround,
            },
            /// Records the review of a suspension (przegląd zawieszenia): the ZZK stays suspended
            /// until a new review date, or work resumes (which needs consent in force, as
            /// `resume_zzk` does).
            ReviewSuspension {
                /// The suspended ZZK.
                zzk_id: ZzkId,
                /// What the review decided.
                outcome: SuspensionReviewOutcome,
            },
            /// Leaves the ZZK form for ordinary OPS social work.
            LeaveZzkForm {
                /// The ZZK.
                zzk_id: ZzkId,
                /// Why work leaves the ZZK form.
                reason: String,
            },
            /// Comes back to the ZZK form from ordinary social work (needs consent in force).
            ReturnToZzkForm {
                /// The ZZK.
                zzk_id: ZzkId,
            },
        }
        /// The end-of-work evaluation and questionnaires.
        Evaluation {
            /// Records the obligatory end-of-work evaluation survey of the specialists' cooperation.
            RecordEndOfWorkEvaluation {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The evaluation's id, new in the ZZK.
                evaluation_id: EvaluationId,
                /// The answers.
                survey: EndOfWorkSurvey,
            },
            /// Records the evaluation of the effects of the work with the family (seed 001: ocena
            /// efektów), obligatory before closing unless the family cannot take part.
            RecordFamilyEvaluation {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The evaluation's id, new in the ZZK.
                evaluation_id: EvaluationId,
                /// When the evaluation with the family was held.
                held_on: NaiveDate,
                /// What changed, what the family gained, whether and how support continues, how
                /// the team worked, and the family's own answers.
                evaluation: FamilyEvaluation,
            },
            /// Records an optional questionnaire (ex-ante, on-going, ex-post) or an in-depth interview.
            RecordQuestionnaire {
                /// The ZZK.
                zzk_id: ZzkId,
                /// The questionnaire's id, new in the ZZK.
                evaluation_id: EvaluationId,
                /// Which questionnaire, or an in-depth interview.
                kind: QuestionnaireKind,
                /// Who answered.
                respondent: PersonRef,
                /// Answers by question.
                answers: IdMap<String, String>,
            },
        }
        /// The closure of the work and post-support monitoring.
        Closure {
            /// Closes the work with the family. An appointed ZZK needs the end-of-work survey and
            /// the evaluation of the effects with the family (or why the family could not take
            /// part); a case never appointed is closed with its reason alone.
            CloseZzk {
                /// The ZZK closed.
                zzk_id: ZzkId,
                /// Why the work ends.
                reason: ClosureReason,
                /// Monitor the family's situation after support ends, until this date.
                #[serde(default)]
                monitor_until: Option<NaiveDate>,
                /// Why the evaluation of the effects with the family could not be held: recorded
                /// in its place.
                #[serde(default)]
                family_absent: Option<FamilyAbsence>,
            },
            /// Starts (or extends) post-support monitoring of a closed ZZK, until a date.
            StartPostSupportMonitoring {
                /// The closed ZZK.
                zzk_id: ZzkId,
                /// Monitor the family's situation until this date.
                until: NaiveDate,
            },
            /// Records an observation of post-support monitoring.
            RecordPostSupportObservation {
                /// The closed ZZK monitored.
                zzk_id: ZzkId,
                /// What was observed (a personal-data note).
                note: NoteRef,
            },
            /// Ends post-support monitoring.
            EndPostSupportMonitoring {
                /// The closed ZZK.
                zzk_id: ZzkId,
            },
        }
    }
}

/// Decodes the JSON form `{"type": "…", …}` (the tag read first: `core/src/decode.rs`).
#[cfg(feature = "fast-decode")]
impl<'de> Deserialize<'de> for Command {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::internally_tagged::<D, wire::Wire>(deserializer, "type").map(Command::from)
    }
}

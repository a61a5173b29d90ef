//! Events: the facts the model records. State is the fold of events; host systems store events as
//! the durable record, so their JSON form is stable and versioned.
//!
//! JSON form: `{"schema": 2, "at": "…", "actor": "…", "command_id": "…", "event": {"type": "…", …}}`
//! (`command_id` only when the command had one). A change that would alter the meaning of stored
//! events bumps [`SCHEMA_VERSION`].
//!
//! ## Versions and the migration of stored logs
//!
//! - **1** (until 2026-11): `{"schema": 1, "at", "actor", "event"}`; ids of 1–64 characters
//!   without control characters.
//! - **2** (2026-12): the envelope may carry the `command_id` of the command that produced the
//!   event (idempotent appends: a store answers a retried command with its original events); ids
//!   have the strict opaque form (ASCII letters, digits and `-_.:`, no PESEL: see
//!   `core/src/bounds.rs`); and the appointment of a ZZK also records its registry entry in the PZK's
//!   stream ([`Event::ZzkRegistered`]), so two appointments decided at once conflict instead of
//!   both taking the same number.
//!
//! Stored events of version 1 are **not rewritten**: a hash chain covers their exact text, and
//! rewriting it would look like tampering. They stay valid as they are — read with no
//! `command_id` and admitted under the id form of their time — and a log may hold both versions,
//! version 1 first. Readers accept every version up to [`SCHEMA_VERSION`]; a version-1 envelope
//! that carries a `command_id` is refused, as no writer of version 1 wrote one.

use crate::basket::{ServiceInput, ServiceStatus};
use crate::classification::{Area, InstitutionProfile};
use crate::consent::{ConsentCapacity, ConsentForm, ConsentParty, ConsentScope};
use crate::evaluation::{
    Achievement, EndOfWorkSurvey, FamilyAbsence, FamilyEvaluation, PzkGoal, QuestionnaireKind,
};
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

/// Version of the event JSON form. Readers accept this version and older ones.
pub const SCHEMA_VERSION: u32 = 2;

/// An event with its schema version, time and author: the unit host systems store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct EventEnvelope {
    /// Version of the JSON form ([`SCHEMA_VERSION`] when written by this library).
    pub schema: u32,
    /// When it happened (the `at` of the command that produced it).
    #[serde(deserialize_with = "crate::decode::utc")]
    pub at: DateTime<Utc>,
    /// Who issued the command that produced it.
    pub actor: ActorId,
    /// The host's id of the command that produced it, if it gave one (schema 2 and later).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub command_id: Option<CommandId>,
    /// The fact itself.
    pub event: Event,
}

/// The stream (aggregate) an event belongs to: a PZK with its basket, or one ZZK. Stores keep a
/// sequence number per stream and check concurrency per stream.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum StreamId {
    /// A PZK and its local basket.
    Partnership(PartnershipId),
    /// One ZZK (a case from the reported need onwards).
    Zzk(ZzkId),
}

/// Defines [`Event`] from one list of its variants, grouped by the stream they belong to (a PZK's
/// or a ZZK's) and, within it, by the concept whose state they change. Everything else about a
/// variant is derived from that one declaration, so that the compiler counts the rest:
///
/// - its stream ([`Event::stream_ref`]) and its type code ([`Event::type_code`]);
/// - the visit of its fields against the bounds ([`crate::bounds`]);
/// - its routing ([`Event::into_route`]): an owned twin of each group, which the concept's
///   `apply` matches exhaustively, so a new event that changes nothing anywhere is a compile
///   error instead of an event silently ignored;
/// - its decoding form: an externally tagged twin that serde decodes without buffering (see
///   [`crate::decode`]). Without the `fast-decode` feature, `Event` derives serde's own decoder.
macro_rules! events {
    (
        partnership($pid:ident : $pid_ty:ty) {$(
            $(#[$pg_meta:meta])*
            $pg:ident {$(
                $(#[$pv_meta:meta])*
                $pv:ident { $($pf:ident : $pf_ty:ty),* $(,)? }
            ),* $(,)?}
        )*}
        zzk($zid:ident : $zid_ty:ty) {$(
            $(#[$zg_meta:meta])*
            $zg:ident {$(
                $(#[$zv_meta:meta])*
                $zv:ident { $($zf:ident : $zf_ty:ty),* $(,)? }
            ),* $(,)?}
        )*}
    ) => {
        /// Every fact the model records.
        #[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
        #[cfg_attr(not(feature = "fast-decode"), derive(Deserialize))]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
        #[allow(missing_docs)] // each field is named after the domain term documented on its type
        pub enum Event {
            $($( $(#[$pv_meta])* $pv { $($pf: $pf_ty),* }, )*)*
            $($( $(#[$zv_meta])* $zv { $($zf: $zf_ty),* }, )*)*
        }

        impl Event {
            /// Visits every field against the bounds every command keeps ([`crate::bounds`]).
            pub(crate) fn bounds(&self, walk: &mut crate::bounds::Walk) {
                match self {
                    $($(Event::$pv { $($pf),* } => {
                        $( crate::bounds::Bounded::bounds($pf, stringify!($pf), walk); )*
                    })*)*
                    $($(Event::$zv { $($zf),* } => {
                        $( crate::bounds::Bounded::bounds($zf, stringify!($zf), walk); )*
                    })*)*
                }
            }

            /// The stream this event belongs to, borrowed.
            pub fn stream_ref(&self) -> StreamRef<'_> {
                match self {
                    $($(Event::$pv { $pid, .. } => StreamRef::Partnership($pid),)*)*
                    $($(Event::$zv { $zid, .. } => StreamRef::Zzk($zid),)*)*
                }
            }

            /// The event's type code, the `"type"` of its JSON form (`"zzk_closed"`).
            pub fn type_code(&self) -> &'static str {
                match self {
                    $($(Event::$pv { .. } => crate::naming::snake_case!($pv),)*)*
                    $($(Event::$zv { .. } => crate::naming::snake_case!($zv),)*)*
                }
            }

            /// The event as the owned twin of its group (see [`route`]).
            pub(crate) fn into_route(self) -> route::Route {
                match self {
                    $($(Event::$pv { $($pf),* } => route::Route::Partnership(
                        route::PzkRoute::$pg(route::$pg::$pv { $($pf),* }),
                    ),)*)*
                    $($(Event::$zv { $($zf),* } => route::Route::Zzk(
                        route::ZzkRoute::$zg(route::$zg::$zv { $($zf),* }),
                    ),)*)*
                }
            }
        }

        /// The events by stream and concept, moved out of an [`Event`]: what each concept's
        /// `apply` takes and matches exhaustively.
        pub(crate) mod route {
            #![allow(dead_code)] // a change reads the fields it needs
            // Variants keep the names of the events they stand for.
            #![allow(clippy::enum_variant_names)]
            use super::*;

            $(
                $(#[$pg_meta])*
                pub(crate) enum $pg {$( $pv { $($pf: $pf_ty),* }, )*}

                impl $pg {
                    /// The id of the PZK whose stream the event belongs to.
                    pub(crate) fn id(&self) -> &$pid_ty {
                        match self {$( $pg::$pv { $pid, .. } => $pid, )*}
                    }
                }
            )*
            $(
                $(#[$zg_meta])*
                pub(crate) enum $zg {$( $zv { $($zf: $zf_ty),* }, )*}

                impl $zg {
                    /// The id of the ZZK whose stream the event belongs to.
                    pub(crate) fn id(&self) -> &$zid_ty {
                        match self {$( $zg::$zv { $zid, .. } => $zid, )*}
                    }
                }
            )*

            /// An event of a PZK's stream, by concept.
            pub(crate) enum PzkRoute {$( $pg($pg), )*}

            impl PzkRoute {
                /// The id of the PZK whose stream the event belongs to.
                pub(crate) fn id(&self) -> &$pid_ty {
                    match self {$( PzkRoute::$pg(e) => e.id(), )*}
                }
            }

            /// An event of a ZZK's stream, by concept.
            pub(crate) enum ZzkRoute {$( $zg($zg), )*}

            impl ZzkRoute {
                /// The id of the ZZK whose stream the event belongs to.
                pub(crate) fn id(&self) -> &$zid_ty {
                    match self {$( ZzkRoute::$zg(e) => e.id(), )*}
                }
            }

            /// An event by stream and concept.
            pub(crate) enum Route {
                /// Of a PZK's stream.
                Partnership(PzkRoute),
                /// Of a ZZK's stream.
                Zzk(ZzkRoute),
            }
        }

        /// [`Event`] in the externally tagged form, `{"zzk_closed": {…}}`: what the decoder
        /// hands the fields to once it has read the tag.
        #[cfg(feature = "fast-decode")]
        mod wire {
            use super::*;

            #[derive(Deserialize)]
            #[serde(rename_all = "snake_case", deny_unknown_fields)]
            pub(super) enum Wire {
                $($( $pv { $($pf: $pf_ty),* }, )*)*
                $($( $zv { $($zf: $zf_ty),* }, )*)*
            }

            impl From<Wire> for Event {
                fn from(wire: Wire) -> Self {
                    match wire {
                        $($( Wire::$pv { $($pf),* } => Event::$pv { $($pf),* }, )*)*
                        $($( Wire::$zv { $($zf),* } => Event::$zv { $($zf),* }, )*)*
                    }
                }
            }
        }
    };
}

events! {
    partnership(partnership_id: PartnershipId) {
        /// The registration of a PZK, which opens its stream.
        PzkOpening {
            /// The OPS registered its intent to form a PZK.
            PartnershipRegistered {
                partnership_id: PartnershipId,
                name: String,
                coverage: String,
                ops_member_id: MemberId,
                ops_profile: InstitutionProfile,
            },
        }
        /// Stage 1: the mayor's authorisation, readiness and the initiation steps.
        Initiation {
            /// The mayor accepted the initiative and authorised the OPS; stage 1 begins.
            MayorAuthorised {
                partnership_id: PartnershipId,
                authorised_on: NaiveDate,
                reference: Option<String>,
            },
            /// An implementation condition was recorded as met or not.
            ReadinessRecorded {
                partnership_id: PartnershipId,
                condition: ReadinessCondition,
                met: bool,
            },
            /// A step of stage 1 was completed.
            InitiationStepCompleted {
                partnership_id: PartnershipId,
                step: InitiationStep,
            },
        }
        /// Who belongs to the PZK.
        Membership {
            /// An institution was invited.
            MemberInvited {
                partnership_id: PartnershipId,
                member_id: MemberId,
                profile: InstitutionProfile,
                representative: Option<PersonRef>,
            },
            /// A partner agreed to take part without a declaration.
            MemberParticipating {
                partnership_id: PartnershipId,
                member_id: MemberId,
            },
            /// A partner signed the declaration of accession; members are informed of the new accession.
            DeclarationSigned {
                partnership_id: PartnershipId,
                member_id: MemberId,
                declared_services: Vec<ServiceId>,
            },
            /// The members were informed of a new accession (those with their agreement recorded
            /// then, besides the OPS that recorded it).
            MembersInformedOfAccession {
                partnership_id: PartnershipId,
                member_id: MemberId,
                informed: Vec<MemberId>,
            },
            /// A member left.
            MemberLeft {
                partnership_id: PartnershipId,
                member_id: MemberId,
                reason: String,
            },
        }
        /// The network coordinators.
        Coordinators {
            /// A network coordinator was appointed.
            CoordinatorAppointed {
                partnership_id: PartnershipId,
                coordinator: PersonRef,
                keeps_registry: bool,
            },
            /// A network coordinator's appointment ended.
            CoordinatorDismissed {
                partnership_id: PartnershipId,
                coordinator: PersonRef,
            },
            /// The role of the OPS head passed to another person.
            OpsHeadHandedOver {
                partnership_id: PartnershipId,
                ops_head: PersonRef,
            },
        }
        /// The PZK's meetings, their minutes and the move to planning.
        PzkMeetings {
            /// A PZK meeting was held and minuted.
            PzkMeetingHeld {
                partnership_id: PartnershipId,
                meeting_id: MeetingId,
                kind: PzkMeetingKind,
                held_on: NaiveDate,
                minutes_by: PersonRef,
                minutes: NoteRef,
                minutes_read_out: bool,
                remote: bool,
                attending: Vec<MemberId>,
                chair: Option<PersonRef>,
                venue: Option<String>,
            },
            /// The minutes of an earlier meeting were approved at the start of a later one.
            MinutesApproved {
                partnership_id: PartnershipId,
                meeting_id: MeetingId,
                approved_at: MeetingId,
            },
            /// The formalising meeting moved the PZK into stage 2 (planning).
            PlanningStarted { partnership_id: PartnershipId },
        }
        /// Stage 2: rules of procedure, the basket presented, the annual plan, operation.
        Formalisation {
            /// The rules of procedure were adopted or amended.
            RulesOfProcedureAdopted {
                partnership_id: PartnershipId,
                rules: RulesOfProcedure,
            },
            /// The basket was presented to the members.
            BasketPresented { partnership_id: PartnershipId },
            /// The annual action plan was adopted.
            AnnualPlanAdopted {
                partnership_id: PartnershipId,
                year: i32,
                actions: Vec<String>,
            },
            /// The PZK entered stage 3 (operating).
            OperatingStarted { partnership_id: PartnershipId },
        }
        /// Requests to extend the PZK or its basket.
        Requests {
            /// A request was filed.
            RequestFiled {
                partnership_id: PartnershipId,
                request_id: RequestId,
                kind: RequestKind,
                scope: String,
                content: String,
                zzk_id: Option<ZzkId>,
            },
            /// A request was accepted or rejected.
            RequestDecided {
                partnership_id: PartnershipId,
                request_id: RequestId,
                accepted: bool,
                reason: Option<String>,
            },
        }
        /// Consultations, conflicts and refusals to cooperate.
        Mediation {
            /// The network coordinator gave a consultation to a ZZK.
            ConsultationGiven {
                partnership_id: PartnershipId,
                consultation_id: ConsultationId,
                zzk_id: ZzkId,
                topic: String,
                supervision_needed: bool,
            },
            /// A problem or conflict was raised for mediation.
            ConflictRaised {
                partnership_id: PartnershipId,
                conflict_id: ConflictId,
                summary: String,
                zzk_id: Option<ZzkId>,
            },
            /// A conflict was resolved.
            ConflictResolved {
                partnership_id: PartnershipId,
                conflict_id: ConflictId,
                resolution: String,
            },
            /// A partner's worker refused to cooperate.
            RefusalReported {
                partnership_id: PartnershipId,
                refusal_id: RefusalId,
                zzk_id: ZzkId,
                member_id: MemberId,
                worker: PersonRef,
            },
            /// PZK members were informed of a refusal.
            MembersInformedOfRefusal {
                partnership_id: PartnershipId,
                refusal_id: RefusalId,
            },
        }
        /// The evaluation of the PZK.
        PzkEvaluation {
            /// The PZK was evaluated.
            PzkEvaluated {
                partnership_id: PartnershipId,
                evaluation_id: EvaluationId,
                external: bool,
                main_goal: Achievement,
                specific_goals: IdMap<PzkGoal, Achievement>,
                report: Option<NoteRef>,
            },
        }
        /// The registry of ZZKs (rejestr ZZK).
        Registry {
            /// The network coordinator entered an appointed ZZK in the PZK's registry under the next
            /// number (rejestr ZZK). Yielded by `appoint_zzk` together with [`Event::ZzkAppointed`]: the
            /// number is a resource of the PZK, so its allocation is written to the PZK's stream, where
            /// two appointments decided against the same state conflict (each expects the stream's
            /// version) instead of both taking the same number. **\[decision\]** It is the ZZK's act, so
            /// it does not move the PZK's clock ([`crate::partnership::Partnership::last_at`]) and is
            /// ordered by its ZZK's time (a PZK command dated earlier may still follow it).
            ZzkRegistered {
                partnership_id: PartnershipId,
                zzk_id: ZzkId,
                registry_number: u32,
            },
        }
        /// The local basket of services.
        Basket {
            /// A service was added to the local basket (version 1).
            ServiceAdded {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                service: ServiceInput,
                reason: String,
            },
            /// A service was revised (its whole description replaced; version + 1).
            ServiceRevised {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                service: ServiceInput,
                reason: String,
            },
            /// A service's status changed.
            ServiceStatusChanged {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                status: ServiceStatus,
                reason: String,
            },
            /// A service was verified as current.
            ServiceVerified {
                partnership_id: PartnershipId,
                service_id: ServiceId,
                verified_on: NaiveDate,
            },
        }
    }
    zzk(zzk_id: ZzkId) {
        /// The reported need, which opens a case's stream.
        ZzkOpening {
            /// A need was reported: a case is opened under a PZK.
            NeedReported {
                zzk_id: ZzkId,
                partnership_id: PartnershipId,
                client: ClientInput,
                social_worker: PersonRef,
            },
        }
        /// Stage 1.1: from the helping relationship to the proposal of ZZK work.
        Recruitment {
            /// A helping relationship was established.
            HelpingRelationshipEstablished { zzk_id: ZzkId },
            /// The initial diagnosis from the community interview was recorded.
            InitialDiagnosisRecorded {
                zzk_id: ZzkId,
                interview_on: NaiveDate,
                diagnosis: NoteRef,
            },
            /// The grounds for ZZK work were recorded.
            GroundsRecorded {
                zzk_id: ZzkId,
                grounds: NoteRef,
                potential_partners: Vec<MemberId>,
            },
            /// ZZK work was proposed.
            ZzkWorkProposed { zzk_id: ZzkId },
            /// A representative or carer was named.
            RepresentativeAppointed {
                zzk_id: ZzkId,
                person: PersonRef,
                capacity: RepresentativeCapacity,
            },
        }
        /// The family's consents.
        Consent {
            /// Consent was given.
            ConsentGiven {
                zzk_id: ZzkId,
                consent_id: ConsentId,
                given_by: PersonRef,
                capacity: ConsentCapacity,
                form: ConsentForm,
                scope: ConsentScope,
                valid_until: Option<NaiveDate>,
            },
            /// Consent was refused.
            ConsentRefused {
                zzk_id: ZzkId,
                refused_by: PersonRef,
                capacity: ConsentCapacity,
            },
            /// Consent was withdrawn.
            ConsentWithdrawn {
                zzk_id: ZzkId,
                consent_id: ConsentId,
                withdrawn_by: Option<ConsentParty>,
                withdrawn_on: Option<NaiveDate>,
            },
            /// A consent in force was amended: a new record with its scope and the additions.
            ConsentAmended {
                zzk_id: ZzkId,
                consent_id: ConsentId,
                amends: ConsentId,
                given_by: PersonRef,
                capacity: ConsentCapacity,
                form: ConsentForm,
                share_with: Vec<MemberId>,
                share_with_guests: Vec<String>,
            },
            /// No consent to ZZK work has been in force since `lapsed_on` (the last one lapsed,
            /// or its giver left the household), and the ZZK is suspended from that day on the
            /// ground "consent withdrawn or lapsed". Recorded by the first command on the ZZK
            /// after that day ([`crate::consent::lapsed_since`]).
            ConsentLapsed {
                zzk_id: ZzkId,
                lapsed_on: NaiveDate,
                review_on: NaiveDate,
            },
        }
        /// Changes of the household supported after the need was reported.
        Household {
            /// Someone moved into the household.
            HouseholdMemberJoined {
                zzk_id: ZzkId,
                person: PersonRef,
                birth_year: Option<u16>,
            },
            /// Someone moved out of the household; the consents they gave for it ended.
            HouseholdMemberLeft { zzk_id: ZzkId, person: PersonRef },
        }
        /// The appointment of the ZZK (decyzja o powołaniu) and its entry in the registry.
        Appointment {
            /// The ZZK was appointed and entered in the PZK's registry under `registry_number`.
            ZzkAppointed {
                zzk_id: ZzkId,
                phase: SocialWorkPhase,
                registry_number: u32,
                registered_by: Option<PersonRef>,
            },
        }
        /// The ZZK's members and guests, and the invitation to its first meeting.
        Team {
            /// A worker of a member institution joined the ZZK.
            ZzkMemberAdded {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                member_id: MemberId,
                worker: PersonRef,
                role: String,
            },
            /// An outside specialist was invited as a guest.
            GuestAdded {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                worker: PersonRef,
                institution: String,
                role: String,
            },
            /// The person or family chose the institution it works with most.
            LeadInstitutionChosen { zzk_id: ZzkId, member_id: MemberId },
            /// A member or guest left the ZZK.
            ZzkMemberRemoved {
                zzk_id: ZzkId,
                zzk_member_id: ZzkMemberId,
                reason: String,
            },
            /// Partners and the family were invited to the first meeting.
            InvitedToFirstMeeting {
                zzk_id: ZzkId,
                planned_on: NaiveDate,
            },
        }
        /// The ZZK's meetings, with their minutes.
        ZzkMeetings {
            /// A ZZK meeting was held.
            ZzkMeetingHeld {
                zzk_id: ZzkId,
                meeting_id: MeetingId,
                kind: ZzkMeetingKind,
                held_on: NaiveDate,
                family_present: bool,
                representative_present: bool,
                attending: Vec<ZzkMemberId>,
                remote: bool,
                minutes: NoteRef,
                assessment: Option<NoteRef>,
                moderator: Option<PersonRef>,
                minutes_by: Option<PersonRef>,
                venue: Option<String>,
                relatives: Vec<PersonRef>,
            },
        }
        /// The release of a consultation's minutes to the person/family.
        MinutesRelease {
            /// A consultation meeting's minutes were released to the person/family.
            ConsultationMinutesReleased {
                zzk_id: ZzkId,
                meeting_id: MeetingId,
            },
        }
        /// The individual plan (plan indywidualny): goals, tasks, the situation and evaluations.
        Plan {
            /// An individual plan was adopted.
            PlanAdopted {
                zzk_id: ZzkId,
                plan: PlanInput,
                adopted_on: Option<NaiveDate>,
            },
            /// The plan was changed (kept in its history).
            PlanChanged { zzk_id: ZzkId, change: PlanChange },
            /// A specific goal was added to the plan.
            GoalAdded {
                zzk_id: ZzkId,
                goal_id: GoalId,
                title: String,
            },
            /// A task was added to the plan.
            TaskAdded {
                zzk_id: ZzkId,
                task_id: TaskId,
                goal_id: GoalId,
                title: String,
                responsible: Responsible,
                deadline: NaiveDate,
            },
            /// A task was reassigned or rescheduled.
            TaskChanged {
                zzk_id: ZzkId,
                task_id: TaskId,
                responsible: Responsible,
                deadline: NaiveDate,
            },
            /// The situation in one area was re-described.
            SituationUpdated {
                zzk_id: ZzkId,
                area: SituationArea,
                note: NoteRef,
            },
            /// The plan was evaluated (card part C).
            PlanEvaluated {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                goals: Vec<GoalEvaluation>,
                main_goal: Achievement,
                next_evaluation_on: Option<NaiveDate>,
            },
        }
        /// The individual basket (indywidualny koszyk usług): local-basket services and unmet needs.
        IndividualBasket {
            /// A local-basket service was added to the individual basket.
            BasketItemAdded {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                service_id: ServiceId,
                task_id: Option<TaskId>,
            },
            /// An item left the individual basket.
            BasketItemRemoved {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                reason: String,
            },
            /// A need the local basket lacks was recorded in the individual basket.
            UnmetNeedRecorded {
                zzk_id: ZzkId,
                item_id: BasketItemId,
                area: Area,
                need: String,
                request_id: RequestId,
            },
        }
        /// Social-work projects (tool 20), possible at any stage.
        Projects {
            /// A social-work project started.
            SocialWorkProjectStarted {
                zzk_id: ZzkId,
                project: ProjectInput,
            },
            /// The social-work project ended.
            SocialWorkProjectEnded {
                zzk_id: ZzkId,
                project_id: ProjectId,
                achievement: Achievement,
            },
        }
        /// Monthly monitoring of the plan's tasks.
        Monitoring {
            /// Monthly progress was recorded.
            MonitoringRecorded {
                zzk_id: ZzkId,
                period: Period,
                source: MonitoringSource,
                entries: Vec<MonitoringEntry>,
                project_id: Option<ProjectId>,
            },
        }
        /// Suspension, return, and leaving and returning to the ZZK form.
        Course {
            /// ZZK work was suspended.
            ZzkSuspended {
                zzk_id: ZzkId,
                ground: SuspensionGround,
                review_on: NaiveDate,
                details: Option<NoteRef>,
                suspended_on: Option<NaiveDate>,
            },
            /// ZZK work resumed.
            ZzkResumed { zzk_id: ZzkId, ground: ReturnGround },
            /// A suspension was reviewed (a resumption that the review decides follows as
            /// [`Event::ZzkResumed`]).
            SuspensionReviewed {
                zzk_id: ZzkId,
                outcome: SuspensionReviewOutcome,
            },
            /// Work left the ZZK form for ordinary social work.
            ZzkFormLeft { zzk_id: ZzkId, reason: String },
            /// Work came back to the ZZK form.
            ZzkFormReturned { zzk_id: ZzkId },
        }
        /// The end-of-work evaluation and questionnaires.
        Evaluation {
            /// The end-of-work evaluation survey was recorded.
            EndOfWorkEvaluationRecorded {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                survey: EndOfWorkSurvey,
            },
            /// The evaluation of the effects with the family was recorded.
            FamilyEvaluationRecorded {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                held_on: NaiveDate,
                evaluation: FamilyEvaluation,
            },
            /// An optional questionnaire was recorded.
            QuestionnaireRecorded {
                zzk_id: ZzkId,
                evaluation_id: EvaluationId,
                kind: QuestionnaireKind,
                respondent: PersonRef,
                answers: IdMap<String, String>,
            },
        }
        /// The closure of the work and post-support monitoring.
        Closure {
            /// The evaluation of the effects with the family could not be held: the reason stands
            /// in its place (recorded when the work is closed).
            FamilyEvaluationWaived { zzk_id: ZzkId, reason: FamilyAbsence },
            /// Work with the family was closed.
            ZzkClosed {
                zzk_id: ZzkId,
                reason: ClosureReason,
                monitor_until: Option<NaiveDate>,
            },
            /// A post-support observation was recorded.
            PostSupportObservationRecorded { zzk_id: ZzkId, note: NoteRef },
            /// Post-support monitoring of a closed ZZK started, or its end moved.
            PostSupportMonitoringStarted { zzk_id: ZzkId, until: NaiveDate },
            /// Post-support monitoring ended.
            PostSupportMonitoringEnded { zzk_id: ZzkId },
        }
    }
}

/// Decodes the JSON form `{"type": "…", …}` (the tag read first: `core/src/decode.rs`).
#[cfg(feature = "fast-decode")]
impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::decode::internally_tagged::<D, wire::Wire>(deserializer, "type").map(Event::from)
    }
}

/// The stream of an event, borrowed from it: routing an event while replaying must not allocate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamRef<'a> {
    /// A PZK and its local basket.
    Partnership(&'a PartnershipId),
    /// One ZZK.
    Zzk(&'a ZzkId),
}

impl StreamRef<'_> {
    /// The owned stream id.
    pub fn to_owned(self) -> StreamId {
        match self {
            StreamRef::Partnership(id) => StreamId::Partnership(id.clone()),
            StreamRef::Zzk(id) => StreamId::Zzk(id.clone()),
        }
    }
}

impl StreamId {
    /// The same stream, borrowed: comparable with [`Event::stream_ref`] without cloning.
    pub fn as_stream_ref(&self) -> StreamRef<'_> {
        match self {
            StreamId::Partnership(id) => StreamRef::Partnership(id),
            StreamId::Zzk(id) => StreamRef::Zzk(id),
        }
    }
}

impl Event {
    /// The stream this event belongs to.
    pub fn stream(&self) -> StreamId {
        self.stream_ref().to_owned()
    }
}

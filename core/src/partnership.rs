//! PZK — partnerski zespół kooperacyjny: the partnership of local institutions led by the OPS, its
//! stages (authorisation → initiation 1.1–1.6 → planning → operating), members, coordinators,
//! rules of procedure, annual plans, requests, consultations, conflicts and refusals.

use crate::basket::Basket;
use crate::classification::InstitutionProfile;
use crate::error::{Error, PartnershipError, ValidationError};
use crate::evaluation::PzkEvaluation;
use crate::event::Event;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::meeting::{PzkMeeting, PzkMeetingKind};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
use crate::state::Ctx;
use crate::text;
use chrono::{DateTime, Months, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

labelled_enum! {
    /// Etap PZK.
    pub enum PzkStage {
        /// Przed upoważnieniem burmistrza — precondition not yet met.
        AwaitingAuthorisation = "awaiting_authorisation" => ("Oczekuje na upoważnienie burmistrza", "Awaiting the mayor's authorisation"),
        /// Etap 1 — inicjowanie.
        Initiation = "initiation" => ("Etap 1: inicjowanie", "Stage 1: initiation"),
        /// Etap 2 — planowanie (spotkanie formalizujące).
        Planning = "planning" => ("Etap 2: planowanie", "Stage 2: planning"),
        /// Etap 3 — funkcjonowanie.
        Operating = "operating" => ("Etap 3: funkcjonowanie", "Stage 3: operating"),
    }
}

labelled_enum! {
    /// Kroki etapu 1 (inicjowanie PZK), wykonywane po kolei.
    pub enum InitiationStep {
        /// 1.1 Przygotowanie.
        Preparation = "preparation" => ("1.1 Przygotowanie", "1.1 Preparation"),
        /// 1.2 Poinformowanie ROPS o zamiarze.
        RopsInformed = "rops_informed" => ("1.2 Poinformowanie ROPS", "1.2 ROPS informed"),
        /// 1.3 Organizacja spotkania inicjującego (narzędzie 5).
        InitiatingMeetingOrganised = "initiating_meeting_organised" => ("1.3 Organizacja spotkania inicjującego", "1.3 Initiating meeting organised"),
        /// 1.4 Spotkanie inicjujące — karty usług (narzędzie 7A–I); completed by holding the meeting.
        InitiatingMeetingHeld = "initiating_meeting_held" => ("1.4 Spotkanie inicjujące", "1.4 Initiating meeting held"),
        /// 1.5 Budowa lokalnego koszyka usług (narzędzie 11).
        BasketBuilt = "basket_built" => ("1.5 Budowa lokalnego koszyka usług", "1.5 Local basket built"),
        /// 1.6 Przygotowanie spotkania formalizującego (narzędzie 10).
        FormalisingMeetingPrepared = "formalising_meeting_prepared" => ("1.6 Przygotowanie spotkania formalizującego", "1.6 Formalising meeting prepared"),
    }
}

labelled_enum! {
    /// Status członka PZK (elastyczna formalizacja).
    pub enum MemberStatus {
        /// Zaproszony.
        Invited = "invited" => ("Zaproszony", "Invited"),
        /// Uczestniczy bez deklaracji (zgoda partnera odnotowana).
        Participating = "participating" => ("Uczestniczy (bez deklaracji)", "Participating (no declaration)"),
        /// Podpisał deklarację przystąpienia.
        Declared = "declared" => ("Deklaracja podpisana", "Declared"),
        /// Wystąpił.
        Left = "left" => ("Wystąpił", "Left"),
    }
}

labelled_enum! {
    /// Rodzaj wniosku pracownika ds. sieci.
    pub enum RequestKind {
        /// Uzupełnienie składu PZK.
        ExtendComposition = "extend_composition" => ("Uzupełnienie składu PZK", "Extend the PZK's composition"),
        /// Uzupełnienie lokalnego koszyka usług.
        ExtendBasket = "extend_basket" => ("Uzupełnienie koszyka usług", "Extend the local basket"),
    }
}

labelled_enum! {
    /// Stan wniosku.
    pub enum RequestStatus {
        /// Złożony, czeka na rozstrzygnięcie.
        Pending = "pending" => ("Oczekuje", "Pending"),
        /// Zrealizowany (przyjęty).
        Accepted = "accepted" => ("Przyjęty", "Accepted"),
        /// Odrzucony (z podaniem przyczyny).
        Rejected = "rejected" => ("Odrzucony", "Rejected"),
    }
}

/// Upoważnienie burmistrza/prezydenta (narzędzie 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Authorisation {
    /// Date of the authorisation.
    pub authorised_on: NaiveDate,
    /// Number of the document, if any.
    pub reference: Option<String>,
}

/// A recorded implementation condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ReadinessEntry {
    /// Whether it is met.
    pub met: bool,
    /// When it was last recorded.
    pub recorded_on: NaiveDate,
}

/// Członek PZK — a member institution (kooperant).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Member {
    /// Classification of the institution.
    pub profile: InstitutionProfile,
    /// Membership status.
    pub status: MemberStatus,
    /// Director/manager or authorised representative.
    pub representative: Option<PersonRef>,
    /// When invited.
    pub invited_on: NaiveDate,
    /// When its agreement (participation or declaration) was recorded.
    pub agreement_on: Option<NaiveDate>,
    /// When it signed the declaration of accession.
    pub declared_on: Option<NaiveDate>,
    /// When it left.
    pub left_on: Option<NaiveDate>,
    /// Services the declaration confirmed.
    pub declared_services: Vec<ServiceId>,
}

impl Member {
    /// Staff of this partner may join ZZKs: its agreement is recorded (declaration or participation).
    pub fn may_delegate_staff(&self) -> bool {
        matches!(
            self.status,
            MemberStatus::Participating | MemberStatus::Declared
        )
    }
}

/// Pracownik ds. sieci — network coordinator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Coordinator {
    /// When appointed.
    pub appointed_on: NaiveDate,
    /// Keeps the ZZK registry (exactly one coordinator does).
    pub keeps_registry: bool,
}

/// Ramowy Regulamin — the rules of procedure, which set the cadences **[configurable]**.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct RulesOfProcedure {
    /// Months between PZK meetings (default 3: quarterly).
    pub meeting_cadence_months: u32,
    /// Months after which an unverified basket service is stale (default 12).
    pub basket_verification_months: u32,
    /// Months between PZK evaluations (default 12: yearly).
    pub evaluation_cadence_months: u32,
    /// Months in a ZZK monitoring period (default 1: monthly).
    pub monitoring_period_months: u32,
    /// Minutes are approved at the start of the next meeting (default yes).
    pub minutes_approved_at_next_meeting: bool,
}

impl Default for RulesOfProcedure {
    fn default() -> Self {
        Self {
            meeting_cadence_months: 3,
            basket_verification_months: 12,
            evaluation_cadence_months: 12,
            monitoring_period_months: 1,
            minutes_approved_at_next_meeting: true,
        }
    }
}

/// Roczny plan działania PZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AnnualPlan {
    /// When adopted.
    pub adopted_on: NaiveDate,
    /// Planned actions.
    pub actions: Vec<String>,
}

/// Wniosek — a request to extend the PZK or the basket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Request {
    /// Composition or basket.
    pub kind: RequestKind,
    /// Scope of the request.
    pub scope: String,
    /// Its content.
    pub content: String,
    /// The ZZK whose unmet need caused it, if any.
    pub zzk_id: Option<ZzkId>,
    /// When filed.
    pub filed_on: NaiveDate,
    /// Pending, accepted or rejected.
    pub status: RequestStatus,
    /// When decided.
    pub decided_on: Option<NaiveDate>,
    /// Reason (required for a rejection).
    pub reason: Option<String>,
}

/// Konsultacja pracownika ds. sieci dla ZZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Consultation {
    /// The ZZK consulted.
    pub zzk_id: ZzkId,
    /// When.
    pub given_on: NaiveDate,
    /// Topic.
    pub topic: String,
    /// A need for supervision was reported.
    pub supervision_needed: bool,
}

/// Problem / konflikt wymagający mediacji członków PZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Conflict {
    /// Short summary (no personal data).
    pub summary: String,
    /// The ZZK concerned, if any.
    pub zzk_id: Option<ZzkId>,
    /// When raised.
    pub raised_on: NaiveDate,
    /// When resolved.
    pub resolved_on: Option<NaiveDate>,
    /// How.
    pub resolution: Option<String>,
}

/// Odmowa współpracy pracownika partnera — reported, not a suspension ground.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Refusal {
    /// The ZZK concerned.
    pub zzk_id: ZzkId,
    /// The worker's institution.
    pub member_id: MemberId,
    /// The worker.
    pub worker: PersonRef,
    /// When reported.
    pub reported_on: NaiveDate,
    /// When PZK members were informed.
    pub members_informed_on: Option<NaiveDate>,
}

/// PZK — the partnership, as rebuilt from its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Partnership {
    /// Its id.
    pub id: PartnershipId,
    /// Its name.
    pub name: String,
    /// The area it covers (whole gmina or part).
    pub coverage: String,
    /// The OPS, leader and first member.
    pub ops_member_id: MemberId,
    /// Current stage.
    pub stage: PzkStage,
    /// Time of its latest event (commands may not go back before it).
    pub last_at: DateTime<Utc>,
    /// The mayor's authorisation.
    pub authorisation: Option<Authorisation>,
    /// Implementation conditions recorded so far.
    pub readiness: BTreeMap<ReadinessCondition, ReadinessEntry>,
    /// Completed steps of stage 1.
    pub initiation_steps: Vec<InitiationStep>,
    /// Members by id.
    pub members: BTreeMap<MemberId, Member>,
    /// Network coordinators.
    pub coordinators: BTreeMap<PersonRef, Coordinator>,
    /// Meetings by id.
    pub meetings: BTreeMap<MeetingId, PzkMeeting>,
    /// Rules of procedure (defaults until adopted).
    pub rules: RulesOfProcedure,
    /// When the rules were adopted.
    pub rules_adopted_on: Option<NaiveDate>,
    /// When the basket was presented to members.
    pub basket_presented_on: Option<NaiveDate>,
    /// Annual plans by year.
    pub annual_plans: BTreeMap<i32, AnnualPlan>,
    /// When stage 3 began.
    pub operating_since: Option<NaiveDate>,
    /// Requests by id.
    pub requests: BTreeMap<RequestId, Request>,
    /// Consultations for ZZKs.
    pub consultations: BTreeMap<ConsultationId, Consultation>,
    /// Conflicts.
    pub conflicts: BTreeMap<ConflictId, Conflict>,
    /// Refusals to cooperate.
    pub refusals: BTreeMap<RefusalId, Refusal>,
    /// Evaluations.
    pub evaluations: BTreeMap<EvaluationId, PzkEvaluation>,
    /// The local basket of services.
    pub basket: Basket,
    /// The highest number entered in the ZZK registry so far.
    pub registry_last_number: u32,
    /// The ZZK registry (rejestr ZZK) kept by the network coordinator: each number given, and
    /// the ZZK it was given to. A number is given once ([`crate::state::State::admit`] refuses
    /// a second ZZK under a number already given).
    #[serde(default)]
    pub registry: BTreeMap<u32, ZzkId>,
}

impl Partnership {
    /// Enters a ZZK in the registry under a number (the first ZZK given a number keeps it).
    pub(crate) fn enter_in_registry(&mut self, number: u32, zzk: &ZzkId) {
        self.registry.entry(number).or_insert_with(|| zzk.clone());
        self.registry_last_number = self.registry_last_number.max(number);
    }

    /// Why a ZZK may not be entered under `number`: the number was given to another ZZK.
    pub(crate) fn registry_refuses(&self, number: u32, zzk: &ZzkId) -> Option<ValidationError> {
        match self.registry.get(&number) {
            Some(holder) if holder != zzk => Some(ValidationError::DuplicateRegistryNumber {
                number,
                holder: holder.as_str().to_owned(),
            }),
            _ => None,
        }
    }

    /// Members other than the OPS that signed the declaration and have not left.
    pub fn declared_partners(&self) -> usize {
        self.members
            .iter()
            .filter(|(id, m)| **id != self.ops_member_id && m.status == MemberStatus::Declared)
            .count()
    }

    /// Obligatory conditions of a level not yet met.
    pub fn missing_readiness(&self, level: ReadinessLevel) -> Vec<ReadinessCondition> {
        ReadinessCondition::obligatory(level)
            .filter(|c| !self.readiness.get(c).is_some_and(|e| e.met))
            .collect()
    }

    /// The coordinator who keeps the ZZK registry.
    pub fn registry_keeper(&self) -> Option<&PersonRef> {
        self.coordinators
            .iter()
            .find(|(_, c)| c.keeps_registry)
            .map(|(p, _)| p)
    }

    /// Date of the latest PZK meeting.
    pub fn last_meeting_on(&self) -> Option<NaiveDate> {
        self.meetings.values().map(|m| m.held_on).max()
    }

    /// Date of the latest evaluation.
    pub fn last_evaluation_on(&self) -> Option<NaiveDate> {
        self.evaluations.values().map(|e| e.evaluated_on).max()
    }

    /// Adds whole months to a date (clamped to the month's end), for cadences.
    pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
        date.checked_add_months(Months::new(months))
            .unwrap_or(NaiveDate::MAX)
    }

    fn require_stage(&self, allowed: &[PzkStage]) -> Result<(), Error> {
        if allowed.contains(&self.stage) {
            return Ok(());
        }
        if self.stage == PzkStage::AwaitingAuthorisation {
            return Err(PartnershipError::AuthorisationMissing.into());
        }
        Err(PartnershipError::WrongStage {
            stage: self.stage,
            expected: allowed.to_vec(),
        }
        .into())
    }

    fn member(&self, id: &MemberId) -> Result<&Member, Error> {
        self.members
            .get(id)
            .ok_or_else(|| ValidationError::not_found("member", id.as_str()).into())
    }
}

const AUTHORISED: &[PzkStage] = &[
    PzkStage::Initiation,
    PzkStage::Planning,
    PzkStage::Operating,
];
const FORMALISED: &[PzkStage] = &[PzkStage::Planning, PzkStage::Operating];

/// A PZK as its registration opens it: the OPS is its leader and first member.
pub(crate) fn registered(
    at: DateTime<Utc>,
    opening: crate::event::route::PzkOpening,
) -> Partnership {
    let crate::event::route::PzkOpening::PartnershipRegistered {
        partnership_id: id,
        name,
        coverage,
        ops_member_id: ops,
        ops_profile: profile,
    } = opening;
    let today = at.date_naive();
    let mut members = BTreeMap::new();
    members.insert(
        ops.clone(),
        Member {
            profile,
            status: MemberStatus::Declared,
            representative: None,
            invited_on: today,
            agreement_on: Some(today),
            declared_on: Some(today),
            left_on: None,
            declared_services: Vec::new(),
        },
    );
    Partnership {
        id,
        name,
        coverage,
        ops_member_id: ops,
        stage: PzkStage::AwaitingAuthorisation,
        last_at: at,
        authorisation: None,
        readiness: BTreeMap::new(),
        initiation_steps: Vec::new(),
        members,
        coordinators: BTreeMap::new(),
        meetings: BTreeMap::new(),
        rules: RulesOfProcedure::default(),
        rules_adopted_on: None,
        basket_presented_on: None,
        annual_plans: BTreeMap::new(),
        operating_since: None,
        requests: BTreeMap::new(),
        consultations: BTreeMap::new(),
        conflicts: BTreeMap::new(),
        refusals: BTreeMap::new(),
        evaluations: BTreeMap::new(),
        basket: Basket::default(),
        registry_last_number: 0,
        registry: BTreeMap::new(),
    }
}

/// Decides the registration of a PZK, which opens its stream (the PZK does not exist yet).
pub(crate) fn decide_register(cmd: crate::command::route::PzkOpening) -> Result<Vec<Event>, Error> {
    let crate::command::route::PzkOpening::RegisterPartnership {
        partnership_id,
        name,
        coverage,
        ops_member_id,
        ops_profile,
    } = cmd;
    text::require("name", name, text::MAX_SHORT)?;
    text::require("coverage", coverage, text::MAX_SHORT)?;
    ops_profile.validate()?;
    Ok(vec![Event::PartnershipRegistered {
        partnership_id: partnership_id.clone(),
        name: name.clone(),
        coverage: coverage.clone(),
        ops_member_id: ops_member_id.clone(),
        ops_profile: ops_profile.clone(),
    }])
}

/// Decides a command on an existing PZK, by the concept whose rules decide it.
pub(crate) fn decide(
    p: &Partnership,
    ctx: &Ctx,
    route: crate::command::route::PzkRoute,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::PzkRoute as R;
    match route {
        R::PzkOpening(_) => Err(ValidationError::duplicate("partnership", p.id.as_str()).into()),
        R::Initiation(cmd) => decide_initiation(p, ctx, cmd),
        R::Membership(cmd) => decide_membership(p, cmd),
        R::Coordinators(cmd) => decide_coordinators(p, cmd),
        R::PzkMeetings(cmd) => decide_pzk_meetings(p, ctx, cmd),
        R::Formalisation(cmd) => decide_formalisation(p, ctx, cmd),
        R::Requests(cmd) => decide_requests(p, ctx, cmd),
        R::Mediation(cmd) => decide_mediation(p, ctx, cmd),
        R::PzkEvaluation(cmd) => decide_pzk_evaluation(p, cmd),
        R::Basket(cmd) => crate::basket::decide(p, ctx, cmd),
    }
}

/// Decides a command of stage 1: the mayor's authorisation, readiness and the initiation steps.
fn decide_initiation(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Initiation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Initiation as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::RecordMayorAuthorisation {
            authorised_on,
            reference,
            ..
        } => {
            if p.authorisation.is_some() {
                return Err(PartnershipError::AlreadyAuthorised.into());
            }
            if let Some(r) = reference {
                text::require("reference", r, text::MAX_SHORT)?;
            }
            ctx.not_in_future("authorised_on", *authorised_on)?;
            vec![Event::MayorAuthorised {
                partnership_id: pid,
                authorised_on: *authorised_on,
                reference: reference.clone(),
            }]
        }
        C::RecordReadiness { condition, met, .. } => {
            vec![Event::ReadinessRecorded {
                partnership_id: pid,
                condition: *condition,
                met: *met,
            }]
        }
        C::CompleteInitiationStep { step, .. } => {
            p.require_stage(&[PzkStage::Initiation])?;
            if p.initiation_steps.contains(step) {
                return Err(PartnershipError::StepAlreadyDone { step: *step }.into());
            }
            if *step == InitiationStep::InitiatingMeetingHeld {
                return Err(PartnershipError::InitiatingMeetingRequired.into());
            }
            require_previous_steps(p, *step)?;
            if *step == InitiationStep::BasketBuilt && p.basket.services.is_empty() {
                return Err(PartnershipError::BasketEmpty.into());
            }
            vec![Event::InitiationStepCompleted {
                partnership_id: pid,
                step: *step,
            }]
        }
    })
}

/// Decides a command of who belongs to the PZK: invitations, participation, declarations, departures.
fn decide_membership(
    p: &Partnership,
    cmd: crate::command::route::Membership,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Membership as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::InviteMember {
            member_id,
            profile,
            representative,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            profile.validate()?;
            if let Some(m) = p.members.get(member_id) {
                if m.status != MemberStatus::Left {
                    return Err(ValidationError::duplicate("member", member_id.as_str()).into());
                }
            }
            vec![Event::MemberInvited {
                partnership_id: pid,
                member_id: member_id.clone(),
                profile: profile.clone(),
                representative: representative.clone(),
            }]
        }
        C::RecordParticipation { member_id, .. } => {
            p.require_stage(AUTHORISED)?;
            let m = p.member(member_id)?;
            if m.status != MemberStatus::Invited {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Participating,
                }
                .into());
            }
            vec![Event::MemberParticipating {
                partnership_id: pid,
                member_id: member_id.clone(),
            }]
        }
        C::SignDeclaration {
            member_id,
            declared_services,
            ..
        } => {
            p.require_stage(FORMALISED)?;
            let m = p.member(member_id)?;
            if !matches!(
                m.status,
                MemberStatus::Invited | MemberStatus::Participating
            ) {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Declared,
                }
                .into());
            }
            for s in declared_services {
                if !p.basket.services.contains_key(s) {
                    return Err(ValidationError::not_found("service", s.as_str()).into());
                }
            }
            vec![Event::DeclarationSigned {
                partnership_id: pid,
                member_id: member_id.clone(),
                declared_services: declared_services.clone(),
            }]
        }
        C::RecordMemberLeft {
            member_id, reason, ..
        } => {
            let m = p.member(member_id)?;
            text::require("reason", reason, text::MAX_SHORT)?;
            if *member_id == p.ops_member_id {
                return Err(PartnershipError::LeaderCannotLeave.into());
            }
            if m.status == MemberStatus::Left {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Left,
                }
                .into());
            }
            vec![Event::MemberLeft {
                partnership_id: pid,
                member_id: member_id.clone(),
                reason: reason.clone(),
            }]
        }
    })
}

/// Decides a command of the network coordinators (pracownicy ds. sieci).
fn decide_coordinators(
    p: &Partnership,
    cmd: crate::command::route::Coordinators,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Coordinators as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::AppointCoordinator {
            coordinator,
            keeps_registry,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            if p.coordinators.contains_key(coordinator) {
                return Err(ValidationError::duplicate("coordinator", coordinator.as_str()).into());
            }
            vec![Event::CoordinatorAppointed {
                partnership_id: pid,
                coordinator: coordinator.clone(),
                keeps_registry: *keeps_registry,
            }]
        }
        C::DismissCoordinator { coordinator, .. } => {
            if !p.coordinators.contains_key(coordinator) {
                return Err(ValidationError::not_found("coordinator", coordinator.as_str()).into());
            }
            vec![Event::CoordinatorDismissed {
                partnership_id: pid,
                coordinator: coordinator.clone(),
            }]
        }
    })
}

/// Decides a command of the PZK's meetings and their minutes.
fn decide_pzk_meetings(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::PzkMeetings,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::PzkMeetings as C;
    Ok(match cmd {
        C::HoldPzkMeeting {
            meeting_id,
            kind,
            held_on,
            minutes_by,
            minutes,
            minutes_read_out,
            remote,
            attending,
            approves_minutes_of,
            ..
        } => decide_meeting(
            p,
            ctx,
            MeetingInput {
                meeting_id,
                kind: *kind,
                held_on: *held_on,
                minutes_by,
                minutes,
                minutes_read_out: *minutes_read_out,
                remote: *remote,
                attending,
                approves: approves_minutes_of,
            },
        )?,
    })
}

/// Decides a command of stage 2: rules of procedure, the basket presented, the annual plan, operation.
fn decide_formalisation(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Formalisation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Formalisation as C;
    let pid = p.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::AdoptRulesOfProcedure { rules, .. } => {
            p.require_stage(FORMALISED)?;
            for (field, v) in [
                ("meeting_cadence_months", rules.meeting_cadence_months),
                (
                    "basket_verification_months",
                    rules.basket_verification_months,
                ),
                ("evaluation_cadence_months", rules.evaluation_cadence_months),
                ("monitoring_period_months", rules.monitoring_period_months),
            ] {
                if !(1..=60).contains(&v) {
                    return Err(ValidationError::OutOfRange {
                        field,
                        min: 1,
                        max: 60,
                    }
                    .into());
                }
            }
            vec![Event::RulesOfProcedureAdopted {
                partnership_id: pid,
                rules: rules.clone(),
            }]
        }
        C::PresentBasket { .. } => {
            p.require_stage(FORMALISED)?;
            if p.basket.services.is_empty() {
                return Err(PartnershipError::BasketEmpty.into());
            }
            vec![Event::BasketPresented {
                partnership_id: pid,
            }]
        }
        C::AdoptAnnualPlan { year, actions, .. } => {
            p.require_stage(FORMALISED)?;
            if p.annual_plans.contains_key(year) {
                return Err(PartnershipError::AnnualPlanExists { year: *year }.into());
            }
            let this_year = chrono::Datelike::year(&today);
            if *year < this_year || *year > this_year + 1 {
                return Err(ValidationError::OutOfRange {
                    field: "year",
                    min: this_year as i64,
                    max: this_year as i64 + 1,
                }
                .into());
            }
            if actions.is_empty() {
                return Err(ValidationError::EmptyList { field: "actions" }.into());
            }
            for a in actions {
                text::require("actions", a, text::MAX_SHORT)?;
            }
            vec![Event::AnnualPlanAdopted {
                partnership_id: pid,
                year: *year,
                actions: actions.clone(),
            }]
        }
        C::StartOperating { .. } => {
            p.require_stage(&[PzkStage::Planning])?;
            let mut missing = Vec::new();
            if p.rules_adopted_on.is_none() {
                missing.push("rules_of_procedure");
            }
            if p.basket_presented_on.is_none() {
                missing.push("basket_presented");
            }
            if p.annual_plans.is_empty() {
                missing.push("annual_plan");
            }
            let have = p.declared_partners();
            if have < MIN_DECLARATIONS {
                return Err(PartnershipError::NotEnoughDeclarations {
                    have,
                    need: MIN_DECLARATIONS,
                }
                .into());
            }
            if !missing.is_empty() {
                return Err(PartnershipError::FormalisationIncomplete { missing }.into());
            }
            vec![Event::OperatingStarted {
                partnership_id: pid,
            }]
        }
    })
}

/// Decides a command of requests to extend the PZK or its basket.
fn decide_requests(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Requests,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Requests as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::FileRequest {
            request_id,
            kind,
            scope,
            content,
            zzk_id,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            if p.requests.contains_key(request_id) {
                return Err(ValidationError::duplicate("request", request_id.as_str()).into());
            }
            text::require("scope", scope, text::MAX_SHORT)?;
            text::require("content", content, text::MAX_LONG)?;
            if let Some(z) = zzk_id {
                ctx.zzk_in(&p.id, z)?;
            }
            vec![Event::RequestFiled {
                partnership_id: pid,
                request_id: request_id.clone(),
                kind: *kind,
                scope: scope.clone(),
                content: content.clone(),
                zzk_id: zzk_id.clone(),
            }]
        }
        C::DecideRequest {
            request_id,
            accepted,
            reason,
            ..
        } => {
            let r = p
                .requests
                .get(request_id)
                .ok_or_else(|| ValidationError::not_found("request", request_id.as_str()))?;
            if r.status != RequestStatus::Pending {
                return Err(PartnershipError::RequestAlreadyDecided.into());
            }
            match reason {
                Some(reason) => text::require("reason", reason, text::MAX_SHORT)?,
                None if !accepted => return Err(PartnershipError::RejectionReasonRequired.into()),
                None => {}
            }
            vec![Event::RequestDecided {
                partnership_id: pid,
                request_id: request_id.clone(),
                accepted: *accepted,
                reason: reason.clone(),
            }]
        }
    })
}

/// Decides a command of consultations, conflicts and refusals to cooperate.
fn decide_mediation(
    p: &Partnership,
    ctx: &Ctx,
    cmd: crate::command::route::Mediation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Mediation as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::RecordConsultation {
            consultation_id,
            zzk_id,
            topic,
            supervision_needed,
            ..
        } => {
            if p.consultations.contains_key(consultation_id) {
                return Err(
                    ValidationError::duplicate("consultation", consultation_id.as_str()).into(),
                );
            }
            ctx.zzk_in(&p.id, zzk_id)?;
            text::require("topic", topic, text::MAX_SHORT)?;
            vec![Event::ConsultationGiven {
                partnership_id: pid,
                consultation_id: consultation_id.clone(),
                zzk_id: zzk_id.clone(),
                topic: topic.clone(),
                supervision_needed: *supervision_needed,
            }]
        }
        C::RaiseConflict {
            conflict_id,
            summary,
            zzk_id,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            if p.conflicts.contains_key(conflict_id) {
                return Err(ValidationError::duplicate("conflict", conflict_id.as_str()).into());
            }
            text::require("summary", summary, text::MAX_SHORT)?;
            if let Some(z) = zzk_id {
                ctx.zzk_in(&p.id, z)?;
            }
            vec![Event::ConflictRaised {
                partnership_id: pid,
                conflict_id: conflict_id.clone(),
                summary: summary.clone(),
                zzk_id: zzk_id.clone(),
            }]
        }
        C::ResolveConflict {
            conflict_id,
            resolution,
            ..
        } => {
            let c = p
                .conflicts
                .get(conflict_id)
                .ok_or_else(|| ValidationError::not_found("conflict", conflict_id.as_str()))?;
            if c.resolved_on.is_some() {
                return Err(PartnershipError::ConflictAlreadyResolved.into());
            }
            text::require("resolution", resolution, text::MAX_SHORT)?;
            vec![Event::ConflictResolved {
                partnership_id: pid,
                conflict_id: conflict_id.clone(),
                resolution: resolution.clone(),
            }]
        }
        C::ReportRefusal {
            refusal_id,
            zzk_id,
            member_id,
            worker,
            ..
        } => {
            if p.refusals.contains_key(refusal_id) {
                return Err(ValidationError::duplicate("refusal", refusal_id.as_str()).into());
            }
            ctx.zzk_in(&p.id, zzk_id)?;
            p.member(member_id)?;
            vec![Event::RefusalReported {
                partnership_id: pid,
                refusal_id: refusal_id.clone(),
                zzk_id: zzk_id.clone(),
                member_id: member_id.clone(),
                worker: worker.clone(),
            }]
        }
        C::InformMembersOfRefusal { refusal_id, .. } => {
            let r = p
                .refusals
                .get(refusal_id)
                .ok_or_else(|| ValidationError::not_found("refusal", refusal_id.as_str()))?;
            if r.members_informed_on.is_some() {
                return Err(PartnershipError::MembersAlreadyInformed.into());
            }
            vec![Event::MembersInformedOfRefusal {
                partnership_id: pid,
                refusal_id: refusal_id.clone(),
            }]
        }
    })
}

/// Decides a command of the evaluation of the PZK.
fn decide_pzk_evaluation(
    p: &Partnership,
    cmd: crate::command::route::PzkEvaluation,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::PzkEvaluation as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::RecordPzkEvaluation {
            evaluation_id,
            external,
            main_goal,
            specific_goals,
            report,
            ..
        } => {
            p.require_stage(&[PzkStage::Operating])?;
            if p.evaluations.contains_key(evaluation_id) {
                return Err(
                    ValidationError::duplicate("evaluation", evaluation_id.as_str()).into(),
                );
            }
            vec![Event::PzkEvaluated {
                partnership_id: pid,
                evaluation_id: evaluation_id.clone(),
                external: *external,
                main_goal: *main_goal,
                specific_goals: specific_goals.clone(),
                report: report.clone(),
            }]
        }
    })
}

/// [decision] "Multilateral": at least two declarations besides the OPS's.
pub const MIN_DECLARATIONS: usize = 2;

fn require_previous_steps(p: &Partnership, step: InitiationStep) -> Result<(), Error> {
    let idx = InitiationStep::ALL
        .iter()
        .position(|s| *s == step)
        .unwrap_or(0);
    if let Some(missing) = InitiationStep::ALL[..idx]
        .iter()
        .find(|s| !p.initiation_steps.contains(s))
    {
        return Err(PartnershipError::StepOutOfOrder {
            step,
            missing: *missing,
        }
        .into());
    }
    Ok(())
}

struct MeetingInput<'a> {
    meeting_id: &'a MeetingId,
    kind: PzkMeetingKind,
    held_on: NaiveDate,
    minutes_by: &'a PersonRef,
    minutes: &'a NoteRef,
    minutes_read_out: bool,
    remote: bool,
    attending: &'a [MemberId],
    approves: &'a [MeetingId],
}

fn decide_meeting(p: &Partnership, ctx: &Ctx, m: MeetingInput) -> Result<Vec<Event>, Error> {
    if p.meetings.contains_key(m.meeting_id) {
        return Err(ValidationError::duplicate("meeting", m.meeting_id.as_str()).into());
    }
    match m.kind {
        PzkMeetingKind::Initiating => {
            p.require_stage(&[PzkStage::Initiation])?;
            if p.initiation_steps
                .contains(&InitiationStep::InitiatingMeetingHeld)
            {
                return Err(PartnershipError::StepAlreadyDone {
                    step: InitiationStep::InitiatingMeetingHeld,
                }
                .into());
            }
            require_previous_steps(p, InitiationStep::InitiatingMeetingHeld)?;
        }
        PzkMeetingKind::Formalising => {
            p.require_stage(&[PzkStage::Initiation])?;
            if let Some(missing) = InitiationStep::ALL
                .iter()
                .find(|s| !p.initiation_steps.contains(s))
            {
                return Err(PartnershipError::StepOutOfOrder {
                    step: InitiationStep::FormalisingMeetingPrepared,
                    missing: *missing,
                }
                .into());
            }
            let missing = p.missing_readiness(ReadinessLevel::Institutional);
            if !missing.is_empty() {
                return Err(PartnershipError::ReadinessNotMet {
                    level: ReadinessLevel::Institutional,
                    missing,
                }
                .into());
            }
        }
        PzkMeetingKind::Regular => p.require_stage(FORMALISED)?,
    }
    ctx.not_in_future("held_on", m.held_on)?;
    if let Some(auth) = &p.authorisation {
        ctx.not_before("held_on", m.held_on, auth.authorised_on)?;
    }
    if let Some(last) = p.last_meeting_on() {
        ctx.not_before("held_on", m.held_on, last)?;
    }
    for a in m.attending {
        p.member(a)?;
    }
    let mut approvals = Vec::new();
    for earlier in m.approves {
        let e = p
            .meetings
            .get(earlier)
            .ok_or_else(|| ValidationError::not_found("meeting", earlier.as_str()))?;
        if e.minutes_approved_at.is_some() || approvals.contains(&earlier) {
            return Err(PartnershipError::MinutesAlreadyApproved {
                meeting_id: earlier.clone(),
            }
            .into());
        }
        approvals.push(earlier);
    }
    let pid = p.id.clone();
    let mut events = vec![Event::PzkMeetingHeld {
        partnership_id: pid.clone(),
        meeting_id: m.meeting_id.clone(),
        kind: m.kind,
        held_on: m.held_on,
        minutes_by: m.minutes_by.clone(),
        minutes: m.minutes.clone(),
        minutes_read_out: m.minutes_read_out,
        remote: m.remote,
        attending: m.attending.to_vec(),
    }];
    events.extend(approvals.into_iter().map(|e| Event::MinutesApproved {
        partnership_id: pid.clone(),
        meeting_id: e.clone(),
        approved_at: m.meeting_id.clone(),
    }));
    match m.kind {
        PzkMeetingKind::Initiating => events.push(Event::InitiationStepCompleted {
            partnership_id: pid,
            step: InitiationStep::InitiatingMeetingHeld,
        }),
        PzkMeetingKind::Formalising => events.push(Event::PlanningStarted {
            partnership_id: pid,
        }),
        PzkMeetingKind::Regular => {}
    }
    Ok(events)
}

/// Applies an event of an existing PZK, by the concept whose records it changes.
pub(crate) fn apply(
    p: &mut Partnership,
    at: DateTime<Utc>,
    actor: &ActorId,
    route: crate::event::route::PzkRoute,
) {
    use crate::event::route::PzkRoute as R;
    let today = at.date_naive();
    // A registry entry is the ZZK's act: it does not move the PZK's clock (see the event).
    if !matches!(route, R::Registry(_)) {
        p.last_at = p.last_at.max(at);
    }
    match route {
        // Admission refuses a second registration; a replay of one changes nothing.
        R::PzkOpening(_) => {}
        R::Initiation(e) => apply_initiation(p, today, e),
        R::Membership(e) => apply_membership(p, today, e),
        R::Coordinators(e) => apply_coordinators(p, today, e),
        R::PzkMeetings(e) => apply_pzk_meetings(p, e),
        R::Formalisation(e) => apply_formalisation(p, today, e),
        R::Requests(e) => apply_requests(p, today, e),
        R::Mediation(e) => apply_mediation(p, today, e),
        R::PzkEvaluation(e) => apply_pzk_evaluation(p, today, e),
        R::Registry(e) => apply_registry(p, e),
        R::Basket(e) => crate::basket::apply(&mut p.basket, at, actor, e),
    }
}

/// Applies an event of stage 1: the mayor's authorisation, readiness and the initiation steps.
fn apply_initiation(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Initiation) {
    use crate::event::route::Initiation as Event;
    match &e {
        Event::MayorAuthorised {
            authorised_on,
            reference,
            ..
        } => {
            p.authorisation = Some(Authorisation {
                authorised_on: *authorised_on,
                reference: reference.clone(),
            });
            if p.stage == PzkStage::AwaitingAuthorisation {
                p.stage = PzkStage::Initiation;
            }
        }
        Event::ReadinessRecorded { condition, met, .. } => {
            p.readiness.insert(
                *condition,
                ReadinessEntry {
                    met: *met,
                    recorded_on: today,
                },
            );
        }
        Event::InitiationStepCompleted { step, .. } => {
            if !p.initiation_steps.contains(step) {
                p.initiation_steps.push(*step);
            }
        }
    }
}

/// Applies an event of who belongs to the PZK.
fn apply_membership(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Membership) {
    use crate::event::route::Membership as Event;
    match &e {
        Event::MemberInvited {
            member_id,
            profile,
            representative,
            ..
        } => {
            p.members.insert(
                member_id.clone(),
                Member {
                    profile: profile.clone(),
                    status: MemberStatus::Invited,
                    representative: representative.clone(),
                    invited_on: today,
                    agreement_on: None,
                    declared_on: None,
                    left_on: None,
                    declared_services: Vec::new(),
                },
            );
        }
        Event::MemberParticipating { member_id, .. } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Participating;
                m.agreement_on = Some(today);
            }
        }
        Event::DeclarationSigned {
            member_id,
            declared_services,
            ..
        } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Declared;
                m.agreement_on.get_or_insert(today);
                m.declared_on = Some(today);
                m.declared_services = declared_services.clone();
            }
        }
        Event::MemberLeft { member_id, .. } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Left;
                m.left_on = Some(today);
            }
        }
    }
}

/// Applies an event of the network coordinators.
fn apply_coordinators(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Coordinators) {
    use crate::event::route::Coordinators as Event;
    match &e {
        Event::CoordinatorAppointed {
            coordinator,
            keeps_registry,
            ..
        } => {
            if *keeps_registry {
                p.coordinators
                    .values_mut()
                    .for_each(|c| c.keeps_registry = false);
            }
            p.coordinators.insert(
                coordinator.clone(),
                Coordinator {
                    appointed_on: today,
                    keeps_registry: *keeps_registry,
                },
            );
        }
        Event::CoordinatorDismissed { coordinator, .. } => {
            p.coordinators.remove(coordinator);
        }
    }
}

/// Applies an event of the PZK's meetings, their minutes and the move to planning.
fn apply_pzk_meetings(p: &mut Partnership, e: crate::event::route::PzkMeetings) {
    use crate::event::route::PzkMeetings as Event;
    match &e {
        Event::PzkMeetingHeld {
            meeting_id,
            kind,
            held_on,
            minutes_by,
            minutes,
            minutes_read_out,
            remote,
            attending,
            ..
        } => {
            p.meetings.insert(
                meeting_id.clone(),
                PzkMeeting {
                    kind: *kind,
                    held_on: *held_on,
                    minutes_by: minutes_by.clone(),
                    minutes: minutes.clone(),
                    minutes_read_out: *minutes_read_out,
                    remote: *remote,
                    attending: attending.clone(),
                    minutes_approved_at: None,
                },
            );
        }
        Event::MinutesApproved {
            meeting_id,
            approved_at,
            ..
        } => {
            if let Some(m) = p.meetings.get_mut(meeting_id) {
                m.minutes_approved_at = Some(approved_at.clone());
            }
        }
        Event::PlanningStarted { .. } => p.stage = PzkStage::Planning,
    }
}

/// Applies an event of stage 2: rules of procedure, the basket presented, the annual plan, operation.
fn apply_formalisation(
    p: &mut Partnership,
    today: NaiveDate,
    e: crate::event::route::Formalisation,
) {
    use crate::event::route::Formalisation as Event;
    match &e {
        Event::RulesOfProcedureAdopted { rules, .. } => {
            p.rules = rules.clone();
            p.rules_adopted_on = Some(today);
        }
        Event::BasketPresented { .. } => p.basket_presented_on = Some(today),
        Event::AnnualPlanAdopted { year, actions, .. } => {
            p.annual_plans.insert(
                *year,
                AnnualPlan {
                    adopted_on: today,
                    actions: actions.clone(),
                },
            );
        }
        Event::OperatingStarted { .. } => {
            p.stage = PzkStage::Operating;
            p.operating_since = Some(today);
        }
    }
}

/// Applies an event of requests to extend the PZK or its basket.
fn apply_requests(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Requests) {
    use crate::event::route::Requests as Event;
    match &e {
        Event::RequestFiled {
            request_id,
            kind,
            scope,
            content,
            zzk_id,
            ..
        } => {
            p.requests.insert(
                request_id.clone(),
                Request {
                    kind: *kind,
                    scope: scope.clone(),
                    content: content.clone(),
                    zzk_id: zzk_id.clone(),
                    filed_on: today,
                    status: RequestStatus::Pending,
                    decided_on: None,
                    reason: None,
                },
            );
        }
        Event::RequestDecided {
            request_id,
            accepted,
            reason,
            ..
        } => {
            if let Some(r) = p.requests.get_mut(request_id) {
                r.status = if *accepted {
                    RequestStatus::Accepted
                } else {
                    RequestStatus::Rejected
                };
                r.decided_on = Some(today);
                r.reason = reason.clone();
            }
        }
    }
}

/// Applies an event of consultations, conflicts and refusals to cooperate.
fn apply_mediation(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Mediation) {
    use crate::event::route::Mediation as Event;
    match &e {
        Event::ConsultationGiven {
            consultation_id,
            zzk_id,
            topic,
            supervision_needed,
            ..
        } => {
            p.consultations.insert(
                consultation_id.clone(),
                Consultation {
                    zzk_id: zzk_id.clone(),
                    given_on: today,
                    topic: topic.clone(),
                    supervision_needed: *supervision_needed,
                },
            );
        }
        Event::ConflictRaised {
            conflict_id,
            summary,
            zzk_id,
            ..
        } => {
            p.conflicts.insert(
                conflict_id.clone(),
                Conflict {
                    summary: summary.clone(),
                    zzk_id: zzk_id.clone(),
                    raised_on: today,
                    resolved_on: None,
                    resolution: None,
                },
            );
        }
        Event::ConflictResolved {
            conflict_id,
            resolution,
            ..
        } => {
            if let Some(c) = p.conflicts.get_mut(conflict_id) {
                c.resolved_on = Some(today);
                c.resolution = Some(resolution.clone());
            }
        }
        Event::RefusalReported {
            refusal_id,
            zzk_id,
            member_id,
            worker,
            ..
        } => {
            p.refusals.insert(
                refusal_id.clone(),
                Refusal {
                    zzk_id: zzk_id.clone(),
                    member_id: member_id.clone(),
                    worker: worker.clone(),
                    reported_on: today,
                    members_informed_on: None,
                },
            );
        }
        Event::MembersInformedOfRefusal { refusal_id, .. } => {
            if let Some(r) = p.refusals.get_mut(refusal_id) {
                r.members_informed_on = Some(today);
            }
        }
    }
}

/// Applies an event of the evaluation of the PZK.
fn apply_pzk_evaluation(
    p: &mut Partnership,
    today: NaiveDate,
    e: crate::event::route::PzkEvaluation,
) {
    use crate::event::route::PzkEvaluation as Event;
    match &e {
        Event::PzkEvaluated {
            evaluation_id,
            external,
            main_goal,
            specific_goals,
            report,
            ..
        } => {
            p.evaluations.insert(
                evaluation_id.clone(),
                PzkEvaluation {
                    evaluated_on: today,
                    external: *external,
                    main_goal: *main_goal,
                    specific_goals: specific_goals.clone(),
                    report: report.clone(),
                },
            );
        }
    }
}

/// Applies an event of the registry of ZZKs (rejestr ZZK).
fn apply_registry(p: &mut Partnership, e: crate::event::route::Registry) {
    use crate::event::route::Registry as Event;
    match &e {
        Event::ZzkRegistered {
            zzk_id,
            registry_number,
            ..
        } => p.enter_in_registry(*registry_number, zzk_id),
    }
}

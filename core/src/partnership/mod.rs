//! PZK — partnerski zespół kooperacyjny: the partnership of local institutions led by the OPS, its
//! stages (authorisation → initiation 1.1–1.6 → planning → operating), members, coordinators,
//! rules of procedure, annual plans, requests, consultations, conflicts and refusals.

use crate::basket::Basket;
use crate::classification::InstitutionProfile;
use crate::error::{Error, PartnershipError, ValidationError};
use crate::evaluation::PzkEvaluation;
use crate::event::Event;
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::meeting::{PzkMeeting, PzkMeetingKind};
use crate::readiness::{ReadinessCondition, ReadinessLevel};
use crate::require::{must_be_new, must_exist};
use crate::state::Ctx;
use crate::text;
use crate::Entity;
use chrono::{DateTime, Months, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod coordinators;
mod evaluation;
mod formalisation;
mod initiation;
mod mediation;
mod meetings;
mod membership;
mod registry;
mod requests;

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
    /// Its accession, when it joined once the PZK operates: the members are to be informed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accession: Option<Accession>,
}

/// A new accession: a partner whose agreement (participation or declaration) was recorded once
/// the PZK operates, of which the other members are informed (seed 002).
///
/// **\[decision\]** Agreements recorded before the PZK operates are its founding membership, made
/// known at the formalising meeting; only a later one is a new accession. A participating partner
/// that later signs the declaration is not new: its agreement was already known. The OPS, which
/// records the accession, is not among those to inform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Accession {
    /// When its agreement was recorded.
    pub on: NaiveDate,
    /// When the members were informed of it.
    pub informed_on: Option<NaiveDate>,
    /// Who was informed: the members with their agreement recorded then.
    pub informed: Vec<MemberId>,
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

/// Ramowy Regulamin — the rules of procedure, which set the cadences **\[configurable\]**.
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
    /// Minutes are read out at the end of each meeting (default no): a meeting whose minutes
    /// were not is then refused.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub minutes_read_out: bool,
}

impl Default for RulesOfProcedure {
    fn default() -> Self {
        Self {
            meeting_cadence_months: 3,
            basket_verification_months: 12,
            evaluation_cadence_months: 12,
            monitoring_period_months: 1,
            minutes_approved_at_next_meeting: true,
            minutes_read_out: false,
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
    /// Kierownik OPS — the OPS head, who leads the PZK: the actor who registered it, until the
    /// role is handed over (see [`crate::roles`]).
    pub ops_head: PersonRef,
    /// Current stage.
    pub stage: PzkStage,
    /// Time of its latest event (commands may not go back before it).
    pub last_at: DateTime<Utc>,
    /// The mayor's authorisation.
    pub authorisation: Option<Authorisation>,
    /// Implementation conditions recorded so far.
    pub readiness: IdMap<ReadinessCondition, ReadinessEntry>,
    /// Completed steps of stage 1.
    pub initiation_steps: Vec<InitiationStep>,
    /// Members by id.
    pub members: IdMap<MemberId, Member>,
    /// Network coordinators.
    pub coordinators: IdMap<PersonRef, Coordinator>,
    /// Meetings by id.
    pub meetings: IdMap<MeetingId, PzkMeeting>,
    /// Rules of procedure (defaults until adopted).
    pub rules: RulesOfProcedure,
    /// When the rules were adopted.
    pub rules_adopted_on: Option<NaiveDate>,
    /// When the basket was presented to members.
    pub basket_presented_on: Option<NaiveDate>,
    /// Annual plans by year.
    pub annual_plans: IdMap<i32, AnnualPlan>,
    /// When stage 3 began.
    pub operating_since: Option<NaiveDate>,
    /// Requests by id.
    pub requests: IdMap<RequestId, Request>,
    /// Consultations for ZZKs.
    pub consultations: IdMap<ConsultationId, Consultation>,
    /// Conflicts.
    pub conflicts: IdMap<ConflictId, Conflict>,
    /// Refusals to cooperate.
    pub refusals: IdMap<RefusalId, Refusal>,
    /// Evaluations.
    pub evaluations: IdMap<EvaluationId, PzkEvaluation>,
    /// The local basket of services.
    pub basket: Basket,
    /// The highest number entered in the ZZK registry so far.
    pub registry_last_number: u32,
    /// The ZZK registry (rejestr ZZK) kept by the network coordinator: each number given, and
    /// the ZZK it was given to. A number is given once ([`crate::state::State::admit`] refuses
    /// a second ZZK under a number already given).
    #[serde(default)]
    pub registry: IdMap<u32, ZzkId>,
}

impl Partnership {
    /// Enters a ZZK in the registry under a number (the first ZZK given a number keeps it).
    pub(crate) fn enter_in_registry(&mut self, number: u32, zzk: &ZzkId) {
        if !self.registry.contains_key(&number) {
            self.registry.insert(number, zzk.clone());
        }
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

    /// The members to inform of a member's accession, while they have not been: those with their
    /// agreement recorded by the day it acceded and not left, besides the OPS and itself. Empty
    /// when its agreement is no new accession or the members were informed.
    pub fn to_inform_of_accession(&self, member_id: &MemberId) -> Vec<MemberId> {
        let Some(acceded) = self
            .members
            .get(member_id)
            .and_then(|m| m.accession.as_ref())
            .filter(|a| a.informed_on.is_none())
        else {
            return Vec::new();
        };
        self.members
            .iter()
            .filter(|(id, m)| {
                *id != member_id
                    && **id != self.ops_member_id
                    && m.may_delegate_staff()
                    && m.agreement_on.is_some_and(|on| on <= acceded.on)
            })
            .map(|(id, _)| id.clone())
            .collect()
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
        Ok(must_exist(&self.members, id, Entity::Member)?)
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
    actor: &ActorId,
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
    let mut members = IdMap::new();
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
            accession: None,
        },
    );
    Partnership {
        id,
        name,
        coverage,
        ops_member_id: ops,
        ops_head: PersonRef::from(actor.as_str()),
        stage: PzkStage::AwaitingAuthorisation,
        last_at: at,
        authorisation: None,
        readiness: IdMap::new(),
        initiation_steps: Vec::new(),
        members,
        coordinators: IdMap::new(),
        meetings: IdMap::new(),
        rules: RulesOfProcedure::default(),
        rules_adopted_on: None,
        basket_presented_on: None,
        annual_plans: IdMap::new(),
        operating_since: None,
        requests: IdMap::new(),
        consultations: IdMap::new(),
        conflicts: IdMap::new(),
        refusals: IdMap::new(),
        evaluations: IdMap::new(),
        basket: Basket::default(),
        registry_last_number: 0,
        registry: IdMap::new(),
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
        R::PzkOpening(_) => {
            Err(ValidationError::duplicate(Entity::Partnership, p.id.as_str()).into())
        }
        R::Initiation(cmd) => initiation::decide(p, ctx, cmd),
        R::Membership(cmd) => membership::decide(p, cmd),
        R::Coordinators(cmd) => coordinators::decide(p, cmd),
        R::PzkMeetings(cmd) => meetings::decide(p, ctx, cmd),
        R::Formalisation(cmd) => formalisation::decide(p, ctx, cmd),
        R::Requests(cmd) => requests::decide(p, ctx, cmd),
        R::Mediation(cmd) => mediation::decide(p, ctx, cmd),
        R::PzkEvaluation(cmd) => evaluation::decide(p, cmd),
        R::Basket(cmd) => crate::basket::decide(p, ctx, cmd),
    }
}

/// \[decision\] "Multilateral": at least two declarations besides the OPS's.
pub const MIN_DECLARATIONS: usize = 2;

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
        R::Initiation(e) => initiation::apply(p, today, e),
        R::Membership(e) => membership::apply(p, today, e),
        R::Coordinators(e) => coordinators::apply(p, today, e),
        R::PzkMeetings(e) => meetings::apply(p, e),
        R::Formalisation(e) => formalisation::apply(p, today, e),
        R::Requests(e) => requests::apply(p, today, e),
        R::Mediation(e) => mediation::apply(p, today, e),
        R::PzkEvaluation(e) => evaluation::apply(p, today, e),
        R::Registry(e) => registry::apply(p, e),
        R::Basket(e) => crate::basket::apply(&mut p.basket, at, actor, e),
    }
}

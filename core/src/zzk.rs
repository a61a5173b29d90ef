//! ZZK — zadaniowy zespół kooperacyjny: the task team around one person, family or group, from the
//! reported need (stage 1.1) through appointment (1.2), the first and follow-up meetings (2.1–2.2),
//! suspension and return, leaving the ZZK form and coming back, closure and post-support monitoring
//! (2.3). The person/family is never a member; a representative or carer may act for them.

use crate::consent::{self, Consent, ConsentCapacity, ConsentRefusal, KeyDecision};
use crate::error::{BasketError, Error, ValidationError, ZzkError};
use crate::evaluation::{EndOfWorkRecord, FamilyAbsence, FamilyEvaluationRecord, Questionnaire};
use crate::event::Event;
use crate::household::{BirthYear, HouseholdChange};
use crate::id_map::IdMap;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::meeting::ZzkMeeting;
use crate::monitoring::MonitoringRecord;
use crate::plan::{BasketItem, Plan, Project};
use crate::readiness::ReadinessLevel;
use crate::require::{must_be_new, must_exist};
use crate::state::Ctx;
use crate::text;
use crate::Entity;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// Etap pracy z osobą/rodziną w modelu ZZK.
    pub enum ZzkStage {
        /// 1.1(1) Zgłoszenie potrzeby.
        NeedReported = "need_reported" => ("Zgłoszenie potrzeby", "Need reported"),
        /// 1.1(2) Nawiązanie relacji pomocowej.
        HelpingRelationship = "helping_relationship" => ("Relacja pomocowa", "Helping relationship"),
        /// 1.1(3) Wywiad środowiskowy i wstępna diagnoza.
        InitialDiagnosis = "initial_diagnosis" => ("Wstępna diagnoza", "Initial diagnosis"),
        /// 1.1(4) Przesłanki wyboru pracy w ZZK.
        GroundsRecorded = "grounds_recorded" => ("Przesłanki pracy w ZZK", "Grounds recorded"),
        /// 1.1(5) Propozycja pracy w ZZK.
        Proposed = "proposed" => ("Propozycja pracy w ZZK", "ZZK work proposed"),
        /// 1.1(6) Odmowa zgody.
        ConsentRefused = "consent_refused" => ("Odmowa zgody", "Consent refused"),
        /// 1.1(6) Zgoda uzyskana.
        ConsentObtained = "consent_obtained" => ("Zgoda uzyskana", "Consent obtained"),
        /// 1.2 Decyzja o powołaniu; wpis do rejestru.
        Appointed = "appointed" => ("Powołany", "Appointed"),
        /// 1.2 Partnerzy wybrani i zaproszeni.
        PartnersInvited = "partners_invited" => ("Partnerzy zaproszeni", "Partners invited"),
        /// 1.2 Spotkanie konsultacyjne (bez rodziny).
        ConsultationHeld = "consultation_held" => ("Spotkanie konsultacyjne", "Consultation meeting held"),
        /// 1.2 Zaproszenie partnerów i rodziny na pierwsze spotkanie.
        FirstMeetingInvited = "first_meeting_invited" => ("Zaproszenie na pierwsze spotkanie", "Invited to the first meeting"),
        /// 2.1–2.2 Praca zespołu: plan lub projekt socjalny.
        Active = "active" => ("Praca ZZK", "Active"),
        /// Zawieszenie.
        Suspended = "suspended" => ("Zawieszony", "Suspended"),
        /// Zwykła praca socjalna OPS (poza formułą ZZK).
        OrdinarySocialWork = "ordinary_social_work" => ("Praca socjalna poza ZZK", "Ordinary social work"),
        /// 2.3 Monitorowanie sytuacji po zakończeniu wsparcia.
        PostSupportMonitoring = "post_support_monitoring" => ("Monitoring po zakończeniu wsparcia", "Post-support monitoring"),
        /// 2.3 Zakończenie pracy.
        Closed = "closed" => ("Zakończony", "Closed"),
    }
}

impl ZzkStage {
    /// Stages of a working (appointed, not suspended) team.
    pub const WORKING: &'static [ZzkStage] = &[
        ZzkStage::Appointed,
        ZzkStage::PartnersInvited,
        ZzkStage::ConsultationHeld,
        ZzkStage::FirstMeetingInvited,
        ZzkStage::Active,
    ];

    /// Whether the team has been appointed and work has not ended (including suspension).
    pub fn is_appointed_and_open(self) -> bool {
        Self::WORKING.contains(&self)
            || matches!(self, ZzkStage::Suspended | ZzkStage::OrdinarySocialWork)
    }

    /// Whether a suspension can begin from this stage.
    pub fn is_suspendable(self) -> bool {
        Self::WORKING.contains(&self) || self == ZzkStage::ConsentObtained
    }

    /// Whether work has ended.
    pub fn is_finished(self) -> bool {
        matches!(self, ZzkStage::Closed | ZzkStage::PostSupportMonitoring)
    }
}

labelled_enum! {
    /// Kogo dotyczy wsparcie.
    pub enum ClientKind {
        /// Osoba.
        Person = "person" => ("Osoba", "Person"),
        /// Rodzina.
        Family = "family" => ("Rodzina", "Family"),
        /// Grupa.
        Group = "group" => ("Grupa", "Group"),
    }
}

labelled_enum! {
    /// Rodzaj grupy.
    pub enum GroupKind {
        /// Kategorialna (młodzież, seniorzy, osoby z niepełnosprawnościami).
        Categorical = "categorical" => ("Kategorialna", "Categorical"),
        /// Terytorialna (ulica, osiedle, dzielnica).
        Territorial = "territorial" => ("Terytorialna", "Territorial"),
    }
}

labelled_enum! {
    /// Etap pracy socjalnej, na którym powołano ZZK.
    pub enum SocialWorkPhase {
        /// Diagnoza.
        Diagnosis = "diagnosis" => ("Diagnoza", "Diagnosis"),
        /// Planowanie.
        Planning = "planning" => ("Planowanie", "Planning"),
        /// Realizacja.
        Implementation = "implementation" => ("Realizacja", "Implementation"),
        /// Ewaluacja.
        Evaluation = "evaluation" => ("Ewaluacja", "Evaluation"),
    }
}

labelled_enum! {
    /// Przesłanki zawieszenia ZZK **\[decision\]**. A partner worker's refusal is not one of them.
    pub enum SuspensionGround {
        /// Cofnięcie lub wygaśnięcie zgody.
        ConsentWithdrawn = "consent_withdrawn" => ("Cofnięcie lub wygaśnięcie zgody", "Consent withdrawn or lapsed"),
        /// Rodzina czasowo nieosiągalna (szpital, areszt, wyjazd).
        Unreachable = "unreachable" => ("Rodzina czasowo nieosiągalna", "Family temporarily unreachable"),
        /// Kryzys wymagający najpierw interwencji.
        Crisis = "crisis" => ("Kryzys wymagający interwencji", "Crisis requiring intervention first"),
        /// Rodzina nie uczestniczy.
        NotTakingPart = "not_taking_part" => ("Rodzina nie uczestniczy", "Family does not take part"),
        /// Prośba rodziny.
        FamilyRequest = "family_request" => ("Prośba rodziny", "Family's own request"),
        /// Inne (opis w notatce).
        Other = "other" => ("Inne", "Other"),
    }
}

labelled_enum! {
    /// Przesłanki powrotu do pracy ZZK.
    pub enum ReturnGround {
        /// Ustała przyczyna zawieszenia.
        CauseEnded = "cause_ended" => ("Ustała przyczyna", "The cause ended"),
        /// Rodzina prosi o wznowienie.
        FamilyAsks = "family_asks" => ("Prośba rodziny o wznowienie", "Family asks to resume"),
        /// Zgoda odnowiona.
        ConsentRenewed = "consent_renewed" => ("Odnowienie zgody", "Consent renewed"),
        /// Inne.
        Other = "other" => ("Inne", "Other"),
    }
}

labelled_enum! {
    /// Przyczyna zakończenia pracy.
    pub enum ClosureReason {
        /// Cele osiągnięte.
        GoalsAchieved = "goals_achieved" => ("Cele osiągnięte", "Goals achieved"),
        /// Wsparcie nie jest już potrzebne.
        NoLongerNeeded = "no_longer_needed" => ("Wsparcie niepotrzebne", "Support no longer needed"),
        /// Rodzina zrezygnowała.
        FamilyWithdrew = "family_withdrew" => ("Rezygnacja rodziny", "Family withdrew"),
        /// Rodzina wyprowadziła się.
        MovedAway = "moved_away" => ("Wyprowadzka", "Moved away"),
        /// Przekazanie do innej formy wsparcia.
        Transferred = "transferred" => ("Przekazanie do innej formy wsparcia", "Transferred elsewhere"),
        /// Osoba zmarła.
        Died = "died" => ("Zgon osoby", "The person died"),
        /// Odmowa zgody na pracę w ZZK (sprawa niepowołana).
        ConsentRefused = "consent_refused" => ("Odmowa zgody", "Consent refused"),
        /// Brak kontaktu z rodziną (sprawa niepowołana).
        NotReached = "not_reached" => ("Brak kontaktu z rodziną", "Family not reached"),
        /// Inne.
        Other = "other" => ("Inne", "Other"),
    }
}

labelled_enum! {
    /// Kto działa w imieniu osoby/rodziny.
    pub enum RepresentativeCapacity {
        /// Przedstawiciel.
        Representative = "representative" => ("Przedstawiciel", "Representative"),
        /// Opiekun formalny.
        FormalCarer = "formal_carer" => ("Opiekun formalny", "Formal carer"),
        /// Opiekun nieformalny.
        InformalCarer = "informal_carer" => ("Opiekun nieformalny", "Informal carer"),
    }
}

impl RepresentativeCapacity {
    /// The capacity in which such a person gives consent.
    pub fn consent_capacity(self) -> ConsentCapacity {
        match self {
            RepresentativeCapacity::Representative => ConsentCapacity::Representative,
            _ => ConsentCapacity::Carer,
        }
    }
}

/// The person, family or group supported. Names live in personal-data records; only references here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ClientInput {
    /// Person, family or group.
    pub kind: ClientKind,
    /// The people concerned (household members or group participants).
    pub household: Vec<PersonRef>,
    /// For a group: categorical or territorial.
    #[serde(default)]
    pub group_kind: Option<GroupKind>,
    /// Years of birth of household members, where the case records them (see
    /// [`crate::household`]): a minor does not consent for the household.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub birth_years: Vec<BirthYear>,
}

/// Przedstawiciel lub opiekun.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Representative {
    /// Who.
    pub person: PersonRef,
    /// In what capacity.
    pub capacity: RepresentativeCapacity,
}

/// Wstępna diagnoza (wywiad środowiskowy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InitialDiagnosis {
    /// Date of the community interview.
    pub interview_on: NaiveDate,
    /// The diagnosis (a personal-data note).
    pub diagnosis: NoteRef,
}

/// Przesłanki wyboru pracy w ZZK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Grounds {
    /// The grounds (a personal-data note).
    pub note: NoteRef,
    /// First list of potential partners.
    pub potential_partners: Vec<MemberId>,
}

/// Powołanie ZZK i wpis do rejestru.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Appointment {
    /// Date of the decision.
    pub appointed_on: NaiveDate,
    /// Phase of social work at which it was appointed.
    pub phase: SocialWorkPhase,
    /// Number in the PZK's registry.
    pub registry_number: u32,
    /// Coordinator who entered it in the registry.
    pub registered_by: Option<PersonRef>,
}

/// Who sits in the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Seat {
    /// A worker delegated by a member institution.
    Member {
        /// The institution.
        member_id: MemberId,
    },
    /// An outside specialist invited as a guest.
    Guest {
        /// The guest's institution.
        institution: String,
    },
}

/// Członek ZZK (or guest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ZzkMember {
    /// Member institution or guest.
    pub seat: Seat,
    /// The worker.
    pub worker: PersonRef,
    /// Role in the team.
    pub role: String,
    /// When joined.
    pub joined_on: NaiveDate,
    /// When left.
    pub left_on: Option<NaiveDate>,
}

impl ZzkMember {
    /// A current member (not a guest, not left).
    pub fn is_current_member(&self) -> bool {
        self.left_on.is_none() && matches!(self.seat, Seat::Member { .. })
    }
}

/// Zawieszenie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Suspension {
    /// Since when.
    pub suspended_on: NaiveDate,
    /// Why.
    pub ground: SuspensionGround,
    /// When to review it.
    pub review_on: NaiveDate,
    /// Details (a personal-data note).
    pub details: Option<NoteRef>,
    /// When work resumed.
    pub resumed_on: Option<NaiveDate>,
    /// On what grounds.
    pub return_ground: Option<ReturnGround>,
    /// Its reviews.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviews: Vec<SuspensionReview>,
}

/// What the review of a suspension (przegląd zawieszenia) decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
pub enum SuspensionReviewOutcome {
    /// Zawieszenie trwa do kolejnego przeglądu.
    KeepSuspended {
        /// The next review.
        next_review_on: NaiveDate,
    },
    /// Powrót do pracy ZZK.
    Resume {
        /// On what grounds.
        ground: ReturnGround,
    },
}

/// A review of a suspension, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SuspensionReview {
    /// When.
    pub reviewed_on: NaiveDate,
    /// What it decided.
    #[serde(flatten)]
    pub outcome: SuspensionReviewOutcome,
}

/// A period of ordinary OPS social work outside the ZZK form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrdinaryWorkPeriod {
    /// Since when.
    pub left_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// When work returned to the ZZK form.
    pub returned_on: Option<NaiveDate>,
}

/// Zakończenie pracy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Closure {
    /// When.
    pub closed_on: NaiveDate,
    /// Why.
    pub reason: ClosureReason,
    /// Post-support monitoring until.
    pub monitor_until: Option<NaiveDate>,
    /// Whether the case was closed before any ZZK was appointed (need reported, consent refused,
    /// family not reached): the indicators count such cases apart.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub before_appointment: bool,
}

/// A post-support observation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Observation {
    /// When.
    pub on: NaiveDate,
    /// What (a personal-data note).
    pub note: NoteRef,
}

/// A stage entered on a date (for durations per stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct StageChange {
    /// The stage entered.
    pub stage: ZzkStage,
    /// When.
    pub on: NaiveDate,
}

/// A ZZK (and the case before its appointment), as rebuilt from its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Zzk {
    /// Its id.
    pub id: ZzkId,
    /// The PZK it works within.
    pub partnership_id: PartnershipId,
    /// The person/family/group.
    pub client: ClientInput,
    /// The case manager.
    pub social_worker: PersonRef,
    /// Current stage.
    pub stage: ZzkStage,
    /// Every stage entered, with its date.
    pub stage_history: Vec<StageChange>,
    /// Time of its latest event.
    pub last_at: DateTime<Utc>,
    /// Representative or carer.
    pub representative: Option<Representative>,
    /// Initial diagnosis.
    pub initial_diagnosis: Option<InitialDiagnosis>,
    /// Grounds for ZZK work.
    pub grounds: Option<Grounds>,
    /// Consents by id.
    pub consents: IdMap<ConsentId, Consent>,
    /// Refusals of consent.
    pub consent_refusals: Vec<ConsentRefusal>,
    /// Appointment and registry entry.
    pub appointment: Option<Appointment>,
    /// Members and guests.
    pub members: IdMap<ZzkMemberId, ZzkMember>,
    /// Planned date of the first meeting.
    pub first_meeting_planned_on: Option<NaiveDate>,
    /// Meetings.
    pub meetings: IdMap<MeetingId, ZzkMeeting>,
    /// The individual plan.
    pub plan: Option<Plan>,
    /// The individual basket.
    pub basket: IdMap<BasketItemId, BasketItem>,
    /// Social-work projects.
    pub projects: IdMap<ProjectId, Project>,
    /// Monitoring records.
    pub monitoring: Vec<MonitoringRecord>,
    /// Suspensions.
    pub suspensions: Vec<Suspension>,
    /// Periods of ordinary social work.
    pub ordinary_work: Vec<OrdinaryWorkPeriod>,
    /// The stage to go back to after a suspension or ordinary work.
    pub resume_to: Option<ZzkStage>,
    /// The obligatory end-of-work evaluation survey.
    pub end_of_work_evaluation: Option<EndOfWorkRecord>,
    /// The obligatory evaluation of the effects with the family.
    #[serde(default)]
    pub family_evaluation: Option<FamilyEvaluationRecord>,
    /// Why the evaluation of the effects with the family could not be held, when the work was
    /// closed without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_absent: Option<FamilyAbsence>,
    /// Optional questionnaires.
    pub questionnaires: IdMap<EvaluationId, Questionnaire>,
    /// Closure.
    pub closure: Option<Closure>,
    /// Post-support observations.
    pub post_support: Vec<Observation>,
    /// Who moved into or out of the household after the need was reported.
    #[serde(default)]
    pub household_changes: Vec<HouseholdChange>,
    /// The institution the person or family chose to work with most (instytucja wybrana przez
    /// rodzinę), if it chose one.
    #[serde(default)]
    pub lead_institution: Option<MemberId>,
}

impl Zzk {
    /// Requires one of the given stages; suspended and closed teams get their own codes.
    pub fn require_stage(&self, allowed: &[ZzkStage]) -> Result<(), ZzkError> {
        if allowed.contains(&self.stage) {
            Ok(())
        } else {
            Err(self.stage_error())
        }
    }

    pub(crate) fn require_stage_not(&self, denied: &[ZzkStage]) -> Result<(), ZzkError> {
        if denied.contains(&self.stage) || self.stage.is_finished() {
            Err(self.stage_error())
        } else {
            Ok(())
        }
    }

    fn stage_error(&self) -> ZzkError {
        match self.stage {
            ZzkStage::Suspended => ZzkError::Suspended,
            ZzkStage::Closed | ZzkStage::PostSupportMonitoring => ZzkError::Closed,
            stage => ZzkError::WrongStage { stage },
        }
    }

    /// A key decision: the team is working (not suspended) and consent in force covers the decision.
    pub(crate) fn require_key_decision(
        &self,
        allowed: &[ZzkStage],
        on: NaiveDate,
        decision: KeyDecision,
        institution: Option<&MemberId>,
    ) -> Result<(), Error> {
        self.require_stage(allowed)?;
        consent::require(self, on, decision, institution)?;
        Ok(())
    }

    /// The open suspension, if any.
    pub fn current_suspension(&self) -> Option<&Suspension> {
        self.suspensions.last().filter(|s| s.resumed_on.is_none())
    }

    /// Whether a person belongs to the supported household or is its representative.
    pub fn is_client_side(&self, person: &PersonRef) -> bool {
        self.client.household.contains(person)
            || self
                .representative
                .as_ref()
                .is_some_and(|r| &r.person == person)
    }

    /// Whether the person sits on the team now (a current member's or guest's worker).
    pub fn is_on_team(&self, person: &PersonRef) -> bool {
        self.members
            .values()
            .any(|m| m.left_on.is_none() && &m.worker == person)
    }

    /// Whether the person took part in a meeting as a relative or significant other of the
    /// family: never a member of its team.
    pub fn is_relative(&self, person: &PersonRef) -> bool {
        self.meetings.values().any(|m| m.relatives.contains(person))
    }

    /// Days spent in each stage up to `as_of` (for analytics).
    pub fn days_per_stage(&self, as_of: NaiveDate) -> IdMap<ZzkStage, i64> {
        let mut out = IdMap::new();
        for (i, change) in self.stage_history.iter().enumerate() {
            let end = self.stage_history.get(i + 1).map(|n| n.on).unwrap_or(as_of);
            *out.get_or_insert_with(change.stage, || 0) += (end - change.on).num_days().max(0);
        }
        out
    }

    /// **\[decision\]** An act entered later than it took effect (a suspension, a withdrawal of
    /// consent) may carry the day it took effect: no later than the command's day and no earlier
    /// than the ZZK's latest recorded event, so that no work already recorded falls inside it.
    pub(crate) fn check_effective_day(
        &self,
        field: &'static str,
        day: NaiveDate,
        ctx: &Ctx,
    ) -> Result<(), ValidationError> {
        ctx.not_in_future(field, day)?;
        ctx.not_before(field, day, self.last_at.date_naive())
    }

    pub(crate) fn set_stage(&mut self, stage: ZzkStage, on: NaiveDate) {
        self.stage = stage;
        self.stage_history.push(StageChange { stage, on });
    }

    fn suspend(
        &mut self,
        since: NaiveDate,
        ground: SuspensionGround,
        review_on: NaiveDate,
        details: Option<NoteRef>,
    ) {
        self.resume_to = Some(self.stage);
        self.suspensions.push(Suspension {
            suspended_on: since,
            ground,
            review_on,
            details,
            resumed_on: None,
            return_ground: None,
            reviews: Vec::new(),
        });
        self.set_stage(ZzkStage::Suspended, since);
    }

    /// The stage the ZZK is at on a date: the stage its history records on that day (its first
    /// stage before the case was opened), or suspended where its consent has lapsed
    /// ([`consent::lapsed_since`]) although no command has recorded that yet. What every read at
    /// a date shows (the registry, the overdue report).
    pub fn stage_on(&self, on: NaiveDate) -> ZzkStage {
        if consent::lapsed_since(self, on).is_some() {
            return ZzkStage::Suspended;
        }
        self.stage_history
            .iter()
            .take_while(|c| c.on <= on)
            .last()
            .or(self.stage_history.first())
            .map_or(self.stage, |c| c.stage)
    }

    /// The suspension in effect on a date, at or after the latest event: the open one, or the one
    /// a lapse of consent has begun but no command has recorded yet (its review then due at once).
    pub fn suspension_on(&self, on: NaiveDate) -> Option<Suspension> {
        if let Some(since) = consent::lapsed_since(self, on) {
            return Some(Suspension {
                suspended_on: since,
                ground: SuspensionGround::ConsentWithdrawn,
                review_on: since,
                details: None,
                resumed_on: None,
                return_ground: None,
                reviews: Vec::new(),
            });
        }
        self.current_suspension()
            .filter(|_| self.stage == ZzkStage::Suspended)
            .cloned()
    }

    /// Days spent suspended up to `on` (a suspension still open counts to `on`; a lapse of
    /// consent not yet recorded counts from its first day).
    pub fn days_suspended(&self, on: NaiveDate) -> u32 {
        let recorded: i64 = self
            .suspensions
            .iter()
            .map(|s| {
                (s.resumed_on.unwrap_or(on) - s.suspended_on)
                    .num_days()
                    .max(0)
            })
            .sum();
        let pending = consent::lapsed_since(self, on)
            .map(|since| (on - since).num_days().max(0))
            .unwrap_or(0);
        u32::try_from(recorded + pending).unwrap_or(u32::MAX)
    }
}

/// Validates a new case's client description.
fn validate_client(client: &ClientInput, on: NaiveDate) -> Result<(), Error> {
    if client.household.is_empty() {
        return Err(ValidationError::EmptyList {
            field: "client.household",
        }
        .into());
    }
    crate::household::check_birth_years(&client.household, &client.birth_years, on)?;
    match (client.kind, client.group_kind) {
        (ClientKind::Group, None) => Err(ValidationError::EmptyList {
            field: "client.group_kind",
        }
        .into()),
        (ClientKind::Person | ClientKind::Family, Some(_)) => Err(ValidationError::OutOfRange {
            field: "client.group_kind",
            min: 0,
            max: 0,
        }
        .into()),
        _ => Ok(()),
    }
}

/// Decides the opening of a case (the need reported).
pub(crate) fn decide_open(
    ctx: &Ctx,
    cmd: crate::command::route::ZzkOpening,
) -> Result<Vec<Event>, Error> {
    let crate::command::route::ZzkOpening::ReportNeed {
        zzk_id,
        partnership_id,
        client,
        social_worker,
    } = cmd;
    ctx.partnership(partnership_id)?;
    validate_client(client, ctx.today())?;
    if client.household.contains(social_worker) {
        return Err(ZzkError::FamilyCannotBeMember.into());
    }
    Ok(vec![Event::NeedReported {
        zzk_id: zzk_id.clone(),
        partnership_id: partnership_id.clone(),
        client: client.clone(),
        social_worker: social_worker.clone(),
    }])
}

/// Decides a command on an existing ZZK, by the concept whose rules decide it.
pub(crate) fn decide(
    zzk: &Zzk,
    ctx: &Ctx,
    route: crate::command::route::ZzkRoute,
) -> Result<Vec<Event>, Error> {
    let Some(lapsed_on) = consent::lapsed_since(zzk, ctx.today()) else {
        return decide_routed(zzk, ctx, route);
    };
    // Consent has lapsed since the last command: the ZZK has been suspended since then, and this
    // command is decided against the suspended ZZK, after the event that records it. The review
    // is due at once **[decision]**: the worker renews consent and resumes, or closes the case.
    let review_on = ctx.today();
    let mut suspended = zzk.clone();
    apply_consent(
        &mut suspended,
        lapsed_on,
        crate::event::route::Consent::ConsentLapsed {
            zzk_id: zzk.id.clone(),
            lapsed_on,
            review_on,
        },
    );
    let mut events = vec![Event::ConsentLapsed {
        zzk_id: zzk.id.clone(),
        lapsed_on,
        review_on,
    }];
    events.extend(decide_routed(&suspended, ctx, route)?);
    Ok(events)
}

/// Decides a command on an existing ZZK whose consent has been accounted for, by the concept
/// whose rules decide it.
fn decide_routed(
    zzk: &Zzk,
    ctx: &Ctx,
    route: crate::command::route::ZzkRoute,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::ZzkRoute as R;
    match route {
        R::ZzkOpening(_) => Err(ValidationError::duplicate(Entity::Zzk, zzk.id.as_str()).into()),
        R::Recruitment(cmd) => decide_recruitment(zzk, ctx, cmd),
        R::Consent(cmd) => crate::consent::decide(zzk, ctx, cmd),
        R::Household(cmd) => crate::household::decide(zzk, ctx, cmd),
        R::Appointment(cmd) => decide_appointment(zzk, ctx, cmd),
        R::Team(cmd) => decide_team(zzk, ctx, cmd),
        R::MinutesRelease(cmd) => crate::meeting::decide_release(zzk, cmd),
        R::ZzkMeetings(cmd) => crate::meeting::decide_zzk_meeting(zzk, ctx, cmd),
        R::Plan(cmd) => crate::plan::decide_plan(zzk, ctx, cmd),
        R::IndividualBasket(cmd) => crate::plan::decide_individual_basket(zzk, ctx, cmd),
        R::Projects(cmd) => crate::plan::decide_projects(zzk, ctx, cmd),
        R::Monitoring(cmd) => crate::monitoring::decide(zzk, ctx, cmd),
        R::Course(cmd) => decide_course(zzk, ctx, cmd),
        R::Evaluation(cmd) => crate::evaluation::decide(zzk, ctx, cmd),
        R::Closure(cmd) => decide_closure(zzk, ctx, cmd),
    }
}

/// Decides a command of stage 1.1: from the helping relationship to the proposal of ZZK work.
fn decide_recruitment(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Recruitment,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Recruitment as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    Ok(match cmd {
        C::EstablishHelpingRelationship { .. } => {
            zzk.require_stage(&[S::NeedReported])?;
            vec![Event::HelpingRelationshipEstablished { zzk_id: zid }]
        }
        C::RecordInitialDiagnosis {
            interview_on,
            diagnosis,
            ..
        } => {
            zzk.require_stage(&[S::HelpingRelationship])?;
            ctx.not_in_future("interview_on", *interview_on)?;
            vec![Event::InitialDiagnosisRecorded {
                zzk_id: zid,
                interview_on: *interview_on,
                diagnosis: diagnosis.clone(),
            }]
        }
        C::RecordGrounds {
            grounds,
            potential_partners,
            ..
        } => {
            zzk.require_stage(&[S::InitialDiagnosis])?;
            let p = ctx.partnership(&zzk.partnership_id)?;
            for m in potential_partners {
                must_exist(&p.members, m, Entity::Member)?;
            }
            vec![Event::GroundsRecorded {
                zzk_id: zid,
                grounds: grounds.clone(),
                potential_partners: potential_partners.clone(),
            }]
        }
        C::ProposeZzkWork { .. } => {
            zzk.require_stage(&[S::GroundsRecorded, S::ConsentRefused])?;
            vec![Event::ZzkWorkProposed { zzk_id: zid }]
        }
        C::AppointRepresentative {
            person, capacity, ..
        } => {
            zzk.require_stage_not(&[])?;
            if zzk
                .members
                .values()
                .any(|m| m.left_on.is_none() && &m.worker == person)
                || &zzk.social_worker == person
            {
                return Err(ZzkError::FamilyCannotBeMember.into());
            }
            vec![Event::RepresentativeAppointed {
                zzk_id: zid,
                person: person.clone(),
                capacity: *capacity,
            }]
        }
    })
}

/// Decides a command of the appointment of the ZZK and its entry in the registry.
fn decide_appointment(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Appointment,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Appointment as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::AppointZzk { phase, .. } => {
            zzk.require_stage(&[S::ConsentObtained])?;
            let p = ctx.partnership(&zzk.partnership_id)?;
            p.require_zzk_work()?;
            // [decision] ZZK-level readiness gates the appointment of the PZK's first ZZK (readiness.rs);
            // later "not met" records are reported, not blocking.
            let missing = p.missing_readiness(ReadinessLevel::Zzk);
            if p.registry_last_number == 0 && !missing.is_empty() {
                return Err(crate::error::PartnershipError::ReadinessNotMet {
                    level: ReadinessLevel::Zzk,
                    missing,
                }
                .into());
            }
            let keeper = p.registry_keeper().ok_or(ZzkError::RegistryKeeperMissing)?;
            consent::require(zzk, today, KeyDecision::AppointZzk, None)?;
            let registry_number = ctx.next_registry_number(&zzk.partnership_id);
            vec![
                Event::ZzkRegistered {
                    partnership_id: zzk.partnership_id.clone(),
                    zzk_id: zid.clone(),
                    registry_number,
                },
                Event::ZzkAppointed {
                    zzk_id: zid,
                    phase: *phase,
                    registry_number,
                    registered_by: Some(keeper.clone()),
                },
            ]
        }
    })
}

/// Decides a command of the ZZK's members and guests, and the invitation to its first meeting.
fn decide_team(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Team,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Team as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::AddZzkMember {
            zzk_member_id,
            member_id,
            worker,
            role,
            ..
        } => {
            text::require("role", role, text::MAX_SHORT)?;
            must_be_new(&zzk.members, zzk_member_id, Entity::ZzkMember)?;
            if zzk.is_client_side(worker) || zzk.is_relative(worker) {
                return Err(ZzkError::FamilyCannotBeMember.into());
            }
            let p = ctx.partnership(&zzk.partnership_id)?;
            let m = must_exist(&p.members, member_id, Entity::Member)?;
            if !m.may_delegate_staff() {
                return Err(ZzkError::PartnerAgreementMissing {
                    member_id: member_id.clone(),
                    status: m.status,
                }
                .into());
            }
            if zzk
                .members
                .values()
                .any(|x| x.left_on.is_none() && &x.worker == worker)
            {
                return Err(ZzkError::AlreadyMember.into());
            }
            zzk.require_key_decision(
                S::WORKING,
                today,
                KeyDecision::AddMemberInstitution,
                Some(member_id),
            )?;
            vec![Event::ZzkMemberAdded {
                zzk_id: zid,
                zzk_member_id: zzk_member_id.clone(),
                member_id: member_id.clone(),
                worker: worker.clone(),
                role: role.clone(),
            }]
        }
        C::AddGuest {
            zzk_member_id,
            worker,
            institution,
            role,
            ..
        } => {
            zzk.require_stage(S::WORKING)?;
            text::require("institution", institution, text::MAX_SHORT)?;
            text::require("role", role, text::MAX_SHORT)?;
            must_be_new(&zzk.members, zzk_member_id, Entity::ZzkMember)?;
            if zzk.is_client_side(worker) || zzk.is_relative(worker) {
                return Err(ZzkError::FamilyCannotBeMember.into());
            }
            // The guest's institution receives the family's information at the team's table:
            // the consent's sharing scope must name it, as it names a member's (issue 18).
            consent::require_shared(
                zzk,
                today,
                KeyDecision::MeetingWithFamily,
                [consent::Recipient::Guest(institution)],
            )?;
            vec![Event::GuestAdded {
                zzk_id: zid,
                zzk_member_id: zzk_member_id.clone(),
                worker: worker.clone(),
                institution: institution.clone(),
                role: role.clone(),
            }]
        }
        C::RemoveZzkMember {
            zzk_member_id,
            reason,
            ..
        } => {
            zzk.require_stage_not(&[])?;
            text::require("reason", reason, text::MAX_SHORT)?;
            let m = must_exist(&zzk.members, zzk_member_id, Entity::ZzkMember)?;
            if m.left_on.is_some() {
                return Err(ZzkError::AlreadyLeft.into());
            }
            vec![Event::ZzkMemberRemoved {
                zzk_id: zid,
                zzk_member_id: zzk_member_id.clone(),
                reason: reason.clone(),
            }]
        }
        C::ChooseLeadInstitution { member_id, .. } => {
            // [decision] The family chooses among the institutions it meets on its team: the
            // chosen one has a current worker there, and the choice, made with the family, needs
            // consent in force that shares with it.
            zzk.require_stage(S::WORKING)?;
            let on_team = zzk.members.values().any(|m| {
                m.left_on.is_none()
                    && matches!(&m.seat, Seat::Member { member_id: x } if x == member_id)
            });
            if !on_team {
                return Err(ZzkError::LeadNotOnTeam {
                    member_id: member_id.clone(),
                }
                .into());
            }
            if zzk.lead_institution.as_ref() == Some(member_id) {
                return Err(crate::error::BasketError::NothingChanged.into());
            }
            consent::require(zzk, today, KeyDecision::MeetingWithFamily, Some(member_id))?;
            vec![Event::LeadInstitutionChosen {
                zzk_id: zid,
                member_id: member_id.clone(),
            }]
        }
        C::InviteToFirstMeeting { planned_on, .. } => {
            zzk.require_stage(&[S::ConsultationHeld])?;
            ctx.not_before("planned_on", *planned_on, today)?;
            vec![Event::InvitedToFirstMeeting {
                zzk_id: zid,
                planned_on: *planned_on,
            }]
        }
    })
}

/// The open suspension of a suspended ZZK.
fn suspension(zzk: &Zzk) -> Result<&Suspension, ZzkError> {
    zzk.current_suspension()
        .filter(|_| zzk.stage == ZzkStage::Suspended)
        .ok_or(ZzkError::NotSuspended)
}

/// The return from a suspension: not before it began, and with consent in force.
fn resume(zzk: &Zzk, ctx: &Ctx, ground: ReturnGround) -> Result<Event, Error> {
    let today = ctx.today();
    ctx.not_before("resumed_on", today, suspension(zzk)?.suspended_on)?;
    consent::require(zzk, today, KeyDecision::ReturnToZzkWork, None)?;
    Ok(Event::ZzkResumed {
        zzk_id: zzk.id.clone(),
        ground,
    })
}

/// Decides a command of suspension, return, and leaving and returning to the ZZK form.
fn decide_course(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Course,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Course as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::SuspendZzk {
            ground,
            review_on,
            details,
            suspended_on,
            ..
        } => {
            if !zzk.stage.is_suspendable() {
                return Err(zzk.stage_error().into());
            }
            if *ground == SuspensionGround::Other && details.is_none() {
                return Err(ValidationError::EmptyText { field: "details" }.into());
            }
            ctx.not_before("review_on", *review_on, today)?;
            if let Some(since) = suspended_on {
                zzk.check_effective_day("suspended_on", *since, ctx)?;
            }
            vec![Event::ZzkSuspended {
                zzk_id: zid,
                ground: *ground,
                review_on: *review_on,
                details: details.clone(),
                suspended_on: *suspended_on,
            }]
        }
        C::ResumeZzk { ground, .. } => vec![resume(zzk, ctx, *ground)?],
        C::ReviewSuspension { outcome, .. } => {
            let reviewed = Event::SuspensionReviewed {
                zzk_id: zid,
                outcome: outcome.clone(),
            };
            match outcome {
                SuspensionReviewOutcome::KeepSuspended { next_review_on } => {
                    suspension(zzk)?;
                    ctx.not_before("next_review_on", *next_review_on, today)?;
                    vec![reviewed]
                }
                SuspensionReviewOutcome::Resume { ground } => {
                    vec![reviewed, resume(zzk, ctx, *ground)?]
                }
            }
        }
        C::LeaveZzkForm { reason, .. } => {
            zzk.require_stage(S::WORKING)?;
            if zzk.appointment.is_none() {
                return Err(ZzkError::WrongStage { stage: zzk.stage }.into());
            }
            text::require("reason", reason, text::MAX_SHORT)?;
            vec![Event::ZzkFormLeft {
                zzk_id: zid,
                reason: reason.clone(),
            }]
        }
        C::ReturnToZzkForm { .. } => {
            zzk.require_stage(&[S::OrdinarySocialWork])?;
            consent::require(zzk, today, KeyDecision::ReturnToZzkWork, None)?;
            vec![Event::ZzkFormReturned { zzk_id: zid }]
        }
    })
}

/// Decides a command of the closure of the work and post-support monitoring.
fn decide_closure(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Closure,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Closure as C;
    use ZzkStage as S;
    let zid = zzk.id.clone();
    let today = ctx.today();
    Ok(match cmd {
        C::CloseZzk {
            reason,
            monitor_until,
            family_absent,
            ..
        } => {
            if zzk.stage.is_finished() {
                return Err(zzk.stage_error().into());
            }
            // **[decision]** A case never appointed (need reported, consent refused, family not
            // reached) closes with its reason alone: there was no team work to evaluate and no
            // support to monitor after, so neither is asked for or accepted.
            if zzk.appointment.is_none() {
                if monitor_until.is_some() || family_absent.is_some() {
                    return Err(ZzkError::WrongStage { stage: zzk.stage }.into());
                }
                return Ok(vec![Event::ZzkClosed {
                    zzk_id: zid,
                    reason: *reason,
                    monitor_until: None,
                }]);
            }
            if zzk.end_of_work_evaluation.is_none() {
                return Err(ZzkError::EvaluationRequired.into());
            }
            if zzk.family_evaluation.is_none() && family_absent.is_none() {
                return Err(ZzkError::FamilyEvaluationRequired.into());
            }
            if let Some(until) = monitor_until {
                ctx.not_before("monitor_until", *until, today)?;
            }
            let waived = family_absent
                .filter(|_| zzk.family_evaluation.is_none())
                .map(|reason| Event::FamilyEvaluationWaived {
                    zzk_id: zid.clone(),
                    reason,
                });
            waived
                .into_iter()
                .chain([Event::ZzkClosed {
                    zzk_id: zid,
                    reason: *reason,
                    monitor_until: *monitor_until,
                }])
                .collect()
        }
        C::StartPostSupportMonitoring { until, .. } => {
            if zzk.appointment.is_none() {
                return Err(ZzkError::WrongStage { stage: zzk.stage }.into());
            }
            zzk.require_stage(&[S::Closed, S::PostSupportMonitoring])
                .map_err(|_| ZzkError::WrongStage { stage: zzk.stage })?;
            ctx.not_before("until", *until, today)?;
            if zzk.stage == S::PostSupportMonitoring
                && zzk.closure.as_ref().and_then(|c| c.monitor_until) == Some(*until)
            {
                return Err(BasketError::NothingChanged.into());
            }
            // Watching over the family after support is work with its information (issue 18).
            consent::require(zzk, today, KeyDecision::UseFamilyInformation, None)?;
            vec![Event::PostSupportMonitoringStarted {
                zzk_id: zid,
                until: *until,
            }]
        }
        C::RecordPostSupportObservation { note, .. } => {
            zzk.require_stage(&[S::PostSupportMonitoring])
                .map_err(|_| ZzkError::WrongStage { stage: zzk.stage })?;
            // Watching over the family after the support is work with its information: a
            // withdrawn or lapsed consent ends it (issue 18).
            consent::require(zzk, today, KeyDecision::UseFamilyInformation, None)?;
            vec![Event::PostSupportObservationRecorded {
                zzk_id: zid,
                note: note.clone(),
            }]
        }
        C::EndPostSupportMonitoring { .. } => {
            zzk.require_stage(&[S::PostSupportMonitoring])
                .map_err(|_| ZzkError::WrongStage { stage: zzk.stage })?;
            vec![Event::PostSupportMonitoringEnded { zzk_id: zid }]
        }
    })
}

/// Builds a case from its first event.
pub(crate) fn open(at: DateTime<Utc>, opening: crate::event::route::ZzkOpening) -> Zzk {
    let crate::event::route::ZzkOpening::NeedReported {
        zzk_id,
        partnership_id,
        client,
        social_worker,
    } = opening;
    let on = at.date_naive();
    Zzk {
        id: zzk_id,
        partnership_id,
        client,
        social_worker,
        stage: ZzkStage::NeedReported,
        // A full lifecycle enters about a dozen stages: one allocation instead of a series of growths.
        stage_history: {
            let mut history = Vec::with_capacity(16);
            history.push(StageChange {
                stage: ZzkStage::NeedReported,
                on,
            });
            history
        },
        last_at: at,
        representative: None,
        initial_diagnosis: None,
        grounds: None,
        consents: IdMap::new(),
        consent_refusals: Vec::new(),
        appointment: None,
        members: IdMap::new(),
        first_meeting_planned_on: None,
        meetings: IdMap::new(),
        plan: None,
        basket: IdMap::new(),
        projects: IdMap::new(),
        monitoring: Vec::new(),
        suspensions: Vec::new(),
        ordinary_work: Vec::new(),
        resume_to: None,
        end_of_work_evaluation: None,
        family_evaluation: None,
        family_absent: None,
        questionnaires: IdMap::new(),
        closure: None,
        post_support: Vec::new(),
        household_changes: Vec::new(),
        lead_institution: None,
    }
}

/// Applies an event of an existing ZZK, by the concept whose records it changes. Never fails:
/// unknown ids are ignored so replay is total.
pub(crate) fn apply(z: &mut Zzk, at: DateTime<Utc>, route: crate::event::route::ZzkRoute) {
    use crate::event::route::ZzkRoute as R;
    let on = at.date_naive();
    z.last_at = z.last_at.max(at);
    match route {
        // Admission refuses a second opening; a replay of one changes nothing.
        R::ZzkOpening(_) => {}
        R::Recruitment(e) => apply_recruitment(z, on, e),
        R::Consent(e) => apply_consent(z, on, e),
        R::Household(e) => crate::household::apply(z, on, e),
        R::Appointment(e) => apply_appointment(z, on, e),
        R::Team(e) => apply_team(z, on, e),
        R::ZzkMeetings(e) => crate::meeting::apply(z, on, e),
        R::MinutesRelease(e) => crate::meeting::apply_release(z, on, e),
        R::Plan(e) => crate::plan::apply_plan(z, on, e),
        R::IndividualBasket(e) => crate::plan::apply_individual_basket(z, on, e),
        R::Projects(e) => crate::plan::apply_projects(z, on, e),
        R::Monitoring(e) => crate::monitoring::apply(z, on, e),
        R::Course(e) => apply_course(z, on, e),
        R::Evaluation(e) => crate::evaluation::apply(z, on, e),
        R::Closure(e) => apply_closure(z, on, e),
    }
}

/// Applies an event of stage 1.1: from the helping relationship to the proposal of ZZK work.
fn apply_recruitment(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Recruitment) {
    use crate::event::route::Recruitment as Event;
    use ZzkStage as S;
    match e {
        Event::HelpingRelationshipEstablished { .. } => z.set_stage(S::HelpingRelationship, on),
        Event::InitialDiagnosisRecorded {
            interview_on,
            diagnosis,
            ..
        } => {
            z.initial_diagnosis = Some(InitialDiagnosis {
                interview_on,
                diagnosis,
            });
            z.set_stage(S::InitialDiagnosis, on);
        }
        Event::GroundsRecorded {
            grounds,
            potential_partners,
            ..
        } => {
            z.grounds = Some(Grounds {
                note: grounds,
                potential_partners,
            });
            z.set_stage(S::GroundsRecorded, on);
        }
        Event::ZzkWorkProposed { .. } => z.set_stage(S::Proposed, on),
        Event::RepresentativeAppointed {
            person, capacity, ..
        } => {
            z.representative = Some(Representative { person, capacity });
        }
    }
}

/// Applies an event of the family's consents.
fn apply_consent(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Consent) {
    use crate::event::route::Consent as Event;
    use ZzkStage as S;
    match e {
        Event::ConsentGiven {
            consent_id,
            given_by,
            capacity,
            form,
            scope,
            valid_until,
            ..
        } => {
            let zzk_work = scope.zzk_work;
            z.consents.insert(
                consent_id,
                Consent {
                    given_by,
                    capacity,
                    form,
                    scope,
                    given_on: on,
                    valid_until,
                    withdrawn_on: None,
                    giver_left_on: None,
                    withdrawn_by: None,
                    amends: None,
                    amended_by: None,
                    amended_on: None,
                },
            );
            // Only consent to ZZK work is "consent obtained" (step 1.1(6)); consent to evaluation
            // alone is recorded but does not move the case on.
            if z.stage == S::Proposed && zzk_work {
                z.set_stage(S::ConsentObtained, on);
            }
        }
        Event::ConsentRefused {
            refused_by,
            capacity,
            ..
        } => {
            z.consent_refusals.push(ConsentRefusal {
                refused_by,
                capacity,
                refused_on: on,
            });
            z.set_stage(S::ConsentRefused, on);
        }
        Event::ConsentAmended {
            consent_id,
            amends,
            given_by,
            capacity,
            form,
            share_with,
            share_with_guests,
            ..
        } => {
            let Some(old) = z.consents.get_mut(&amends) else {
                return;
            };
            old.amended_by = Some(consent_id.clone());
            old.amended_on = Some(on);
            let mut scope = old.scope.clone();
            let valid_until = old.valid_until;
            for m in share_with {
                if !scope.share_with.contains(&m) {
                    scope.share_with.push(m);
                }
            }
            for g in share_with_guests {
                if !scope
                    .share_with_guests
                    .iter()
                    .any(|known| crate::consent::same_institution(known, &g))
                {
                    scope.share_with_guests.push(g);
                }
            }
            z.consents.insert(
                consent_id,
                Consent {
                    given_by,
                    capacity,
                    form,
                    scope,
                    given_on: on,
                    valid_until,
                    withdrawn_on: None,
                    giver_left_on: None,
                    withdrawn_by: None,
                    amends: Some(amends),
                    amended_by: None,
                    amended_on: None,
                },
            );
        }
        Event::ConsentWithdrawn {
            consent_id,
            withdrawn_by,
            withdrawn_on,
            ..
        } => {
            if let Some(c) = z.consents.get_mut(&consent_id) {
                c.withdrawn_on = Some(withdrawn_on.unwrap_or(on));
                c.withdrawn_by = withdrawn_by;
            }
        }
        Event::ConsentLapsed {
            lapsed_on,
            review_on,
            ..
        } => {
            // Suspended since the day consent ended, not the day it was recorded. A lapse
            // recorded for a ZZK that is not at a stage consent holds up changes nothing.
            if z.stage.is_suspendable() {
                z.suspend(
                    lapsed_on,
                    SuspensionGround::ConsentWithdrawn,
                    review_on,
                    None,
                );
            }
        }
    }
}

/// Applies an event of the appointment of the ZZK and its entry in the registry.
fn apply_appointment(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Appointment) {
    use crate::event::route::Appointment as Event;
    use ZzkStage as S;
    match e {
        Event::ZzkAppointed {
            phase,
            registry_number,
            registered_by,
            ..
        } => {
            z.appointment = Some(Appointment {
                appointed_on: on,
                phase,
                registry_number,
                registered_by,
            });
            z.set_stage(S::Appointed, on);
        }
    }
}

/// Applies an event of the ZZK's members and guests, and the invitation to its first meeting.
fn apply_team(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Team) {
    use crate::event::route::Team as Event;
    use ZzkStage as S;
    match e {
        Event::ZzkMemberAdded {
            zzk_member_id,
            member_id,
            worker,
            role,
            ..
        } => {
            z.members.insert(
                zzk_member_id,
                ZzkMember {
                    seat: Seat::Member { member_id },
                    worker,
                    role,
                    joined_on: on,
                    left_on: None,
                },
            );
            if z.stage == S::Appointed {
                z.set_stage(S::PartnersInvited, on);
            }
        }
        Event::GuestAdded {
            zzk_member_id,
            worker,
            institution,
            role,
            ..
        } => {
            z.members.insert(
                zzk_member_id,
                ZzkMember {
                    seat: Seat::Guest { institution },
                    worker,
                    role,
                    joined_on: on,
                    left_on: None,
                },
            );
        }
        Event::LeadInstitutionChosen { member_id, .. } => z.lead_institution = Some(member_id),
        Event::ZzkMemberRemoved { zzk_member_id, .. } => {
            if let Some(m) = z.members.get_mut(&zzk_member_id) {
                m.left_on = Some(on);
            }
        }
        Event::InvitedToFirstMeeting { planned_on, .. } => {
            z.first_meeting_planned_on = Some(planned_on);
            z.set_stage(S::FirstMeetingInvited, on);
        }
    }
}

/// Applies an event of suspension, return, and leaving and returning to the ZZK form.
fn apply_course(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Course) {
    use crate::event::route::Course as Event;
    use ZzkStage as S;
    match e {
        Event::ZzkSuspended {
            ground,
            review_on,
            details,
            suspended_on,
            ..
        } => {
            if z.stage != S::Suspended {
                z.suspend(suspended_on.unwrap_or(on), ground, review_on, details);
            }
        }
        Event::SuspensionReviewed { outcome, .. } => {
            if let Some(s) = z.suspensions.last_mut().filter(|s| s.resumed_on.is_none()) {
                if let SuspensionReviewOutcome::KeepSuspended { next_review_on } = outcome {
                    s.review_on = next_review_on;
                }
                s.reviews.push(SuspensionReview {
                    reviewed_on: on,
                    outcome,
                });
            }
        }
        Event::ZzkResumed { ground, .. } => {
            if let Some(s) = z.suspensions.last_mut() {
                s.resumed_on = Some(on);
                s.return_ground = Some(ground);
            }
            let back = z.resume_to.take().unwrap_or(S::Active);
            z.set_stage(back, on);
        }
        Event::ZzkFormLeft { reason, .. } => {
            z.resume_to = Some(z.stage);
            z.ordinary_work.push(OrdinaryWorkPeriod {
                left_on: on,
                reason,
                returned_on: None,
            });
            z.set_stage(S::OrdinarySocialWork, on);
        }
        Event::ZzkFormReturned { .. } => {
            if let Some(p) = z.ordinary_work.last_mut() {
                p.returned_on = Some(on);
            }
            let back = z.resume_to.take().unwrap_or(S::Active);
            z.set_stage(back, on);
        }
    }
}

/// Applies an event of the closure of the work and post-support monitoring.
fn apply_closure(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Closure) {
    use crate::event::route::Closure as Event;
    use ZzkStage as S;
    match e {
        Event::FamilyEvaluationWaived { reason, .. } => z.family_absent = Some(reason),
        Event::ZzkClosed {
            reason,
            monitor_until,
            ..
        } => {
            z.closure = Some(Closure {
                closed_on: on,
                reason,
                monitor_until,
                before_appointment: z.appointment.is_none(),
            });
            z.resume_to = None;
            let next = if monitor_until.is_some() {
                S::PostSupportMonitoring
            } else {
                S::Closed
            };
            z.set_stage(next, on);
        }
        Event::PostSupportObservationRecorded { note, .. } => {
            z.post_support.push(Observation { on, note });
        }
        Event::PostSupportMonitoringStarted { until, .. } => {
            if let Some(c) = z.closure.as_mut() {
                c.monitor_until = Some(until);
                z.set_stage(S::PostSupportMonitoring, on);
            }
        }
        Event::PostSupportMonitoringEnded { .. } => z.set_stage(S::Closed, on),
    }
}

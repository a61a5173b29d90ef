//! Zgoda — consent of the person/family (tool 14). Key decisions need consent in force that covers
//! them; withdrawal is kept on record, affects only what follows, and suspends the ZZK at once
//! **[decision, after GDPR Art. 7 and ISO/IEC TS 27560]**.

use crate::error::{ConsentError, Error};
use crate::event::Event;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::require::{must_be_new, must_exist};
use crate::state::Ctx;
use crate::zzk::{SuspensionGround, Zzk, ZzkStage};
use crate::Entity;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// W jakim charakterze udzielono zgody.
    pub enum ConsentCapacity {
        /// Osoba, której dotyczy wsparcie.
        Person = "person" => ("Osoba", "The person"),
        /// Pełnoletni członek rodziny w imieniu rodziny.
        AdultFamilyMember = "adult_family_member" => ("Pełnoletni członek rodziny", "Adult family member"),
        /// Przedstawiciel.
        Representative = "representative" => ("Przedstawiciel", "Representative"),
        /// Opiekun formalny lub nieformalny.
        Carer = "carer" => ("Opiekun", "Carer"),
    }
}

labelled_enum! {
    /// Forma zgody.
    pub enum ConsentForm {
        /// Pisemna.
        Written = "written" => ("Pisemna", "Written"),
        /// Elektroniczna.
        Electronic = "electronic" => ("Elektroniczna", "Electronic"),
        /// Ustna, odnotowana w dokumentacji.
        OralRecorded = "oral_recorded" => ("Ustna (odnotowana)", "Oral, recorded"),
    }
}

labelled_enum! {
    /// Kluczowe decyzje, które wymagają zgody obejmującej je.
    pub enum KeyDecision {
        /// Powołanie ZZK.
        AppointZzk = "appoint_zzk" => ("Powołanie ZZK", "Appointing the ZZK"),
        /// Dołączenie instytucji do ZZK.
        AddMemberInstitution = "add_member_institution" => ("Dołączenie instytucji", "Adding a member institution"),
        /// Przyjęcie lub zmiana planu.
        ChangePlan = "change_plan" => ("Przyjęcie lub zmiana planu", "Adopting or changing the plan"),
        /// Zmiana indywidualnego koszyka usług.
        ChangeIndividualBasket = "change_individual_basket" => ("Zmiana indywidualnego koszyka", "Changing the individual basket"),
        /// Rozpoczęcie projektu socjalnego.
        StartSocialWorkProject = "start_social_work_project" => ("Rozpoczęcie projektu socjalnego", "Starting a social-work project"),
        /// Spotkanie z udziałem rodziny.
        MeetingWithFamily = "meeting_with_family" => ("Spotkanie z rodziną", "Meeting with the family"),
        /// Powrót do pracy w formule ZZK.
        ReturnToZzkWork = "return_to_zzk_work" => ("Powrót do pracy ZZK", "Returning to ZZK work"),
        /// Udział w ewaluacji.
        TakePartInEvaluation = "take_part_in_evaluation" => ("Udział w ewaluacji", "Taking part in evaluation"),
        /// Praca z informacjami o rodzinie bez jej udziału: konsultacja zespołu, miesięczny
        /// monitoring, ocena planu, obserwacje po zakończeniu wsparcia. **[decision]** Each of
        /// these processes the family's data, so it needs consent in force to ZZK work, as the
        /// decisions taken with the family do (issue 18: consent stops all work).
        UseFamilyInformation = "use_family_information" => ("Praca z informacjami o rodzinie", "Working with the family's information"),
    }
}

/// Zakres zgody.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ConsentScope {
    /// Praca w formule ZZK.
    pub zzk_work: bool,
    /// Przekazywanie informacji wskazanym instytucjom (members of the PZK).
    #[serde(default)]
    pub share_with: Vec<MemberId>,
    /// Udział w ewaluacji.
    #[serde(default)]
    pub evaluation: bool,
}

/// A consent record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Consent {
    /// Who gave it.
    pub given_by: PersonRef,
    /// In what capacity.
    pub capacity: ConsentCapacity,
    /// In what form.
    pub form: ConsentForm,
    /// What it covers.
    pub scope: ConsentScope,
    /// When given.
    pub given_on: NaiveDate,
    /// Until when it is valid, if limited.
    pub valid_until: Option<NaiveDate>,
    /// When withdrawn.
    pub withdrawn_on: Option<NaiveDate>,
}

impl Consent {
    /// In force on a date: given, not lapsed, not withdrawn.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.given_on <= on
            && self.withdrawn_on.is_none()
            && self.valid_until.is_none_or(|u| on <= u)
    }

    /// Whether it covers a decision (and, where the decision concerns one, an institution).
    pub fn covers(&self, decision: KeyDecision, institution: Option<&MemberId>) -> bool {
        let institution_ok = institution.is_none_or(|i| self.scope.share_with.contains(i));
        match decision {
            KeyDecision::TakePartInEvaluation => self.scope.evaluation,
            _ => self.scope.zzk_work && institution_ok,
        }
    }
}

/// A refusal of consent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ConsentRefusal {
    /// Who refused.
    pub refused_by: PersonRef,
    /// In what capacity.
    pub capacity: ConsentCapacity,
    /// When.
    pub refused_on: NaiveDate,
}

/// Requires consent in force on `on` covering `decision` (and `institution`, for sharing).
pub fn require(
    zzk: &Zzk,
    on: NaiveDate,
    decision: KeyDecision,
    institution: Option<&MemberId>,
) -> Result<(), ConsentError> {
    let mut in_force = zzk.consents.values().filter(|c| c.in_force(on)).peekable();
    if in_force.peek().is_none() {
        return Err(ConsentError::Missing { decision });
    }
    if in_force.any(|c| c.covers(decision, institution)) {
        Ok(())
    } else {
        Err(ConsentError::NotCovering {
            decision,
            institution: institution.cloned(),
        })
    }
}

/// Requires consent in force on `on` covering `decision` and sharing the family's information with
/// each of `institutions` (the institutions of the team members a meeting brings together): what
/// is shared with an institution must be covered for that institution, whatever the decision.
pub(crate) fn require_shared<'a>(
    zzk: &Zzk,
    on: NaiveDate,
    decision: KeyDecision,
    institutions: impl IntoIterator<Item = &'a MemberId>,
) -> Result<(), ConsentError> {
    require(zzk, on, decision, None)?;
    for institution in institutions {
        require(zzk, on, decision, Some(institution))?;
    }
    Ok(())
}

/// Whether the ZZK has consent in force for ZZK work on a date.
pub fn has_consent(zzk: &Zzk, on: NaiveDate) -> bool {
    zzk.consents
        .values()
        .any(|c| c.in_force(on) && c.scope.zzk_work)
}

/// Whether consent in force on a date covers sharing the family's information with an
/// institution: withdrawal stops sharing with the institutions it named at once.
pub fn sharing_allowed(zzk: &Zzk, institution: &MemberId, on: NaiveDate) -> bool {
    zzk.consents
        .values()
        .any(|c| c.in_force(on) && c.scope.share_with.contains(institution))
}

fn check_giver(zzk: &Zzk, who: &PersonRef, capacity: ConsentCapacity) -> Result<(), Error> {
    let ok = match capacity {
        ConsentCapacity::Person | ConsentCapacity::AdultFamilyMember => {
            zzk.client.household.contains(who)
        }
        ConsentCapacity::Representative | ConsentCapacity::Carer => zzk
            .representative
            .as_ref()
            .is_some_and(|r| &r.person == who && r.capacity.consent_capacity() == capacity),
    };
    if ok {
        Ok(())
    } else {
        Err(ConsentError::GiverInvalid {
            person: who.clone(),
            capacity,
        }
        .into())
    }
}

/// Decides a consent command.
pub(crate) fn decide(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Consent,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Consent as C;
    let zid = zzk.id.clone();
    Ok(match cmd {
        C::GiveConsent {
            consent_id,
            given_by,
            capacity,
            form,
            scope,
            valid_until,
            ..
        } => {
            zzk.require_stage_not(&[
                ZzkStage::NeedReported,
                ZzkStage::HelpingRelationship,
                ZzkStage::InitialDiagnosis,
                ZzkStage::GroundsRecorded,
                ZzkStage::ConsentRefused,
            ])?;
            must_be_new(&zzk.consents, consent_id, Entity::Consent)?;
            check_giver(zzk, given_by, *capacity)?;
            if !scope.zzk_work && scope.share_with.is_empty() && !scope.evaluation {
                return Err(ConsentError::ScopeEmpty.into());
            }
            let partnership = ctx.partnership(&zzk.partnership_id)?;
            for m in &scope.share_with {
                must_exist(&partnership.members, m, Entity::Member)?;
            }
            if let Some(until) = valid_until {
                ctx.not_before("valid_until", *until, ctx.today())?;
            }
            vec![Event::ConsentGiven {
                zzk_id: zid,
                consent_id: consent_id.clone(),
                given_by: given_by.clone(),
                capacity: *capacity,
                form: *form,
                scope: scope.clone(),
                valid_until: *valid_until,
            }]
        }
        C::RefuseConsent {
            refused_by,
            capacity,
            ..
        } => {
            zzk.require_stage(&[ZzkStage::Proposed])?;
            check_giver(zzk, refused_by, *capacity)?;
            vec![Event::ConsentRefused {
                zzk_id: zid,
                refused_by: refused_by.clone(),
                capacity: *capacity,
            }]
        }
        C::WithdrawConsent {
            consent_id,
            review_on,
            ..
        } => {
            let c = must_exist(&zzk.consents, consent_id, Entity::Consent)?;
            if c.withdrawn_on.is_some() {
                return Err(ConsentError::AlreadyWithdrawn.into());
            }
            let mut events = vec![Event::ConsentWithdrawn {
                zzk_id: zid.clone(),
                consent_id: consent_id.clone(),
            }];
            // Withdrawal suspends the ZZK at once, unless other consent for ZZK work remains in force.
            let remaining = zzk
                .consents
                .iter()
                .any(|(id, c)| id != consent_id && c.in_force(ctx.today()) && c.scope.zzk_work);
            if !remaining && zzk.stage.is_suspendable() {
                ctx.not_before("review_on", *review_on, ctx.today())?;
                events.push(Event::ZzkSuspended {
                    zzk_id: zid,
                    ground: SuspensionGround::ConsentWithdrawn,
                    review_on: *review_on,
                    details: None,
                });
            }
            events
        }
    })
}

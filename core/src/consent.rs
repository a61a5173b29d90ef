//! Zgoda — consent of the person/family (tool 14). Key decisions need consent in force that covers
//! them; withdrawal is kept on record, affects only what follows, and suspends the ZZK at once
//! **[decision, after GDPR Art. 7 and ISO/IEC TS 27560]**.

use crate::error::{BasketError, ConsentError, Error, ValidationError};
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
        /// monitoring, ocena planu, obserwacje po zakończeniu wsparcia. **\[decision\]** Each of
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
    /// Przekazywanie informacji instytucjom spoza PZK, których specjaliści są gośćmi ZZK: their
    /// names as the guests' records give them. **\[decision\]** A guest's institution is free text
    /// (it is outside the PZK, so it has no member id); the consent names it the same way, and the
    /// two match when they are equal ignoring case, Polish diacritics and surrounding spaces
    /// ([`same_institution`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub share_with_guests: Vec<String>,
}

/// Who acted for the person/family about a consent: a member of the household or the
/// representative or carer, in the capacity they act in (checked as for giving consent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct ConsentParty {
    /// The person.
    pub person: PersonRef,
    /// In what capacity they act.
    pub capacity: ConsentCapacity,
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
    /// When it ended because the household member who gave it left the household: a consent
    /// given as the person or as an adult member of the household speaks for the household only
    /// while its giver belongs to it (see [`crate::household`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub giver_left_on: Option<NaiveDate>,
    /// Who withdrew it, when the withdrawal says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_by: Option<ConsentParty>,
    /// The consent this record amends (extends), if it is an amendment: it carries the amended
    /// consent's whole scope with the additions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amends: Option<ConsentId>,
    /// The amendment that took this consent's place, and since when: the record stays, no longer
    /// in force itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended_by: Option<ConsentId>,
    /// When the amendment took its place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amended_on: Option<NaiveDate>,
}

impl Consent {
    /// In force on a date: given, not lapsed, not withdrawn.
    pub fn in_force(&self, on: NaiveDate) -> bool {
        self.given_on <= on
            && self.withdrawn_on.is_none()
            && self.giver_left_on.is_none()
            && self.amended_on.is_none()
            && self.valid_until.is_none_or(|u| on <= u)
    }

    /// The first day it is no longer in force, once it has ended on or before `on`: withdrawn,
    /// its giver gone from the household, or lapsed (the day after `valid_until`).
    pub fn ended_by(&self, on: NaiveDate) -> Option<NaiveDate> {
        let lapsed = self
            .valid_until
            .and_then(|u| u.succ_opt())
            .filter(|d| *d <= on);
        [
            self.withdrawn_on,
            self.giver_left_on,
            self.amended_on,
            lapsed,
        ]
        .into_iter()
        .flatten()
        .min()
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

/// Whether two names of an institution outside the PZK name the same one: equal ignoring case,
/// Polish diacritics and surrounding spaces.
pub fn same_institution(a: &str, b: &str) -> bool {
    crate::text::fold(a.trim()) == crate::text::fold(b.trim())
}

/// Whom a piece of work shares the family's information with: a member institution of the PZK
/// (covered by [`ConsentScope::share_with`]) or a guest's institution outside it (covered by
/// [`ConsentScope::share_with_guests`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Recipient<'a> {
    /// A member institution of the PZK.
    Member(&'a MemberId),
    /// A guest's institution, outside the PZK.
    Guest(&'a str),
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
/// each of `recipients` (the institutions of the team members and guests a meeting brings
/// together, or the guest being invited): what is shared with an institution must be covered for
/// that institution, whatever the decision, and an outside specialist's institution no less than
/// a member's (issue 18).
pub(crate) fn require_shared<'a>(
    zzk: &Zzk,
    on: NaiveDate,
    decision: KeyDecision,
    recipients: impl IntoIterator<Item = Recipient<'a>>,
) -> Result<(), ConsentError> {
    require(zzk, on, decision, None)?;
    for recipient in recipients {
        match recipient {
            Recipient::Member(institution) => require(zzk, on, decision, Some(institution))?,
            Recipient::Guest(institution) => {
                let covered = zzk.consents.values().any(|c| {
                    c.in_force(on)
                        && c.covers(decision, None)
                        && c.scope
                            .share_with_guests
                            .iter()
                            .any(|g| same_institution(g, institution))
                });
                if !covered {
                    return Err(ConsentError::GuestNotCovered {
                        institution: institution.to_owned(),
                    });
                }
            }
        }
    }
    Ok(())
}

/// The day from which a ZZK that should be working has had no consent to ZZK work in force, as of
/// `on`: the end of the last consent that covered it. `None` while consent is in force, or when
/// the ZZK is not working (not yet appointed, suspended, in ordinary social work, closed).
///
/// **\[decision\]** A consent that lapses (passes its `valid_until`), or whose giver leaves the
/// household, has the effect of a withdrawal from its first day out of force: the ZZK counts as
/// suspended on the ground "consent withdrawn or lapsed". No clock runs in the core, so the
/// suspension is recorded ([`crate::event::Event::ConsentLapsed`]) by the first command on the ZZK
/// after that day, which is decided against the suspended ZZK; reads at a date after it
/// ([`crate::zzk::Zzk::stage_on`], the registry) show the ZZK suspended before anything records it.
/// Before the appointment there is no work to suspend: a consent that lapses then only leaves the
/// appointment without consent (`CONSENT_MISSING`) until the family renews it.
pub fn lapsed_since(zzk: &Zzk, on: NaiveDate) -> Option<NaiveDate> {
    if !ZzkStage::WORKING.contains(&zzk.stage) || has_consent(zzk, on) {
        return None;
    }
    zzk.consents
        .values()
        .filter(|c| c.scope.zzk_work)
        .filter_map(|c| c.ended_by(on))
        .max()
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

fn check_giver(
    zzk: &Zzk,
    who: &PersonRef,
    capacity: ConsentCapacity,
    on: NaiveDate,
) -> Result<(), Error> {
    crate::household::require_of_age(zzk, who, capacity, on)?;
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
            check_giver(zzk, given_by, *capacity, ctx.today())?;
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
            check_giver(zzk, refused_by, *capacity, ctx.today())?;
            vec![Event::ConsentRefused {
                zzk_id: zid,
                refused_by: refused_by.clone(),
                capacity: *capacity,
            }]
        }
        C::AmendConsent {
            consent_id,
            amends,
            given_by,
            capacity,
            form,
            share_with,
            share_with_guests,
            ..
        } => {
            let amended = must_exist(&zzk.consents, amends, Entity::Consent)?;
            if amended.withdrawn_on.is_some() {
                return Err(ConsentError::AlreadyWithdrawn.into());
            }
            if !amended.in_force(ctx.today()) {
                return Err(ConsentError::NotInForce {
                    consent_id: amends.clone(),
                }
                .into());
            }
            must_be_new(&zzk.consents, consent_id, Entity::Consent)?;
            check_giver(zzk, given_by, *capacity, ctx.today())?;
            if share_with.is_empty() && share_with_guests.is_empty() {
                return Err(ValidationError::EmptyList {
                    field: "share_with",
                }
                .into());
            }
            let partnership = ctx.partnership(&zzk.partnership_id)?;
            for m in share_with {
                must_exist(&partnership.members, m, Entity::Member)?;
            }
            let scope = &amended.scope;
            let adds_member = share_with.iter().any(|m| !scope.share_with.contains(m));
            let adds_guest = share_with_guests.iter().any(|g| {
                !scope
                    .share_with_guests
                    .iter()
                    .any(|known| same_institution(known, g))
            });
            if !adds_member && !adds_guest {
                return Err(BasketError::NothingChanged.into());
            }
            vec![Event::ConsentAmended {
                zzk_id: zid,
                consent_id: consent_id.clone(),
                amends: amends.clone(),
                given_by: given_by.clone(),
                capacity: *capacity,
                form: *form,
                share_with: share_with.clone(),
                share_with_guests: share_with_guests.clone(),
            }]
        }
        C::WithdrawConsent {
            consent_id,
            review_on,
            withdrawn_by,
            withdrawn_on,
            ..
        } => {
            let c = must_exist(&zzk.consents, consent_id, Entity::Consent)?;
            if c.withdrawn_on.is_some() {
                return Err(ConsentError::AlreadyWithdrawn.into());
            }
            if let Some(party) = withdrawn_by {
                check_giver(zzk, &party.person, party.capacity, ctx.today())?;
            }
            if let Some(day) = withdrawn_on {
                zzk.check_effective_day("withdrawn_on", *day, ctx)?;
                ctx.not_before("withdrawn_on", *day, c.given_on)?;
            }
            let mut events = vec![Event::ConsentWithdrawn {
                zzk_id: zid.clone(),
                consent_id: consent_id.clone(),
                withdrawn_by: withdrawn_by.clone(),
                withdrawn_on: *withdrawn_on,
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
                    suspended_on: *withdrawn_on,
                });
            }
            events
        }
    })
}

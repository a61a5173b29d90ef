//! Gospodarstwo domowe — the household a case supports, as it changes after the need is reported
//! (someone moves in or out), and the years of birth that tell an adult member, who may consent
//! for the household, from a minor, who may not.
//!
//! Consent follows the household: a consent given as the person or as an adult member of the
//! household speaks for it only while its giver belongs to it, so a giver who moves out ends it
//! ([`crate::consent::Consent::giver_left_on`]), with the effect of a withdrawal. A person who
//! moves in is covered by the household's consent in force **\[decision\]**: the consent is given
//! for the household (tool 14), and the team learns of the newcomer through the family.

use crate::consent::{self, ConsentCapacity};
use crate::error::{ConsentError, Error, ValidationError, ZzkError};
use crate::event::Event;
use crate::ids::PersonRef;
use crate::state::Ctx;
use crate::zzk::{SuspensionGround, Zzk};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The age of majority in Poland (Kodeks cywilny, art. 10).
pub const AGE_OF_MAJORITY: i32 = 18;

/// The earliest year of birth a case may record.
pub const EARLIEST_BIRTH_YEAR: u16 = 1900;

/// A household member's year of birth, where the case records it. Only the year: the core keeps
/// no personal data beyond what a rule needs, and the full date lives in the personal-data record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[serde(deny_unknown_fields)]
pub struct BirthYear {
    /// The household member.
    pub person: PersonRef,
    /// The year of birth.
    pub year: u16,
}

/// A change of the household after the need was reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct HouseholdChange {
    /// Who.
    pub person: PersonRef,
    /// Moved in (`true`) or out (`false`).
    pub joined: bool,
    /// When the change was recorded.
    pub on: NaiveDate,
}

/// Whether a person is certainly a minor on a date, by the year of birth the case records.
///
/// **\[decision\]** With only the year known, a person counts as a minor when they cannot have
/// turned 18 by the end of the year of `on` (`on.year() - birth_year < 18`). In the year of their
/// eighteenth birthday the core cannot tell and does not refuse; the worker checks the identity
/// document, as for anyone whose year of birth is not recorded.
pub fn minor_born(zzk: &Zzk, person: &PersonRef, on: NaiveDate) -> Option<u16> {
    zzk.client
        .birth_years
        .iter()
        .find(|b| &b.person == person)
        .map(|b| b.year)
        .filter(|year| on.year() - i32::from(*year) < AGE_OF_MAJORITY)
}

/// Checks that someone who gives or refuses consent in the household's name as the person or as
/// an adult member of the household is not a minor, where the year of birth is known.
pub(crate) fn require_of_age(
    zzk: &Zzk,
    who: &PersonRef,
    capacity: ConsentCapacity,
    on: NaiveDate,
) -> Result<(), ConsentError> {
    let speaks_for_household = matches!(
        capacity,
        ConsentCapacity::Person | ConsentCapacity::AdultFamilyMember
    );
    match minor_born(zzk, who, on).filter(|_| speaks_for_household) {
        Some(birth_year) => Err(ConsentError::GiverMinor {
            person: who.clone(),
            birth_year,
        }),
        None => Ok(()),
    }
}

/// Checks the years of birth of a household: each for one of its members, once, and between
/// [`EARLIEST_BIRTH_YEAR`] and the year of `on`.
pub(crate) fn check_birth_years(
    household: &[PersonRef],
    birth_years: &[BirthYear],
    on: NaiveDate,
) -> Result<(), Error> {
    for (i, b) in birth_years.iter().enumerate() {
        if !household.contains(&b.person) {
            return Err(ZzkError::NotInHousehold {
                person: b.person.clone(),
            }
            .into());
        }
        if birth_years[..i].iter().any(|x| x.person == b.person) {
            return Err(
                ValidationError::duplicate(crate::Entity::Person, b.person.as_str()).into(),
            );
        }
        check_year("birth_year", b.year, on)?;
    }
    Ok(())
}

fn check_year(field: &'static str, year: u16, on: NaiveDate) -> Result<(), ValidationError> {
    let latest = on.year();
    if year < EARLIEST_BIRTH_YEAR || i32::from(year) > latest {
        return Err(ValidationError::OutOfRange {
            field,
            min: i64::from(EARLIEST_BIRTH_YEAR),
            max: i64::from(latest),
        });
    }
    Ok(())
}

/// Decides a change of the household.
pub(crate) fn decide(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::Household,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Household as C;
    let zid = zzk.id.clone();
    let today = ctx.today();
    // **[decision]** Recording who lives in the household is the OPS's own case record, kept
    // before consent as after it, so it needs no consent; a finished case takes no change.
    zzk.require_stage_not(&[])?;
    Ok(match cmd {
        C::JoinHousehold {
            person, birth_year, ..
        } => {
            if zzk.client.household.contains(person) {
                return Err(ZzkError::AlreadyInHousehold {
                    person: person.clone(),
                }
                .into());
            }
            if person == &zzk.social_worker || zzk.members.values().any(|m| &m.worker == person) {
                return Err(ZzkError::FamilyCannotBeMember.into());
            }
            if let Some(year) = birth_year {
                check_year("birth_year", *year, today)?;
            }
            vec![Event::HouseholdMemberJoined {
                zzk_id: zid,
                person: person.clone(),
                birth_year: *birth_year,
            }]
        }
        C::LeaveHousehold {
            person, review_on, ..
        } => {
            if !zzk.client.household.contains(person) {
                return Err(ZzkError::NotInHousehold {
                    person: person.clone(),
                }
                .into());
            }
            if zzk.client.household.len() == 1 {
                return Err(ValidationError::EmptyList {
                    field: "client.household",
                }
                .into());
            }
            let mut events = vec![Event::HouseholdMemberLeft {
                zzk_id: zid.clone(),
                person: person.clone(),
            }];
            // The consents its giver gave for the household end with the move: when no consent
            // to ZZK work is left, the ZZK is suspended at once, as by a withdrawal.
            let remaining = zzk
                .consents
                .values()
                .any(|c| c.in_force(today) && c.scope.zzk_work && !ends_with_giver(c, person));
            if !remaining && consent::has_consent(zzk, today) && zzk.stage.is_suspendable() {
                ctx.not_before("review_on", *review_on, today)?;
                events.push(Event::ZzkSuspended {
                    zzk_id: zid,
                    ground: SuspensionGround::ConsentWithdrawn,
                    review_on: *review_on,
                    details: None,
                    suspended_on: None,
                });
            }
            events
        }
    })
}

/// Whether a consent ends when `person` leaves the household: given by them as the person or as
/// an adult member of the household (a representative's or carer's consent does not).
fn ends_with_giver(c: &consent::Consent, person: &PersonRef) -> bool {
    &c.given_by == person
        && matches!(
            c.capacity,
            ConsentCapacity::Person | ConsentCapacity::AdultFamilyMember
        )
}

/// Applies a change of the household.
pub(crate) fn apply(z: &mut Zzk, on: NaiveDate, e: crate::event::route::Household) {
    use crate::event::route::Household as Event;
    match e {
        Event::HouseholdMemberJoined {
            person, birth_year, ..
        } => {
            if z.client.household.contains(&person) {
                return;
            }
            z.client.household.push(person.clone());
            if let Some(year) = birth_year {
                z.client.birth_years.retain(|b| b.person != person);
                z.client.birth_years.push(BirthYear {
                    person: person.clone(),
                    year,
                });
            }
            z.household_changes.push(HouseholdChange {
                person,
                joined: true,
                on,
            });
        }
        Event::HouseholdMemberLeft { person, .. } => {
            let before = z.client.household.len();
            z.client.household.retain(|p| p != &person);
            if z.client.household.len() == before {
                return;
            }
            for c in z.consents.values_mut() {
                if ends_with_giver(c, &person) && c.giver_left_on.is_none() {
                    c.giver_left_on = Some(on);
                }
            }
            z.household_changes.push(HouseholdChange {
                person,
                joined: false,
                on,
            });
        }
    }
}

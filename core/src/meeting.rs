//! Meetings of the PZK (initiating, formalising, regular — minuted, minutes read out and approved at
//! the next) and of a ZZK (consultation without the family; first and follow-up meetings with it).

use crate::consent::{KeyDecision, Recipient};
use crate::error::{Error, PlanError, ZzkError};
use crate::event::Event;
use crate::ids::*;
use crate::labels::labelled_enum;
use crate::require::{found, must_be_new, must_exist};
use crate::state::Ctx;
use crate::text;
use crate::zzk::{Seat, Zzk, ZzkStage};
use crate::Entity;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

labelled_enum! {
    /// Rodzaj spotkania PZK.
    pub enum PzkMeetingKind {
        /// Spotkanie inicjujące (narzędzie 5).
        Initiating = "initiating" => ("Spotkanie inicjujące", "Initiating meeting"),
        /// Spotkanie formalizujące (narzędzie 10).
        Formalising = "formalising" => ("Spotkanie formalizujące", "Formalising meeting"),
        /// Kolejne spotkanie PZK (narzędzie 12).
        Regular = "regular" => ("Spotkanie PZK", "Regular meeting"),
    }
}

labelled_enum! {
    /// Rodzaj spotkania ZZK.
    pub enum ZzkMeetingKind {
        /// Spotkanie konsultacyjne specjalistów — bez osoby/rodziny.
        Consultation = "consultation" => ("Spotkanie konsultacyjne", "Consultation meeting"),
        /// Pierwsze spotkanie ZZK z rodziną (narzędzie 18).
        First = "first" => ("Pierwsze spotkanie ZZK", "First meeting"),
        /// Kolejne spotkanie ZZK (narzędzie 21).
        FollowUp = "follow_up" => ("Kolejne spotkanie ZZK", "Follow-up meeting"),
    }
}

/// A PZK meeting and its minutes (protokół).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PzkMeeting {
    /// Kind.
    pub kind: PzkMeetingKind,
    /// Date.
    pub held_on: NaiveDate,
    /// Who took the minutes.
    pub minutes_by: PersonRef,
    /// The minutes document.
    pub minutes: NoteRef,
    /// Read out at the end of the meeting.
    pub minutes_read_out: bool,
    /// Held remotely.
    pub remote: bool,
    /// Members present.
    pub attending: Vec<MemberId>,
    /// The later meeting that approved these minutes.
    pub minutes_approved_at: Option<MeetingId>,
    /// Who chaired it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair: Option<PersonRef>,
    /// Where it was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
}

/// A ZZK meeting (minutes: tool 19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ZzkMeeting {
    /// Kind.
    pub kind: ZzkMeetingKind,
    /// Date.
    pub held_on: NaiveDate,
    /// The person/family took part.
    pub family_present: bool,
    /// Their representative or carer took part.
    pub representative_present: bool,
    /// Members and guests present.
    pub attending: Vec<ZzkMemberId>,
    /// Held remotely.
    pub remote: bool,
    /// Minutes.
    pub minutes: NoteRef,
    /// Periodic assessment of the situation.
    pub assessment: Option<NoteRef>,
    /// When a consultation's minutes were released to the person/family (only then may they
    /// read them: the consultation is held without them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released_on: Option<NaiveDate>,
    /// Who moderated it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator: Option<PersonRef>,
    /// Who took the minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_by: Option<PersonRef>,
    /// Where it was held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub venue: Option<String>,
    /// Relatives and significant others of the family who took part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relatives: Vec<PersonRef>,
}

/// Decides a ZZK meeting.
pub(crate) fn decide_zzk_meeting(
    zzk: &Zzk,
    ctx: &Ctx,
    cmd: crate::command::route::ZzkMeetings,
) -> Result<Vec<Event>, Error> {
    let crate::command::route::ZzkMeetings::HoldZzkMeeting {
        meeting_id,
        kind,
        held_on,
        family_present,
        representative_present,
        attending,
        remote,
        minutes,
        assessment,
        plan,
        project,
        moderator,
        minutes_by,
        venue,
        relatives,
        ..
    } = cmd;
    must_be_new(&zzk.meetings, meeting_id, Entity::Meeting)?;
    if let Some(venue) = venue {
        text::require("venue", venue, text::MAX_SHORT)?;
    }
    // Relatives come with the family, so not to a consultation; they are never on the team.
    if !relatives.is_empty() && *kind == ZzkMeetingKind::Consultation {
        return Err(ZzkError::FamilyMustBeAbsent.into());
    }
    if relatives.iter().any(|r| zzk.is_on_team(r)) {
        return Err(ZzkError::FamilyCannotBeMember.into());
    }
    let with_family = *family_present || *representative_present;
    if *representative_present && zzk.representative.is_none() {
        return Err(ZzkError::NoRepresentative.into());
    }
    let today = ctx.today();
    check_kind(zzk, *kind, with_family, plan.is_some(), project.is_some())?;
    if *kind != ZzkMeetingKind::Consultation && !with_family {
        return Err(ZzkError::FamilyMustBePresent.into());
    }
    ctx.not_in_future("held_on", *held_on)?;
    if let Some(a) = &zzk.appointment {
        ctx.not_before("held_on", *held_on, a.appointed_on)?;
    }
    let mut institutions = Vec::new();
    for a in attending {
        // A member who has left attends no more: not found among the current ones.
        let current = zzk.members.get(a).filter(|m| m.left_on.is_none());
        institutions.push(match &found(current, Entity::ZzkMember, a)?.seat {
            Seat::Member { member_id } => Recipient::Member(member_id),
            Seat::Guest { institution } => Recipient::Guest(institution),
        });
    }
    // A meeting shares the family's information with the institutions at the table: consent in
    // force must cover each, and a consultation, held without the family, is work with its
    // information all the same (issue 18).
    let decision = if *kind == ZzkMeetingKind::Consultation {
        KeyDecision::UseFamilyInformation
    } else {
        KeyDecision::MeetingWithFamily
    };
    crate::consent::require_shared(zzk, today, decision, institutions)?;
    let mut events = vec![Event::ZzkMeetingHeld {
        zzk_id: zzk.id.clone(),
        meeting_id: meeting_id.clone(),
        kind: *kind,
        held_on: *held_on,
        family_present: *family_present,
        representative_present: *representative_present,
        attending: attending.clone(),
        remote: *remote,
        minutes: minutes.clone(),
        assessment: assessment.clone(),
        moderator: moderator.clone(),
        minutes_by: minutes_by.clone(),
        venue: venue.clone(),
        relatives: relatives.clone(),
    }];
    if let Some(plan) = plan {
        if zzk.plan.is_some() {
            return Err(PlanError::PlanExists.into());
        }
        crate::consent::require(zzk, today, KeyDecision::ChangePlan, None)?;
        crate::plan::validate_plan(zzk, ctx, plan, *held_on)?;
        events.push(Event::PlanAdopted {
            zzk_id: zzk.id.clone(),
            plan: plan.clone(),
            adopted_on: Some(*held_on),
        });
    }
    if let Some(project) = project {
        events.push(crate::plan::decide_project_start(zzk, ctx, project)?);
    }
    Ok(events)
}

/// What each kind of meeting requires of the stage, the family's presence and its outcome: a
/// consultation is held without the family and decides nothing for it; a first meeting, with
/// it, yields a plan or a social-work project.
fn check_kind(
    zzk: &Zzk,
    kind: ZzkMeetingKind,
    with_family: bool,
    has_plan: bool,
    has_project: bool,
) -> Result<(), Error> {
    use ZzkStage as S;
    match kind {
        ZzkMeetingKind::Consultation => {
            zzk.require_stage(&[
                S::PartnersInvited,
                S::ConsultationHeld,
                S::FirstMeetingInvited,
                S::Active,
                S::Suspended,
                S::OrdinarySocialWork,
            ])
            .map_err(|e| {
                if zzk.stage == S::Appointed {
                    ZzkError::PartnersRequired
                } else {
                    e
                }
            })?;
            if with_family {
                return Err(ZzkError::FamilyMustBeAbsent.into());
            }
            if has_plan || has_project {
                return Err(ZzkError::FamilyMustBePresent.into());
            }
        }
        ZzkMeetingKind::First => {
            if matches!(
                zzk.stage,
                S::Appointed | S::PartnersInvited | S::ConsultationHeld
            ) {
                return Err(ZzkError::ConsultationRequired.into());
            }
            zzk.require_stage(&[S::FirstMeetingInvited])?;
            if has_plan == has_project {
                return Err(PlanError::PlanOrProjectRequired.into());
            }
        }
        ZzkMeetingKind::FollowUp => zzk.require_stage(&[S::Active])?,
    }
    Ok(())
}

/// Decides the release of a consultation's minutes to the person/family. Allowed at any stage,
/// closed included: the family may ask for them after the work has ended.
pub(crate) fn decide_release(
    zzk: &Zzk,
    cmd: crate::command::route::MinutesRelease,
) -> Result<Vec<Event>, Error> {
    let crate::command::route::MinutesRelease::ReleaseConsultationMinutes { meeting_id, .. } = cmd;
    let m = must_exist(&zzk.meetings, meeting_id, Entity::Meeting)?;
    if m.kind != ZzkMeetingKind::Consultation {
        return Err(ZzkError::NotAConsultation { kind: m.kind }.into());
    }
    if m.released_on.is_some() {
        return Err(ZzkError::MinutesAlreadyReleased.into());
    }
    Ok(vec![Event::ConsultationMinutesReleased {
        zzk_id: zzk.id.clone(),
        meeting_id: meeting_id.clone(),
    }])
}

/// Applies a ZZK meeting.
pub(crate) fn apply(z: &mut Zzk, on: NaiveDate, e: crate::event::route::ZzkMeetings) {
    let crate::event::route::ZzkMeetings::ZzkMeetingHeld {
        meeting_id,
        kind,
        held_on,
        family_present,
        representative_present,
        attending,
        remote,
        minutes,
        assessment,
        moderator,
        minutes_by,
        venue,
        relatives,
        ..
    } = e;
    z.meetings.insert(
        meeting_id,
        ZzkMeeting {
            kind,
            held_on,
            family_present,
            representative_present,
            attending,
            remote,
            minutes,
            assessment,
            released_on: None,
            moderator,
            minutes_by,
            venue,
            relatives,
        },
    );
    match (kind, z.stage) {
        (ZzkMeetingKind::Consultation, ZzkStage::PartnersInvited) => {
            z.set_stage(ZzkStage::ConsultationHeld, on)
        }
        (ZzkMeetingKind::First, _) => z.set_stage(ZzkStage::Active, on),
        _ => {}
    }
}

/// Applies the release of a consultation's minutes.
pub(crate) fn apply_release(z: &mut Zzk, on: NaiveDate, e: crate::event::route::MinutesRelease) {
    let crate::event::route::MinutesRelease::ConsultationMinutesReleased { meeting_id, .. } = e;
    if let Some(m) = z.meetings.get_mut(&meeting_id) {
        m.released_on = Some(on);
    }
}

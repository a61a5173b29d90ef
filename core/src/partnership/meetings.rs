//! The PZK's meetings and their minutes: the initiating and formalising meetings move the
//! PZK through its stages, and each meeting approves the minutes of earlier ones.

use super::*;

/// Decides a command of the PZK's meetings and their minutes.
pub(super) fn decide(
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
            chair,
            venue,
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
                chair,
                venue,
            },
        )?,
    })
}

pub(super) struct MeetingInput<'a> {
    meeting_id: &'a MeetingId,
    kind: PzkMeetingKind,
    held_on: NaiveDate,
    minutes_by: &'a PersonRef,
    minutes: &'a NoteRef,
    minutes_read_out: bool,
    remote: bool,
    attending: &'a [MemberId],
    approves: &'a [MeetingId],
    chair: &'a Option<PersonRef>,
    venue: &'a Option<String>,
}

pub(super) fn decide_meeting(
    p: &Partnership,
    ctx: &Ctx,
    m: MeetingInput,
) -> Result<Vec<Event>, Error> {
    must_be_new(&p.meetings, m.meeting_id, Entity::Meeting)?;
    if let Some(venue) = m.venue {
        crate::text::require("venue", venue, crate::text::MAX_SHORT)?;
    }
    // **[decision]** Rules of procedure that have the minutes read out at the end of each
    // meeting refuse a meeting whose minutes were not (rather than flag it): the record would
    // otherwise say the PZK broke its own rules.
    if p.rules.minutes_read_out && !m.minutes_read_out {
        return Err(PartnershipError::MinutesNotReadOut.into());
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
            super::initiation::require_previous_steps(p, InitiationStep::InitiatingMeetingHeld)?;
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
        let e = must_exist(&p.meetings, earlier, Entity::Meeting)?;
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
        chair: m.chair.clone(),
        venue: m.venue.clone(),
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

/// Applies an event of the PZK's meetings, their minutes and the move to planning.
pub(super) fn apply(p: &mut Partnership, e: crate::event::route::PzkMeetings) {
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
            chair,
            venue,
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
                    chair: chair.clone(),
                    venue: venue.clone(),
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

//! The network coordinator's consultations to ZZKs, conflicts raised for mediation by the PZK's
//! members, and refusals of a partner's worker to cooperate.

use super::*;

/// Decides a command of consultations, conflicts and refusals to cooperate.
pub(super) fn decide(
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
            must_be_new(&p.consultations, consultation_id, Entity::Consultation)?;
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
            must_be_new(&p.conflicts, conflict_id, Entity::Conflict)?;
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
            let c = must_exist(&p.conflicts, conflict_id, Entity::Conflict)?;
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
            must_be_new(&p.refusals, refusal_id, Entity::Refusal)?;
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
            let r = must_exist(&p.refusals, refusal_id, Entity::Refusal)?;
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

/// Applies an event of consultations, conflicts and refusals to cooperate.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Mediation) {
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

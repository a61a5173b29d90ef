//! Stage 1 of a PZK (etap inicjowania): the mayor's authorisation, the readiness of the
//! conditions of implementation, and the initiation steps 1.1–1.6, taken in order.

use super::*;

/// Decides a command of stage 1: the mayor's authorisation, readiness and the initiation steps.
pub(super) fn decide(
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

pub(super) fn require_previous_steps(p: &Partnership, step: InitiationStep) -> Result<(), Error> {
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

/// Applies an event of stage 1: the mayor's authorisation, readiness and the initiation steps.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Initiation) {
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

//! Requests to extend the PZK's composition or its basket, and their decisions.

use super::*;

/// Decides a command of requests to extend the PZK or its basket.
pub(super) fn decide(
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
            must_be_new(&p.requests, request_id, Entity::Request)?;
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
            let r = must_exist(&p.requests, request_id, Entity::Request)?;
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

/// Applies an event of requests to extend the PZK or its basket.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Requests) {
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

//! Who belongs to the PZK: invitations, participation on a recorded agreement (flexible
//! formalisation), declarations of accession (tool 8) and departures.

use super::*;
use crate::basket::{Provider, ServiceStatus};

/// Decides a command of who belongs to the PZK: invitations, participation, declarations, departures.
pub(super) fn decide(
    p: &Partnership,
    cmd: crate::command::route::Membership,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Membership as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::InviteMember {
            member_id,
            profile,
            representative,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            profile.validate()?;
            if let Some(m) = p.members.get(member_id) {
                if m.status != MemberStatus::Left {
                    return Err(
                        ValidationError::duplicate(Entity::Member, member_id.as_str()).into(),
                    );
                }
            }
            vec![Event::MemberInvited {
                partnership_id: pid,
                member_id: member_id.clone(),
                profile: profile.clone(),
                representative: representative.clone(),
            }]
        }
        C::RecordParticipation { member_id, .. } => {
            p.require_stage(AUTHORISED)?;
            let m = p.member(member_id)?;
            if m.status != MemberStatus::Invited {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Participating,
                }
                .into());
            }
            vec![Event::MemberParticipating {
                partnership_id: pid,
                member_id: member_id.clone(),
            }]
        }
        C::SignDeclaration {
            member_id,
            declared_services,
            ..
        } => {
            p.require_stage(FORMALISED)?;
            let m = p.member(member_id)?;
            if !matches!(
                m.status,
                MemberStatus::Invited | MemberStatus::Participating
            ) {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Declared,
                }
                .into());
            }
            for s in declared_services {
                must_exist(&p.basket.services, s, Entity::Service)?;
            }
            vec![Event::DeclarationSigned {
                partnership_id: pid,
                member_id: member_id.clone(),
                declared_services: declared_services.clone(),
            }]
        }
        C::InformMembersOfAccession { member_id, .. } => {
            let m = p.member(member_id)?;
            let Some(accession) = &m.accession else {
                return Err(PartnershipError::NotANewAccession.into());
            };
            if accession.informed_on.is_some() {
                return Err(PartnershipError::MembersAlreadyInformed.into());
            }
            vec![Event::MembersInformedOfAccession {
                partnership_id: pid,
                member_id: member_id.clone(),
                informed: p.to_inform_of_accession(member_id),
            }]
        }
        C::RecordMemberLeft {
            member_id, reason, ..
        } => {
            let m = p.member(member_id)?;
            text::require("reason", reason, text::MAX_SHORT)?;
            if *member_id == p.ops_member_id {
                return Err(PartnershipError::LeaderCannotLeave.into());
            }
            if m.status == MemberStatus::Left {
                return Err(PartnershipError::MemberStatusInvalid {
                    status: m.status,
                    to: MemberStatus::Left,
                }
                .into());
            }
            // [decision] Its services leave the local basket with it (withdrawn, for the reason
            // it gave). The individual baskets that use one are flagged, not changed: the overdue
            // report lists each such item (basket_item_unavailable) until the team replaces it.
            let withdrawn = p
                .basket
                .services
                .iter()
                .filter(|(_, s)| s.status != ServiceStatus::Withdrawn)
                .filter(|(_, s)| {
                    matches!(&s.input.provider, Provider::Member { member_id: m } if m == member_id)
                })
                .map(|(service_id, _)| Event::ServiceStatusChanged {
                    partnership_id: pid.clone(),
                    service_id: service_id.clone(),
                    status: ServiceStatus::Withdrawn,
                    reason: reason.clone(),
                });
            std::iter::once(Event::MemberLeft {
                partnership_id: pid.clone(),
                member_id: member_id.clone(),
                reason: reason.clone(),
            })
            .chain(withdrawn)
            .collect()
        }
    })
}

/// Applies an event of who belongs to the PZK.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Membership) {
    use crate::event::route::Membership as Event;
    // An agreement recorded once the PZK operates, by a member without one, is a new accession.
    let accession = (p.stage == PzkStage::Operating).then_some(Accession {
        on: today,
        informed_on: None,
        informed: Vec::new(),
    });
    match &e {
        Event::MemberInvited {
            member_id,
            profile,
            representative,
            ..
        } => {
            p.members.insert(
                member_id.clone(),
                Member {
                    profile: profile.clone(),
                    status: MemberStatus::Invited,
                    representative: representative.clone(),
                    invited_on: today,
                    agreement_on: None,
                    declared_on: None,
                    left_on: None,
                    declared_services: Vec::new(),
                    accession: None,
                },
            );
        }
        Event::MemberParticipating { member_id, .. } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Participating;
                if m.agreement_on.is_none() {
                    m.accession = accession;
                }
                m.agreement_on = Some(today);
            }
        }
        Event::DeclarationSigned {
            member_id,
            declared_services,
            ..
        } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Declared;
                if m.agreement_on.is_none() {
                    m.accession = accession;
                }
                m.agreement_on.get_or_insert(today);
                m.declared_on = Some(today);
                m.declared_services = declared_services.clone();
            }
        }
        Event::MembersInformedOfAccession {
            member_id,
            informed,
            ..
        } => {
            if let Some(a) = p
                .members
                .get_mut(member_id)
                .and_then(|m| m.accession.as_mut())
            {
                a.informed_on = Some(today);
                a.informed = informed.clone();
            }
        }
        Event::MemberLeft { member_id, .. } => {
            if let Some(m) = p.members.get_mut(member_id) {
                m.status = MemberStatus::Left;
                m.left_on = Some(today);
            }
        }
    }
}

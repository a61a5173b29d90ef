//! The network coordinators (pracownicy ds. sieci), one of whom keeps the registry of ZZKs, and
//! the OPS head (kierownik OPS), who leads the PZK.

use super::*;

/// Decides a command of the network coordinators (pracownicy ds. sieci).
pub(super) fn decide(
    p: &Partnership,
    cmd: crate::command::route::Coordinators,
) -> Result<Vec<Event>, Error> {
    use crate::command::route::Coordinators as C;
    let pid = p.id.clone();
    Ok(match cmd {
        C::AppointCoordinator {
            coordinator,
            keeps_registry,
            ..
        } => {
            p.require_stage(AUTHORISED)?;
            must_be_new(&p.coordinators, coordinator, Entity::Coordinator)?;
            vec![Event::CoordinatorAppointed {
                partnership_id: pid,
                coordinator: coordinator.clone(),
                keeps_registry: *keeps_registry,
            }]
        }
        C::DismissCoordinator { coordinator, .. } => {
            must_exist(&p.coordinators, coordinator, Entity::Coordinator)?;
            vec![Event::CoordinatorDismissed {
                partnership_id: pid,
                coordinator: coordinator.clone(),
            }]
        }
        C::HandOverOpsHead { ops_head, .. } => {
            if *ops_head == p.ops_head {
                return Err(crate::error::BasketError::NothingChanged.into());
            }
            vec![Event::OpsHeadHandedOver {
                partnership_id: pid,
                ops_head: ops_head.clone(),
            }]
        }
    })
}

/// Applies an event of the network coordinators.
pub(super) fn apply(p: &mut Partnership, today: NaiveDate, e: crate::event::route::Coordinators) {
    use crate::event::route::Coordinators as Event;
    match &e {
        Event::CoordinatorAppointed {
            coordinator,
            keeps_registry,
            ..
        } => {
            if *keeps_registry {
                p.coordinators
                    .values_mut()
                    .for_each(|c| c.keeps_registry = false);
            }
            p.coordinators.insert(
                coordinator.clone(),
                Coordinator {
                    appointed_on: today,
                    keeps_registry: *keeps_registry,
                },
            );
        }
        Event::CoordinatorDismissed { coordinator, .. } => {
            p.coordinators.remove(coordinator);
        }
        Event::OpsHeadHandedOver { ops_head, .. } => {
            p.ops_head = ops_head.clone();
        }
    }
}

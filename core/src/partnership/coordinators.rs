//! The network coordinators (pracownicy ds. sieci), one of whom keeps the registry of ZZKs.

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
    }
}

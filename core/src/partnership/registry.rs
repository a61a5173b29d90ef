//! The registry of ZZKs (rejestr ZZK) that the PZK keeps.

use super::*;

/// Applies an event of the registry of ZZKs (rejestr ZZK).
pub(super) fn apply(p: &mut Partnership, e: crate::event::route::Registry) {
    use crate::event::route::Registry as Event;
    match &e {
        Event::ZzkRegistered {
            zzk_id,
            registry_number,
            ..
        } => p.enter_in_registry(*registry_number, zzk_id),
    }
}

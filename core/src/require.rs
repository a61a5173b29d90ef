//! The two checks nearly every decision makes on the ids a command names: an id that creates
//! something must be new (`DUPLICATE_ID`), and an id that refers to something must name a record
//! that exists (`ZZK_NOT_FOUND`, `TASK_NOT_FOUND`…, by [`Entity`]).
//!
//! Written out at each command, the two checks took five lines each and repeated the entity and
//! the id, which could drift apart (a goal's id reported as a task's). Here they take one line,
//! and the error a host sees is built in one place: the same code and message as
//! [`ValidationError::duplicate`] and [`ValidationError::not_found`], which these only call.

use crate::error::{Entity, ValidationError};
use crate::id_map::IdMap;
use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasher, Hash};

/// An id of the model, as the text an error reports (every id type of [`crate::ids`]).
pub(crate) trait Id {
    /// The id's text, as the host gave it.
    fn id_text(&self) -> &str;
}

/// Records found by id: the maps of the state (PZKs, members, a ZZK's goals…) and the sets of
/// ids a command declares at once (the goals of a plan before it is adopted). One trait over the
/// kinds of map the state keeps, so one pair of checks serves them all.
pub(crate) trait Records<Q: ?Sized> {
    /// What an id names: the record in a map, the id itself in a set.
    type Record;

    /// The record of an id, if there is one.
    fn find(&self, id: &Q) -> Option<&Self::Record>;
}

impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> Records<Q> for BTreeMap<K, V> {
    type Record = V;
    fn find(&self, id: &Q) -> Option<&V> {
        self.get(id)
    }
}

impl<K: Ord + Borrow<Q>, V, Q: Ord + ?Sized> Records<Q> for IdMap<K, V> {
    type Record = V;
    fn find(&self, id: &Q) -> Option<&V> {
        self.get(id)
    }
}

impl<K: Eq + Hash + Borrow<Q>, V, S: BuildHasher, Q: Eq + Hash + ?Sized> Records<Q>
    for HashMap<K, V, S>
{
    type Record = V;
    fn find(&self, id: &Q) -> Option<&V> {
        self.get(id)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized> Records<Q> for BTreeSet<K> {
    type Record = K;
    fn find(&self, id: &Q) -> Option<&K> {
        self.get(id)
    }
}

/// The id of something a command creates must not name a record yet: `DUPLICATE_ID` of `kind`
/// otherwise.
pub(crate) fn must_be_new<Q: Id + ?Sized>(
    records: &impl Records<Q>,
    id: &Q,
    kind: Entity,
) -> Result<(), ValidationError> {
    match records.find(id) {
        Some(_) => Err(ValidationError::duplicate(kind, id.id_text())),
        None => Ok(()),
    }
}

/// The record an id refers to; the not-found code of `kind` (`TASK_NOT_FOUND`) if there is none.
pub(crate) fn must_exist<'r, Q: Id + ?Sized, R: Records<Q>>(
    records: &'r R,
    id: &Q,
    kind: Entity,
) -> Result<&'r R::Record, ValidationError> {
    found(records.find(id), kind, id)
}

/// [`must_exist`] for a record looked up otherwise: one that counts only under a condition (a
/// member who has not left), one behind an accessor such as `State::zzk`, or one computed for the
/// id (a report of one PZK).
pub(crate) fn found<T, Q: Id + ?Sized>(
    record: Option<T>,
    kind: Entity,
    id: &Q,
) -> Result<T, ValidationError> {
    record.ok_or_else(|| ValidationError::not_found(kind, id.id_text()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GoalId, TaskId};

    #[test]
    fn a_new_id_passes_and_a_taken_one_is_a_duplicate_of_its_kind() {
        let mut goals = IdMap::new();
        goals.insert(GoalId::from("g-1"), "first");
        assert_eq!(
            must_be_new(&goals, &GoalId::from("g-2"), Entity::Goal),
            Ok(())
        );
        assert_eq!(
            must_be_new(&goals, &GoalId::from("g-1"), Entity::Goal),
            Err(ValidationError::duplicate(Entity::Goal, "g-1"))
        );
    }

    #[test]
    fn an_existing_id_gives_its_record_and_an_unknown_one_is_not_found() {
        let tasks = BTreeMap::from([(TaskId::from("t-1"), 7)]);
        assert_eq!(
            must_exist(&tasks, &TaskId::from("t-1"), Entity::Task),
            Ok(&7)
        );
        let missing = must_exist(&tasks, &TaskId::from("t-2"), Entity::Task);
        assert_eq!(
            missing,
            Err(ValidationError::not_found(Entity::Task, "t-2"))
        );
        // A set of borrowed ids, as a command's own list is checked.
        let listed = TaskId::from("t-1");
        let set = BTreeSet::from([&listed]);
        assert_eq!(must_exist(&set, &listed, Entity::Task), Ok(&&listed));
        assert!(must_be_new(&set, &listed, Entity::Task).is_err());
    }
}

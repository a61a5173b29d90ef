//! `Model`: the core's host [`Session`] (the state with its event log) as a uniffi object. Each
//! method is one call into the session; what this file adds is the conversion of arguments and
//! results, and the lock that lets Kotlin and Swift share one model between threads.

use crate::errors::{catch, guard, internal, test_trigger, KooperacjeError};
use chrono::{DateTime, NaiveDate, Utc};
use kooperacje::reports::{Indicators, MonitoringRow, OverdueItem, RegistryEntry};
use kooperacje::session::{Refused, Session};
use kooperacje::{
    ActorId, BasketHit, BasketQuery, Command, CommandEnvelope, Error, EventEnvelope, PartnershipId,
    PzkStage, ZzkId, ZzkStage,
};
use std::sync::{Arc, Mutex, MutexGuard};

/// A refused batch as the error of the refused event, with its `index` (and `line`).
fn refused(r: Refused) -> KooperacjeError {
    KooperacjeError::at(&r.error, Some(r.index), r.line)
}

/// The model: every PZK (with its basket) and every ZZK as rebuilt from events, and the events
/// themselves unless made with `keepEvents = false`. Safe to share between threads: calls are
/// serialised by a lock. A call that panicked (a bug of the library) leaves the model refusing
/// every later call with `INTERNAL_ERROR` instead of answering from a half-changed state.
#[derive(uniffi::Object)]
pub struct Model {
    inner: Mutex<Session>,
}

impl Model {
    fn with_log(keep_events: bool) -> Model {
        Model {
            inner: Mutex::new(Session::new(keep_events)),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, Session>, KooperacjeError> {
        self.inner.lock().map_err(|_| {
            internal(
                "an earlier call panicked while it held this model, which may be half-changed \
                 and refuses further calls: rebuild it from the stored events",
            )
        })
    }

    /// Runs a body on the model inside the panic guard. The tests' trigger fires once the lock is
    /// held, where a panic of the body would happen, so that it poisons the model as one would.
    pub(crate) fn with<T>(
        &self,
        body: impl FnOnce(&mut Session) -> Result<T, KooperacjeError>,
    ) -> Result<T, KooperacjeError> {
        catch(|| {
            let mut inner = self.lock()?;
            test_trigger::fire();
            body(&mut inner)
        })
    }
}

#[uniffi::export]
impl Model {
    /// An empty model that keeps the events it applies.
    #[uniffi::constructor]
    pub fn new() -> Result<Arc<Model>, KooperacjeError> {
        guard(|| Ok(Arc::new(Model::with_log(true))))
    }

    /// An empty model; with `keep_events = false` it keeps only the state (for large replays).
    #[uniffi::constructor]
    pub fn with_options(keep_events: bool) -> Result<Arc<Model>, KooperacjeError> {
        guard(|| Ok(Arc::new(Model::with_log(keep_events))))
    }

    /// A model rebuilt from recorded events, each admitted by the core first: all or none (the
    /// error's `index` names the event refused).
    #[uniffi::constructor]
    pub fn from_events(events: Vec<EventEnvelope>) -> Result<Arc<Model>, KooperacjeError> {
        guard(|| {
            let model = Model::with_log(true);
            model.apply(events)?;
            Ok(Arc::new(model))
        })
    }

    /// A model rebuilt from JSON lines (one event envelope per line, as `kooperacje events
    /// export` writes them and [`Model::events_jsonl`] gives): all or none.
    #[uniffi::constructor]
    pub fn from_jsonl(jsonl: String) -> Result<Arc<Model>, KooperacjeError> {
        guard(|| {
            let model = Model::with_log(true);
            model.apply_jsonl(jsonl)?;
            Ok(Arc::new(model))
        })
    }

    /// Decides a command and applies its events; returns the events. A rejected command throws
    /// and changes nothing.
    pub fn execute(&self, command: CommandEnvelope) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.with(|m| Ok(m.execute(&command)?))
    }

    /// `execute` for a command given as its time, author and body:
    /// `model.run(Instant.now(), "u-0012", Command.SuspendZzk(…))`.
    pub fn run(
        &self,
        at: DateTime<Utc>,
        actor: ActorId,
        command: Command,
    ) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.execute(CommandEnvelope {
            at,
            actor,
            command_id: None,
            command,
        })
    }

    /// `execute` on the command's JSON text (`{"at", "actor", "command": {"type", …}}`),
    /// returning the events' JSON text (an array of envelopes): the way for a host that stores
    /// the canonical JSON as it is.
    pub fn execute_json(&self, command: String) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(m.execute_json(&command)?))
    }

    /// The events a command would yield, or the error it would throw; never changes the model.
    pub fn decide(&self, command: CommandEnvelope) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.with(|m| Ok(m.decide(&command)?))
    }

    /// Admits and applies recorded events in order, all or none: an event that cannot follow
    /// throws with its `index` and nothing changes. Returns the number applied.
    pub fn apply(&self, events: Vec<EventEnvelope>) -> Result<u64, KooperacjeError> {
        self.with(|m| Ok(m.apply_all(events).map_err(refused)? as u64))
    }

    /// `apply` for JSON lines: the error also names the `line`.
    pub fn apply_jsonl(&self, jsonl: String) -> Result<u64, KooperacjeError> {
        self.with(|m| Ok(m.load_jsonl(&jsonl).map_err(refused)? as u64))
    }

    /// The events applied so far (empty when made with `keep_events = false`).
    pub fn events(&self) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.with(|m| Ok(m.events().to_vec()))
    }

    /// The number of events kept.
    pub fn event_count(&self) -> Result<u64, KooperacjeError> {
        self.with(|m| Ok(m.event_count() as u64))
    }

    /// The events as JSON lines (one canonical envelope per line), what a host stores.
    pub fn events_jsonl(&self) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(m.events_jsonl()?))
    }

    /// The canonical state as JSON text (`{"partnerships": {…}, "zzks": {…}}`): the same text
    /// in every language for the same events.
    pub fn state_json(&self) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(serde_json::to_string(m.state()).map_err(Error::from)?))
    }

    /// Ids of every PZK, sorted.
    pub fn partnership_ids(&self) -> Result<Vec<PartnershipId>, KooperacjeError> {
        self.with(|m| Ok(m.state().partnerships.keys().cloned().collect()))
    }

    /// Ids of every ZZK (and case before appointment), sorted.
    pub fn zzk_ids(&self) -> Result<Vec<ZzkId>, KooperacjeError> {
        self.with(|m| Ok(m.state().zzks.keys().cloned().collect()))
    }

    /// One PZK as its canonical JSON text; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    pub fn partnership_json(&self, id: PartnershipId) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(serde_json::to_string(m.partnership(&id)?).map_err(Error::from)?))
    }

    /// One ZZK as its canonical JSON text; throws `ZZK_NOT_FOUND` when there is none.
    pub fn zzk_json(&self, id: ZzkId) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(serde_json::to_string(m.zzk(&id)?).map_err(Error::from)?))
    }

    /// The stage of a PZK; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    pub fn pzk_stage(&self, id: PartnershipId) -> Result<PzkStage, KooperacjeError> {
        self.with(|m| Ok(m.partnership(&id)?.stage))
    }

    /// The stage of a ZZK; throws `ZZK_NOT_FOUND` when there is none.
    pub fn zzk_stage(&self, id: ZzkId) -> Result<ZzkStage, KooperacjeError> {
        self.with(|m| Ok(m.zzk(&id)?.stage))
    }

    /// Searches a PZK's local basket (the core's `Basket::search`: every given criterion must
    /// match; text ignores case and Polish diacritics).
    pub fn search_basket(
        &self,
        partnership_id: PartnershipId,
        query: BasketQuery,
    ) -> Result<Vec<BasketHit>, KooperacjeError> {
        self.with(|m| Ok(m.search_basket(&partnership_id, &query)?))
    }

    /// The ZZK registry of a PZK (rejestr ZZK) on a day (`null`: the day of its latest event), by
    /// registry number: on a later day, a ZZK whose consent has lapsed since shows as suspended.
    /// Throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    #[uniffi::method(default(as_of = None))]
    pub fn registry(
        &self,
        partnership_id: PartnershipId,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<RegistryEntry>, KooperacjeError> {
        self.with(|m| Ok(m.registry(&partnership_id, as_of)?))
    }

    /// The monitoring indicators of a PZK as of a day; throws `PARTNERSHIP_NOT_FOUND` for an
    /// unknown PZK.
    pub fn indicators(
        &self,
        partnership_id: PartnershipId,
        as_of: NaiveDate,
    ) -> Result<Indicators, KooperacjeError> {
        self.with(|m| Ok(m.indicators(&partnership_id, as_of)?))
    }

    /// Everything overdue as of a day, in every PZK and ZZK, by due date.
    pub fn overdue(&self, as_of: NaiveDate) -> Result<Vec<OverdueItem>, KooperacjeError> {
        self.with(|m| Ok(m.overdue(as_of)))
    }

    /// The monthly monitoring form of a PZK's ZZKs for a period `YYYY-MM` (else `BAD_PERIOD`);
    /// throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    pub fn monitoring(
        &self,
        partnership_id: PartnershipId,
        period: String,
    ) -> Result<Vec<MonitoringRow>, KooperacjeError> {
        self.with(|m| Ok(m.monitoring(&partnership_id, &period)?))
    }
}

//! `Model`: the core's `State` (every PZK and ZZK) with its event log, as a uniffi object. Each
//! method is one call into the core; what this file adds is the conversion of arguments and
//! results, and the lock that lets Kotlin and Swift share one model between threads.

use crate::errors::{catch, guard, internal, malformed, test_trigger, KooperacjeError};
use chrono::{DateTime, NaiveDate, Utc};
use kooperacje::basket::ServiceChange;
use kooperacje::monitoring::Period;
use kooperacje::reports::{self, Indicators, MonitoringRow, OverdueItem, RegistryEntry};
use kooperacje::{
    ActorId, BasketQuery, Command, CommandEnvelope, Error, EventEnvelope, PartnershipId, PzkStage,
    ServiceId, ServiceInput, ServiceStatus, State, ValidationError, ZzkId, ZzkStage,
};
use std::sync::{Arc, Mutex, MutexGuard};

/// A service of a PZK's local basket found by [`Model::search_basket`]: its id, its current
/// description and status, and who changed it when (the core's `Service` without its search
/// index).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct BasketHit {
    /// The service.
    pub service_id: ServiceId,
    /// Its current description.
    pub input: ServiceInput,
    /// Dostępna, czasowo niedostępna or wycofana.
    pub status: ServiceStatus,
    /// Current version (1 when added).
    pub version: u32,
    /// Every change: who, when, why.
    pub history: Vec<ServiceChange>,
}

pub(crate) struct Inner {
    pub(crate) state: State,
    /// The events applied, unless the model was made not to keep them.
    log: Option<Vec<EventEnvelope>>,
}

impl Inner {
    fn run(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Error> {
        let events = self.state.execute(cmd)?;
        if let Some(log) = &mut self.log {
            log.extend_from_slice(&events);
        }
        Ok(events)
    }

    /// Admits and applies events in order, all or none (the core's
    /// [`State::admit_and_apply_all`], whose cost follows the events, not the state); the error
    /// names the failing event.
    fn apply_all(
        &mut self,
        events: Vec<(EventEnvelope, Option<usize>)>,
    ) -> Result<u64, KooperacjeError> {
        let (events, lines): (Vec<EventEnvelope>, Vec<Option<usize>>) = events.into_iter().unzip();
        self.state.admit_and_apply_all(&events).map_err(|e| {
            KooperacjeError::at(
                &e.error,
                Some(e.index),
                lines.get(e.index).copied().flatten(),
            )
        })?;
        let n = events.len() as u64;
        if let Some(log) = &mut self.log {
            log.extend(events);
        }
        Ok(n)
    }
}

/// Decodes JSON lines (one event per line; blank lines are skipped), numbering lines from 1.
fn lines_from(text: &str) -> Result<Vec<(EventEnvelope, Option<usize>)>, KooperacjeError> {
    let mut out = Vec::new();
    for (n, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let env = State::decode_event(line)
            .map_err(|e| KooperacjeError::at(&e, Some(out.len()), Some(n + 1)))?;
        out.push((env, Some(n + 1)));
    }
    Ok(out)
}

fn not_found(kind: &'static str, id: &str) -> KooperacjeError {
    Error::from(ValidationError::not_found(kind, id)).into()
}

/// The model: every PZK (with its basket) and every ZZK as rebuilt from events, and the events
/// themselves unless made with `keepEvents = false`. Safe to share between threads: calls are
/// serialised by a lock. A call that panicked (a bug of the library) leaves the model refusing
/// every later call with `INTERNAL_ERROR` instead of answering from a half-changed state.
#[derive(uniffi::Object)]
pub struct Model {
    inner: Mutex<Inner>,
}

impl Model {
    fn with_log(keep_events: bool) -> Model {
        Model {
            inner: Mutex::new(Inner {
                state: State::new(),
                log: keep_events.then(Vec::new),
            }),
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, Inner>, KooperacjeError> {
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
        body: impl FnOnce(&mut Inner) -> Result<T, KooperacjeError>,
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
        self.with(|m| Ok(m.run(&command)?))
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
        self.with(|m| {
            let cmd: CommandEnvelope =
                serde_json::from_str(&command).map_err(|e| malformed(format!("command: {e}")))?;
            let events = m.run(&cmd)?;
            Ok(serde_json::to_string(&events).map_err(Error::from)?)
        })
    }

    /// The events a command would yield, or the error it would throw; never changes the model.
    pub fn decide(&self, command: CommandEnvelope) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.with(|m| Ok(m.state.decide(&command)?))
    }

    /// Admits and applies recorded events in order, all or none: an event that cannot follow
    /// throws with its `index` and nothing changes. Returns the number applied.
    pub fn apply(&self, events: Vec<EventEnvelope>) -> Result<u64, KooperacjeError> {
        self.with(|m| m.apply_all(events.into_iter().map(|e| (e, None)).collect()))
    }

    /// `apply` for JSON lines: the error also names the `line`.
    pub fn apply_jsonl(&self, jsonl: String) -> Result<u64, KooperacjeError> {
        self.with(|m| {
            let events = lines_from(&jsonl)?;
            m.apply_all(events)
        })
    }

    /// The events applied so far (empty when made with `keep_events = false`).
    pub fn events(&self) -> Result<Vec<EventEnvelope>, KooperacjeError> {
        self.with(|m| Ok(m.log.clone().unwrap_or_default()))
    }

    /// The number of events kept.
    pub fn event_count(&self) -> Result<u64, KooperacjeError> {
        self.with(|m| Ok(m.log.as_ref().map_or(0, Vec::len) as u64))
    }

    /// The events as JSON lines (one canonical envelope per line), what a host stores.
    pub fn events_jsonl(&self) -> Result<String, KooperacjeError> {
        self.with(|m| {
            let mut out = String::new();
            for env in m.log.as_deref().unwrap_or_default() {
                out.push_str(&serde_json::to_string(env).map_err(Error::from)?);
                out.push('\n');
            }
            Ok(out)
        })
    }

    /// The canonical state as JSON text (`{"partnerships": {…}, "zzks": {…}}`): the same text
    /// in every language for the same events.
    pub fn state_json(&self) -> Result<String, KooperacjeError> {
        self.with(|m| Ok(serde_json::to_string(&m.state).map_err(Error::from)?))
    }

    /// Ids of every PZK, sorted.
    pub fn partnership_ids(&self) -> Result<Vec<PartnershipId>, KooperacjeError> {
        self.with(|m| Ok(m.state.partnerships.keys().cloned().collect()))
    }

    /// Ids of every ZZK (and case before appointment), sorted.
    pub fn zzk_ids(&self) -> Result<Vec<ZzkId>, KooperacjeError> {
        self.with(|m| Ok(m.state.zzks.keys().cloned().collect()))
    }

    /// One PZK as its canonical JSON text; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    pub fn partnership_json(&self, id: PartnershipId) -> Result<String, KooperacjeError> {
        self.with(|m| match m.state.partnerships.get(&id) {
            Some(p) => Ok(serde_json::to_string(p).map_err(Error::from)?),
            None => Err(not_found("partnership", id.as_str())),
        })
    }

    /// One ZZK as its canonical JSON text; throws `ZZK_NOT_FOUND` when there is none.
    pub fn zzk_json(&self, id: ZzkId) -> Result<String, KooperacjeError> {
        self.with(|m| match m.state.zzks.get(&id) {
            Some(z) => Ok(serde_json::to_string(z).map_err(Error::from)?),
            None => Err(not_found("zzk", id.as_str())),
        })
    }

    /// The stage of a PZK; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    pub fn pzk_stage(&self, id: PartnershipId) -> Result<PzkStage, KooperacjeError> {
        self.with(|m| match m.state.partnerships.get(&id) {
            Some(p) => Ok(p.stage),
            None => Err(not_found("partnership", id.as_str())),
        })
    }

    /// The stage of a ZZK; throws `ZZK_NOT_FOUND` when there is none.
    pub fn zzk_stage(&self, id: ZzkId) -> Result<ZzkStage, KooperacjeError> {
        self.with(|m| match m.state.zzks.get(&id) {
            Some(z) => Ok(z.stage),
            None => Err(not_found("zzk", id.as_str())),
        })
    }

    /// Searches a PZK's local basket (the core's `Basket::search`: every given criterion must
    /// match; text ignores case and Polish diacritics).
    pub fn search_basket(
        &self,
        partnership_id: PartnershipId,
        query: BasketQuery,
    ) -> Result<Vec<BasketHit>, KooperacjeError> {
        self.with(|m| {
            let p = m
                .state
                .partnerships
                .get(&partnership_id)
                .ok_or_else(|| not_found("partnership", partnership_id.as_str()))?;
            Ok(p.basket
                .search(&p.members, &query)
                .into_iter()
                .map(|(service_id, service)| BasketHit {
                    service_id: service_id.clone(),
                    input: service.input.clone(),
                    status: service.status,
                    version: service.version,
                    history: service.history.clone(),
                })
                .collect())
        })
    }

    /// The ZZK registry of a PZK (rejestr ZZK), by registry number (empty for an unknown PZK).
    pub fn registry(
        &self,
        partnership_id: PartnershipId,
    ) -> Result<Vec<RegistryEntry>, KooperacjeError> {
        self.with(|m| Ok(reports::registry(&m.state, &partnership_id)))
    }

    /// The monitoring indicators of a PZK as of a day; throws `PARTNERSHIP_NOT_FOUND` for an
    /// unknown PZK.
    pub fn indicators(
        &self,
        partnership_id: PartnershipId,
        as_of: NaiveDate,
    ) -> Result<Indicators, KooperacjeError> {
        self.with(
            |m| match reports::indicators(&m.state, &partnership_id, as_of) {
                Some(i) => Ok(i),
                None => Err(not_found("partnership", partnership_id.as_str())),
            },
        )
    }

    /// Everything overdue as of a day, in every PZK and ZZK, by due date.
    pub fn overdue(&self, as_of: NaiveDate) -> Result<Vec<OverdueItem>, KooperacjeError> {
        self.with(|m| Ok(reports::overdue(&m.state, as_of)))
    }

    /// The monthly monitoring form of a PZK's ZZKs for a period `YYYY-MM`.
    pub fn monitoring(
        &self,
        partnership_id: PartnershipId,
        period: String,
    ) -> Result<Vec<MonitoringRow>, KooperacjeError> {
        self.with(|m| {
            let period = Period(period);
            if period.first_day().is_none() {
                return Err(malformed(format!(
                    "period: expected YYYY-MM, got {:?}",
                    period.0
                )));
            }
            Ok(reports::monitoring(&m.state, &partnership_id, &period))
        })
    }
}

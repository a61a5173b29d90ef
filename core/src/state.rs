//! The state of the model — every PZK (with its basket) and every ZZK — and the two functions of
//! event sourcing: `decide` (command + state → events or error) and `apply` (state + event → state).

use crate::command::route::{PzkRoute, Route, ZzkRoute};
use crate::command::{Command, CommandEnvelope};
use crate::error::{Error, ValidationError};
use crate::event::route::{
    PzkRoute as PzkEventRoute, Route as EventRoute, ZzkRoute as ZzkEventRoute,
};
use crate::event::{Event, EventEnvelope, StreamId, StreamRef, SCHEMA_VERSION};
use crate::id_map::IdMap;
use crate::ids::*;
use crate::partnership::{self, Partnership};
use crate::require::{found, must_be_new, must_exist, Records};
use crate::zzk::{self, Zzk};
use crate::Entity;
use chrono::{DateTime, NaiveDate, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, DefaultHasher};

/// Everything the model knows, rebuilt from events. Maps are ordered, so the JSON form of equal
/// states is byte-identical in every language.
///
/// # Example
///
/// Commands are decided against the state ([`State::decide`]), which yields events or an error
/// and changes nothing; the events are applied ([`State::apply`]); [`State::execute`] does both.
/// The events are what a host stores, and replaying them ([`State::replay`]) gives the same state.
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use kooperacje::{sample, PartnershipId, PzkStage, State, ZzkId, ZzkStage};
///
/// // The commands that take a PZK from registration to operation, from the core's sample data.
/// let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
/// let mut state = State::new();
/// let mut log = Vec::new(); // the events, as a host stores them
/// for command in sample::operating_partnership("pzk-1", start, 3)? {
///     log.extend(state.execute(&command)?); // decided, then applied
/// }
/// let pzk = &state.partnerships[&PartnershipId::from("pzk-1")];
/// assert_eq!(pzk.stage, PzkStage::Operating);
///
/// // A social worker reports a family's need: deciding gives the events and changes nothing…
/// let family = sample::family_lifecycle("pzk-1", "zzk-1", start + Duration::days(30))?;
/// let events = state.decide(&family[0])?;
/// assert!(state.zzk(&ZzkId::from("zzk-1")).is_none());
/// // …and applying them records the case.
/// for event in &events {
///     state.apply(event);
/// }
/// log.extend(events);
/// assert_eq!(state.zzk(&ZzkId::from("zzk-1")).unwrap().stage, ZzkStage::NeedReported);
///
/// // A command the rules refuse is an error with a stable code, and changes nothing.
/// let before = state.clone();
/// let refused = state.execute(&family[0]).unwrap_err();
/// assert_eq!(refused.code(), "DUPLICATE_ID"); // the ZZK exists already
/// assert_eq!(state, before);
///
/// // The state is the fold of the events: replaying the stored log rebuilds it exactly.
/// assert_eq!(State::replay(&log), state);
/// # Ok::<(), kooperacje::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
pub struct State {
    /// Partnerships (PZK) by id, each with its local basket.
    pub partnerships: IdMap<PartnershipId, Partnership>,
    /// ZZKs (cases from the reported need onwards) by id.
    // Boxed: a `Zzk` is large, and a B-tree moves its values whenever a node fills or splits,
    // which made opening the 100,000 ZZKs of a large log mostly copying. The JSON is unchanged.
    pub zzks: BTreeMap<ZzkId, Box<Zzk>>,
}

/// What a decision may read: the command's time and author, and the whole state.
pub(crate) struct Ctx<'a> {
    pub at: DateTime<Utc>,
    pub state: &'a State,
}

impl Ctx<'_> {
    pub fn today(&self) -> NaiveDate {
        self.at.date_naive()
    }

    pub fn partnership(&self, id: &PartnershipId) -> Result<&Partnership, Error> {
        Ok(must_exist(
            &self.state.partnerships,
            id,
            Entity::Partnership,
        )?)
    }

    /// A ZZK that belongs to the given PZK.
    pub fn zzk_in(&self, pid: &PartnershipId, id: &ZzkId) -> Result<&Zzk, Error> {
        let in_pzk = self.state.zzk(id).filter(|z| &z.partnership_id == pid);
        Ok(found(in_pzk, Entity::Zzk, id)?)
    }

    pub fn not_in_future(
        &self,
        field: &'static str,
        date: NaiveDate,
    ) -> Result<(), ValidationError> {
        if date > self.today() {
            return Err(ValidationError::DateInFuture { field, date });
        }
        Ok(())
    }

    pub fn not_before(
        &self,
        field: &'static str,
        date: NaiveDate,
        earliest: NaiveDate,
    ) -> Result<(), ValidationError> {
        if date < earliest {
            return Err(ValidationError::DateOutOfOrder {
                field,
                date,
                earliest,
            });
        }
        Ok(())
    }

    /// The next number in a PZK's ZZK registry.
    pub fn next_registry_number(&self, pid: &PartnershipId) -> u32 {
        self.state
            .partnerships
            .get(pid)
            .map_or(0, |p| p.registry_last_number)
            + 1
    }
}

/// The stream a command acts on (the same as [`Command::stream`]).
pub fn command_stream(cmd: &Command) -> StreamId {
    cmd.stream()
}

impl State {
    /// An empty state.
    pub fn new() -> Self {
        Self::default()
    }

    /// The ZZK with this id, if any (unboxed, for callers that want a plain `&Zzk`).
    pub fn zzk(&self, id: &ZzkId) -> Option<&Zzk> {
        self.zzks.get(id).map(|z| &**z)
    }

    /// Decides a command: the events it yields, or why it is rejected. Never changes the state.
    pub fn decide(&self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Error> {
        crate::bounds::check_command(cmd)?;
        let ctx = Ctx {
            at: cmd.at,
            state: self,
        };
        let events = match cmd.command.route() {
            Route::Partnership(pid, route) => match (self.partnerships.get(pid), route) {
                (Some(p), route) => {
                    not_before_latest(cmd.at, p.last_at)?;
                    crate::roles::check(self, cmd)?;
                    partnership::decide(p, &ctx, route)?
                }
                (None, PzkRoute::PzkOpening(cmd)) => partnership::decide_register(cmd)?,
                (None, _) => {
                    return Err(
                        ValidationError::not_found(Entity::Partnership, pid.as_str()).into(),
                    )
                }
            },
            Route::Zzk(zid, route) => match (self.zzks.get(zid), route) {
                (Some(z), route) => {
                    not_before_latest(cmd.at, z.last_at)?;
                    crate::roles::check(self, cmd)?;
                    zzk::decide(z, &ctx, route)?
                }
                (None, ZzkRoute::ZzkOpening(open)) => {
                    crate::roles::check(self, cmd)?;
                    zzk::decide_open(&ctx, open)?
                }
                (None, _) => {
                    return Err(ValidationError::not_found(Entity::Zzk, zid.as_str()).into())
                }
            },
        };
        Ok(events
            .into_iter()
            .map(|event| EventEnvelope {
                schema: SCHEMA_VERSION,
                at: cmd.at,
                actor: cmd.actor.clone(),
                command_id: cmd.command_id.clone(),
                event,
            })
            .collect())
    }

    /// Applies one event. Total: an event that refers to something unknown changes nothing.
    pub fn apply(&mut self, env: &EventEnvelope) {
        self.apply_cow(Cow::Borrowed(env));
    }

    /// [`State::apply`], taking the event: what it carries moves into the state instead of being
    /// copied, which spares a large replay an allocation and a free for most texts and lists.
    pub fn apply_owned(&mut self, env: EventEnvelope) {
        self.apply_cow(Cow::Owned(env));
    }

    fn apply_cow(&mut self, env: Cow<'_, EventEnvelope>) {
        apply_in(&mut self.partnerships, &mut self.zzks, env);
    }

    /// Decides a command and, if accepted, applies its events. A rejected command changes nothing.
    pub fn execute(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Error> {
        let events = self.decide(cmd)?;
        for e in &events {
            self.apply(e);
        }
        Ok(events)
    }

    /// Rebuilds a state from events, in order.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a EventEnvelope>) -> Self {
        let mut state = State::new();
        for e in events {
            state.apply(e);
        }
        state
    }

    /// Decodes a command from JSON and executes it.
    pub fn execute_json(&mut self, command_json: &str) -> Result<Vec<EventEnvelope>, Error> {
        let cmd: CommandEnvelope = serde_json::from_str(command_json)?;
        self.execute(&cmd)
    }

    /// Decodes an event from JSON, checking its schema version.
    pub fn decode_event(event_json: &str) -> Result<EventEnvelope, Error> {
        let env: EventEnvelope = serde_json::from_str(event_json)?;
        check_schema(&env)?;
        Ok(env)
    }

    /// Checks that an event from outside (an import, another system's log) can follow this state:
    /// its stream exists, or the event is the one that opens it (and the stream is not opened
    /// twice); a ZZK opens only inside a known PZK; its time is not before the stream's last event;
    /// a registry number is not given to a second ZZK; and the event keeps the bounds every
    /// command keeps (`core/src/bounds.rs`: its time and dates in range, ids in their form, texts
    /// within their limits), so that a log cannot carry what no command could have produced.
    ///
    /// Events are facts, so they are not decided again; but `apply` is total and would silently
    /// ignore an event of an unknown stream. Admitting first turns such a log into an error
    /// instead of a quietly different state.
    pub fn admit(&self, env: &EventEnvelope) -> Result<(), Error> {
        admit_in(&self.partnerships, &self.zzks, env, false)
    }

    /// Admits an event from outside ([`State::admit`]) and, if it may follow, applies it: the
    /// one step of replaying a log that did not come from this state's own `execute`.
    pub fn admit_and_apply(&mut self, env: &EventEnvelope) -> Result<(), Error> {
        self.admit_and_apply_cow(Cow::Borrowed(env))
    }

    /// [`State::admit_and_apply`], taking the event (see [`State::apply_owned`]).
    pub fn admit_and_apply_owned(&mut self, env: EventEnvelope) -> Result<(), Error> {
        self.admit_and_apply_cow(Cow::Owned(env))
    }

    fn admit_and_apply_cow(&mut self, env: Cow<'_, EventEnvelope>) -> Result<(), Error> {
        admit_and_apply_in(&mut self.partnerships, &mut self.zzks, env, false)
    }

    /// The canonical JSON of the state (ordered maps; the same bytes in every language).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

/// Where the ZZKs live while events are admitted and applied: a [`State`]'s ordered map, or the
/// hash map of a [`Loader`]. The rules are written once, against this.
trait ZzkMap: Records<ZzkId> {
    fn get(&self, id: &ZzkId) -> Option<&Zzk>;
    fn get_mut(&mut self, id: &ZzkId) -> Option<&mut Zzk>;
    fn insert(&mut self, id: ZzkId, zzk: Zzk);
}

macro_rules! zzk_map {
    ($($map:ident),+) => {$(
        impl ZzkMap for $map<ZzkId, Box<Zzk>> {
            fn get(&self, id: &ZzkId) -> Option<&Zzk> {
                $map::get(self, id).map(|z| &**z)
            }
            fn get_mut(&mut self, id: &ZzkId) -> Option<&mut Zzk> {
                $map::get_mut(self, id).map(|z| &mut **z)
            }
            fn insert(&mut self, id: ZzkId, zzk: Zzk) {
                $map::insert(self, id, Box::new(zzk));
            }
        }
    )+};
}
zzk_map!(BTreeMap, LoaderMap);

type LoaderMap<K, V> = HashMap<K, V, FixedHasher>;

/// Builds a state from a long log of events from outside, such as a whole municipality's:
/// each event is admitted and applied exactly as by [`State::admit_and_apply_owned`], but while
/// loading, the ZZKs are kept in a hash map — in a B-tree of 100,000 ZZKs, finding an event's ZZK
/// cost more than applying the event — and [`Loader::finish`] puts them in the state's ordered
/// map once, at the end.
#[derive(Debug, Default)]
pub struct Loader {
    partnerships: IdMap<PartnershipId, Partnership>,
    zzks: LoaderMap<ZzkId, Box<Zzk>>,
}

/// SipHash with fixed keys: the core takes no randomness (the map's order never shows, as
/// [`Loader::finish`] sorts).
type FixedHasher = BuildHasherDefault<DefaultHasher>;

impl Loader {
    /// Continues from `state` (an empty one for a whole log).
    pub fn new(state: State) -> Self {
        Loader {
            partnerships: state.partnerships,
            zzks: state.zzks.into_iter().collect(),
        }
    }

    /// [`State::admit_and_apply`]: the state gets copies of what it keeps.
    pub fn admit_and_apply(&mut self, env: &EventEnvelope) -> Result<(), Error> {
        admit_and_apply_in(
            &mut self.partnerships,
            &mut self.zzks,
            Cow::Borrowed(env),
            false,
        )
    }

    /// [`State::admit_and_apply_owned`]: what the event carries moves into the state.
    pub fn admit_and_apply_owned(&mut self, env: EventEnvelope) -> Result<(), Error> {
        admit_and_apply_in(
            &mut self.partnerships,
            &mut self.zzks,
            Cow::Owned(env),
            false,
        )
    }

    /// [`Loader::admit_and_apply_owned`] for an event whose checks of itself alone were made
    /// already, e.g. on the thread that decoded it ([`Checked`]).
    pub fn admit_and_apply_checked(&mut self, checked: Checked) -> Result<(), Error> {
        admit_and_apply_in(
            &mut self.partnerships,
            &mut self.zzks,
            Cow::Owned(checked.0),
            true,
        )
    }

    /// The number of ZZKs so far.
    pub fn zzk_count(&self) -> usize {
        self.zzks.len()
    }

    /// The state the events built.
    pub fn finish(self) -> State {
        State {
            partnerships: self.partnerships,
            // `BTreeMap`'s `collect` sorts the entries once and builds the tree in bulk.
            zzks: self.zzks.into_iter().collect(),
        }
    }
}

fn apply_in(
    partnerships: &mut IdMap<PartnershipId, Partnership>,
    zzks: &mut impl ZzkMap,
    env: Cow<'_, EventEnvelope>,
) {
    // Only the event is copied from a lent envelope: the actor is read where it lies (copying
    // the whole envelope made `execute` 6% slower, scripts/bench-core).
    let (at, actor, event) = match env {
        Cow::Borrowed(env) => (env.at, Cow::Borrowed(&env.actor), env.event.clone()),
        Cow::Owned(EventEnvelope {
            at, actor, event, ..
        }) => (at, Cow::Owned(actor), event),
    };
    // An event of a stream that does not exist (other than its opening) changes nothing:
    // replay is total, and admission refuses such an event before it is recorded.
    match event.into_route() {
        EventRoute::Partnership(route) => match partnerships.get_mut(route.id()) {
            Some(p) => partnership::apply(p, at, &actor, route),
            None => {
                if let PzkEventRoute::PzkOpening(opening) = route {
                    let p = partnership::registered(at, &actor, opening);
                    partnerships.insert(p.id.clone(), p);
                }
            }
        },
        EventRoute::Zzk(route) => match zzks.get_mut(route.id()) {
            Some(z) => apply_to_zzk(partnerships, z, at, route),
            None => {
                if let ZzkEventRoute::ZzkOpening(opening) = route {
                    let z = zzk::open(at, opening);
                    zzks.insert(z.id.clone(), z);
                }
            }
        },
    }
}

fn admit_in(
    partnerships: &IdMap<PartnershipId, Partnership>,
    zzks: &impl ZzkMap,
    env: &EventEnvelope,
    envelope_checked: bool,
) -> Result<(), Error> {
    if !envelope_checked {
        admit_envelope(env)?;
    }
    let last_at = match (env.event.stream_ref(), &env.event) {
        (StreamRef::Partnership(pid), Event::PartnershipRegistered { .. }) => {
            must_be_new(partnerships, pid, Entity::Partnership)?;
            None
        }
        (
            StreamRef::Partnership(pid),
            Event::ZzkRegistered {
                zzk_id,
                registry_number,
                ..
            },
        ) => {
            let p = must_exist(partnerships, pid, Entity::Partnership)?;
            let in_pzk = zzks.get(zzk_id).filter(|z| &z.partnership_id == pid);
            let z = found(in_pzk, Entity::Zzk, zzk_id)?;
            if let Some(e) = p.registry_refuses(*registry_number, zzk_id) {
                return Err(e.into());
            }
            // The ZZK's act, ordered by the ZZK's clock (see the event).
            Some(z.last_at)
        }
        (StreamRef::Zzk(zid), Event::NeedReported { partnership_id, .. }) => {
            must_be_new(zzks, zid, Entity::Zzk)?;
            must_exist(partnerships, partnership_id, Entity::Partnership)?;
            None
        }
        (StreamRef::Partnership(pid), _) => {
            Some(must_exist(partnerships, pid, Entity::Partnership)?.last_at)
        }
        (StreamRef::Zzk(zid), _) => {
            let z = found(zzks.get(zid), Entity::Zzk, zid)?;
            admit_to_zzk(partnerships, z, env)?;
            Some(z.last_at)
        }
    };
    if let Some(latest) = last_at {
        not_before_latest(env.at, latest)?;
    }
    Ok(())
}

fn admit_and_apply_in(
    partnerships: &mut IdMap<PartnershipId, Partnership>,
    zzks: &mut impl ZzkMap,
    env: Cow<'_, EventEnvelope>,
    envelope_checked: bool,
) -> Result<(), Error> {
    // Most events of a log belong to an existing ZZK: those look their ZZK up once, for
    // both the check and the change, which is a good part of the cost of a large replay.
    if let (StreamRef::Zzk(zid), false) = (
        env.event.stream_ref(),
        matches!(env.event, Event::NeedReported { .. }),
    ) {
        if !envelope_checked {
            admit_envelope(&env)?;
        }
        let z = found(zzks.get_mut(zid), Entity::Zzk, zid)?;
        admit_to_zzk(partnerships, z, &env)?;
        not_before_latest(env.at, z.last_at)?;
        let env = env.into_owned();
        let at = env.at;
        match env.event.into_route() {
            EventRoute::Zzk(route) => apply_to_zzk(partnerships, z, at, route),
            // `stream_ref` and `into_route` are derived from the one declaration of the event.
            EventRoute::Partnership(_) => unreachable!("an event of a ZZK's stream routes to it"),
        }
        return Ok(());
    }
    admit_in(partnerships, zzks, &env, envelope_checked)?;
    apply_in(partnerships, zzks, env);
    Ok(())
}

/// Applies an event to its (existing) ZZK, and to the PZK the two events that feed the PZK's own
/// records (level 3 → level 1).
fn apply_to_zzk(
    partnerships: &mut IdMap<PartnershipId, Partnership>,
    z: &mut Zzk,
    at: DateTime<Utc>,
    route: ZzkEventRoute,
) {
    use crate::event::route::{Appointment, IndividualBasket};
    if let ZzkEventRoute::IndividualBasket(IndividualBasket::UnmetNeedRecorded {
        zzk_id,
        area,
        need,
        request_id,
        ..
    }) = &route
    {
        if let Some(p) = partnerships.get_mut(&z.partnership_id) {
            if !p.requests.contains_key(request_id) {
                let request =
                    crate::plan::request_for_unmet_need(zzk_id, *area, need, at.date_naive());
                p.requests.insert(request_id.clone(), request);
            }
        }
    }
    if let ZzkEventRoute::Appointment(Appointment::ZzkAppointed {
        zzk_id,
        registry_number,
        ..
    }) = &route
    {
        // Logs of schema 1 have no `zzk_registered`: the appointment enters the registry.
        if let Some(p) = partnerships.get_mut(&z.partnership_id) {
            p.enter_in_registry(*registry_number, zzk_id);
        }
    }
    // Last, as it takes the event.
    zzk::apply(z, at, route);
}

/// An event that passed the checks of [`State::admit`] that concern the event alone (its schema
/// version and the bounds), which need no state: a bulk replay makes them on the threads that
/// decode, leaving the checks against the state to the thread that applies
/// ([`Loader::admit_and_apply_checked`]).
#[derive(Debug)]
pub struct Checked(EventEnvelope);

impl Checked {
    /// Checks the event alone.
    pub fn new(env: EventEnvelope) -> Result<Checked, Error> {
        admit_envelope(&env)?;
        Ok(Checked(env))
    }

    /// The event.
    pub fn event(&self) -> &EventEnvelope {
        &self.0
    }
}

/// The checks of [`State::admit`] that concern the event alone, whatever its stream: its schema
/// version and the bounds.
fn admit_envelope(env: &EventEnvelope) -> Result<(), Error> {
    check_schema(env)?;
    crate::bounds::check_event(env)?;
    Ok(())
}

/// A version this library reads; a `command_id` only from version 2 on (see [`crate::event`]).
fn check_schema(env: &EventEnvelope) -> Result<(), ValidationError> {
    if env.schema == 0
        || env.schema > SCHEMA_VERSION
        || (env.schema < 2 && env.command_id.is_some())
    {
        return Err(ValidationError::UnsupportedSchema {
            version: env.schema,
        });
    }
    Ok(())
}

/// The checks of [`State::admit`] for an event of an existing ZZK that concern its PZK: an
/// appointment's registry number is not one given to another ZZK.
fn admit_to_zzk(
    partnerships: &IdMap<PartnershipId, Partnership>,
    z: &Zzk,
    env: &EventEnvelope,
) -> Result<(), Error> {
    if let Event::ZzkAppointed {
        zzk_id,
        registry_number,
        ..
    } = &env.event
    {
        if let Some(e) = partnerships
            .get(&z.partnership_id)
            .and_then(|p| p.registry_refuses(*registry_number, zzk_id))
        {
            return Err(e.into());
        }
    }
    Ok(())
}

fn not_before_latest(at: DateTime<Utc>, latest: DateTime<Utc>) -> Result<(), ValidationError> {
    if at < latest {
        return Err(ValidationError::TimeOutOfOrder {
            latest: latest.to_rfc3339(),
        });
    }
    Ok(())
}

/// Why a batch of events from outside was refused ([`State::admit_and_apply_all`]): the position
/// of the first event that could not follow (from 0) and why. The state is as before the batch.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {index} of the batch cannot follow: {error}")]
pub struct BatchError {
    /// The position of the refused event in the batch, from 0.
    pub index: usize,
    /// Why it was refused.
    pub error: Error,
}

impl State {
    /// Admits and applies a batch of events from outside ([`State::admit_and_apply`]) in order,
    /// all or none: the first event that cannot follow is reported with its position, and the
    /// state is then exactly as before the batch.
    ///
    /// The one all-or-none batch of the library: a host that follows a live log applies its
    /// events one or a few at a time, so the cost must follow the batch, not the state. Instead of
    /// a copy of the whole state, each stream (a PZK or a ZZK) is copied the first time the batch
    /// touches it, and only those are put back on a failure (a stream the batch opened is
    /// removed). The last event of a batch is never copied for: it is admitted before anything
    /// is applied, and applying cannot fail, so if it is refused it has changed nothing — a batch
    /// of one event copies nothing at all. A batch into an empty state copies nothing either: it
    /// is undone by emptying the state.
    pub fn admit_and_apply_all(&mut self, events: &[EventEnvelope]) -> Result<(), BatchError> {
        self.admit_and_apply_batch(events.iter().map(Cow::Borrowed))
    }

    /// [`State::admit_and_apply_all`], taking the events (see [`State::apply_owned`]): what they
    /// carry moves into the state.
    pub fn admit_and_apply_all_owned(
        &mut self,
        events: impl IntoIterator<Item = EventEnvelope>,
    ) -> Result<(), BatchError> {
        self.admit_and_apply_batch(events.into_iter().map(Cow::Owned))
    }

    fn admit_and_apply_batch<'a>(
        &mut self,
        events: impl Iterator<Item = Cow<'a, EventEnvelope>>,
    ) -> Result<(), BatchError> {
        let mut undo = if self.partnerships.is_empty() && self.zzks.is_empty() {
            Undo::Empty
        } else {
            Undo::Streams(Streams::default())
        };
        let mut events = events.peekable();
        let mut index = 0;
        while let Some(env) = events.next() {
            if let (Undo::Streams(saved), Some(_)) = (&mut undo, events.peek()) {
                saved.save(self, &env);
            }
            if let Err(error) = self.admit_and_apply_cow(env) {
                undo.restore(self);
                return Err(BatchError { index, error });
            }
            index += 1;
        }
        Ok(())
    }
}

/// How a failed batch is undone.
enum Undo {
    /// The batch began on an empty state.
    Empty,
    /// The streams the batch touched, as they were before it.
    Streams(Streams),
}

/// Streams as they were before a batch touched them (`None`: the stream did not exist).
#[derive(Default)]
struct Streams {
    partnerships: LoaderMap<PartnershipId, Option<Partnership>>,
    zzks: LoaderMap<ZzkId, Option<Box<Zzk>>>,
}

impl Streams {
    /// Keeps, the first time, what applying `env` may change: its stream, and for the ZZK events
    /// that feed their PZK's records also the PZK ([`changes_pzk`]).
    fn save(&mut self, state: &State, env: &EventEnvelope) {
        let pid = match env.event.stream_ref() {
            StreamRef::Partnership(pid) => pid,
            StreamRef::Zzk(zid) => {
                let zzk = state.zzks.get(zid);
                if !self.zzks.contains_key(zid) {
                    self.zzks.insert(zid.clone(), zzk.cloned());
                }
                match zzk {
                    Some(z) if changes_pzk(&env.event) => &z.partnership_id,
                    _ => return,
                }
            }
        };
        if !self.partnerships.contains_key(pid) {
            self.partnerships
                .insert(pid.clone(), state.partnerships.get(pid).cloned());
        }
    }
}

/// The ZZK events that [`apply_to_zzk`] also applies to the ZZK's PZK (level 3 → level 1): a
/// batch that fails puts that PZK back too. Copying the PZK for every ZZK event instead would cost
/// a batch of a live log its largest copy for nothing; the batch tests (core/tests/batch.rs)
/// fail if an event that changes the PZK is missing here.
fn changes_pzk(event: &Event) -> bool {
    matches!(
        event,
        Event::UnmetNeedRecorded { .. } | Event::ZzkAppointed { .. }
    )
}

impl Undo {
    fn restore(self, state: &mut State) {
        match self {
            Undo::Empty => *state = State::new(),
            Undo::Streams(saved) => {
                for (pid, before) in saved.partnerships {
                    match before {
                        Some(p) => state.partnerships.insert(pid, p),
                        None => state.partnerships.remove(&pid),
                    };
                }
                for (zid, before) in saved.zzks {
                    match before {
                        Some(z) => state.zzks.insert(zid, z),
                        None => state.zzks.remove(&zid),
                    };
                }
            }
        }
    }
}

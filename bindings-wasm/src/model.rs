//! `Model`: the core's `State` (every PZK and ZZK) with its event log, and `Replay`: a bulk
//! replay of JSON lines fed in chunks. Each method is one call into the core; what this file adds
//! is the conversion of arguments and results.

use crate::convert::{self, bytes, day, from_js, instant, json_text, text, to_js};
use crate::errors::{guard, guard_js, malformed, to_js_at};
use kooperacje::monitoring::Period;
use kooperacje::{
    reports, ActorId, BasketQuery, Command, CommandEnvelope, Error, EventEnvelope, Loader,
    PartnershipId, State, ValidationError, ZzkId,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

/// A service found in the basket, with its id.
#[derive(Serialize)]
struct BasketHit<'a> {
    service_id: &'a kooperacje::ServiceId,
    service: &'a kooperacje::Service,
}

/// Options of `new Model(options)`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ModelOptions {
    /// Keep the events applied (default `true`); `false` for large replays where only the state
    /// matters.
    keep_events: Option<bool>,
}

#[wasm_bindgen]
extern "C" {
    /// `ModelOptions` of the TypeScript declarations.
    #[wasm_bindgen(typescript_type = "ModelOptions")]
    pub type ModelOptionsArg;
}

fn options(value: Option<&ModelOptionsArg>) -> Result<bool, Error> {
    let Some(value) = value else {
        return Ok(true);
    };
    let o: ModelOptions = from_js(value, "options")?;
    Ok(o.keep_events.unwrap_or(true))
}

/// The model: every PZK (with its basket) and every ZZK as rebuilt from events, and the events
/// themselves unless made with `{keepEvents: false}`.
#[wasm_bindgen]
pub struct Model {
    state: State,
    log: Option<Vec<EventEnvelope>>,
}

impl Model {
    /// A model over a state (for hosts of this crate in Rust).
    pub fn from_state(state: State, log: Option<Vec<EventEnvelope>>) -> Model {
        Model { state, log }
    }

    /// The state.
    pub fn state(&self) -> &State {
        &self.state
    }

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
    fn apply_all(&mut self, decoded: Decoded) -> Result<usize, JsValue> {
        let Decoded { events, lines } = decoded;
        let n = events.len();
        let at = |e: kooperacje::state::BatchError| {
            to_js_at(&e.error, e.index, lines.get(e.index).copied())
        };
        match &mut self.log {
            // Kept events are lent to the state, which copies what it needs; others move into it.
            Some(log) => {
                self.state.admit_and_apply_all(&events).map_err(at)?;
                log.extend(events);
            }
            None => self.state.admit_and_apply_all_owned(events).map_err(at)?,
        }
        Ok(n)
    }
}

/// Decoded events, and for JSON lines the number of each one's line (empty for a list).
struct Decoded {
    events: Vec<EventEnvelope>,
    lines: Vec<usize>,
}

/// A PZK id from a JavaScript argument.
fn partnership_id_from(value: &JsValue) -> Result<PartnershipId, Error> {
    Ok(PartnershipId::from(text(value, "partnership_id")?.as_str()))
}

/// Decodes one event from a JavaScript value: an envelope object or its JSON text.
fn event_from(value: &JsValue) -> Result<EventEnvelope, Error> {
    let text = json_text(value, "event")?;
    State::decode_event(&text)
}

/// Decodes a list of events (an array of envelopes or JSON texts).
fn events_from(value: &JsValue) -> Result<Decoded, JsValue> {
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Err(crate::errors::to_js(&malformed(
            "events: expected an array of events (use applyJsonl for JSON lines)",
        )));
    };
    let mut events = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        events.push(event_from(&item).map_err(|e| to_js_at(&e, i, None))?);
    }
    Ok(Decoded {
        events,
        lines: Vec::new(),
    })
}

/// Decodes JSON lines (one event per line; blank lines are skipped), numbering lines from 1.
fn lines_from(bytes: &[u8]) -> Result<Decoded, JsValue> {
    let mut events = Vec::new();
    let mut lines = Vec::new();
    for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let number = n + 1;
        let env = decode_line(line).map_err(|e| to_js_at(&e, events.len(), Some(number)))?;
        events.push(env);
        lines.push(number);
    }
    Ok(Decoded { events, lines })
}

fn decode_line(line: &[u8]) -> Result<EventEnvelope, Error> {
    let text = std::str::from_utf8(line)
        .map_err(|e| malformed(format!("the line is not UTF-8 text: {e}")))?;
    State::decode_event(text)
}

#[wasm_bindgen]
impl Model {
    /// An empty model. `{keepEvents: false}` applies events without keeping them.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = options)] options_: Option<ModelOptionsArg>,
    ) -> Result<Model, JsValue> {
        guard(|| {
            let keep = options(options_.as_ref())?;
            Ok(Model {
                state: State::new(),
                log: keep.then(Vec::new),
            })
        })
    }

    /// A model rebuilt from recorded events (envelope objects or their JSON texts), each admitted
    /// by the core first: all or none.
    #[wasm_bindgen(js_name = fromEvents)]
    pub fn from_events(
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<EventEnvelope | string>")]
        events: JsValue,
        #[wasm_bindgen(js_name = options)] options_: Option<ModelOptionsArg>,
    ) -> Result<Model, JsValue> {
        let mut model = Model::new(options_)?;
        model.apply(events)?;
        Ok(model)
    }

    /// A model rebuilt from JSON lines (one event envelope per line, as `kooperacje events
    /// export` writes them): all or none.
    #[wasm_bindgen(js_name = fromJsonl)]
    pub fn from_jsonl(
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] jsonl: JsValue,
        #[wasm_bindgen(js_name = options)] options_: Option<ModelOptionsArg>,
    ) -> Result<Model, JsValue> {
        let mut model = Model::new(options_)?;
        model.apply_jsonl(jsonl)?;
        Ok(model)
    }

    /// Decides a command and applies its events. `command` is the core's command envelope
    /// (`{at, actor, command: {type, …}}`, `at` an RFC 3339 string or a `Date`) or its JSON text.
    /// Returns the events; a rejected command throws and changes nothing.
    #[wasm_bindgen(unchecked_return_type = "EventEnvelope[]")]
    pub fn execute(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "CommandEnvelope | string")] command: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let cmd: CommandEnvelope = from_js(&command, "command")?;
            let events = self.run(&cmd)?;
            to_js(&events)
        })
    }

    /// `execute` for a command given as its time, author and body: `model.run(new Date(),
    /// "u-0012", {type: "suspend_zzk", …})`.
    #[wasm_bindgen(js_name = run, unchecked_return_type = "EventEnvelope[]")]
    pub fn run_command(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Date | string")] at: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] actor: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Command")] command: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let at = instant(&at, "at")?;
            let actor = text(&actor, "actor")?;
            let command: Command = from_js(&command, "command")?;
            let cmd = CommandEnvelope {
                at,
                actor: ActorId::from(actor.as_str()),
                command_id: None,
                command,
            };
            let events = self.run(&cmd)?;
            to_js(&events)
        })
    }

    /// `execute` on JSON text, returning the events' JSON text: the way for a host that stores
    /// the canonical JSON as it is.
    #[wasm_bindgen(js_name = executeJson)]
    pub fn execute_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] command: JsValue,
    ) -> Result<String, JsValue> {
        guard(|| {
            let cmd: CommandEnvelope = convert::decode(&text(&command, "command")?, "command")?;
            let events = self.run(&cmd)?;
            Ok(serde_json::to_string(&events)?)
        })
    }

    /// The events a command would yield, or the error it would throw; never changes the model.
    #[wasm_bindgen(unchecked_return_type = "EventEnvelope[]")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommandEnvelope | string")] command: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let cmd: CommandEnvelope = from_js(&command, "command")?;
            to_js(&self.state.decide(&cmd)?)
        })
    }

    /// Admits and applies recorded events (envelope objects or JSON texts), in order, all or
    /// none: an event that cannot follow throws with its `index` and nothing changes. Returns the
    /// number applied.
    pub fn apply(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<EventEnvelope | string>")]
        events: JsValue,
    ) -> Result<usize, JsValue> {
        guard_js(|| {
            let decoded = events_from(&events)?;
            self.apply_all(decoded)
        })
    }

    /// `apply` for JSON lines (a string, or UTF-8 bytes): the error also names the `line`.
    #[wasm_bindgen(js_name = applyJsonl)]
    pub fn apply_jsonl(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] jsonl: JsValue,
    ) -> Result<usize, JsValue> {
        guard_js(|| {
            let decoded = if let Some(text) = jsonl.as_string() {
                lines_from(text.as_bytes())?
            } else if let Some(bytes) = jsonl.dyn_ref::<js_sys::Uint8Array>() {
                lines_from(&bytes.to_vec())?
            } else {
                return Err(crate::errors::to_js(&malformed(
                    "jsonl: expected a string or a Uint8Array of JSON lines",
                )));
            };
            self.apply_all(decoded)
        })
    }

    /// The events applied so far (empty when made with `keepEvents: false`).
    #[wasm_bindgen(getter, unchecked_return_type = "EventEnvelope[]")]
    pub fn events(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(self.log.as_deref().unwrap_or_default()))
    }

    /// The number of events kept.
    #[wasm_bindgen(getter, js_name = eventCount)]
    pub fn event_count(&self) -> Result<usize, JsValue> {
        guard(|| Ok(self.log.as_ref().map_or(0, Vec::len)))
    }

    /// The events as JSON lines (one canonical envelope per line), what a host stores.
    #[wasm_bindgen(js_name = eventsJsonl)]
    pub fn events_jsonl(&self) -> Result<String, JsValue> {
        guard(|| {
            let mut out = String::new();
            for env in self.log.as_deref().unwrap_or_default() {
                out.push_str(&serde_json::to_string(env)?);
                out.push('\n');
            }
            Ok(out)
        })
    }

    /// The canonical state as plain objects (`{partnerships: {…}, zzks: {…}}`); also what
    /// `JSON.stringify(model)` writes.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "State")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(&self.state))
    }

    /// The canonical state as JSON text: the same text in every language for the same events.
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&self) -> Result<String, JsValue> {
        guard(|| Ok(serde_json::to_string(&self.state)?))
    }

    /// Ids of every PZK, sorted.
    #[wasm_bindgen(js_name = partnershipIds, unchecked_return_type = "PartnershipId[]")]
    pub fn partnership_ids(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(&self.state.partnerships.keys().collect::<Vec<_>>()))
    }

    /// Ids of every ZZK (and case before appointment), sorted.
    #[wasm_bindgen(js_name = zzkIds, unchecked_return_type = "ZzkId[]")]
    pub fn zzk_ids(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(&self.state.zzks.keys().collect::<Vec<_>>()))
    }

    /// One PZK; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Partnership")]
    pub fn partnership(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let id = text(&id, "id")?;
            match self
                .state
                .partnerships
                .get(&PartnershipId::from(id.as_str()))
            {
                Some(p) => to_js(p),
                None => Err(ValidationError::not_found("partnership", &id).into()),
            }
        })
    }

    /// One ZZK; throws `ZZK_NOT_FOUND` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Zzk")]
    pub fn zzk(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let id = text(&id, "id")?;
            match self.state.zzks.get(&ZzkId::from(id.as_str())) {
                Some(z) => to_js(z),
                None => Err(ValidationError::not_found("zzk", &id).into()),
            }
        })
    }

    /// Searches a PZK's local basket (the core's `Basket::search`: every given criterion must
    /// match; text ignores case and Polish diacritics). Each hit is the service with its id.
    #[wasm_bindgen(js_name = searchBasket, unchecked_return_type = "BasketHit[]")]
    pub fn search_basket(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "BasketQuery")] query: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let pid = partnership_id_from(&partnership_id)?;
            let p = self.state.partnerships.get(&pid).ok_or_else(|| {
                Error::from(ValidationError::not_found("partnership", pid.as_str()))
            })?;
            let query: BasketQuery = if query.is_undefined() || query.is_null() {
                BasketQuery::default()
            } else {
                from_js(&query, "query")?
            };
            let out: Vec<BasketHit<'_>> = p
                .basket
                .search(&p.members, &query)
                .into_iter()
                .map(|(service_id, service)| BasketHit {
                    service_id,
                    service,
                })
                .collect();
            to_js(&out)
        })
    }

    /// The ZZK registry of a PZK (rejestr ZZK), by registry number (empty for an unknown PZK).
    #[wasm_bindgen(unchecked_return_type = "RegistryEntry[]")]
    pub fn registry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            to_js(&reports::registry(
                &self.state,
                &partnership_id_from(&partnership_id)?,
            ))
        })
    }

    /// The monitoring indicators of a PZK as of a day (`"YYYY-MM-DD"` or a `Date`, taken as its
    /// local calendar day); throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    #[wasm_bindgen(unchecked_return_type = "Indicators")]
    pub fn indicators(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "IsoDate | Date")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let pid = partnership_id_from(&partnership_id)?;
            let as_of = day(&as_of, "asOf")?;
            match reports::indicators(&self.state, &pid, as_of) {
                Some(i) => to_js(&i),
                None => Err(ValidationError::not_found("partnership", pid.as_str()).into()),
            }
        })
    }

    /// Everything overdue as of a day, in every PZK and ZZK, by due date.
    #[wasm_bindgen(unchecked_return_type = "OverdueItem[]")]
    pub fn overdue(
        &self,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "IsoDate | Date")] as_of: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let as_of = day(&as_of, "asOf")?;
            to_js(&reports::overdue(&self.state, as_of))
        })
    }

    /// The monthly monitoring form of a PZK's ZZKs for a period `"YYYY-MM"`.
    #[wasm_bindgen(unchecked_return_type = "MonitoringRow[]")]
    pub fn monitoring(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] period: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let pid = partnership_id_from(&partnership_id)?;
            let period = Period(text(&period, "period")?);
            if period.first_day().is_none() {
                return Err(malformed(format!(
                    "period: expected YYYY-MM, got {:?}",
                    period.0
                )));
            }
            to_js(&reports::monitoring(&self.state, &pid, &period))
        })
    }
}

/// A bulk replay of JSON lines fed in chunks (`push`), for logs too large to hold as one string:
/// `finish()` gives the model. All or none: the first bad line throws (with its `line` and
/// `index`) and the replay refuses anything further.
#[wasm_bindgen]
pub struct Replay {
    /// The state so far, its ZZKs in a hash map until `finish` (see [`Loader`]).
    loader: Loader,
    log: Option<Vec<EventEnvelope>>,
    pending: Vec<u8>,
    next_line: usize,
    count: usize,
    failed: Option<Error>,
    /// `finish()` has given the model: the replay takes nothing more.
    finished: bool,
}

impl Replay {
    /// Refuses a replay that has given its model.
    fn open(&self) -> Result<(), Error> {
        if self.finished {
            return Err(ValidationError::ReplayFinished.into());
        }
        Ok(())
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), JsValue> {
        if let Some(e) = &self.failed {
            return Err(crate::errors::to_js(e));
        }
        for line in bytes.split(|b| *b == b'\n') {
            let number = self.next_line;
            self.next_line += 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let step = decode_line(line).and_then(|env| match &mut self.log {
                Some(log) => {
                    self.loader.admit_and_apply(&env)?;
                    log.push(env);
                    Ok(())
                }
                None => self.loader.admit_and_apply_owned(env),
            });
            if let Err(e) = step {
                let js = to_js_at(&e, self.count, Some(number));
                self.failed = Some(e);
                return Err(js);
            }
            self.count += 1;
        }
        Ok(())
    }
}

#[wasm_bindgen]
impl Replay {
    /// A new replay into an empty model (`{keepEvents: false}` to keep only the state).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = options)] options_: Option<ModelOptionsArg>,
    ) -> Result<Replay, JsValue> {
        guard(|| {
            let keep = options(options_.as_ref())?;
            Ok(Replay {
                loader: Loader::new(State::new()),
                log: keep.then(Vec::new),
                pending: Vec::new(),
                next_line: 1,
                count: 0,
                failed: None,
                finished: false,
            })
        })
    }

    /// Feeds the next chunk of UTF-8 JSON lines (a chunk may end inside a line).
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] chunk: JsValue,
    ) -> Result<(), JsValue> {
        guard_js(|| {
            let js = |e: Error| crate::errors::to_js(&e);
            self.open().map_err(js)?;
            let chunk = bytes(&chunk, "chunk").map_err(js)?;
            let chunk = chunk.as_slice();
            let Some(last_newline) = chunk.iter().rposition(|b| *b == b'\n') else {
                self.pending.extend_from_slice(chunk);
                return Ok(());
            };
            // The whole lines are read where they are; only a line cut by the chunk's end is
            // copied, to be completed by the next chunk.
            let mut whole = &chunk[..last_newline];
            if !self.pending.is_empty() {
                let end = whole
                    .iter()
                    .position(|b| *b == b'\n')
                    .unwrap_or(whole.len());
                let mut first = std::mem::take(&mut self.pending);
                first.extend_from_slice(&whole[..end]);
                self.feed(&first)?;
                whole = whole.get(end + 1..).unwrap_or_default();
                if end == last_newline {
                    self.pending.extend_from_slice(&chunk[last_newline + 1..]);
                    return Ok(());
                }
            }
            self.feed(whole)?;
            self.pending.extend_from_slice(&chunk[last_newline + 1..]);
            Ok(())
        })
    }

    /// The number of events applied so far.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> Result<usize, JsValue> {
        guard(|| Ok(self.count))
    }

    /// Applies what is left and gives the model, once: the replay then refuses every call but
    /// `count` with `REPLAY_ALREADY_FINISHED` (it is not freed by `finish`, so a second call is
    /// an error of the package, not a null pointer of the glue).
    pub fn finish(&mut self) -> Result<Model, JsValue> {
        guard_js(|| {
            self.open().map_err(|e| crate::errors::to_js(&e))?;
            let rest = std::mem::take(&mut self.pending);
            self.feed(&rest)?;
            self.finished = true;
            Ok(Model {
                state: std::mem::take(&mut self.loader).finish(),
                log: self.log.take(),
            })
        })
    }
}

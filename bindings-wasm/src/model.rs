//! `Model`: the core's host [`Session`] (every PZK and ZZK, with the event log), and `Replay`: a
//! bulk replay of JSON lines fed in chunks. Each method is one call into the core; what this file
//! adds is the conversion of arguments and results.

use crate::convert::{bytes, day, from_js, instant, json_text, text, to_js};
use crate::errors::{guard, guard_js, malformed, to_js_at};
use kooperacje::session::{self, Refused, Session};
use kooperacje::{
    ActorId, BasketQuery, Command, CommandEnvelope, Error, EventEnvelope, PartnershipId, State,
    ZzkId,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

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
    session: Session,
}

impl Model {
    /// A model over a state (for hosts of this crate in Rust).
    pub fn from_state(state: State, log: Option<Vec<EventEnvelope>>) -> Model {
        Model {
            session: Session::from_parts(state, log),
        }
    }

    /// The state.
    pub fn state(&self) -> &State {
        self.session.state()
    }
}

/// A refused batch as the error of the refused event, with its `index` (and `line`).
fn refused(r: Refused) -> JsValue {
    to_js_at(&r.error, r.index, r.line)
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
fn events_from(value: &JsValue) -> Result<Vec<EventEnvelope>, JsValue> {
    let Some(array) = value.dyn_ref::<js_sys::Array>() else {
        return Err(crate::errors::to_js(&malformed(
            "events: expected an array of events (use applyJsonl for JSON lines)",
        )));
    };
    let mut events = Vec::with_capacity(array.length() as usize);
    for (i, item) in array.iter().enumerate() {
        events.push(event_from(&item).map_err(|e| to_js_at(&e, i, None))?);
    }
    Ok(events)
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
                session: Session::new(keep),
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
            to_js(&self.session.execute(&cmd)?)
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
            to_js(&self.session.execute(&cmd)?)
        })
    }

    /// `execute` on JSON text, returning the events' JSON text: the way for a host that stores
    /// the canonical JSON as it is.
    #[wasm_bindgen(js_name = executeJson)]
    pub fn execute_json(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] command: JsValue,
    ) -> Result<String, JsValue> {
        guard(|| self.session.execute_json(&text(&command, "command")?))
    }

    /// The events a command would yield, or the error it would throw; never changes the model.
    #[wasm_bindgen(unchecked_return_type = "EventEnvelope[]")]
    pub fn decide(
        &self,
        #[wasm_bindgen(unchecked_param_type = "CommandEnvelope | string")] command: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let cmd: CommandEnvelope = from_js(&command, "command")?;
            to_js(&self.session.decide(&cmd)?)
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
            let events = events_from(&events)?;
            self.session.apply_all(events).map_err(refused)
        })
    }

    /// `apply` for JSON lines (a string, or UTF-8 bytes): the error also names the `line`.
    #[wasm_bindgen(js_name = applyJsonl)]
    pub fn apply_jsonl(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] jsonl: JsValue,
    ) -> Result<usize, JsValue> {
        guard_js(|| {
            let applied = if let Some(text) = jsonl.as_string() {
                self.session.load_jsonl(&text)
            } else if let Some(bytes) = jsonl.dyn_ref::<js_sys::Uint8Array>() {
                self.session.load_jsonl_bytes(&bytes.to_vec())
            } else {
                return Err(crate::errors::to_js(&malformed(
                    "jsonl: expected a string or a Uint8Array of JSON lines",
                )));
            };
            applied.map_err(refused)
        })
    }

    /// The events applied so far (empty when made with `keepEvents: false`).
    #[wasm_bindgen(getter, unchecked_return_type = "EventEnvelope[]")]
    pub fn events(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(self.session.events()))
    }

    /// The number of events kept.
    #[wasm_bindgen(getter, js_name = eventCount)]
    pub fn event_count(&self) -> Result<usize, JsValue> {
        guard(|| Ok(self.session.event_count()))
    }

    /// The events as JSON lines (one canonical envelope per line), what a host stores.
    #[wasm_bindgen(js_name = eventsJsonl)]
    pub fn events_jsonl(&self) -> Result<String, JsValue> {
        guard(|| self.session.events_jsonl())
    }

    /// The canonical state as plain objects (`{partnerships: {…}, zzks: {…}}`); also what
    /// `JSON.stringify(model)` writes.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "State")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(self.session.state()))
    }

    /// The canonical state as JSON text: the same text in every language for the same events.
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&self) -> Result<String, JsValue> {
        guard(|| Ok(serde_json::to_string(self.session.state())?))
    }

    /// Ids of every PZK, sorted.
    #[wasm_bindgen(js_name = partnershipIds, unchecked_return_type = "PartnershipId[]")]
    pub fn partnership_ids(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(&self.session.state().partnerships.keys().collect::<Vec<_>>()))
    }

    /// Ids of every ZZK (and case before appointment), sorted.
    #[wasm_bindgen(js_name = zzkIds, unchecked_return_type = "ZzkId[]")]
    pub fn zzk_ids(&self) -> Result<JsValue, JsValue> {
        guard(|| to_js(&self.session.state().zzks.keys().collect::<Vec<_>>()))
    }

    /// One PZK; throws `PARTNERSHIP_NOT_FOUND` when there is none.
    #[wasm_bindgen(unchecked_return_type = "Partnership")]
    pub fn partnership(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let id = text(&id, "id")?;
            to_js(
                self.session
                    .partnership(&PartnershipId::from(id.as_str()))?,
            )
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
            to_js(self.session.zzk(&ZzkId::from(id.as_str()))?)
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
            // An unknown PZK is refused before a query that does not decode, as it always was.
            self.session.partnership(&pid)?;
            let query: BasketQuery = if query.is_undefined() || query.is_null() {
                BasketQuery::default()
            } else {
                from_js(&query, "query")?
            };
            to_js(&self.session.search_basket(&pid, &query)?)
        })
    }

    /// The ZZK registry of a PZK (rejestr ZZK) on a day (by default the day of its latest
    /// event), by registry number: on a later day, a ZZK whose consent has lapsed since shows as
    /// suspended. Throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK, as `indicators` does.
    #[wasm_bindgen(unchecked_return_type = "RegistryEntry[]")]
    pub fn registry(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
        #[wasm_bindgen(js_name = asOf, unchecked_param_type = "IsoDate | Date")] as_of: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let pid = partnership_id_from(&partnership_id)?;
            let as_of = match as_of.filter(|d| !d.is_null()) {
                Some(d) => Some(day(&d, "asOf")?),
                None => None,
            };
            to_js(&self.session.registry(&pid, as_of)?)
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
            to_js(&self.session.indicators(&pid, as_of)?)
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
            to_js(&self.session.overdue(as_of))
        })
    }

    /// The monthly monitoring form of a PZK's ZZKs for a period `"YYYY-MM"` (else throws
    /// `BAD_PERIOD`, as a command does); throws `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    #[wasm_bindgen(unchecked_return_type = "MonitoringRow[]")]
    pub fn monitoring(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] partnership_id: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string")] period: JsValue,
    ) -> Result<JsValue, JsValue> {
        guard(|| {
            let pid = partnership_id_from(&partnership_id)?;
            let period = text(&period, "period")?;
            to_js(&self.session.monitoring(&pid, &period)?)
        })
    }
}

/// A bulk replay of JSON lines fed in chunks (`push`), for logs too large to hold as one string:
/// `finish()` gives the model. All or none: the first bad line throws (with its `line` and
/// `index`) and the replay refuses anything further (the core's [`session::Replay`]).
#[wasm_bindgen]
pub struct Replay {
    replay: session::Replay,
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
                replay: session::Replay::new(keep),
            })
        })
    }

    /// Feeds the next chunk of UTF-8 JSON lines (a chunk may end inside a line).
    pub fn push(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array")] chunk: JsValue,
    ) -> Result<(), JsValue> {
        guard_js(|| {
            let chunk = bytes(&chunk, "chunk").map_err(|e| crate::errors::to_js(&e))?;
            self.replay.push(&chunk).map_err(refused)
        })
    }

    /// The number of events applied so far.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> Result<usize, JsValue> {
        guard(|| Ok(self.replay.count()))
    }

    /// Applies what is left and gives the model, once: the replay then refuses every call but
    /// `count` with `REPLAY_ALREADY_FINISHED` (it is not freed by `finish`, so a second call is
    /// an error of the package, not a null pointer of the glue).
    pub fn finish(&mut self) -> Result<Model, JsValue> {
        guard_js(|| {
            let session = self.replay.finish().map_err(refused)?;
            Ok(Model { session })
        })
    }
}

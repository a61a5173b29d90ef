//! `Model`: the core's host [`Session`] (the state with its event log), and `Event`: one event
//! envelope.
//!
//! The Python class `kooperacje.Model` derives from the native one and adds a method per command
//! (generated from the core's command schema) and typed views; everything that decides, applies
//! or reports is one call into the core's session, and this file only converts.

use crate::convert::{date_arg, format_time, to_json, to_py, utc};
use crate::errors::{domain, guard, malformed, store};
use crate::pickle::{self, Canonical};
use chrono::{DateTime, Utc};
use kooperacje::session::{Refused, Session};
use kooperacje::{
    ActorId, BasketQuery, CommandEnvelope, EventEnvelope, PartnershipId, State, ZzkId,
};
use kooperacje_store::{OpenOptions, Store};
use pyo3::prelude::*;
use pyo3::types::{PyDateTime, PyString, PyTuple, PyType};
use serde_json::{Map, Value};

/// One event: a fact the model recorded, with when and by whom.
#[pyclass(module = "kooperacje._native", name = "Event", frozen)]
#[derive(Clone)]
pub struct PyEvent {
    pub env: EventEnvelope,
}

impl PyEvent {
    fn body_json(&self) -> Value {
        serde_json::to_value(&self.env.event).unwrap_or(Value::Null)
    }

    fn stream_id_of(&self) -> String {
        match self.env.event.stream_ref() {
            kooperacje::StreamRef::Partnership(id) => id.as_str().to_owned(),
            kooperacje::StreamRef::Zzk(id) => id.as_str().to_owned(),
        }
    }
}

#[pymethods]
impl PyEvent {
    /// Parses an event envelope from its JSON text or its dict (as `to_dict` gives it).
    #[new]
    fn py_new(py: Python<'_>, event: &Bound<'_, PyAny>) -> PyResult<Self> {
        guard(py, || event_from(py, event).map(|env| PyEvent { env }))
    }

    /// The event's type code, e.g. `"zzk_suspended"`.
    #[getter(r#type)]
    fn type_code(&self, py: Python<'_>) -> PyResult<&'static str> {
        guard(py, || {
            Ok(kooperacje::analytics::event_type(&self.env.event))
        })
    }

    /// When it happened (UTC).
    #[getter]
    fn at(&self, py: Python<'_>) -> PyResult<DateTime<Utc>> {
        guard(py, || Ok(self.env.at))
    }

    /// Who issued the command that produced it.
    #[getter]
    fn actor(&self, py: Python<'_>) -> PyResult<&str> {
        guard(py, || Ok(self.env.actor.as_str()))
    }

    /// Version of the event's JSON form.
    #[getter]
    fn schema(&self, py: Python<'_>) -> PyResult<u32> {
        guard(py, || Ok(self.env.schema))
    }

    /// `"partnership"` or `"zzk"`: the stream (aggregate) the event belongs to.
    #[getter]
    fn stream_kind(&self, py: Python<'_>) -> PyResult<&'static str> {
        guard(py, || {
            Ok(match self.env.event.stream_ref() {
                kooperacje::StreamRef::Partnership(_) => "partnership",
                kooperacje::StreamRef::Zzk(_) => "zzk",
            })
        })
    }

    /// The id of the PZK or ZZK whose stream the event belongs to.
    #[getter]
    fn stream_id(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.stream_id_of()))
    }

    /// The event itself, `{"type": …, …}`, as a dict (the `event` member of `to_dict()`).
    #[getter]
    fn body<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.body_json()))
    }

    /// The whole envelope as a dict, exactly the core's JSON form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let value =
                serde_json::to_value(&self.env).map_err(|e| malformed(py, e.to_string()))?;
            to_py(py, &value)
        })
    }

    /// The envelope as the core's JSON text: what a host stores.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            serde_json::to_string(&self.env).map_err(|e| malformed(py, e.to_string()))
        })
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        guard(py, || {
            Ok(match other.cast::<PyEvent>() {
                Ok(o) => o.get().env == self.env,
                Err(_) => false,
            })
        })
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<u64> {
        use std::hash::{Hash, Hasher};
        guard(py, || {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            serde_json::to_string(&self.env)
                .unwrap_or_default()
                .hash(&mut h);
            Ok(h.finish())
        })
    }

    /// Pickles (and copies) the event as its JSON text, decoded again by the core.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
        pickle::reduce(slf)
    }

    /// The event rebuilt from its pickled form (`__reduce__`).
    #[classmethod]
    fn _from_canonical<'py>(
        cls: &Bound<'py, PyType>,
        form: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        pickle::rebuild::<Self>(cls, form)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            Ok(format!(
                "Event({} {} at {} by {})",
                kooperacje::analytics::event_type(&self.env.event),
                self.stream_id_of(),
                format_time(&self.env.at),
                self.env.actor.as_str()
            ))
        })
    }
}

/// An event pickles as its envelope's JSON text, which the core decodes and checks again.
impl Canonical for PyEvent {
    fn canonical<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let text = serde_json::to_string(&self.env).map_err(|e| malformed(py, e.to_string()))?;
        Ok(PyString::new(py, &text).into_any())
    }

    fn from_canonical(py: Python<'_>, form: &Bound<'_, PyAny>) -> PyResult<Self> {
        event_from(py, form).map(|env| PyEvent { env })
    }
}

/// An event from an `Event`, its JSON text or its dict.
pub fn event_from(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<EventEnvelope> {
    if let Ok(e) = obj.cast::<PyEvent>() {
        return Ok(e.get().env.clone());
    }
    let decoded = if let Ok(s) = obj.cast::<PyString>() {
        State::decode_event(s.to_str()?)
    } else {
        to_json(obj).and_then(|v| {
            let text = v.to_string();
            State::decode_event(&text)
        })
    };
    decoded.map_err(|e| domain(py, &e))
}

/// The events of an iterable (each as [`event_from`] takes it); a bad one raises with its `index`.
pub fn events_from(py: Python<'_>, items: &Bound<'_, PyAny>) -> PyResult<Vec<EventEnvelope>> {
    let mut events = Vec::new();
    for (i, item) in items.try_iter()?.enumerate() {
        let env = event_from(py, &item?).inspect_err(|err| {
            let _ = err.value(py).setattr("index", i);
        })?;
        events.push(env);
    }
    Ok(events)
}

fn command_from(py: Python<'_>, obj: &Bound<'_, PyAny>) -> PyResult<CommandEnvelope> {
    let decoded = if let Ok(s) = obj.cast::<PyString>() {
        serde_json::from_str(s.to_str()?).map_err(kooperacje::Error::from)
    } else {
        to_json(obj).and_then(|v| serde_json::from_value(v).map_err(kooperacje::Error::from))
    };
    decoded.map_err(|e| domain(py, &e))
}

fn wrap(events: Vec<EventEnvelope>) -> Vec<PyEvent> {
    events.into_iter().map(|env| PyEvent { env }).collect()
}

/// The model: every PZK and ZZK as rebuilt from events, and (optionally) the events themselves.
#[pyclass(module = "kooperacje._native", name = "Model", subclass)]
pub struct Model {
    pub session: Session,
}

/// A refused batch as the exception of its error, with the refused event's `index` (and its
/// `line` for JSON lines, and the `event` as JSON text when the model still holds it).
fn refused(py: Python<'_>, r: Refused) -> PyErr {
    let err = domain(py, &r.error);
    let value = err.value(py);
    let _ = value.setattr("index", r.index);
    if let Some(line) = r.line {
        let _ = value.setattr("line", line);
    }
    if let Some(event) = &r.event {
        let _ = value.setattr("event", env_json(event));
    }
    err
}

/// A model pickles as `(keep_events, text)`: the kept events as JSON lines, replayed by the core
/// (every event admitted again, as `Model.from_jsonl` does), or, for a model that keeps no events,
/// the canonical state JSON, decoded by the core's `State`.
impl Canonical for Model {
    fn canonical<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let keep = self.session.keeps_events();
        let text = if keep {
            self.session.events_jsonl().map_err(|e| domain(py, &e))?
        } else {
            self.session.state().to_json().to_string()
        };
        Ok((keep, text).into_pyobject(py)?.into_any())
    }

    fn from_canonical(py: Python<'_>, form: &Bound<'_, PyAny>) -> PyResult<Self> {
        let (keep, text): (bool, String) = form
            .extract()
            .map_err(|_| malformed(py, "a pickled Model is (keep_events, text)".to_owned()))?;
        let session = if keep {
            let mut session = Session::new(true);
            session.load_jsonl(&text).map_err(|r| refused(py, r))?;
            session
        } else {
            let state: State =
                serde_json::from_str(&text).map_err(|e| domain(py, &kooperacje::Error::from(e)))?;
            Session::from_parts(state, None)
        };
        Ok(Model { session })
    }

    /// `kooperacje.Model` (or a host's subclass of it): made by its constructor, then given the
    /// rebuilt session.
    fn into_subclass<'py>(cls: &Bound<'py, PyType>, value: Self) -> PyResult<Bound<'py, PyAny>> {
        let obj = cls.call0()?;
        obj.cast::<Model>()?.borrow_mut().session = value.session;
        Ok(obj)
    }
}

impl Model {
    fn run(&mut self, py: Python<'_>, cmd: &CommandEnvelope) -> PyResult<Vec<PyEvent>> {
        let events = self.session.execute(cmd).map_err(|e| domain(py, &e))?;
        Ok(wrap(events))
    }

    /// Admits and applies events in order, all or none (the core's `Session::apply_all`).
    fn apply_all(&mut self, py: Python<'_>, events: Vec<EventEnvelope>) -> PyResult<usize> {
        self.session.apply_all(events).map_err(|r| refused(py, r))
    }
}

/// A command envelope from the generated methods' arguments, without a detour through JSON text:
/// the time is taken from the datetime, the fields become the command's JSON object.
fn envelope(
    kind: &str,
    names: &Bound<'_, PyTuple>,
    at: &Bound<'_, PyAny>,
    actor: &Bound<'_, PyAny>,
    values: &Bound<'_, PyTuple>,
) -> Result<CommandEnvelope, kooperacje::Error> {
    let malformed = |why: String| kooperacje::Error::Json(why);
    let at = match at.cast::<PyDateTime>() {
        Ok(dt) => utc(dt).map_err(|why| malformed(format!("{why} at at")))?,
        Err(_) => match to_json(at)? {
            Value::String(s) => kooperacje::dates::parse_instant(&s)
                .map_err(|e| malformed(format!("at: expected an RFC 3339 time, got {s:?}: {e}")))?,
            other => return Err(malformed(format!("at: expected a datetime, got {other}"))),
        },
    };
    let actor = match actor.cast::<PyString>() {
        Ok(s) => ActorId::from(s.to_str().map_err(|e| malformed(e.to_string()))?),
        Err(_) => return Err(malformed("actor: expected a str".to_owned())),
    };
    let mut command = Map::with_capacity(values.len() + 1);
    command.insert("type".to_owned(), Value::String(kind.to_owned()));
    for (name, value) in names.iter().zip(values.iter()) {
        if value.is_none() {
            continue;
        }
        let name = name
            .cast::<PyString>()
            .map_err(|_| malformed("a field name must be a str".to_owned()))?
            .to_str()
            .map_err(|e| malformed(e.to_string()))?
            .to_owned();
        command.insert(name, to_json(&value)?);
    }
    let command = serde_json::from_value(Value::Object(command))?;
    Ok(CommandEnvelope {
        at,
        actor,
        command_id: None,
        command,
    })
}

fn env_json(env: &EventEnvelope) -> String {
    serde_json::to_string(env).unwrap_or_default()
}

fn json_py<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let v = serde_json::to_value(value).map_err(|e| malformed(py, e.to_string()))?;
    to_py(py, &v)
}

#[pymethods]
impl Model {
    /// An empty model. With `keep_events=False` the events are applied but not kept, for large
    /// replays where only the state matters.
    #[new]
    #[pyo3(signature = (*, keep_events = true))]
    fn py_new(py: Python<'_>, keep_events: bool) -> PyResult<Self> {
        guard(py, || {
            Ok(Model {
                session: Session::new(keep_events),
            })
        })
    }

    /// Decides a command envelope (a dict or JSON text in the core's form) and applies its
    /// events. Returns the events; a rejected command raises and changes nothing.
    fn execute(&mut self, py: Python<'_>, command: &Bound<'_, PyAny>) -> PyResult<Vec<PyEvent>> {
        guard(py, || {
            let cmd = command_from(py, command)?;
            self.run(py, &cmd)
        })
    }

    /// The entry point of the generated command methods: the command's type, its field names
    /// and, in the same order, their values (`None` leaves a field out, so an optional one takes
    /// its default and a required one is reported missing), with when and by whom.
    fn _call(
        &mut self,
        py: Python<'_>,
        kind: &str,
        names: &Bound<'_, PyTuple>,
        at: &Bound<'_, PyAny>,
        actor: &Bound<'_, PyAny>,
        values: &Bound<'_, PyTuple>,
    ) -> PyResult<Vec<PyEvent>> {
        guard(py, || {
            let cmd = envelope(kind, names, at, actor, values).map_err(|e| domain(py, &e))?;
            self.run(py, &cmd)
        })
    }

    /// Admits and applies recorded events (Event objects, dicts or JSON texts), in order, all or
    /// none: an event that cannot follow the state raises with its `index` and nothing changes.
    fn apply(&mut self, py: Python<'_>, events: &Bound<'_, PyAny>) -> PyResult<usize> {
        guard(py, || {
            let decoded = events_from(py, events)?;
            self.apply_all(py, decoded)
        })
    }

    /// Adds, all or none, the events of JSON-lines text (one event envelope per line, as
    /// `kooperacje events export` writes them; blank lines are skipped). A refused event raises
    /// with its `index` and its `line` (from 1), and nothing changes.
    fn _apply_jsonl(&mut self, py: Python<'_>, text: &str) -> PyResult<usize> {
        guard(py, || {
            self.session.load_jsonl(text).map_err(|r| refused(py, r))
        })
    }

    /// Adds, all or none, the events of a database written by the `kooperacje` command (or by
    /// the store crate). The file is opened read-only: never created, migrated or written; an
    /// empty file raises `STORE_EMPTY` rather than loading as an empty log.
    fn _load_database(&mut self, py: Python<'_>, path: std::path::PathBuf) -> PyResult<usize> {
        guard(py, || {
            let db = Store::open(&path, &OpenOptions::for_reading()).map_err(|e| store(py, &e))?;
            let events = db.events().map_err(|e| store(py, &e))?;
            self.apply_all(py, events)
        })
    }

    /// The events applied so far (empty when the model was made with `keep_events=False`).
    #[getter]
    fn events(&self, py: Python<'_>) -> PyResult<Vec<PyEvent>> {
        guard(py, || {
            Ok(self
                .session
                .events()
                .iter()
                .cloned()
                .map(|env| PyEvent { env })
                .collect())
        })
    }

    /// The number of events kept.
    #[getter]
    fn event_count(&self, py: Python<'_>) -> PyResult<usize> {
        guard(py, || Ok(self.session.event_count()))
    }

    /// The canonical state as JSON text (`{"partnerships": {…}, "zzks": {…}}`): the same text in
    /// every language for the same events.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || Ok(self.session.state().to_json().to_string()))
    }

    /// The canonical state as plain dicts.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || to_py(py, &self.session.state().to_json()))
    }

    /// Ids of every PZK, sorted.
    fn partnership_ids(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        guard(py, || {
            Ok(self
                .session
                .state()
                .partnerships
                .keys()
                .map(|k| k.as_str().to_owned())
                .collect())
        })
    }

    /// Ids of every ZZK (and case before appointment), sorted.
    fn zzk_ids(&self, py: Python<'_>) -> PyResult<Vec<String>> {
        guard(py, || {
            Ok(self
                .session
                .state()
                .zzks
                .keys()
                .map(|k| k.as_str().to_owned())
                .collect())
        })
    }

    /// One PZK as a dict; `PARTNERSHIP_NOT_FOUND` (the core's error) when there is none.
    fn _partnership<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let p = self
                .session
                .partnership(&PartnershipId::from(id))
                .map_err(|e| domain(py, &e))?;
            json_py(py, p)
        })
    }

    /// One ZZK as a dict; `ZZK_NOT_FOUND` (the core's error) when there is none.
    fn _zzk<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let z = self
                .session
                .zzk(&ZzkId::from(id))
                .map_err(|e| domain(py, &e))?;
            json_py(py, z)
        })
    }

    /// The ZZK registry of a PZK (rejestr ZZK) on a date (`None`: the day of its latest event) as
    /// dicts, by registry number; `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    #[pyo3(signature = (partnership_id, as_of = None))]
    fn _registry<'py>(
        &self,
        py: Python<'py>,
        partnership_id: &str,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let as_of = as_of
                .map(|d| date_arg(d, "as_of"))
                .transpose()
                .map_err(|e| domain(py, &e))?;
            let rows = self
                .session
                .registry(&PartnershipId::from(partnership_id), as_of)
                .map_err(|e| domain(py, &e))?;
            json_py(py, &rows)
        })
    }

    /// The services of a PZK's local basket that match a query (a dict of the core's
    /// `BasketQuery`, or `None` for every active one), as `{"service_id", "service"}` dicts.
    #[pyo3(signature = (partnership_id, query = None))]
    fn _search_basket<'py>(
        &self,
        py: Python<'py>,
        partnership_id: &str,
        query: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let query: BasketQuery = match query {
                Some(q) if !q.is_none() => to_json(q)
                    .and_then(|v| {
                        serde_json::from_value(v)
                            .map_err(|e| kooperacje::Error::Json(format!("query: {e}")))
                    })
                    .map_err(|e| domain(py, &e))?,
                _ => BasketQuery::default(),
            };
            let hits = self
                .session
                .search_basket(&PartnershipId::from(partnership_id), &query)
                .map_err(|e| domain(py, &e))?;
            json_py(py, &hits)
        })
    }

    /// The monitoring indicators of a PZK as of a date, as a dict.
    fn _indicators<'py>(
        &self,
        py: Python<'py>,
        partnership_id: &str,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let as_of = date_arg(as_of, "as_of").map_err(|e| domain(py, &e))?;
            let indicators = self
                .session
                .indicators(&PartnershipId::from(partnership_id), as_of)
                .map_err(|e| domain(py, &e))?;
            json_py(py, &indicators)
        })
    }

    /// Everything overdue as of a date, as dicts.
    fn _overdue<'py>(
        &self,
        py: Python<'py>,
        as_of: &Bound<'_, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let as_of = date_arg(as_of, "as_of").map_err(|e| domain(py, &e))?;
            json_py(py, &self.session.overdue(as_of))
        })
    }

    /// The monitoring report of a PZK's ZZKs for a month (`"YYYY-MM"`, else `BAD_PERIOD`), as
    /// dicts.
    fn _monitoring<'py>(
        &self,
        py: Python<'py>,
        partnership_id: &str,
        period: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(py, || {
            let rows = self
                .session
                .monitoring(&PartnershipId::from(partnership_id), period)
                .map_err(|e| domain(py, &e))?;
            json_py(py, &rows)
        })
    }

    /// Pickles (and copies) the model as its event log, or as its state when it keeps no
    /// events; unpickling replays the log through the core.
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyAny>,))> {
        pickle::reduce(slf)
    }

    /// The model rebuilt from its pickled form (`__reduce__`).
    #[classmethod]
    fn _from_canonical<'py>(
        cls: &Bound<'py, PyType>,
        form: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        pickle::rebuild::<Self>(cls, form)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(py, || {
            Ok(format!(
                "Model({} partnerships, {} zzks, {} events kept)",
                self.session.state().partnerships.len(),
                self.session.state().zzks.len(),
                self.session.event_count()
            ))
        })
    }
}

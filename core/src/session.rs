//! The host session: what every binding (Python, WebAssembly, Kotlin and Swift) holds behind its
//! `Model` — the [`State`], the events it kept, and the few calls a host makes on them.
//!
//! A host session is more than [`State`]: a host keeps the events it applied (to store them),
//! applies batches of recorded events all or none (a refused one named by its position, and by
//! its line for JSON lines), reads reports with arguments given as text, and asks for labels and
//! basket searches. Written once here, each binding only converts its language's arguments and
//! results, so a rule of the session (a bad report month is `BAD_PERIOD`, an unknown PZK is
//! `PARTNERSHIP_NOT_FOUND` for every report) is the same in every language.
#![warn(missing_docs)]

use crate::basket::{BasketQuery, Service};
use crate::catalogue;
use crate::command::CommandEnvelope;
use crate::error::{Error, ValidationError};
use crate::event::EventEnvelope;
use crate::ids::{PartnershipId, ServiceId, ZzkId};
use crate::labels::Lang;
use crate::monitoring::Period;
use crate::partnership::Partnership;
use crate::reports::{self, Indicators, MonitoringRow, OverdueItem, RegistryEntry};
use crate::require::{found, must_exist};
#[cfg(not(target_arch = "wasm32"))]
use crate::state::Checked;
use crate::state::{BatchError, Loader, State};
use crate::zzk::Zzk;
use crate::Entity;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A service of a PZK's local basket found by a basket search, with the id it is stored under:
/// the one shape of a search hit in every language, so that a host can link to the service it
/// shows (`{"service_id": …, "service": {…}}` in JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct BasketHit {
    /// The id the service is stored under.
    pub service_id: ServiceId,
    /// The service as the basket holds it (description, status, version, history).
    pub service: Service,
}

impl BasketHit {
    /// The services of `p`'s local basket that match `query`, in id order: what every host's
    /// basket search returns (the bindings through [`Session::search_basket`], the CLI's
    /// `basket search` on the state it loaded).
    pub fn search(p: &Partnership, query: &BasketQuery) -> Vec<BasketHit> {
        p.basket
            .search(&p.members, query)
            .into_iter()
            .map(|(service_id, service)| BasketHit {
                service_id: service_id.clone(),
                service: service.clone(),
            })
            .collect()
    }
}

/// Why a batch of recorded events was refused ([`Session::apply_all`],
/// [`Session::load_jsonl`]). Nothing of the batch was applied or kept.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("event {index} of the batch cannot follow: {error}")]
pub struct Refused {
    /// The position of the refused event among the batch's events, from 0 (for JSON lines, the
    /// events decoded before it).
    pub index: usize,
    /// For JSON lines, the number of the refused event's line, from 1.
    pub line: Option<usize>,
    /// The refused event, when the session still holds it: a host shows what it could not take
    /// (not for an event that could not be decoded, nor for a session that keeps no events,
    /// which moved the batch into its state).
    pub event: Option<Box<EventEnvelope>>,
    /// Why it was refused.
    pub error: Error,
}

/// A host's session: the state of the model and, unless made not to, the events applied to it.
///
/// Every change goes through the core's rules: a command is decided before its events are
/// applied, and recorded events are admitted ([`State::admit`]) as a batch, all or none.
#[derive(Debug, Clone, Default)]
pub struct Session {
    state: State,
    log: Option<Vec<EventEnvelope>>,
}

impl Session {
    /// An empty session. Without `keep_events` the events are applied but not kept: for large
    /// replays where only the state matters, which then costs no copy of the events.
    pub fn new(keep_events: bool) -> Session {
        Session {
            state: State::new(),
            log: keep_events.then(Vec::new),
        }
    }

    /// A session over a state a host already has (and the events that made it, if it keeps
    /// them), e.g. the result of a streaming replay ([`crate::Loader`]).
    pub fn from_parts(state: State, log: Option<Vec<EventEnvelope>>) -> Session {
        Session { state, log }
    }

    /// The state and the kept events, giving the session up.
    pub fn into_parts(self) -> (State, Option<Vec<EventEnvelope>>) {
        (self.state, self.log)
    }

    /// The state: every PZK and ZZK.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Whether the session keeps the events it applies.
    pub fn keeps_events(&self) -> bool {
        self.log.is_some()
    }

    /// The events applied so far (none when the session keeps no events).
    pub fn events(&self) -> &[EventEnvelope] {
        self.log.as_deref().unwrap_or_default()
    }

    /// The number of events kept.
    pub fn event_count(&self) -> usize {
        self.events().len()
    }

    /// The kept events as JSON lines, one canonical envelope per line: what a host stores and
    /// what [`Session::load_jsonl`] reads back.
    pub fn events_jsonl(&self) -> Result<String, Error> {
        let mut out = String::new();
        for env in self.events() {
            out.push_str(&serde_json::to_string(env)?);
            out.push('\n');
        }
        Ok(out)
    }

    /// The events a command would yield, or why it is refused; changes nothing.
    pub fn decide(&self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Error> {
        self.state.decide(cmd)
    }

    /// Decides a command and applies (and keeps) its events; a refused command changes nothing.
    pub fn execute(&mut self, cmd: &CommandEnvelope) -> Result<Vec<EventEnvelope>, Error> {
        let events = self.state.execute(cmd)?;
        if let Some(log) = &mut self.log {
            log.extend_from_slice(&events);
        }
        Ok(events)
    }

    /// [`Session::execute`] on the command's JSON text, giving the events' JSON text (an array
    /// of envelopes): for a host that stores the canonical JSON as it is. A command that cannot
    /// be decoded is `MALFORMED_JSON`.
    pub fn execute_json(&mut self, command: &str) -> Result<String, Error> {
        let cmd: CommandEnvelope =
            serde_json::from_str(command).map_err(|e| Error::Json(format!("command: {e}")))?;
        let events = self.execute(&cmd)?;
        Ok(serde_json::to_string(&events)?)
    }

    /// Admits and applies recorded events in order, all or none (the core's
    /// [`State::admit_and_apply_all`], whose cost follows the batch, not the state): the first
    /// event that cannot follow is reported with its position and nothing changes. Returns the
    /// number applied.
    pub fn apply_all(&mut self, events: Vec<EventEnvelope>) -> Result<usize, Refused> {
        self.apply_batch(events, &[])
    }

    /// [`Session::apply_all`] for JSON lines (one event envelope per line, as `kooperacje events
    /// export` and [`Session::events_jsonl`] write them; blank lines are skipped): every line is
    /// decoded first, then the events are applied all or none. A refusal names the line.
    pub fn load_jsonl(&mut self, text: &str) -> Result<usize, Refused> {
        self.load_jsonl_bytes(text.as_bytes())
    }

    /// [`Session::load_jsonl`] for UTF-8 bytes (a line that is not UTF-8 is `MALFORMED_JSON`).
    ///
    /// Into an empty session (a host's bulk load of a whole log) a large text is replayed as the
    /// store replays a database: decoded on several threads ([`crate::pipeline`]) and applied in
    /// order into a [`Loader`]. All or none still holds: on a refusal the session is empty again.
    pub fn load_jsonl_bytes(&mut self, bytes: &[u8]) -> Result<usize, Refused> {
        #[cfg(not(target_arch = "wasm32"))]
        if bytes.len() >= PARALLEL_FROM && self.state == State::new() && self.event_count() == 0 {
            return self.load_fresh(bytes);
        }
        let mut events = Vec::new();
        let mut lines = Vec::new();
        for (n, line) in bytes.split(|b| *b == b'\n').enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let number = n + 1;
            let env = decode_line(line).map_err(|error| Refused {
                index: events.len(),
                line: Some(number),
                event: None,
                error,
            })?;
            events.push(env);
            lines.push(number);
        }
        self.apply_batch(events, &lines)
    }

    /// [`Session::load_jsonl_bytes`] into an empty session: blocks of whole lines decoded on
    /// decoder threads, applied in order into a [`Loader`].
    #[cfg(not(target_arch = "wasm32"))]
    fn load_fresh(&mut self, bytes: &[u8]) -> Result<usize, Refused> {
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        let mut loader = Loader::new(State::new());
        let mut kept = self.log.as_ref().map(|_| Vec::new());
        let (mut next, mut line, mut count) = (0usize, 1usize, 0usize);
        // A block is where its bytes start and end, and the number of its first line.
        let read = |block: &mut (usize, usize, usize)| -> Result<bool, Refused> {
            if next >= bytes.len() {
                return Ok(false);
            }
            let end = (next + BLOCK).min(bytes.len());
            let end = match bytes[end..].iter().position(|b| *b == b'\n') {
                Some(at) => end + at + 1,
                None => bytes.len(),
            };
            *block = (next, end, line);
            line += bytes[next..end].iter().filter(|b| **b == b'\n').count();
            next = end;
            Ok(true)
        };
        // A line that cannot be decoded ends its block's items, as an item of its own: the
        // events before it are still admitted first, so the first refusal in line order wins.
        // Each event is checked alone there too ([`Checked`]): only its checks against the state
        // are left to the thread that applies.
        type Item = Result<(usize, Checked), (usize, Error)>;
        let decode = |&(start, end, first): &(usize, usize, usize),
                      out: &mut Vec<Item>|
         -> Result<(), std::convert::Infallible> {
            for (n, text) in bytes[start..end].split(|b| *b == b'\n').enumerate() {
                if !text.iter().all(u8::is_ascii_whitespace) {
                    let item = decode_line(text)
                        .and_then(Checked::new)
                        .map(|e| (first + n, e));
                    let bad = item.is_err();
                    out.push(item.map_err(|e| (first + n, e)));
                    if bad {
                        break;
                    }
                }
            }
            Ok(())
        };
        let apply = |decoded: Result<&mut Vec<Item>, std::convert::Infallible>| {
            let refused = |index, line, error| Refused {
                index,
                line: Some(line),
                event: None,
                error,
            };
            let Ok(items) = decoded;
            for item in items.drain(..) {
                let (number, env) = item.map_err(|(line, e)| refused(count, line, e))?;
                let applied = match &mut kept {
                    Some(kept) => {
                        let copy = env.event().clone();
                        loader
                            .admit_and_apply_checked(env)
                            .map(|()| kept.push(copy))
                    }
                    None => loader.admit_and_apply_checked(env),
                };
                applied.map_err(|e| refused(count, number, e))?;
                count += 1;
            }
            Ok(())
        };
        crate::pipeline::replay_in_order(workers, read, decode, apply)?;
        self.state = loader.finish();
        if let Some(kept) = kept {
            self.log = Some(kept);
        }
        Ok(count)
    }

    /// The one batch of the session; `lines` numbers the events' lines (empty for a list).
    fn apply_batch(
        &mut self,
        mut events: Vec<EventEnvelope>,
        lines: &[usize],
    ) -> Result<usize, Refused> {
        let n = events.len();
        let refused = |BatchError { index, error }, event| Refused {
            index,
            line: lines.get(index).copied(),
            event,
            error,
        };
        match &mut self.log {
            // Kept events are lent to the state, which copies what it needs; others move into it.
            Some(log) => match self.state.admit_and_apply_all(&events) {
                Ok(()) => log.append(&mut events),
                Err(e) => {
                    let event = (e.index < n).then(|| Box::new(events.swap_remove(e.index)));
                    return Err(refused(e, event));
                }
            },
            None => self
                .state
                .admit_and_apply_all_owned(events)
                .map_err(|e| refused(e, None))?,
        }
        Ok(n)
    }

    /// One PZK; `PARTNERSHIP_NOT_FOUND` when there is none.
    pub fn partnership(&self, id: &PartnershipId) -> Result<&Partnership, Error> {
        Ok(must_exist(
            &self.state.partnerships,
            id,
            Entity::Partnership,
        )?)
    }

    /// One ZZK (or case before appointment); `ZZK_NOT_FOUND` when there is none.
    pub fn zzk(&self, id: &ZzkId) -> Result<&Zzk, Error> {
        Ok(found(self.state.zzk(id), Entity::Zzk, id)?)
    }

    /// The ZZK registry of a PZK (rejestr ZZK) on a date (by default the day of its latest event),
    /// by registry number; `PARTNERSHIP_NOT_FOUND` for an unknown PZK, as for every report of one
    /// PZK (an empty registry would look like a PZK without ZZKs).
    pub fn registry(
        &self,
        pid: &PartnershipId,
        as_of: Option<NaiveDate>,
    ) -> Result<Vec<RegistryEntry>, Error> {
        self.partnership(pid)?;
        Ok(reports::registry(&self.state, pid, as_of))
    }

    /// The monitoring indicators of a PZK as of a day; `PARTNERSHIP_NOT_FOUND` for an unknown
    /// PZK.
    pub fn indicators(&self, pid: &PartnershipId, as_of: NaiveDate) -> Result<Indicators, Error> {
        let indicators = reports::indicators(&self.state, pid, as_of);
        Ok(found(indicators, Entity::Partnership, pid)?)
    }

    /// Everything overdue as of a day, in every PZK and ZZK, by due date.
    pub fn overdue(&self, as_of: NaiveDate) -> Vec<OverdueItem> {
        reports::overdue(&self.state, as_of)
    }

    /// The monthly monitoring form of a PZK's ZZKs for a month given as text (`"2026-05"`), read
    /// once by [`Period::parse`]: `BAD_PERIOD` for anything else, as in a command, in every
    /// language; then `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    pub fn monitoring(
        &self,
        pid: &PartnershipId,
        period: &str,
    ) -> Result<Vec<MonitoringRow>, Error> {
        let period = Period::parse(period)?;
        self.partnership(pid)?;
        Ok(reports::monitoring(&self.state, pid, &period))
    }

    /// The analytics tables of the session as of a day: those of the state (`zzks`, `tasks`,
    /// `services`, `partnerships`), and `events` when the session keeps its events. With a key
    /// (the host's secret), their form for analysts ([`crate::analytics::Pseudonymiser`]); a key
    /// too short is `PSEUDONYM_KEY_INVALID`.
    #[cfg(feature = "privacy")]
    pub fn analytics_tables(
        &self,
        as_of: NaiveDate,
        pseudonymise_key: Option<&[u8]>,
    ) -> Result<Vec<crate::analytics::Table>, Error> {
        use crate::analytics;
        let pseudonymiser = pseudonymise_key
            .map(analytics::Pseudonymiser::new)
            .transpose()?;
        let mut tables = analytics::state_tables(&self.state, as_of);
        if let Some(log) = &self.log {
            tables.push(analytics::events(log));
        }
        Ok(match pseudonymiser {
            Some(p) => tables.into_iter().map(|t| p.table(t)).collect(),
            None => tables,
        })
    }

    /// Searches a PZK's local basket (the core's [`crate::basket::Basket::search`]: every given
    /// criterion must match; text ignores case and Polish diacritics), in id order;
    /// `PARTNERSHIP_NOT_FOUND` for an unknown PZK.
    pub fn search_basket(
        &self,
        pid: &PartnershipId,
        query: &BasketQuery,
    ) -> Result<Vec<BasketHit>, Error> {
        Ok(BasketHit::search(self.partnership(pid)?, query))
    }
}

/// The size of JSON lines from which a load into an empty session decodes on several threads, and
/// the size of the blocks it deals out.
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM: usize = 1 << 20;
#[cfg(not(target_arch = "wasm32"))]
const BLOCK: usize = 1 << 20;

/// A bulk replay of JSON lines fed in chunks ([`Replay::push`]), for logs too large to hold as
/// one text: [`Replay::finish`] gives the session. All or none: the first line that cannot be
/// decoded or cannot follow is refused with its line and index, and the replay then refuses
/// everything further with the same error (the host starts over with a new one). Once finished,
/// it refuses everything with `REPLAY_ALREADY_FINISHED`.
///
/// Unlike [`Session::load_jsonl`], which decodes every line first and then applies the batch,
/// each line is applied as soon as it is whole, into a [`Loader`] (the state with its ZZKs in a
/// hash map until the end): a large log is never held in memory twice.
#[derive(Debug)]
pub struct Replay {
    loader: Loader,
    log: Option<Vec<EventEnvelope>>,
    /// A line cut by the end of the last chunk, to be completed by the next.
    pending: Vec<u8>,
    next_line: usize,
    count: usize,
    failed: Option<Refused>,
    finished: bool,
}

impl Replay {
    /// A replay into an empty state, keeping the events or not ([`Session::new`]).
    pub fn new(keep_events: bool) -> Replay {
        Replay {
            loader: Loader::new(State::new()),
            log: keep_events.then(Vec::new),
            pending: Vec::new(),
            next_line: 1,
            count: 0,
            failed: None,
            finished: false,
        }
    }

    /// The number of events applied so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Feeds the next chunk of UTF-8 JSON lines (a chunk may end inside a line, even inside a
    /// character).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Refused> {
        self.open()?;
        let Some(last_newline) = chunk.iter().rposition(|b| *b == b'\n') else {
            self.pending.extend_from_slice(chunk);
            return Ok(());
        };
        // The whole lines are read where they are; only a line cut by the chunk's end is copied,
        // to be completed by the next chunk.
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
    }

    /// Applies what is left (a last line without its newline) and gives the session, once. The
    /// replay then keeps only its [`Replay::count`]: a host's replay object outlives its result.
    pub fn finish(&mut self) -> Result<Session, Refused> {
        self.open()?;
        let rest = std::mem::take(&mut self.pending);
        self.feed(&rest)?;
        self.finished = true;
        let state = std::mem::take(&mut self.loader).finish();
        Ok(Session::from_parts(state, self.log.take()))
    }

    /// Refuses a replay that failed or has given its session.
    fn open(&self) -> Result<(), Refused> {
        if let Some(r) = &self.failed {
            return Err(r.clone());
        }
        if self.finished {
            return Err(Refused {
                index: self.count,
                line: None,
                event: None,
                error: ValidationError::ReplayFinished.into(),
            });
        }
        Ok(())
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<(), Refused> {
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
            if let Err(error) = step {
                let refused = Refused {
                    index: self.count,
                    line: Some(number),
                    event: None,
                    error,
                };
                self.failed = Some(refused.clone());
                return Err(refused);
            }
            self.count += 1;
        }
        Ok(())
    }
}

/// Decodes one line of JSON lines as a stored event is decoded ([`State::decode_event`]).
pub fn decode_line(line: &[u8]) -> Result<EventEnvelope, Error> {
    let text = std::str::from_utf8(line)
        .map_err(|e| Error::Json(format!("the line is not UTF-8 text: {e}")))?;
    State::decode_event(text)
}

/// The label of one value of a labelled enum of the catalogue (`label("ZzkStage", "suspended",
/// Lang::Pl)` is `"Zawieszony"`): for hosts that hold a code as text, e.g. from JSON.
/// `MALFORMED_JSON` for an unknown enum or code, the argument a host could not have meant.
pub fn label(enum_name: &str, code: &str, lang: Lang) -> Result<&'static str, Error> {
    let enums = catalogue::enums();
    let values = enums
        .get(enum_name)
        .ok_or_else(|| Error::Json(format!("label: no enum {enum_name:?}")))?;
    let value = values
        .iter()
        .find(|v| v.code == code)
        .ok_or_else(|| Error::Json(format!("label: {enum_name} has no code {code:?}")))?;
    Ok(match lang {
        Lang::Pl => value.pl,
        Lang::En => value.en,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sample;
    use chrono::{TimeZone, Utc};

    /// A session with one operating PZK `pzk-1` (two basket services), its events kept.
    fn operating() -> Session {
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let mut s = Session::new(true);
        for cmd in sample::operating_partnership("pzk-1", start, 2).unwrap() {
            s.execute(&cmd).unwrap();
        }
        s
    }

    fn pzk1() -> PartnershipId {
        PartnershipId::from("pzk-1")
    }

    #[test]
    fn a_bad_report_month_is_bad_period() {
        let s = operating();
        for bad in [
            "2026-13",
            "May",
            "2026-5",
            "",
            "20266-01",
            "2026-00",
            "2026-05-01",
        ] {
            let e = s.monitoring(&pzk1(), bad).unwrap_err();
            assert_eq!(e.code(), "BAD_PERIOD", "{bad:?}");
        }
        assert_eq!(s.monitoring(&pzk1(), "2026-05").unwrap(), vec![]);
    }

    #[test]
    fn every_report_of_an_unknown_pzk_is_partnership_not_found() {
        let s = operating();
        let nobody = PartnershipId::from("pzk-nikt");
        let day = NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
        assert_eq!(s.registry(&pzk1(), None).unwrap(), vec![]);
        let errors = [
            s.registry(&nobody, None).unwrap_err(),
            s.indicators(&nobody, day).unwrap_err(),
            s.monitoring(&nobody, "2026-05").unwrap_err(),
            s.search_basket(&nobody, &BasketQuery::default())
                .unwrap_err(),
            s.partnership(&nobody).unwrap_err(),
        ];
        for e in errors {
            assert_eq!(e.code(), "PARTNERSHIP_NOT_FOUND");
        }
        assert_eq!(
            s.zzk(&ZzkId::from("zzk-nikt")).unwrap_err().code(),
            "ZZK_NOT_FOUND"
        );
    }

    #[test]
    fn a_batch_refused_at_index_k_changes_nothing_and_names_k() {
        let source = operating();
        let events = source.events().to_vec();
        assert!(events.len() > 4);
        for keep in [true, false] {
            let mut s = Session::new(keep);
            s.apply_all(events[..2].to_vec()).unwrap();
            let before = s.state().clone();
            let kept = s.event_count();
            // The rest, with a repeat of an applied event at index 2: it cannot follow, and the
            // two events before it, which could, must be undone.
            let mut batch = events[2..4].to_vec();
            batch.push(events[1].clone());
            batch.extend_from_slice(&events[4..]);
            let refused = s.apply_all(batch).unwrap_err();
            assert_eq!(refused.index, 2);
            assert_eq!(refused.line, None);
            assert_eq!(s.state(), &before, "keep_events = {keep}");
            assert_eq!(s.event_count(), kept);
            if keep {
                assert_eq!(refused.event.as_deref(), Some(&events[1]));
            }
            // What was refused can then be applied in order.
            assert_eq!(s.apply_all(events[2..].to_vec()).unwrap(), events.len() - 2);
            assert_eq!(s.state(), source.state());
        }
    }

    #[test]
    fn json_lines_load_all_or_none_naming_the_line() {
        let source = operating();
        let jsonl = source.events_jsonl().unwrap();
        let mut copy = Session::new(true);
        // Blank lines are skipped (and still counted).
        let spaced = format!("\n{}", jsonl.replace('\n', "\n  \n"));
        assert_eq!(copy.load_jsonl(&spaced).unwrap(), source.event_count());
        assert_eq!(copy.state(), source.state());
        assert_eq!(copy.events(), source.events());

        // A line that is not an event: line 3 (after a blank line 2), index 1.
        let lines: Vec<&str> = jsonl.lines().collect();
        let broken = format!("{}\n\n{{\"at\": 1}}\n{}\n", lines[0], lines[1]);
        let mut s = Session::new(true);
        let refused = s.load_jsonl(&broken).unwrap_err();
        assert_eq!((refused.index, refused.line), (1, Some(3)));
        assert_eq!(refused.error.code(), "MALFORMED_JSON");
        assert_eq!(s.event_count(), 0);
        assert_eq!(s.state(), &State::new());

        // An event that cannot follow: the second line repeats the first.
        let repeated = format!("{}\n{}\n", lines[0], lines[0]);
        let refused = s.load_jsonl(&repeated).unwrap_err();
        assert_eq!((refused.index, refused.line), (1, Some(2)));
        assert_eq!(s.state(), &State::new());
    }

    /// A log large enough for a load into an empty session to decode on several threads gives
    /// what applying its events as a list gives, and a bad line deep in it is named and leaves
    /// the session empty.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_large_load_on_threads_gives_what_a_list_gives_and_is_all_or_none() {
        let events = sample::municipality(600).unwrap();
        let mut jsonl = String::new();
        for e in &events {
            jsonl.push_str(&serde_json::to_string(e).unwrap());
            jsonl.push_str("\n\n");
        }
        assert!(jsonl.len() > 2 * PARALLEL_FROM, "{} bytes", jsonl.len());
        let mut expected = Session::new(true);
        expected.apply_all(events.clone()).unwrap();
        for keep in [true, false] {
            let mut s = Session::new(keep);
            assert_eq!(s.load_jsonl(&jsonl).unwrap(), events.len());
            assert_eq!(s.state(), expected.state());
            assert_eq!(s.event_count(), if keep { events.len() } else { 0 });
            if keep {
                assert_eq!(s.events(), expected.events());
            }
        }
        // The PZK's registration repeated where event k + 1 should be (line 2k + 3: blank lines
        // between).
        let k = events.len() * 3 / 4;
        let mut lines: Vec<String> = events
            .iter()
            .map(|e| serde_json::to_string(e).unwrap())
            .collect();
        lines[k + 1] = lines[0].clone();
        let broken = lines.join("\n\n");
        let mut s = Session::new(true);
        let refused = s.load_jsonl(&broken).unwrap_err();
        assert_eq!(
            (refused.index, refused.line),
            (k + 1, Some(2 * (k + 1) + 1))
        );
        assert_eq!(s.state(), &State::new());
        assert_eq!(s.event_count(), 0);
        // A line that is not JSON, near the end.
        lines[k + 1] = "{not json".to_owned();
        let refused = s.load_jsonl(&lines.join("\n")).unwrap_err();
        assert_eq!((refused.index, refused.line), (k + 1, Some(k + 2)));
        assert_eq!(refused.error.code(), "MALFORMED_JSON");
        assert_eq!(s.state(), &State::new());
        // Then the whole log loads.
        assert_eq!(s.load_jsonl(&jsonl).unwrap(), events.len());
        assert_eq!(s.state(), expected.state());
    }

    #[test]
    fn a_replay_in_chunks_gives_what_load_jsonl_gives() {
        let source = operating();
        let jsonl = source.events_jsonl().unwrap();
        for (keep, size) in [(true, 1), (false, 97), (true, 4096)] {
            let mut replay = Replay::new(keep);
            for chunk in jsonl.as_bytes().chunks(size) {
                replay.push(chunk).unwrap();
            }
            assert_eq!(replay.count(), source.event_count());
            let session = replay.finish().unwrap();
            assert_eq!(session.state(), source.state());
            assert_eq!(
                session.event_count(),
                if keep { source.event_count() } else { 0 }
            );
        }
        // A last line without its newline is applied by `finish`.
        let mut replay = Replay::new(true);
        replay.push(jsonl.trim_end().as_bytes()).unwrap();
        assert_eq!(replay.finish().unwrap().events(), source.events());
        // Once.
        let again = replay.finish().unwrap_err();
        assert_eq!(again.error.code(), "REPLAY_ALREADY_FINISHED");
        assert_eq!(replay.push(b"\n").unwrap_err(), again);
        assert_eq!(replay.count(), source.event_count());

        // The third line repeats the first: refused with its line, and so is all that follows.
        let lines: Vec<&str> = jsonl.lines().collect();
        let text = format!("{}\n\n{}\n{}\n", lines[0], lines[0], lines[1]);
        let mut replay = Replay::new(true);
        let refused = replay.push(text.as_bytes()).unwrap_err();
        assert_eq!((refused.index, refused.line), (1, Some(3)));
        assert_eq!(replay.push(b"\n").unwrap_err(), refused);
        assert_eq!(replay.finish().unwrap_err(), refused);
    }

    #[test]
    fn execute_json_keeps_the_events_and_refuses_bad_text() {
        let source = operating();
        let mut s = Session::new(true);
        let e = s.execute_json("{").unwrap_err();
        assert_eq!(e.code(), "MALFORMED_JSON");
        assert_eq!(s.event_count(), 0);
        let start = Utc.with_ymd_and_hms(2026, 1, 5, 9, 0, 0).unwrap();
        let first = &sample::operating_partnership("pzk-1", start, 2).unwrap()[0];
        let text = s
            .execute_json(&serde_json::to_string(first).unwrap())
            .unwrap();
        let events: Vec<EventEnvelope> = serde_json::from_str(&text).unwrap();
        assert_eq!(events, s.events());
        assert_eq!(events[0], source.events()[0]);
        let mut quiet = Session::new(false);
        quiet.execute(first).unwrap();
        assert_eq!(quiet.event_count(), 0);
        assert!(!quiet.state().partnerships.is_empty());
    }

    #[test]
    fn basket_hits_carry_the_id_and_the_service() {
        let s = operating();
        let hits = s.search_basket(&pzk1(), &BasketQuery::default()).unwrap();
        let p = s.partnership(&pzk1()).unwrap();
        assert_eq!(hits.len(), p.basket.services.len());
        assert!(!hits.is_empty());
        for hit in &hits {
            assert_eq!(Some(&hit.service), p.basket.services.get(&hit.service_id));
        }
        let json = serde_json::to_value(&hits[0]).unwrap();
        assert_eq!(json["service_id"], hits[0].service_id.as_str());
        assert_eq!(json["service"]["version"], 1);
    }

    #[cfg(feature = "privacy")]
    #[test]
    fn analytics_tables_have_the_events_only_when_kept_and_refuse_a_short_key() {
        let s = operating();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let names = |s: &Session| -> Vec<&'static str> {
            s.analytics_tables(day, None)
                .unwrap()
                .iter()
                .map(|t| t.name)
                .collect()
        };
        assert_eq!(
            names(&s),
            ["zzks", "tasks", "services", "partnerships", "events"]
        );
        let events = s.analytics_tables(day, None).unwrap().pop().unwrap();
        assert_eq!(events.len(), s.events().len());
        let (state, _) = s.clone().into_parts();
        let unkept = Session::from_parts(state, None);
        assert_eq!(
            names(&unkept),
            ["zzks", "tasks", "services", "partnerships"]
        );
        let e = s.analytics_tables(day, Some(b"short")).unwrap_err();
        assert_eq!(e.code(), "PSEUDONYM_KEY_INVALID");
    }

    #[test]
    fn labels_come_from_the_catalogue() {
        assert_eq!(
            label("ZzkStage", "suspended", Lang::Pl).unwrap(),
            "Zawieszony"
        );
        assert_eq!(
            label("ZzkStage", "suspended", Lang::En).unwrap(),
            "Suspended"
        );
        for (e, c) in [("ZzkStage", "nope"), ("NoSuchEnum", "suspended")] {
            assert_eq!(label(e, c, Lang::Pl).unwrap_err().code(), "MALFORMED_JSON");
        }
    }
}

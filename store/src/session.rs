//! State rebuilt from the store, and commands executed against it: the loop a host runs. Reads are
//! optimistic; the write checks, under the database lock, that no one else wrote to the streams the
//! commands touched since the state was read.

use crate::error::StoreError;
use crate::store::{decode_body, Appended, Store};
use kooperacje::{CommandEnvelope, Error, EventEnvelope, State, StreamId};
use std::collections::{BTreeSet, HashSet};

/// The state as of a position in the log.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The rebuilt state.
    pub state: State,
    /// Global sequence number of the last event applied.
    pub head: u64,
}

/// Commands (or imported events) checked against a copy of the state, to be written together or
/// not at all.
#[derive(Debug, Clone)]
pub struct Batch {
    state: State,
    events: Vec<EventEnvelope>,
    streams: BTreeSet<StreamId>,
    head: u64,
    /// Canonical bodies of the events admitted from outside ([`Batch::admit_new`]).
    pub(crate) seen: HashSet<String>,
}

impl Batch {
    /// Starts a batch on top of a loaded state.
    pub fn new(loaded: &Loaded) -> Batch {
        Batch {
            state: loaded.state.clone(),
            events: Vec::new(),
            streams: BTreeSet::new(),
            head: loaded.head,
            seen: HashSet::new(),
        }
    }

    /// Decides a command against the batch's state and applies its events; on rejection the
    /// batch is unchanged.
    pub fn execute(&mut self, cmd: &CommandEnvelope) -> Result<&[EventEnvelope], Error> {
        let produced = self.state.execute(cmd)?;
        let from = self.events.len();
        for e in &produced {
            self.streams.insert(e.event.stream());
        }
        self.events.extend(produced);
        Ok(&self.events[from..])
    }

    /// Admits an event from outside (see [`State::admit`]) and applies it.
    pub fn admit(&mut self, event: EventEnvelope) -> Result<(), Error> {
        self.state.admit_and_apply(&event)?;
        self.streams.insert(event.event.stream());
        self.events.push(event);
        Ok(())
    }

    /// The events so far.
    pub fn events(&self) -> &[EventEnvelope] {
        &self.events
    }

    /// The state with the batch applied.
    pub fn state(&self) -> &State {
        &self.state
    }
}

impl Store {
    /// Rebuilds the whole state. `progress` is called with (events done, events total).
    pub fn load(&self, progress: impl FnMut(u64, u64)) -> Result<Loaded, StoreError> {
        let mut loaded = Loaded::default();
        self.catch_up_with(&mut loaded, progress)?;
        Ok(loaded)
    }

    /// Applies the events written since `loaded.head` (by this or any other process).
    pub fn catch_up(&self, loaded: &mut Loaded) -> Result<u64, StoreError> {
        self.catch_up_with(loaded, |_, _| {})
    }

    fn catch_up_with(
        &self,
        loaded: &mut Loaded,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<u64, StoreError> {
        let after = loaded.head.min(i64::MAX as u64) as i64;
        let total: u64 = self
            .conn
            .query_row("SELECT count(*) FROM events WHERE seq > ?1", [after], |r| {
                r.get(0)
            })
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, body FROM events WHERE seq > ?1 ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([after]).map_err(|e| self.err(e))?;
        // A long replay decodes on several threads (kooperacje::pipeline) while this one reads
        // rows from SQLite and applies the events in order.
        let workers = if total < PIPELINE_FROM {
            0
        } else {
            std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4))
        };
        let mut done = 0u64;
        kooperacje::pipeline::replay_in_order(
            workers,
            |chunk: &mut Chunk| {
                chunk.clear();
                while chunk.seqs.len() < CHUNK {
                    let Some(row) = rows.next().map_err(|e| self.err(e))? else {
                        break;
                    };
                    let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
                    let body = row.get_ref(1).map_err(|e| self.err(e))?;
                    let text = body.as_str().map_err(|e| StoreError::Corrupt {
                        seq,
                        reason: e.to_string(),
                    })?;
                    chunk.push(seq, text);
                }
                Ok::<_, StoreError>(!chunk.seqs.is_empty())
            },
            Chunk::decode,
            |decoded| {
                for (seq, event) in decoded?.drain(..) {
                    loaded.state.apply_owned(event);
                    loaded.head = seq;
                    done += 1;
                }
                progress(done, total);
                Ok::<_, StoreError>(())
            },
        )?;
        Ok(done)
    }

    /// Catches up, decides the command against the current state and appends its events,
    /// expecting every stream they touch to be where the state saw it.
    ///
    /// Idempotent for a command with a `command_id`: if the log already holds that command (a
    /// retry after a lost answer, even one racing the first attempt from another process), the
    /// events it wrote then are returned and nothing is written. The same id on a different act
    /// (another time or author) is [`StoreError::CommandIdReused`].
    pub fn execute(
        &mut self,
        loaded: &mut Loaded,
        cmd: &CommandEnvelope,
    ) -> Result<Vec<EventEnvelope>, StoreError> {
        self.catch_up(loaded)?;
        if let Some(events) = self.original_result(cmd)? {
            return Ok(events);
        }
        // Decided against the loaded state itself, not a copy of it: one command costs what it
        // touches, however large the state.
        let events = loaded.state.decide(cmd)?;
        let mut expected = Vec::new();
        for e in &events {
            let stream = e.event.stream();
            if !expected.iter().any(|(s, _)| s == &stream) {
                let version = self.stream_version_at(&stream, loaded.head)?;
                expected.push((stream, version));
            }
        }
        match self.append_checked(&expected, &events) {
            Ok(appended) if appended.first_seq == loaded.head + 1 => {
                for e in &events {
                    loaded.state.apply(e);
                }
                loaded.head = appended.last_seq;
            }
            Ok(_) => {
                self.catch_up(loaded)?;
            }
            Err(duplicate @ StoreError::DuplicateCommand { .. }) => {
                // Another process wrote the same command since this one looked: its answer.
                self.catch_up(loaded)?;
                return self.original_result(cmd)?.ok_or(duplicate);
            }
            Err(e) => return Err(e),
        }
        Ok(events)
    }

    /// Writes a batch: all its events in one transaction, provided no stream it touched has
    /// moved since the state it was decided against. Then brings `loaded` up to the new head.
    pub fn commit(&mut self, loaded: &mut Loaded, batch: Batch) -> Result<Appended, StoreError> {
        let mut expected = Vec::with_capacity(batch.streams.len());
        for stream in &batch.streams {
            expected.push((stream.clone(), self.stream_version_at(stream, batch.head)?));
        }
        let appended = self.append_checked(&expected, &batch.events)?;
        if loaded.head == batch.head && appended.first_seq == batch.head + 1 {
            loaded.state = batch.state;
            loaded.head = appended.last_seq;
        } else {
            self.catch_up(loaded)?;
        }
        Ok(appended)
    }
}

/// Below this many events a replay stays on one thread.
const PIPELINE_FROM: u64 = 20_000;
/// Events per chunk handed to a decoding thread.
const CHUNK: usize = 4_096;

/// Bodies read from SQLite, copied into one buffer.
#[derive(Default)]
struct Chunk {
    text: String,
    ends: Vec<usize>,
    seqs: Vec<u64>,
}

impl Chunk {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.seqs.clear();
    }

    fn push(&mut self, seq: u64, body: &str) {
        self.text.push_str(body);
        self.ends.push(self.text.len());
        self.seqs.push(seq);
    }

    fn decode(&self, out: &mut Vec<(u64, EventEnvelope)>) -> Result<(), StoreError> {
        out.reserve(self.seqs.len());
        let mut start = 0;
        for (&seq, &end) in self.seqs.iter().zip(&self.ends) {
            out.push((seq, decode_body(seq, &self.text[start..end])?));
            start = end;
        }
        Ok(())
    }
}

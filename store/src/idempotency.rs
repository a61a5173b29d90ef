//! Idempotent appends. A host that sends a command and loses the answer (a killed process, a
//! dropped connection) cannot tell whether it was written, so it sends it again. A command that
//! carries a `command_id` (event schema 2) is written once: a retry is answered with the events
//! the first attempt wrote ([`Store::execute`]), and an append that would write it again is
//! refused ([`StoreError::DuplicateCommand`]). A log imported twice adds nothing the second time
//! ([`Batch::admit_new`]): an event is already there if its command id names it, or — for events
//! without one, such as every event of schema 1 — if the same event is in its stream at its time.

use crate::chain::{at_column, canonical};
use crate::error::{stream_name, StoreError};
use crate::session::Batch;
use crate::store::{decode_body, Store};
use kooperacje::{CommandEnvelope, CommandId, EventEnvelope};
use sha2::{Digest, Sha256};

/// A command id derived from the command itself, for hosts (and the CLI) that keep no ids of
/// their own: `sha256:` and the first 128 bits of SHA-256 over the command's canonical JSON
/// (time, author and body; any `command_id` it already has is left out). The same command gives
/// the same id, so a retry of it is recognised; two commands that differ in anything do not
/// share one.
pub fn derive_command_id(cmd: &CommandEnvelope) -> CommandId {
    let bare = CommandEnvelope {
        command_id: None,
        ..cmd.clone()
    };
    // Serialising the core's own types cannot fail (no maps with non-string keys, no floats).
    let json = serde_json::to_string(&bare).unwrap_or_default();
    let digest = Sha256::digest(json.as_bytes());
    CommandId::new(format!("sha256:{}", crate::chain::hex(&digest[..16])))
}

impl Store {
    /// The events a command wrote, in order; empty if its id is not in the log.
    pub fn events_of_command(&self, id: &CommandId) -> Result<Vec<EventEnvelope>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, body FROM events WHERE command_id = ?1 ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([id.as_str()]).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
            let body: String = row.get(1).map_err(|e| self.err(e))?;
            out.push(decode_body(seq, &body)?);
        }
        Ok(out)
    }

    /// The result a command already in the log had: its events, if its id is there and names
    /// the same act (the same time and author); `None` if its id is not in the log.
    pub(crate) fn original_result(
        &self,
        cmd: &CommandEnvelope,
    ) -> Result<Option<Vec<EventEnvelope>>, StoreError> {
        let Some(id) = &cmd.command_id else {
            return Ok(None);
        };
        let events = self.events_of_command(id)?;
        if events.is_empty() {
            return Ok(None);
        }
        if events
            .iter()
            .any(|e| e.at != cmd.at || e.actor != cmd.actor)
        {
            return Err(StoreError::CommandIdReused {
                command_id: id.to_string(),
            });
        }
        Ok(Some(events))
    }

    /// Whether this very event is already in the log: by its command id when it has one (the
    /// same id with a different event under it is [`StoreError::CommandIdReused`]), else by an
    /// identical event in its stream at its time.
    pub fn contains_event(&self, event: &EventEnvelope) -> Result<bool, StoreError> {
        let body = canonical(event)?;
        let mut bodies: Vec<String> = Vec::new();
        match &event.command_id {
            Some(id) => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT body FROM events WHERE command_id = ?1")
                    .map_err(|e| self.err(e))?;
                let rows = stmt
                    .query_map([id.as_str()], |r| r.get(0))
                    .map_err(|e| self.err(e))?;
                for b in rows {
                    bodies.push(b.map_err(|e| self.err(e))?);
                }
                if !bodies.is_empty() && !bodies.contains(&body) {
                    return Err(StoreError::CommandIdReused {
                        command_id: id.to_string(),
                    });
                }
            }
            None => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT body FROM events WHERE stream = ?1 AND at = ?2")
                    .map_err(|e| self.err(e))?;
                let stream = stream_name(&event.event.stream());
                let rows = stmt
                    .query_map([stream, at_column(&event.at)], |r| r.get(0))
                    .map_err(|e| self.err(e))?;
                for b in rows {
                    bodies.push(b.map_err(|e| self.err(e))?);
                }
            }
        }
        Ok(bodies.contains(&body))
    }
}

impl Batch {
    /// Admits an event from outside unless it is already in the store or in this batch: `true`
    /// if it was admitted, `false` if it was already there (an import of a log already
    /// imported). The event must keep the core's bounds and may follow the state
    /// ([`kooperacje::State::admit`]).
    pub fn admit_new(&mut self, store: &Store, event: EventEnvelope) -> Result<bool, StoreError> {
        let body = canonical(&event)?;
        if self.seen.contains(&body) || store.contains_event(&event)? {
            return Ok(false);
        }
        self.admit(event)?;
        self.seen.insert(body);
        Ok(true)
    }
}

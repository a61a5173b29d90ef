//! Personal data, kept in its own table and never in the event log. Erasing a person (GDPR
//! Art. 17) touches only this table, so the log still replays and its hash chain still verifies.
//! `secure_delete` is on and the WAL is checkpointed after an erase, so the old bytes do not
//! linger in free pages or in the write-ahead log.
//!
//! The checkpoint cannot finish while another connection reads an older snapshot (a report, a
//! backup, an open SQLite browser): the pages with the data stay in the main file or the WAL for
//! that reader. The erasure then fails with `STORE_ERASE_PENDING` after waiting the busy timeout
//! — the change is written and every new read sees the data gone, but the erasure is not complete
//! — and erasing again, once the readers have finished, completes it. An erase never says "done"
//! while a copy is still in the files.

use crate::error::StoreError;
use crate::store::Store;
use chrono::{DateTime, Utc};
use kooperacje::person::{Note, PersonRecord, PersonalData, Redaction};
use kooperacje::{NoteRef, PersonRef};
use rusqlite::{params, OptionalExtension};
use std::time::{Duration, Instant};

/// What the store holds for one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonEntry {
    /// The record.
    Present(PersonRecord),
    /// The record after pseudonymisation.
    Pseudonymised(PersonRecord),
    /// Erased: only the fact remains.
    Erased,
}

impl Store {
    /// Stores (or replaces) a person's record, after the core's validation.
    pub fn put_person(
        &mut self,
        record: &PersonRecord,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        record.validate().map_err(kooperacje::Error::from)?;
        self.put(
            "person",
            record.id.as_str(),
            Some(to_json(record)?),
            None,
            at,
        )
    }

    /// Stores (or replaces) a note.
    pub fn put_note(&mut self, note: &Note, at: DateTime<Utc>) -> Result<(), StoreError> {
        let mut check = PersonalData::default();
        check
            .put_note(note.clone())
            .map_err(kooperacje::Error::from)?;
        self.put("note", note.id.as_str(), Some(to_json(note)?), None, at)
    }

    /// A person's entry, if the store has ever held one.
    pub fn person(&self, id: &PersonRef) -> Result<Option<PersonEntry>, StoreError> {
        let row: Option<(Option<String>, Option<String>)> = self
            .conn
            .query_row(
                "SELECT body, redaction FROM personal_data WHERE kind = 'person' AND ref = ?1",
                [id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((body, redaction)) = row else {
            return Ok(None);
        };
        let record = |body: Option<String>| -> Result<PersonRecord, StoreError> {
            serde_json::from_str(body.as_deref().unwrap_or("")).map_err(|e| StoreError::Corrupt {
                seq: 0,
                reason: format!("personal data of {id}: {e}"),
            })
        };
        Ok(Some(match redaction.as_deref() {
            Some("erased") => PersonEntry::Erased,
            Some(_) => PersonEntry::Pseudonymised(record(body)?),
            None => PersonEntry::Present(record(body)?),
        }))
    }

    /// A note's text, unless erased.
    pub fn note(&self, id: &NoteRef) -> Result<Option<Note>, StoreError> {
        let body: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT body FROM personal_data WHERE kind = 'note' AND ref = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match body.flatten() {
            None => Ok(None),
            Some(b) => serde_json::from_str(&b)
                .map(Some)
                .map_err(|e| StoreError::Corrupt {
                    seq: 0,
                    reason: format!("note {id}: {e}"),
                }),
        }
    }

    /// Erases a person's record, or with a pseudonym keeps a record with the name replaced and
    /// PESEL, address and phone dropped. Returns what was done (`None`: no such person; a person
    /// erased before stays erased, and the erasure is completed again). `STORE_ERASE_PENDING`
    /// when another reader keeps old copies in the file: the change is written; erase again later.
    pub fn erase_person(
        &mut self,
        id: &PersonRef,
        pseudonym: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<Redaction>, StoreError> {
        let record = match self.person(id)? {
            None => return Ok(None),
            // Erased before: only the erasure is completed again (see `finish_erasure`).
            Some(PersonEntry::Erased) => {
                self.finish_erasure("person", id.as_str())?;
                return Ok(Some(Redaction::Erased));
            }
            Some(PersonEntry::Present(r)) | Some(PersonEntry::Pseudonymised(r)) => r,
        };
        let done = match pseudonym {
            Some(name) => {
                let mut data = PersonalData::default();
                data.persons.insert(record.id.clone(), record);
                data.pseudonymise_person(id, name);
                let body = data.persons.get(id).map(to_json).transpose()?;
                self.put("person", id.as_str(), body, Some("pseudonymised"), at)?;
                Redaction::Pseudonymised
            }
            None => {
                self.put("person", id.as_str(), None, Some("erased"), at)?;
                Redaction::Erased
            }
        };
        self.finish_erasure("person", id.as_str())?;
        Ok(Some(done))
    }

    /// Erases a note's text. `false`: the store never held this note. A note erased before is
    /// erased again (the erasure completed, see [`Store::erase_person`]).
    pub fn erase_note(&mut self, id: &NoteRef, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let erased: Option<bool> = self
            .conn
            .query_row(
                "SELECT redaction IS 'erased' FROM personal_data WHERE kind = 'note' AND ref = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        match erased {
            None => return Ok(false),
            Some(true) => {}
            Some(false) => self.put("note", id.as_str(), None, Some("erased"), at)?,
        }
        self.finish_erasure("note", id.as_str())?;
        Ok(true)
    }

    /// Moves the erasure into the main file and empties the WAL, where old page images would
    /// otherwise stay. `PRAGMA wal_checkpoint(TRUNCATE)` waits (the busy timeout) for readers of
    /// older snapshots and answers (busy, WAL frames, frames checkpointed): done only when not
    /// busy and every frame was copied. Retried until the busy timeout, then
    /// `STORE_ERASE_PENDING`.
    fn finish_erasure(&self, kind: &'static str, id: &str) -> Result<(), StoreError> {
        if self.path == std::path::Path::new(":memory:") {
            return Ok(());
        }
        let deadline = Instant::now() + Duration::from_millis(self.busy_ms);
        loop {
            let outcome = self
                .conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, i64>(1)?,
                        r.get::<_, i64>(2)?,
                    ))
                })
                .map_err(|e| self.err(e));
            match outcome {
                Ok((0, log, done)) if log == done => return Ok(()),
                Ok(_) | Err(StoreError::Locked { .. }) => {}
                Err(e) => return Err(e),
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(StoreError::ErasePending {
                    kind,
                    id: id.to_owned(),
                });
            }
            std::thread::sleep((deadline - now).min(Duration::from_millis(20)));
        }
    }

    fn put(
        &mut self,
        kind: &str,
        id: &str,
        body: Option<String>,
        redaction: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.conn
            .execute(
                "INSERT INTO personal_data (kind, ref, body, redaction, changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (kind, ref) DO UPDATE SET body = excluded.body,
                     redaction = excluded.redaction, changed_at = excluded.changed_at",
                params![kind, id, body, redaction, crate::chain::at_column(&at)],
            )
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::Io(e.to_string()))
}

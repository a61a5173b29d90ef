//! Personal data, kept in its own table and never in the event log. Erasing a person (GDPR
//! Art. 17) touches only this table, so the log still replays and its hash chain still verifies.
//! `secure_delete` is on and the WAL is checkpointed after an erase, so the old bytes do not
//! linger in free pages or in the write-ahead log.

use crate::error::StoreError;
use crate::store::Store;
use chrono::{DateTime, Utc};
use kooperacje::person::{Note, PersonRecord, PersonalData, Redaction};
use kooperacje::{NoteRef, PersonRef};
use rusqlite::{params, OptionalExtension};

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
    /// PESEL, address and phone dropped. Returns what was done (`None`: no such person).
    pub fn erase_person(
        &mut self,
        id: &PersonRef,
        pseudonym: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<Redaction>, StoreError> {
        let record = match self.person(id)? {
            None | Some(PersonEntry::Erased) => return Ok(None),
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
        // Best effort: move the change into the main file and empty the WAL, where the old page
        // image would otherwise stay until the next checkpoint. A reader elsewhere may prevent it.
        let _ = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        Ok(Some(done))
    }

    /// Erases a note's text.
    pub fn erase_note(&mut self, id: &NoteRef, at: DateTime<Utc>) -> Result<bool, StoreError> {
        if self.note(id)?.is_none() {
            return Ok(false);
        }
        self.put("note", id.as_str(), None, Some("erased"), at)?;
        Ok(true)
    }

    fn put(
        &mut self,
        kind: &str,
        id: &str,
        body: Option<String>,
        redaction: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
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

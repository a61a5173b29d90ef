//! Tamper evidence: every row's hash is SHA-256 over the previous row's hash and the row's
//! canonical JSON, starting from 32 zero bytes. Editing, deleting or reordering any row breaks
//! every hash after it; `verify` walks the chain and names the first broken link.

use crate::error::{stream_name, StoreError};
use crate::store::Store;
use kooperacje::{EventEnvelope, State, StreamId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The "previous hash" of the first row.
pub const GENESIS: Hash = [0; 32];

/// The canonical JSON of an event: the core's serialisation (fixed field order, ordered maps,
/// no whitespace). This exact text is stored, hashed and exported.
pub fn canonical(e: &EventEnvelope) -> Result<String, StoreError> {
    serde_json::to_string(e).map_err(|err| StoreError::Io(format!("cannot serialise: {err}")))
}

/// The next link: SHA-256(previous hash ‖ canonical JSON).
pub fn link(prev: &Hash, body: &str) -> Hash {
    let mut h = Sha256::new();
    h.update(prev);
    h.update(body.as_bytes());
    h.finalize().into()
}

/// Lower-case hexadecimal.
pub fn hex(h: &[u8]) -> String {
    h.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn from_blob(b: &[u8]) -> Hash {
    let mut h = GENESIS;
    if b.len() == 32 {
        h.copy_from_slice(b);
    }
    h
}

/// The event's `type` tag, read off its canonical JSON (the envelope's fields come first, and a
/// JSON string cannot contain an unescaped quote, so the first match is the event's own).
pub(crate) fn event_type(body: &str) -> &str {
    const KEY: &str = "\"event\":{\"type\":\"";
    body.find(KEY)
        .map(|i| &body[i + KEY.len()..])
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("")
}

/// What `verify` found wrong with a row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum LinkProblem {
    /// The stored hash is not SHA-256(previous hash ‖ body): the row or one before it was edited.
    HashMismatch,
    /// Sequence numbers skip or repeat: a row was removed.
    SequenceGap {
        /// The number the row should have.
        expected: u64,
    },
    /// The body is not a decodable event, or not in canonical form.
    Undecodable {
        /// Why.
        reason: String,
    },
    /// The row's stream, time or type columns disagree with its body.
    ColumnMismatch {
        /// Which column.
        column: &'static str,
    },
    /// The row's version within its stream is not the next one.
    VersionGap {
        /// The version the row should have.
        expected: u64,
        /// The version it has.
        found: u64,
    },
    /// The log ends before the head recorded with the last commit: rows were removed from the end.
    Truncated {
        /// The recorded head.
        recorded_head: u64,
    },
}

/// The first broken link of the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenLink {
    /// Global sequence number of the row.
    pub seq: u64,
    /// What is wrong with it.
    #[serde(flatten)]
    pub problem: LinkProblem,
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Rows checked (up to and including the first broken one).
    pub events: u64,
    /// Hash of the last good row, hex.
    pub head_hash: String,
    /// The first broken link, if any.
    pub broken: Option<BrokenLink>,
}

impl Verification {
    /// Whether the whole chain is intact.
    pub fn ok(&self) -> bool {
        self.broken.is_none()
    }
}

impl Store {
    /// Walks the whole log: hashes, sequence, per-stream versions, columns against bodies, and
    /// the head recorded with the last commit. `progress` is called with (rows done, rows total).
    pub fn verify(&self, mut progress: impl FnMut(u64, u64)) -> Result<Verification, StoreError> {
        let total: u64 = self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT seq, stream, version, at, type, body, hash, command_id FROM events ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        let mut walk = Walk {
            prev: GENESIS,
            next_seq: 1,
            versions: HashMap::new(),
        };
        let mut checked = 0u64;
        let mut found = None;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
            checked += 1;
            if checked % 65_536 == 0 {
                progress(checked, total);
            }
            if let Err(problem) = walk.step(seq, row) {
                found = Some(BrokenLink { seq, problem });
                break;
            }
        }
        progress(checked, total);
        if found.is_none() {
            let recorded: Option<String> = self
                .conn
                .query_row("SELECT value FROM meta WHERE key = 'head'", [], |r| {
                    r.get(0)
                })
                .ok();
            let mut parts = recorded.as_deref().unwrap_or("").split(' ');
            let recorded_head = parts
                .next()
                .and_then(|n| n.parse::<u64>().ok())
                .unwrap_or(0);
            let recorded_hash = parts.next().unwrap_or("");
            let last = walk.next_seq - 1;
            if recorded_head != last || (last > 0 && recorded_hash != hex(&walk.prev)) {
                found = Some(BrokenLink {
                    seq: last + 1,
                    problem: LinkProblem::Truncated { recorded_head },
                });
            }
        }
        let prev = walk.prev;
        Ok(Verification {
            events: checked,
            head_hash: hex(&prev),
            broken: found,
        })
    }
}

/// What `verify` carries from one row to the next.
struct Walk {
    prev: Hash,
    next_seq: u64,
    versions: HashMap<StreamId, u64>,
}

impl Walk {
    /// Checks one row (`seq, stream, version, at, type, body, hash, command_id`) against the rows
    /// before it.
    fn step(&mut self, seq: u64, row: &rusqlite::Row<'_>) -> Result<(), LinkProblem> {
        let undecodable = |reason: String| LinkProblem::Undecodable { reason };
        let body: String = row.get(5).map_err(|e| undecodable(e.to_string()))?;
        let hash: Vec<u8> = row.get(6).unwrap_or_default();
        let want = link(&self.prev, &body);
        if hash != want {
            return Err(LinkProblem::HashMismatch);
        }
        if seq != self.next_seq {
            return Err(LinkProblem::SequenceGap {
                expected: self.next_seq,
            });
        }
        let event = State::decode_event(&body).map_err(|e| undecodable(e.to_string()))?;
        if canonical(&event).ok().as_deref() != Some(body.as_str()) {
            return Err(undecodable("not in canonical form".into()));
        }
        let stream = event.event.stream();
        let column = |i: usize| row.get::<_, String>(i).unwrap_or_default();
        let mismatch = if column(1) != stream_name(&stream) {
            Some("stream")
        } else if column(3) != at_column(&event.at) {
            Some("at")
        } else if column(4) != event_type(&body) {
            Some("type")
        } else if row.get::<_, Option<String>>(7).ok().flatten().as_deref()
            != event.command_id.as_ref().map(|id| id.as_str())
        {
            Some("command_id")
        } else {
            None
        };
        if let Some(column) = mismatch {
            return Err(LinkProblem::ColumnMismatch { column });
        }
        let version: u64 = row.get(2).unwrap_or(0);
        let last = self.versions.entry(stream).or_insert(0);
        if version != *last + 1 {
            return Err(LinkProblem::VersionGap {
                expected: *last + 1,
                found: version,
            });
        }
        *last = version;
        self.prev = want;
        self.next_seq += 1;
        Ok(())
    }
}

/// The text of the `at` column (and of `changed_at` in personal data): RFC 3339 in UTC.
pub(crate) fn at_column(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

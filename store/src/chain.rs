//! Tamper evidence: every row's hash is SHA-256 over the previous row's hash and the row's
//! canonical JSON, starting from 32 zero bytes. Editing, deleting or reordering any row breaks
//! every hash after it; `verify` walks the chain and names the first broken link.
//!
//! A hash chain alone proves order, not authorship: whoever can write the file can edit a row and
//! recompute every hash after it, or cut the tail and rewrite the recorded head, and `verify`
//! passes. Two additions close that gap. A chain key kept outside the database
//! ([`crate::key`]) links rows with HMAC-SHA-256 and signs the recorded head, so such a change
//! fails `verify` with the key. Anchors ([`crate::anchor`]) filed elsewhere fail
//! [`Store::verify_anchored`] for any history that no longer passes through them, key or not.

use crate::anchor::Anchor;
use crate::error::{stream_name, StoreError};
use crate::key::{meta, ChainKey, Marker};
use crate::store::{hash_before, Store};
use kooperacje::{EventEnvelope, Lang, State, StreamId};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

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
    /// The stored hash is not SHA-256(previous hash ‖ body) (in the keyed part, not the HMAC):
    /// the row or one before it was edited.
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
    /// The log's key marker does not validate with the key given: a different key, or the marker
    /// (or the row before the keyed part) was changed.
    KeyMismatch,
    /// A key was given but the log has no keyed part: it was never written with a key, or its key
    /// marker was removed (and the keyed rows re-hashed without the key).
    NotKeyed,
    /// The recorded head carries no valid HMAC of the key: rows were cut off the end (or replaced)
    /// and the head rewritten by someone without the key.
    HeadNotAuthentic,
    /// The row an anchor names has another hash: the history up to it was changed.
    AnchorMismatch {
        /// The anchor.
        anchor: Anchor,
    },
    /// The log no longer reaches the row an anchor names (or, for a bare hash, no row has it).
    AnchorMissing {
        /// The anchor.
        anchor: Anchor,
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

impl BrokenLink {
    /// Whether an anchor (rather than the chain itself) failed.
    pub fn is_anchor(&self) -> bool {
        matches!(
            self.problem,
            LinkProblem::AnchorMismatch { .. } | LinkProblem::AnchorMissing { .. }
        )
    }

    /// What is wrong, in words, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let seq = self.seq;
        let before = seq.saturating_sub(1);
        let pick = |pl: String, en: String| match lang {
            Lang::Pl => pl,
            Lang::En => en,
        };
        let broken = |pl: &str, en: &str| {
            pick(
                format!("łańcuch skrótów przerwany przy zdarzeniu nr {seq} ({pl}); poprzednie {before} zdarzeń jest nienaruszonych"),
                format!("the hash chain is broken at event #{seq} ({en}); the {before} events before it are intact"),
            )
        };
        match &self.problem {
            LinkProblem::HashMismatch => broken("skrót nie zgadza się z treścią", "hash_mismatch"),
            LinkProblem::SequenceGap { expected } => broken(
                &format!("luka w numeracji, oczekiwano nr {expected}"),
                &format!("sequence_gap, expected #{expected}"),
            ),
            LinkProblem::Undecodable { reason } => broken(
                &format!("nieczytelne zdarzenie: {reason}"),
                &format!("undecodable: {reason}"),
            ),
            LinkProblem::ColumnMismatch { column } => broken(
                &format!("kolumna {column} niezgodna z treścią"),
                &format!("column_mismatch: {column}"),
            ),
            LinkProblem::VersionGap { expected, found } => broken(
                &format!("wersja strumienia {found}, oczekiwano {expected}"),
                &format!("version_gap: {found}, expected {expected}"),
            ),
            LinkProblem::Truncated { recorded_head } => broken(
                &format!("dziennik kończy się przed zapisaną głową nr {recorded_head}"),
                &format!("truncated before the recorded head #{recorded_head}"),
            ),
            LinkProblem::KeyMismatch => pick(
                format!("klucz łańcucha nie potwierdza znacznika klucza (od zdarzenia nr {seq}): to inny klucz albo zmieniono znacznik lub zdarzenia przed nim"),
                format!("the chain key does not validate the log's key marker (keyed from event #{seq}): a different key, or the marker or the events before it were changed"),
            ),
            LinkProblem::NotKeyed => pick(
                "podano klucz łańcucha, ale dziennik nie ma części chronionej kluczem: nigdy nie zapisano go z kluczem albo usunięto znacznik klucza (i przeliczono skróty bez klucza)".into(),
                "a chain key was given but the log has no keyed part: it was never written with a key, or its key marker was removed (and the hashes recomputed without the key)".into(),
            ),
            LinkProblem::HeadNotAuthentic => pick(
                format!("zapisana głowa dziennika nie ma ważnego podpisu klucza łańcucha: usunięto lub podmieniono zdarzenia od nr {seq} i poprawiono głowę bez klucza"),
                format!("the recorded head has no valid HMAC of the chain key: events from #{seq} on were removed or replaced and the head rewritten without the key"),
            ),
            LinkProblem::AnchorMismatch { anchor } => pick(
                format!("dziennik nie przedłuża kotwicy {anchor}: zdarzenie nr {seq} ma inny skrót, więc historię do niego zmieniono"),
                format!("the log does not extend the anchor {anchor}: event #{seq} has a different hash, so the history up to it was changed"),
            ),
            LinkProblem::AnchorMissing { anchor } => pick(
                format!("dziennik nie przedłuża kotwicy {anchor}: nie sięga już zakotwiczonego zdarzenia (nr {seq}), więc usunięto lub podmieniono zdarzenia"),
                format!("the log does not extend the anchor {anchor}: it no longer reaches the anchored event (#{seq}), so events were removed or replaced"),
            ),
        }
    }
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
    /// The first row linked with the chain key (`None`: the log is not keyed).
    pub keyed_from: Option<u64>,
    /// Keyed rows whose links could not be checked because no key was given: nothing can be
    /// said of them, and the log is not reported intact.
    pub unchecked: u64,
    /// The anchors the log was found to extend.
    pub anchors: Vec<Anchor>,
}

impl Verification {
    /// Whether the whole chain is intact: no broken link, and every row checked (a keyed part
    /// verified without its key is not).
    pub fn ok(&self) -> bool {
        self.broken.is_none() && self.unchecked == 0
    }
}

/// What a cheap look at the head (the last row and the recorded head, no walk) found amiss: read
/// before a replay or a report, so that a changed log is noticed without a full `verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HeadWarning {
    /// The head recorded with the last commit is not the last row: rows were removed from the
    /// end, or added or changed without the store.
    #[error("the last event (#{last}) is not the head recorded with the last commit (#{recorded}): the log was changed outside kooperacje; run `kooperacje verify`")]
    ChainHeadMismatch {
        /// The recorded head.
        recorded: u64,
        /// The last row.
        last: u64,
    },
    /// The configured key does not validate the key marker, the last row or the recorded head.
    #[error("the chain key does not validate the newest event or the recorded head: the log was changed without the key, or the key is not this log's; run `kooperacje verify`")]
    ChainKeyMismatch,
    /// The log is keyed and no key is configured: its head cannot be checked.
    #[error("the event log is keyed (from event #{keyed_from}) and no chain key is configured, so its head was not checked")]
    ChainKeyMissing {
        /// First keyed row.
        keyed_from: u64,
    },
    /// A key is configured but the log is not keyed.
    #[error("a chain key is configured but the event log is not keyed: it was never written with a key, or its key marker was removed; run `kooperacje verify`")]
    ChainNotKeyed,
}

impl HeadWarning {
    /// Stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            HeadWarning::ChainHeadMismatch { .. } => "CHAIN_HEAD_MISMATCH",
            HeadWarning::ChainKeyMismatch => "CHAIN_KEY_MISMATCH",
            HeadWarning::ChainKeyMissing { .. } => "CHAIN_KEY_MISSING",
            HeadWarning::ChainNotKeyed => "CHAIN_NOT_KEYED",
        }
    }

    /// The message in Polish.
    pub fn message_pl(&self) -> String {
        match self {
            HeadWarning::ChainHeadMismatch { recorded, last } => format!(
                "ostatnie zdarzenie (nr {last}) nie jest głową zapisaną przy ostatnim zapisie (nr {recorded}): dziennik zmieniono poza kooperacje; uruchom `kooperacje verify`"
            ),
            HeadWarning::ChainKeyMismatch => "klucz łańcucha nie potwierdza najnowszego zdarzenia lub zapisanej głowy: dziennik zmieniono bez klucza albo to nie jest klucz tego dziennika; uruchom `kooperacje verify`".into(),
            HeadWarning::ChainKeyMissing { keyed_from } => format!(
                "dziennik zdarzeń jest chroniony kluczem (od zdarzenia nr {keyed_from}), a klucza łańcucha nie podano, więc jego głowy nie sprawdzono"
            ),
            HeadWarning::ChainNotKeyed => "podano klucz łańcucha, ale dziennik zdarzeń nie jest nim chroniony: nigdy nie zapisano go z kluczem albo usunięto znacznik klucza; uruchom `kooperacje verify`".into(),
        }
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Pl => self.message_pl(),
            Lang::En => self.to_string(),
        }
    }

    /// `{"code", "message", "message_pl"}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "message": self.to_string(),
            "message_pl": self.message_pl(),
        })
    }
}

impl Store {
    /// Walks the whole log: hashes (HMACs in the keyed part, with the key), sequence, per-stream
    /// versions, columns against bodies, and the head recorded with the last commit. `progress`
    /// is called with (rows done, rows total).
    pub fn verify(&self, progress: impl FnMut(u64, u64)) -> Result<Verification, StoreError> {
        self.verify_anchored(&[], progress)
    }

    /// [`Store::verify`], and also that the log still passes through every anchor: the row each
    /// names still has that hash (an anchor's row at or below the head; a bare hash, some row).
    /// The walk runs in one read transaction, so a writer committing meanwhile is not mistaken
    /// for a cut tail.
    pub fn verify_anchored(
        &self,
        anchors: &[Anchor],
        mut progress: impl FnMut(u64, u64),
    ) -> Result<Verification, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let marker = Marker::read(&tx).map_err(|e| self.err(e))?;
        let total: u64 = tx
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let mut walk = Walk {
            prev: GENESIS,
            next_seq: 1,
            versions: HashMap::new(),
            key: self.key.as_ref(),
            marker: marker.clone(),
            marker_checked: false,
            unchecked: 0,
            anchors: HashMap::new(),
            bare: HashSet::new(),
        };
        let mut held = Vec::new();
        let mut found = None;
        for a in anchors {
            match a.seq {
                Some(0) if a.hash == GENESIS => held.push(*a),
                Some(0) => {
                    found = Some(BrokenLink {
                        seq: 0,
                        problem: LinkProblem::AnchorMismatch { anchor: *a },
                    })
                }
                Some(seq) => walk.anchors.entry(seq).or_default().push(*a),
                None => {
                    walk.bare.insert(a.hash);
                }
            }
        }
        let mut checked = 0u64;
        if found.is_none() {
            let mut stmt = tx
                .prepare(
                    "SELECT seq, stream, version, at, type, body, hash, command_id
                     FROM events ORDER BY seq",
                )
                .map_err(|e| self.err(e))?;
            let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
            while let Some(row) = rows.next().map_err(|e| self.err(e))? {
                let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
                checked += 1;
                if checked % 65_536 == 0 {
                    progress(checked, total);
                }
                if let Err(problem) = walk.step(seq, row, &mut held) {
                    found = Some(BrokenLink { seq, problem });
                    break;
                }
            }
        }
        progress(checked, total);
        if found.is_none() {
            found = walk.finish(&tx).map_err(|e| self.err(e))?;
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(Verification {
            events: checked,
            head_hash: hex(&walk.prev),
            broken: found,
            keyed_from: marker.map(|m| m.from),
            unchecked: walk.unchecked,
            anchors: held,
        })
    }

    /// Compares the head recorded with the last commit against the last row, and with a chain
    /// key checks the key marker, the last row's HMAC and the head's HMAC: a handful of indexed
    /// reads, however long the log, so replays and reports can afford it every time. An empty
    /// list: nothing amiss that this look can see (only `verify` sees everything).
    pub fn check_head(&self) -> Result<Vec<HeadWarning>, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let warnings = head_warnings(&tx, self.key.as_ref()).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(warnings)
    }
}

/// The recorded head: `(seq, hash hex)`, `(0, "")` when none was recorded.
fn recorded_head(conn: &Connection) -> rusqlite::Result<(u64, String)> {
    let recorded = meta(conn, "head")?;
    let mut parts = recorded.as_deref().unwrap_or("").split(' ');
    let seq = parts
        .next()
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    Ok((seq, parts.next().unwrap_or("").to_owned()))
}

/// Whether the recorded head is the last row (an empty log needs none recorded).
fn head_matches(recorded: &(u64, String), last: u64, last_hash: &Hash) -> bool {
    recorded.0 == last && (last == 0 || recorded.1 == hex(last_hash))
}

/// Whether the key validates the recorded head `(last, last_hash)`.
fn head_authentic(
    conn: &Connection,
    key: &ChainKey,
    last: u64,
    last_hash: &Hash,
) -> rusqlite::Result<bool> {
    Ok(meta(conn, Marker::HEAD_KEY)?.is_some_and(|mac| mac == key.head(last, last_hash)))
}

fn head_warnings(conn: &Connection, key: Option<&ChainKey>) -> rusqlite::Result<Vec<HeadWarning>> {
    let mut out = Vec::new();
    let last: Option<(u64, Vec<u8>, String)> = conn
        .prepare_cached("SELECT seq, hash, body FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let (seq, hash, body) = last.unwrap_or((0, GENESIS.to_vec(), String::new()));
    let hash = from_blob(&hash);
    let recorded = recorded_head(conn)?;
    if !head_matches(&recorded, seq, &hash) {
        out.push(HeadWarning::ChainHeadMismatch {
            recorded: recorded.0,
            last: seq,
        });
    }
    match (key, Marker::read(conn)?) {
        (None, None) => {}
        (None, Some(m)) => out.push(HeadWarning::ChainKeyMissing { keyed_from: m.from }),
        (Some(_), None) => out.push(HeadWarning::ChainNotKeyed),
        (Some(k), Some(m)) => {
            let marker_ok = hash_before(conn, m.from)?
                .or((m.from == seq + 1).then_some(hash))
                .is_some_and(|h| m.valid(k, &h));
            let row_ok = seq < m.from
                || hash_before(conn, seq)?.is_some_and(|prev| k.link(&prev, &body) == hash);
            if !(marker_ok && row_ok && head_authentic(conn, k, seq, &hash)?) {
                out.push(HeadWarning::ChainKeyMismatch);
            }
        }
    }
    Ok(out)
}

/// What `verify` carries from one row to the next.
struct Walk<'k> {
    prev: Hash,
    next_seq: u64,
    versions: HashMap<StreamId, u64>,
    key: Option<&'k ChainKey>,
    marker: Option<Marker>,
    marker_checked: bool,
    unchecked: u64,
    /// Anchors by the row they name.
    anchors: HashMap<u64, Vec<Anchor>>,
    /// Anchors given as a bare hash, not seen yet.
    bare: HashSet<Hash>,
}

impl Walk<'_> {
    /// Checks one row (`seq, stream, version, at, type, body, hash, command_id`) against the rows
    /// before it.
    fn step(
        &mut self,
        seq: u64,
        row: &rusqlite::Row<'_>,
        held: &mut Vec<Anchor>,
    ) -> Result<(), LinkProblem> {
        let undecodable = |reason: String| LinkProblem::Undecodable { reason };
        let body: String = row.get(5).map_err(|e| undecodable(e.to_string()))?;
        let hash: Vec<u8> = row.get(6).unwrap_or_default();
        let keyed = self.marker.as_ref().is_some_and(|m| seq >= m.from);
        let want = match (keyed, self.key) {
            (false, _) => link(&self.prev, &body),
            (true, Some(key)) => {
                if !self.marker_checked {
                    self.marker_checked = true;
                    if !self
                        .marker
                        .as_ref()
                        .is_some_and(|m| m.valid(key, &self.prev))
                    {
                        return Err(LinkProblem::KeyMismatch);
                    }
                }
                key.link(&self.prev, &body)
            }
            // Without the key the link cannot be recomputed: the row's own hash is taken as is,
            // counted as unchecked, and the rest of the row is still checked.
            (true, None) => {
                self.unchecked += 1;
                from_blob(&hash)
            }
        };
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
        if let Some(anchors) = self.anchors.remove(&seq) {
            for anchor in anchors {
                if anchor.hash != want {
                    return Err(LinkProblem::AnchorMismatch { anchor });
                }
                held.push(anchor);
            }
        }
        if self.bare.remove(&want) {
            held.push(Anchor {
                seq: None,
                hash: want,
            });
        }
        self.prev = want;
        self.next_seq += 1;
        Ok(())
    }

    /// After the last row: the recorded head, the key marker and the head's HMAC (with a key),
    /// and the anchors the walk never reached.
    fn finish(&mut self, conn: &Connection) -> rusqlite::Result<Option<BrokenLink>> {
        let last = self.next_seq - 1;
        let after = |problem| {
            Some(BrokenLink {
                seq: last + 1,
                problem,
            })
        };
        let recorded = recorded_head(conn)?;
        if !head_matches(&recorded, last, &self.prev) {
            return Ok(after(LinkProblem::Truncated {
                recorded_head: recorded.0,
            }));
        }
        if let Some(key) = self.key {
            let Some(marker) = &self.marker else {
                return Ok(after(LinkProblem::NotKeyed));
            };
            // A keyed part that has no row yet: the marker links to the last row.
            let keyed_part_empty_and_valid =
                marker.from == last + 1 && marker.valid(key, &self.prev);
            if !(self.marker_checked || keyed_part_empty_and_valid) {
                return Ok(Some(BrokenLink {
                    seq: marker.from,
                    problem: LinkProblem::KeyMismatch,
                }));
            }
            if !head_authentic(conn, key, last, &self.prev)? {
                return Ok(after(LinkProblem::HeadNotAuthentic));
            }
        }
        let mut missing: Vec<Anchor> = self.anchors.drain().flat_map(|(_, a)| a).collect();
        missing.sort_by_key(|a| a.seq);
        if let Some(anchor) = missing.first() {
            return Ok(Some(BrokenLink {
                seq: anchor.seq.unwrap_or(last + 1),
                problem: LinkProblem::AnchorMissing { anchor: *anchor },
            }));
        }
        if let Some(hash) = self.bare.iter().next() {
            return Ok(after(LinkProblem::AnchorMissing {
                anchor: Anchor {
                    seq: None,
                    hash: *hash,
                },
            }));
        }
        Ok(None)
    }
}

/// The text of the `at` column (and of `changed_at` in personal data): RFC 3339 in UTC.
pub(crate) fn at_column(at: &chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

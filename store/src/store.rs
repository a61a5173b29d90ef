//! The event store: one SQLite file in WAL mode, append-only, with a per-stream version for
//! optimistic concurrency and a hash chain over every row.

use crate::chain::{self, Hash, GENESIS};
use crate::error::{stream_name, StoreError};
use crate::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use kooperacje::{EventEnvelope, StreamId};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How hard a commit tries to survive a power cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Durability {
    /// `synchronous=NORMAL` in WAL mode: a committed event survives the process being killed; a
    /// power cut may lose the last commits but never corrupts the file. SQLite's recommendation
    /// for WAL, and the default.
    #[default]
    Normal,
    /// `synchronous=FULL`: every commit is on the disk before it is acknowledged.
    Full,
}

/// How to open a store.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Create the file if it does not exist.
    pub create: bool,
    /// How long to wait for another process's lock before failing with `STORE_LOCKED`.
    pub busy_timeout: Duration,
    /// Commit durability.
    pub durability: Durability,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: false,
            busy_timeout: Duration::from_secs(5),
            durability: Durability::Normal,
        }
    }
}

/// Where an append landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    /// Global sequence number of the first event written (equal to `last_seq + 1` when none).
    pub first_seq: u64,
    /// Global sequence number of the last event written: the store's new head.
    pub last_seq: u64,
}

/// One row of the log.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// Global position, from 1.
    pub seq: u64,
    /// Position within its stream, from 1.
    pub version: u64,
    /// The event.
    pub event: EventEnvelope,
}

/// An open kooperacje database.
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    busy_ms: u64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (and with `create`, creates) a database file, migrating an older schema and refusing
    /// a newer one, a foreign SQLite file or anything that is not SQLite.
    pub fn open(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Store, StoreError> {
        let path = path.as_ref().to_owned();
        let exists = path.exists();
        if !exists && !options.create {
            return Err(StoreError::Missing { path });
        }
        if exists && path.is_dir() {
            return Err(StoreError::NotADatabase { path });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let busy_ms = options.busy_timeout.as_millis() as u64;
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        let conn = Connection::open_with_flags(&path, flags).map_err(err)?;
        let mut store = Store {
            conn,
            path,
            busy_ms,
        };
        store.prepare(options)?;
        Ok(store)
    }

    /// A store in memory, for tests and for hosts that only want the checks.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| StoreError::Io(e.to_string()))?;
        let mut store = Store {
            conn,
            path,
            busy_ms: 0,
        };
        store.prepare(&OpenOptions::default())?;
        Ok(store)
    }

    fn prepare(&mut self, options: &OpenOptions) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(options.busy_timeout)
            .map_err(|e| self.err(e))?;
        // The first read of the header: a file that is not SQLite fails here.
        let (app, version) = self.header()?;
        if app != APPLICATION_ID && !(app == 0 && self.is_empty_file()?) {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < SCHEMA_VERSION {
            self.migrate()?;
        }
        let sync = match options.durability {
            Durability::Normal => "NORMAL",
            Durability::Full => "FULL",
        };
        // secure_delete: erased personal data is overwritten, not left in free pages.
        self.conn
            .execute_batch(&format!(
                "PRAGMA synchronous = {sync}; PRAGMA secure_delete = ON;"
            ))
            .map_err(|e| self.err(e))?;
        Ok(())
    }

    fn header(&self) -> Result<(i32, u32), StoreError> {
        let app: i32 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let version: u32 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok((app, version))
    }

    fn is_empty_file(&self) -> Result<bool, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        Ok(n == 0)
    }

    /// Creates or upgrades the schema inside one write transaction, re-reading the version under
    /// the lock: two processes opening a new file at once both end up with one schema.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let (path, busy_ms) = (self.path.clone(), self.busy_ms);
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        // WAL must be chosen outside a transaction; it is a property of the file from now on.
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(err)?;
        if !mode.eq_ignore_ascii_case("wal") && path != Path::new(":memory:") {
            return Err(StoreError::Io(format!(
                "cannot switch to WAL mode ({mode})"
            )));
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let app: i32 = tx
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(err)?;
        let from: u32 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(err)?;
        if app != 0 && app != APPLICATION_ID {
            return Err(StoreError::Foreign { path });
        }
        if from > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: from,
                supported: SCHEMA_VERSION,
            });
        }
        for step in &MIGRATIONS[from as usize..] {
            tx.execute_batch(step).map_err(err)?;
        }
        tx.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {SCHEMA_VERSION};"
        ))
        .map_err(err)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('migrated_to', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [SCHEMA_VERSION.to_string()],
        )
        .map_err(err)?;
        tx.commit().map_err(err)
    }

    pub(crate) fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::from_sqlite(e, &self.path, self.busy_ms)
    }

    /// The underlying connection, for read-only queries (analytics, diagnostics). Writing through
    /// it bypasses the version checks and the hash chain, and `verify` will say so.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// The file this store writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's schema version (after any migration, [`SCHEMA_VERSION`]).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self.header()?.1)
    }

    /// Global sequence number of the last event (0 when empty).
    pub fn head(&self) -> Result<u64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM events", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// Number of events in a stream: the version an append to it must expect.
    pub fn stream_version(&self, stream: &StreamId) -> Result<u64, StoreError> {
        self.stream_version_at(stream, u64::MAX)
    }

    /// A stream's version as of global position `head`: the version a state rebuilt up to `head`
    /// has seen.
    pub fn stream_version_at(&self, stream: &StreamId, head: u64) -> Result<u64, StoreError> {
        let head = head.min(i64::MAX as u64) as i64;
        self.conn
            .prepare_cached(
                "SELECT coalesce(max(version), 0) FROM events WHERE stream = ?1 AND seq <= ?2",
            )
            .and_then(|mut s| s.query_row(params![stream_name(stream), head], |r| r.get(0)))
            .map_err(|e| self.err(e))
    }

    /// Appends events to one stream if it is still at `expected` version. All or nothing: on a
    /// conflict or any failure nothing is written.
    pub fn append(
        &mut self,
        stream: &StreamId,
        expected: u64,
        events: &[EventEnvelope],
    ) -> Result<Appended, StoreError> {
        for e in events {
            if e.event.stream_ref() != stream.as_stream_ref() {
                return Err(StoreError::WrongStream {
                    stream: stream_name(stream),
                    found: stream_name(&e.event.stream()),
                });
            }
        }
        self.append_checked(&[(stream.clone(), expected)], events)
    }

    /// Appends events of any streams in one transaction, after checking that each stream in
    /// `expected` is still at the given version (streams not listed are not checked). Events are
    /// written in the order given.
    pub fn append_checked(
        &mut self,
        expected: &[(StreamId, u64)],
        events: &[EventEnvelope],
    ) -> Result<Appended, StoreError> {
        let (path, busy_ms) = (self.path.clone(), self.busy_ms);
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        // A command already in the log is not written twice (see `Store::execute`); checked first,
        // so that a retry racing its first attempt is answered rather than conflicting.
        {
            let mut find = tx
                .prepare_cached(
                    "SELECT min(seq), max(seq) FROM events WHERE command_id = ?1 HAVING count(*) > 0",
                )
                .map_err(err)?;
            let mut seen = std::collections::HashSet::new();
            for id in events.iter().filter_map(|e| e.command_id.as_ref()) {
                if !seen.insert(id) {
                    continue;
                }
                let found: Option<(u64, u64)> = find
                    .query_row([id.as_str()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()
                    .map_err(err)?;
                if let Some((first_seq, last_seq)) = found {
                    return Err(StoreError::DuplicateCommand {
                        command_id: id.to_string(),
                        first_seq,
                        last_seq,
                    });
                }
            }
        }
        let versions = {
            let mut version_of = tx
                .prepare_cached("SELECT coalesce(max(version), 0) FROM events WHERE stream = ?1")
                .map_err(err)?;
            let mut current = std::collections::HashMap::<String, u64>::new();
            for (stream, want) in expected {
                let name = stream_name(stream);
                let actual: u64 = version_of.query_row([&name], |r| r.get(0)).map_err(err)?;
                if actual != *want {
                    return Err(StoreError::Conflict {
                        stream: name,
                        expected: *want,
                        actual,
                    });
                }
                current.insert(name, actual);
            }
            for e in events {
                let name = stream_name(&e.event.stream());
                if let std::collections::hash_map::Entry::Vacant(slot) = current.entry(name) {
                    let actual: u64 = version_of
                        .query_row([slot.key()], |r| r.get(0))
                        .map_err(err)?;
                    slot.insert(actual);
                }
            }
            current
        };
        let (head, mut prev): (u64, Hash) = tx
            .query_row(
                "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, chain::from_blob(&r.get::<_, Vec<u8>>(1)?))),
            )
            .optional()
            .map_err(err)?
            .unwrap_or((0, GENESIS));
        let mut versions = versions;
        let mut seq = head;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO events (seq, stream, version, at, type, body, hash, command_id)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(err)?;
            for e in events {
                let body = chain::canonical(e)?;
                let name = stream_name(&e.event.stream());
                let version = versions.get_mut(&name).map(|v| {
                    *v += 1;
                    *v
                });
                seq += 1;
                prev = chain::link(&prev, &body);
                insert
                    .execute(params![
                        seq as i64,
                        name,
                        version.unwrap_or(1) as i64,
                        chain::at_column(&e.at),
                        chain::event_type(&body),
                        body,
                        &prev[..],
                        e.command_id.as_ref().map(|id| id.as_str()),
                    ])
                    .map_err(err)?;
            }
        }
        if seq > head {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('head', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [format!("{seq} {}", chain::hex(&prev))],
            )
            .map_err(err)?;
        }
        tx.commit().map_err(err)?;
        Ok(Appended {
            first_seq: head + 1,
            last_seq: seq,
        })
    }

    /// Calls `f` with every event after global position `after`, in order. Stops at the first
    /// row that cannot be decoded.
    pub fn for_each_event(
        &self,
        after: u64,
        mut f: impl FnMut(StoredEvent),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, version, body FROM events WHERE seq > ?1 ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt
            .query([after.min(i64::MAX as u64) as i64])
            .map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
            let version: u64 = row.get(1).map_err(|e| self.err(e))?;
            let body = row.get_ref(2).map_err(|e| self.err(e))?;
            let event = decode_row(seq, body)?;
            f(StoredEvent {
                seq,
                version,
                event,
            });
        }
        Ok(())
    }

    /// Every event, in order.
    pub fn events(&self) -> Result<Vec<EventEnvelope>, StoreError> {
        let mut out = Vec::new();
        self.for_each_event(0, |e| out.push(e.event))?;
        Ok(out)
    }

    /// Every event's canonical JSON as stored, in order: the form `events export` writes.
    pub fn for_each_body(
        &self,
        mut f: impl FnMut(u64, &str) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, body FROM events ORDER BY seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let seq: u64 = row.get(0).map_err(|e| self.err(e))?;
            let body = row.get_ref(1).map_err(|e| self.err(e))?;
            let body = body.as_str().map_err(|e| StoreError::Corrupt {
                seq,
                reason: e.to_string(),
            })?;
            f(seq, body)?;
        }
        Ok(())
    }
}

/// Decodes a stored body through the core (schema version included).
pub(crate) fn decode_row(
    seq: u64,
    body: rusqlite::types::ValueRef<'_>,
) -> Result<EventEnvelope, StoreError> {
    let text = body.as_str().map_err(|e| StoreError::Corrupt {
        seq,
        reason: e.to_string(),
    })?;
    decode_body(seq, text)
}

/// Decodes a stored body through the core; a failure names the row.
pub(crate) fn decode_body(seq: u64, body: &str) -> Result<EventEnvelope, StoreError> {
    kooperacje::State::decode_event(body).map_err(|e| StoreError::Corrupt {
        seq,
        reason: e.to_string(),
    })
}

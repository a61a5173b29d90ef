//! The event store: one SQLite file in WAL mode, append-only, with a per-stream version for
//! optimistic concurrency and a hash chain over every row.

use crate::anchor::Anchor;
use crate::chain::{self, Hash, GENESIS};
use crate::error::{stream_name, StoreError};
use crate::key::{set_meta, ChainKey, Marker};
use crate::schema::{APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION};
use kooperacje::{EventEnvelope, StreamId};
use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// Create the file if it does not exist (ignored with `read_only`).
    pub create: bool,
    /// Open only to read: SQLite's read-only mode, and the file is never created, migrated or
    /// written (not even its header). A 0-byte file or one without tables is `STORE_EMPTY` and an
    /// older schema `STORE_NEEDS_UPGRADE`, rather than an empty log or a silent migration: a
    /// command that only reads must not turn a lost database into a new one. Every write through
    /// such a store fails with `STORE_READ_ONLY`.
    pub read_only: bool,
    /// How long to wait for another process's lock before failing with `STORE_LOCKED`.
    pub busy_timeout: Duration,
    /// Commit durability.
    pub durability: Durability,
    /// The chain key (kept outside the database): appends link rows with HMAC-SHA-256, `verify`
    /// checks the keyed part, and a writable open of a log not keyed yet keys it from the next
    /// row on. See [`crate::key`].
    pub chain_key: Option<ChainKey>,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            create: false,
            read_only: false,
            busy_timeout: Duration::from_secs(5),
            durability: Durability::Normal,
            chain_key: None,
        }
    }
}

impl OpenOptions {
    /// The options of a host that only reads (reports, analytics, `verify`): read-only, the
    /// rest default.
    pub fn for_reading() -> OpenOptions {
        OpenOptions {
            read_only: true,
            ..OpenOptions::default()
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
///
/// # Example
///
/// A host's loop: load the state ([`Store::load`]), execute each command against it
/// ([`Store::execute`]: decided by the core, its events appended to the log in one transaction),
/// and later, in another process, open the file read-only, replay the log and verify its chain.
///
/// ```
/// use kooperacje::{sample, PartnershipId, PzkStage};
/// use kooperacje_store::{OpenOptions, Store};
///
/// let dir = tempfile::tempdir()?;
/// let path = dir.path().join("kooperacje.db");
/// let mut store = Store::open(&path, &OpenOptions { create: true, ..OpenOptions::default() })?;
/// assert!(store.created());
///
/// let mut loaded = store.load(|_done, _total| {})?;
/// let start = "2026-01-05T09:00:00Z".parse()?;
/// for command in sample::operating_partnership("pzk-1", start, 3)? {
///     let events = store.execute(&mut loaded, &command)?;
///     assert!(!events.is_empty());
/// }
/// let head = store.head()?; // the number of events stored
/// assert_eq!(loaded.head, head);
/// drop(store);
///
/// // A report: read-only, so it never creates, migrates or writes the file.
/// let reader = Store::open(&path, &OpenOptions::for_reading())?;
/// let replayed = reader.load(|done, total| assert!(done <= total))?;
/// assert_eq!(replayed.head, head);
/// assert_eq!(replayed.state, loaded.state);
/// let pzk = &replayed.state.partnerships[&PartnershipId::from("pzk-1")];
/// assert_eq!(pzk.stage, PzkStage::Operating);
/// let verification = reader.verify(|_, _| {})?;
/// assert!(verification.ok());
/// assert_eq!(verification.events, head);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Store {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
    pub(crate) busy_ms: u64,
    pub(crate) read_only: bool,
    pub(crate) key: Option<ChainKey>,
    created: bool,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens (and with `create`, creates) a database file, migrating an older schema and refusing
    /// a newer one, a foreign SQLite file or anything that is not SQLite. With `read_only`, it
    /// neither creates nor migrates nor writes (see [`OpenOptions::read_only`]).
    pub fn open(path: impl AsRef<Path>, options: &OpenOptions) -> Result<Store, StoreError> {
        let path = path.as_ref().to_owned();
        let exists = path.exists();
        let create = options.create && !options.read_only;
        if !exists && !create {
            return Err(StoreError::Missing { path });
        }
        if exists && path.is_dir() {
            return Err(StoreError::NotADatabase { path });
        }
        if options.read_only && std::fs::metadata(&path).is_ok_and(|m| m.len() == 0) {
            return Err(StoreError::Empty { path });
        }
        let mut flags = OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.read_only {
            flags |= OpenFlags::SQLITE_OPEN_READ_ONLY;
        } else {
            flags |= OpenFlags::SQLITE_OPEN_READ_WRITE;
        }
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let busy_ms = options.busy_timeout.as_millis() as u64;
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        let conn = Connection::open_with_flags(&path, flags).map_err(err)?;
        let mut store = Store {
            conn,
            path,
            busy_ms,
            read_only: options.read_only,
            key: options.chain_key.clone(),
            created: false,
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
            read_only: false,
            key: None,
            created: false,
        };
        store.prepare(&OpenOptions::default())?;
        Ok(store)
    }

    fn prepare(&mut self, options: &OpenOptions) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(options.busy_timeout)
            .map_err(|e| self.err(e))?;
        // The first read of the header: a file that is not SQLite fails here.
        let found = self.inspect()?;
        if found.app == 0 && found.tables == 0 && options.read_only {
            return Err(StoreError::Empty {
                path: self.path.clone(),
            });
        }
        if found.app != APPLICATION_ID && !(found.app == 0 && found.tables == 0) {
            return Err(StoreError::Foreign {
                path: self.path.clone(),
            });
        }
        if found.version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: found.version,
                supported: SCHEMA_VERSION,
            });
        }
        if options.read_only {
            if found.version < SCHEMA_VERSION {
                return Err(StoreError::NeedsUpgrade {
                    path: self.path.clone(),
                    found: found.version,
                    current: SCHEMA_VERSION,
                });
            }
            // Belt and braces: SQLite itself refuses any write on this connection.
            return self
                .conn
                .execute_batch("PRAGMA query_only = ON;")
                .map_err(|e| self.err(e));
        }
        if found.version < SCHEMA_VERSION || found.app == 0 {
            self.migrate()?;
        }
        self.ensure_wal()?;
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
        if self.key.is_some() {
            self.ensure_keyed()?;
        }
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

    /// The header and whether the file has any table, read in one transaction: read one by one,
    /// another process creating the file in between made a new file look foreign (its id still
    /// 0, its tables already there).
    fn inspect(&self) -> Result<Found, StoreError> {
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let found = Found::read(&tx).map_err(|e| self.err(e))?;
        tx.commit().map_err(|e| self.err(e))?;
        Ok(found)
    }

    /// The first row linked with the chain key, if the log is keyed (see [`crate::key`]).
    pub fn keyed_from(&self) -> Result<Option<u64>, StoreError> {
        Ok(Marker::read(&self.conn)
            .map_err(|e| self.err(e))?
            .map(|m| m.from))
    }

    /// Whether this open created the database (a new or empty file): of several processes
    /// opening a new file at once, exactly one did.
    pub fn created(&self) -> bool {
        self.created
    }

    /// Creates or upgrades the schema inside one write transaction, checking the file again
    /// under the lock: of several processes opening a new file at once, one creates the schema
    /// and the others find it done. The journal becomes WAL after that commit, when the file is
    /// surely ours.
    fn migrate(&mut self) -> Result<(), StoreError> {
        let (path, busy_ms) = (self.path.clone(), self.busy_ms);
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(err)?;
        let found = Found::read(&tx).map_err(err)?;
        if found.app != APPLICATION_ID && !(found.app == 0 && found.tables == 0) {
            return Err(StoreError::Foreign { path });
        }
        if found.version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                found: found.version,
                supported: SCHEMA_VERSION,
            });
        }
        let from = if found.app == 0 { 0 } else { found.version };
        if from < SCHEMA_VERSION || found.app == 0 {
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
        }
        tx.commit().map_err(err)?;
        self.created = found.app == 0;
        Ok(())
    }

    /// Puts the file in WAL mode (a property of the file from then on; a no-op once it is).
    /// Switching needs the file to itself for a moment, and SQLite answers "busy" at once rather
    /// than waiting while others have it open — as when several processes create it together —
    /// so this retries until the busy timeout.
    fn ensure_wal(&self) -> Result<(), StoreError> {
        if self.path == Path::new(":memory:") {
            return Ok(());
        }
        let deadline = Instant::now() + Duration::from_millis(self.busy_ms);
        let mut mode: String = self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        while !mode.eq_ignore_ascii_case("wal") {
            match self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0))
                .map_err(|e| self.err(e))
            {
                Ok(now) => {
                    if !now.eq_ignore_ascii_case("wal") {
                        return Err(StoreError::Io(format!("cannot switch to WAL mode ({now})")));
                    }
                    mode = now;
                }
                Err(StoreError::Locked { .. }) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// With a chain key: checks the log's key marker, or, on a log not keyed yet, keys it from
    /// the next row on (the marker and an HMAC of the current head, in one transaction).
    fn ensure_keyed(&mut self) -> Result<(), StoreError> {
        let Some(key) = self.key.clone() else {
            return Ok(());
        };
        let (path, busy_ms) = (self.path.clone(), self.busy_ms);
        let err = |e| StoreError::from_sqlite(e, &path, busy_ms);
        // A write lock only when there is a marker to write.
        let behavior = match Marker::read(&self.conn).map_err(err)? {
            Some(_) => TransactionBehavior::Deferred,
            None => TransactionBehavior::Immediate,
        };
        let tx = Transaction::new_unchecked(&self.conn, behavior).map_err(err)?;
        let (head, last) = last_row(&tx).map_err(err)?;
        match Marker::read(&tx).map_err(err)? {
            Some(m) => {
                let before = hash_before(&tx, m.from).map_err(err)?;
                if !before.is_some_and(|h| m.valid(&key, &h)) {
                    return Err(StoreError::ChainKeyWrong);
                }
            }
            None => {
                let from = head + 1;
                set_meta(
                    &tx,
                    Marker::KEY,
                    &format!("{from} {}", key.marker(from, &last)),
                )
                .map_err(err)?;
                set_meta(&tx, Marker::HEAD_KEY, &key.head(head, &last)).map_err(err)?;
            }
        }
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
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
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
        let key = if events.is_empty() {
            None
        } else {
            keyed_append(&tx, self.key.as_ref(), head, &prev).map_err(|e| match e {
                Keying::Sql(e) => err(e),
                Keying::Refused(e) => e,
            })?
        };
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
                prev = match key {
                    Some(k) => k.link(&prev, &body),
                    None => chain::link(&prev, &body),
                };
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
            if let Some(k) = key {
                set_meta(&tx, Marker::HEAD_KEY, &k.head(seq, &prev)).map_err(err)?;
            }
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

impl Store {
    /// The current head as an anchor: the last row's number and hash (0 and 32 zero bytes for an
    /// empty log), read from the rows themselves. File it somewhere this database's owner cannot
    /// rewrite; [`Store::verify_anchored`] later proves the log still extends it. It says nothing
    /// of the log before it: run `verify` first.
    pub fn anchor(&self) -> Result<Anchor, StoreError> {
        let (seq, hash) = last_row(&self.conn).map_err(|e| self.err(e))?;
        Ok(Anchor {
            seq: Some(seq),
            hash,
        })
    }
}

/// The header of a file and whether it has any table.
pub(crate) struct Found {
    app: i32,
    version: u32,
    tables: u64,
}

impl Found {
    fn read(conn: &Connection) -> rusqlite::Result<Found> {
        Ok(Found {
            app: conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
            version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
            tables: conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?,
        })
    }
}

/// The last row's number and hash (0 and [`GENESIS`] when the log is empty).
pub(crate) fn last_row(conn: &Connection) -> rusqlite::Result<(u64, Hash)> {
    Ok(conn
        .prepare_cached("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")?
        .query_row([], |r| {
            Ok((r.get(0)?, chain::from_blob(&r.get::<_, Vec<u8>>(1)?)))
        })
        .optional()?
        .unwrap_or((0, GENESIS)))
}

/// The hash row `seq` links to: row `seq - 1`'s, [`GENESIS`] for row 1; `None` when that row is
/// not there.
pub(crate) fn hash_before(conn: &Connection, seq: u64) -> rusqlite::Result<Option<Hash>> {
    if seq <= 1 {
        return Ok((seq == 1).then_some(GENESIS));
    }
    conn.prepare_cached("SELECT hash FROM events WHERE seq = ?1")?
        .query_row([(seq - 1).min(i64::MAX as u64) as i64], |r| {
            Ok(chain::from_blob(&r.get::<_, Vec<u8>>(0)?))
        })
        .optional()
}

/// Why an append could not be linked.
enum Keying {
    Sql(rusqlite::Error),
    Refused(StoreError),
}

impl From<rusqlite::Error> for Keying {
    fn from(e: rusqlite::Error) -> Self {
        Keying::Sql(e)
    }
}

/// The key an append links its rows with, read with the log's marker inside the append's
/// transaction (another process may have keyed the log since this one opened it): none for a log
/// not keyed and no key; the key, after checking the marker, for a keyed log (refused without
/// one); and for a log not keyed yet, the key after writing the marker from the next row on.
fn keyed_append<'k>(
    tx: &Connection,
    key: Option<&'k ChainKey>,
    head: u64,
    head_hash: &Hash,
) -> Result<Option<&'k ChainKey>, Keying> {
    match (key, Marker::read(tx)?) {
        (None, None) => Ok(None),
        (None, Some(m)) => Err(Keying::Refused(StoreError::ChainKeyRequired {
            keyed_from: m.from,
        })),
        (Some(k), Some(m)) => {
            let before = if m.from == head + 1 {
                Some(*head_hash)
            } else {
                hash_before(tx, m.from)?
            };
            if before.is_some_and(|h| m.valid(k, &h)) {
                Ok(Some(k))
            } else {
                Err(Keying::Refused(StoreError::ChainKeyWrong))
            }
        }
        (Some(k), None) => {
            let from = head + 1;
            set_meta(
                tx,
                Marker::KEY,
                &format!("{from} {}", k.marker(from, head_hash)),
            )?;
            Ok(Some(k))
        }
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

//! The file's layout and its migrations. The version lives in SQLite's own `user_version` and the
//! file is marked as ours by `application_id`, so `sqlite3 file 'PRAGMA user_version'` tells an IT
//! person what they hold without this library.

/// The schema version this build writes. Older files are migrated on open; newer ones refused.
pub const SCHEMA_VERSION: u32 = 3;

/// `PRAGMA application_id` of every kooperacje database: "KOOP" in ASCII.
pub const APPLICATION_ID: i32 = 0x4B4F_4F50;

/// Migration `i` takes a file from version `i` to `i + 1`. Never edit a released step: add one.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 0 → 1: the event log. `body` is the event's canonical JSON, the form host systems store;
    // `hash` chains each row to the one before it (SHA-256 over the previous hash and `body`).
    // `stream`, `version`, `at` and `type` are copies of what `body` says, kept for indexing and
    // checked against it by `verify`.
    "CREATE TABLE events (
        seq     INTEGER PRIMARY KEY,
        stream  TEXT    NOT NULL,
        version INTEGER NOT NULL,
        at      TEXT    NOT NULL,
        type    TEXT    NOT NULL,
        body    TEXT    NOT NULL,
        hash    BLOB    NOT NULL,
        UNIQUE (stream, version)
    ) STRICT;
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;",
    // 1 → 2: personal data, apart from the log so that it can be erased while the log stays whole.
    "CREATE TABLE personal_data (
        kind       TEXT NOT NULL CHECK (kind IN ('person', 'note')),
        ref        TEXT NOT NULL,
        body       TEXT,
        redaction  TEXT CHECK (redaction IN ('erased', 'pseudonymised')),
        changed_at TEXT NOT NULL,
        PRIMARY KEY (kind, ref)
    ) STRICT;",
    // 2 → 3: idempotent appends (event schema 2). `command_id` copies the `command_id` of the
    // body (NULL for events without one, which every row written before this step is), checked
    // against it by `verify`; a retried command is found by it. Events without one are found by
    // their stream and time when a log is imported again.
    "ALTER TABLE events ADD COLUMN command_id TEXT;
    CREATE INDEX events_by_command ON events (command_id) WHERE command_id IS NOT NULL;
    CREATE INDEX events_by_stream_time ON events (stream, at);",
];

const _: () = assert!(MIGRATIONS.len() == SCHEMA_VERSION as usize);

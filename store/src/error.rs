//! Storage errors: each with a stable machine code, an English message (`Display`) and a Polish one.
//! A rejected command keeps the core's own error ([`StoreError::Domain`]), so a host can tell "the
//! rules said no" (exit code 1 in the CLI) from "the file said no" (exit code 3).

use kooperacje::{Error as DomainError, Lang, StreamId};
use std::path::PathBuf;

/// Why the store refused or failed. Whatever the error, nothing was written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The core rejected a command or an event.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Optimistic concurrency: the stream moved on since the caller read it.
    #[error("conflict on {stream}: expected version {expected}, the store is at {actual}")]
    Conflict {
        /// The stream (`partnership/ID` or `zzk/ID`).
        stream: String,
        /// The version the caller decided against.
        expected: u64,
        /// The version in the store.
        actual: u64,
    },
    /// An appended event does not belong to the stream it was appended to.
    #[error("event of {found} appended to stream {stream}")]
    WrongStream {
        /// The stream appended to.
        stream: String,
        /// The event's own stream.
        found: String,
    },
    /// Another process holds the database lock for longer than the busy timeout.
    #[error("the database is locked by another process (waited {waited_ms} ms)")]
    Locked {
        /// How long the store waited.
        waited_ms: u64,
    },
    /// The disk (or the file-size limit) is full.
    #[error("the database could not grow (disk full or file-size limit): {0}")]
    Full(String),
    /// No database at this path.
    #[error("no database at {path}; create one with `kooperacje init`")]
    Missing {
        /// The path.
        path: PathBuf,
    },
    /// The file is not an SQLite database (corrupt, truncated or something else entirely).
    #[error("{path} is not a kooperacje database (not an SQLite file, or corrupt)")]
    NotADatabase {
        /// The path.
        path: PathBuf,
    },
    /// An SQLite database that belongs to some other application.
    #[error("{path} is an SQLite database of another application")]
    Foreign {
        /// The path.
        path: PathBuf,
    },
    /// The file was written by a newer version of this library.
    #[error("the database has schema version {found}; this build supports up to {supported}; upgrade kooperacje")]
    TooNew {
        /// Version in the file.
        found: u32,
        /// Newest version this build knows.
        supported: u32,
    },
    /// A stored row cannot be read back (edited by hand or damaged).
    #[error("event #{seq} cannot be read: {reason}")]
    Corrupt {
        /// Global sequence number of the row.
        seq: u64,
        /// What is wrong.
        reason: String,
    },
    /// An append carries a command already in the log: the command was appended before (a
    /// retry). [`crate::Store::execute`] answers such a retry with the original events instead.
    #[error("command {command_id} is already in the log (events #{first_seq}–#{last_seq})")]
    DuplicateCommand {
        /// The command's id.
        command_id: String,
        /// The first of its events.
        first_seq: u64,
        /// The last of its events.
        last_seq: u64,
    },
    /// A command id already in the log came with a different command (another time or author),
    /// or an imported event under it differs from the stored one: a host gave one id to two
    /// commands, or the log was altered.
    #[error("command id {command_id} is already in the log for a different command")]
    CommandIdReused {
        /// The command's id.
        command_id: String,
    },
    /// Any other SQLite or file-system failure.
    #[error("storage error: {0}")]
    Io(String),
}

/// Every storage code with its meaning, for hosts and bindings (the core has its own list).
pub const CODES: &[&str] = &[
    "STORE_CONFLICT",
    "STORE_WRONG_STREAM",
    "STORE_LOCKED",
    "STORE_FULL",
    "STORE_MISSING",
    "STORE_NOT_A_DATABASE",
    "STORE_FOREIGN",
    "STORE_TOO_NEW",
    "STORE_CORRUPT",
    "STORE_DUPLICATE_COMMAND",
    "STORE_COMMAND_ID_REUSED",
    "STORE_IO",
];

impl StoreError {
    /// Stable machine code: the core's code for domain errors, `STORE_*` otherwise.
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Domain(e) => e.code(),
            StoreError::Conflict { .. } => "STORE_CONFLICT",
            StoreError::WrongStream { .. } => "STORE_WRONG_STREAM",
            StoreError::Locked { .. } => "STORE_LOCKED",
            StoreError::Full(_) => "STORE_FULL",
            StoreError::Missing { .. } => "STORE_MISSING",
            StoreError::NotADatabase { .. } => "STORE_NOT_A_DATABASE",
            StoreError::Foreign { .. } => "STORE_FOREIGN",
            StoreError::TooNew { .. } => "STORE_TOO_NEW",
            StoreError::Corrupt { .. } => "STORE_CORRUPT",
            StoreError::DuplicateCommand { .. } => "STORE_DUPLICATE_COMMAND",
            StoreError::CommandIdReused { .. } => "STORE_COMMAND_ID_REUSED",
            StoreError::Io(_) => "STORE_IO",
        }
    }

    /// Whether the rules (not the storage) refused: the CLI's exit code 1 rather than 3.
    pub fn is_domain(&self) -> bool {
        matches!(self, StoreError::Domain(_))
    }

    /// The message in Polish.
    pub fn message_pl(&self) -> String {
        match self {
            StoreError::Domain(e) => e.message_pl(),
            StoreError::Conflict {
                stream,
                expected,
                actual,
            } => format!(
                "konflikt zapisu w {stream}: oczekiwano wersji {expected}, w bazie jest {actual} — ktoś zapisał zmiany w międzyczasie; wczytaj stan ponownie"
            ),
            StoreError::WrongStream { stream, found } => {
                format!("zdarzenie strumienia {found} dopisywane do strumienia {stream}")
            }
            StoreError::Locked { waited_ms } => format!(
                "baza danych jest zablokowana przez inny proces (czekano {waited_ms} ms)"
            ),
            StoreError::Full(detail) => {
                format!("nie można powiększyć bazy danych (brak miejsca na dysku lub limit rozmiaru pliku): {detail}")
            }
            StoreError::Missing { path } => format!(
                "brak bazy danych {}; utwórz ją poleceniem `kooperacje init`",
                path.display()
            ),
            StoreError::NotADatabase { path } => format!(
                "{} nie jest bazą kooperacje (to nie plik SQLite albo plik jest uszkodzony)",
                path.display()
            ),
            StoreError::Foreign { path } => {
                format!("{} jest bazą SQLite innej aplikacji", path.display())
            }
            StoreError::TooNew { found, supported } => format!(
                "baza ma wersję schematu {found}, a ta wersja programu obsługuje najwyżej {supported}; zaktualizuj kooperacje"
            ),
            StoreError::Corrupt { seq, reason } => {
                format!("nie można odczytać zdarzenia nr {seq}: {reason}")
            }
            StoreError::DuplicateCommand {
                command_id,
                first_seq,
                last_seq,
            } => format!(
                "polecenie {command_id} jest już w dzienniku (zdarzenia nr {first_seq}–{last_seq})"
            ),
            StoreError::CommandIdReused { command_id } => format!(
                "identyfikator polecenia {command_id} jest już w dzienniku dla innego polecenia"
            ),
            StoreError::Io(detail) => format!("błąd zapisu lub odczytu: {detail}"),
        }
    }

    /// The message in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Pl => self.message_pl(),
            Lang::En => self.to_string(),
        }
    }

    /// `{"code", "message", "message_pl"}` (plus the core's fields for domain errors).
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            StoreError::Domain(e) => e.to_json(),
            _ => serde_json::json!({
                "code": self.code(),
                "area": "store",
                "message": self.to_string(),
                "message_pl": self.message_pl(),
            }),
        }
    }

    pub(crate) fn from_sqlite(e: rusqlite::Error, path: &std::path::Path, busy_ms: u64) -> Self {
        use rusqlite::ErrorCode as C;
        match &e {
            rusqlite::Error::SqliteFailure(f, msg) => match f.code {
                C::DatabaseBusy | C::DatabaseLocked => StoreError::Locked { waited_ms: busy_ms },
                C::DiskFull => StoreError::Full(msg.clone().unwrap_or_else(|| e.to_string())),
                C::NotADatabase => StoreError::NotADatabase {
                    path: path.to_owned(),
                },
                // A write refused by the file-size limit (EFBIG) surfaces as an I/O error.
                C::SystemIoFailure if is_too_big(f.extended_code) => {
                    StoreError::Full(e.to_string())
                }
                C::DatabaseCorrupt => StoreError::NotADatabase {
                    path: path.to_owned(),
                },
                _ => StoreError::Io(format!("{e} (SQLite code {})", f.extended_code)),
            },
            _ => StoreError::Io(e.to_string()),
        }
    }
}

/// SQLITE_IOERR_WRITE or SQLITE_IOERR_SHMSIZE: the operating system refused to grow the database,
/// its write-ahead log or its shared-memory index — a file-size limit (EFBIG) or a full device
/// that SQLite did not recognise as such.
fn is_too_big(extended: std::ffi::c_int) -> bool {
    const SQLITE_IOERR: i32 = 10;
    const WRITE: i32 = 3;
    const SHMSIZE: i32 = 19;
    extended & 0xff == SQLITE_IOERR && [WRITE, SHMSIZE].contains(&(extended >> 8))
}

/// `partnership/ID` or `zzk/ID`, for messages.
pub(crate) fn stream_name(s: &StreamId) -> String {
    match s {
        StreamId::Partnership(id) => format!("partnership/{id}"),
        StreamId::Zzk(id) => format!("zzk/{id}"),
    }
}

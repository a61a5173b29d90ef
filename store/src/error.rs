//! Storage errors: each with a stable machine code, an English message (`Display`) and a Polish one.
//! A rejected command keeps the core's own error ([`StoreError::Domain`]), so a host can tell "the
//! rules said no" (exit code 1 in the CLI) from "the file said no" (exit code 3).

use kooperacje::{Error as DomainError, Lang, StreamId};
use std::path::PathBuf;

/// Why the store refused or failed. Whatever the error, nothing was written — with one exception,
/// [`StoreError::ErasePending`]: the erasure was written, but old copies of the data are still in
/// the file.
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
    /// A file with no kooperacje database in it (0 bytes, or SQLite without any table), opened only
    /// to read. Reported rather than read as an intact empty log: an empty file where a database
    /// should be is more likely a database lost (overwritten, truncated) than a new one.
    #[error("{path} is empty: it holds no kooperacje database (0 bytes or no tables); nothing was read or written. If it should hold your events, restore it from a backup; to start a new database there, run `kooperacje init`")]
    Empty {
        /// The path.
        path: PathBuf,
    },
    /// A file with an older schema, opened only to read: a read never migrates (it writes
    /// nothing), and reading the old layout as if it were the new one is not safe.
    #[error("{path} has schema version {found}; this build reads version {current} and a command that only reads does not upgrade it; run `kooperacje init` (or any command that writes) to upgrade it")]
    NeedsUpgrade {
        /// The path.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// The version this build writes.
        current: u32,
    },
    /// A write through a store opened read-only.
    #[error("the database was opened read-only; nothing was written")]
    ReadOnly,
    /// The erasure is written, but another connection's read transaction keeps older copies of
    /// the pages (the erased data among them) in the file or its write-ahead log.
    #[error("the data of {kind} {id} is erased from the database, but old copies of it remain in the file until the other programs reading the database finish; close them and erase again to finish (`kooperacje {kind} erase {id}`)")]
    ErasePending {
        /// `person` or `note`.
        kind: &'static str,
        /// The id.
        id: String,
    },
    /// The chain key could not be read or is too short.
    #[error("chain key: {reason}")]
    ChainKeyInvalid {
        /// What is wrong, in English.
        reason: String,
        /// What is wrong, in Polish.
        reason_pl: String,
    },
    /// An append to a keyed log without its key: the new rows could not be linked.
    #[error("the event log is keyed (from event #{keyed_from}); appending to it needs its chain key (--chain-key-file or KOOPERACJE_CHAIN_KEY_FILE); nothing was written")]
    ChainKeyRequired {
        /// First keyed row.
        keyed_from: u64,
    },
    /// The key given does not validate the log's key marker: a different key, or the log was
    /// changed (its marker, or the row before the keyed part).
    #[error("the chain key does not match this event log (a different key, or the log was changed: run `kooperacje verify`); nothing was written")]
    ChainKeyWrong,
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
    "STORE_EMPTY",
    "STORE_NEEDS_UPGRADE",
    "STORE_READ_ONLY",
    "STORE_ERASE_PENDING",
    "STORE_CHAIN_KEY_INVALID",
    "STORE_CHAIN_KEY_REQUIRED",
    "STORE_CHAIN_KEY_WRONG",
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
            StoreError::Empty { .. } => "STORE_EMPTY",
            StoreError::NeedsUpgrade { .. } => "STORE_NEEDS_UPGRADE",
            StoreError::ReadOnly => "STORE_READ_ONLY",
            StoreError::ErasePending { .. } => "STORE_ERASE_PENDING",
            StoreError::ChainKeyInvalid { .. } => "STORE_CHAIN_KEY_INVALID",
            StoreError::ChainKeyRequired { .. } => "STORE_CHAIN_KEY_REQUIRED",
            StoreError::ChainKeyWrong => "STORE_CHAIN_KEY_WRONG",
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
            StoreError::Empty { path } => format!(
                "{} jest pusty: nie ma w nim bazy kooperacje (0 bajtów albo brak tabel); niczego nie odczytano ani nie zapisano. Jeśli miały w nim być zdarzenia, odtwórz go z kopii zapasowej; nową bazę w tym miejscu utworzy `kooperacje init`",
                path.display()
            ),
            StoreError::NeedsUpgrade {
                path,
                found,
                current,
            } => format!(
                "{} ma schemat w wersji {found}; ta wersja programu czyta wersję {current}, a polecenie, które tylko czyta, nie aktualizuje bazy; zaktualizuj ją poleceniem `kooperacje init` (albo dowolnym poleceniem, które zapisuje)",
                path.display()
            ),
            StoreError::ReadOnly => {
                "baza została otwarta tylko do odczytu; niczego nie zapisano".into()
            }
            StoreError::ErasePending { kind, id } => {
                let what = match *kind {
                    "note" => "notatki",
                    _ => "osoby",
                };
                format!(
                    "dane {what} {id} usunięto z bazy, ale ich stare kopie pozostaną w pliku, dopóki inne programy czytające bazę nie skończą; zamknij je i usuń dane ponownie, aby dokończyć (`kooperacje {kind} erase {id}`)"
                )
            }
            StoreError::ChainKeyInvalid { reason_pl, .. } => {
                format!("klucz łańcucha: {reason_pl}")
            }
            StoreError::ChainKeyRequired { keyed_from } => format!(
                "dziennik zdarzeń jest chroniony kluczem (od zdarzenia nr {keyed_from}); dopisywanie do niego wymaga klucza łańcucha (--chain-key-file albo KOOPERACJE_CHAIN_KEY_FILE); niczego nie zapisano"
            ),
            StoreError::ChainKeyWrong => "klucz łańcucha nie pasuje do tego dziennika zdarzeń (inny klucz albo dziennik zmieniono: uruchom `kooperacje verify`); niczego nie zapisano".into(),
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

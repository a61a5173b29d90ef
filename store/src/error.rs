//! Storage errors: each with a stable machine code, an English message (`Display`) and a Polish one.
//! A rejected command keeps the core's own error ([`StoreError::Domain`]), so a host can tell "the
//! rules said no" (exit code 1 in the CLI) from "the file said no" (exit code 3).

use kooperacje::{Error as DomainError, StreamId};
use std::path::PathBuf;

kooperacje::declare_errors! {
    /// Why the store refused or failed. Whatever the error, nothing was written — with one
    /// exception, [`StoreError::ErasePending`]: the erasure was written, but old copies of the data
    /// are still in the file. Every code of its own is `STORE_*`, of kind `store`; its catalogue
    /// ([`StoreError::catalogue`]) holds the core's codes and these.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum StoreError in "store" {
        @wrap {
            /// The core rejected a command or an event.
            Domain(DomainError),
        }
        /// Optimistic concurrency: the stream moved on since the caller read it.
        Conflict {
            /// The stream (`partnership/ID` or `zzk/ID`).
            stream: String,
            /// The version the caller decided against.
            expected: u64,
            /// The version in the store.
            actual: u64,
        } = "STORE_CONFLICT", Store,
            en("conflict on {stream}: expected version {expected}, the store is at {actual}"),
            pl("konflikt zapisu w {stream}: oczekiwano wersji {expected}, w bazie jest {actual} — ktoś zapisał zmiany w międzyczasie; wczytaj stan ponownie");
        /// An appended event does not belong to the stream it was appended to.
        WrongStream {
            /// The stream appended to.
            stream: String,
            /// The event's own stream.
            found: String,
        } = "STORE_WRONG_STREAM", Store,
            en("event of {found} appended to stream {stream}"),
            pl("zdarzenie strumienia {found} dopisywane do strumienia {stream}");
        /// Another process holds the database lock for longer than the busy timeout.
        Locked {
            /// How long the store waited.
            waited_ms: u64,
        } = "STORE_LOCKED", Store,
            en("the database is locked by another process (waited {waited_ms} ms)"),
            pl("baza danych jest zablokowana przez inny proces (czekano {waited_ms} ms)");
        /// The disk (or the file-size limit) is full.
        Full(detail: String) = "STORE_FULL", Store,
            en("the database could not grow (disk full or file-size limit): {detail}"),
            pl("nie można powiększyć bazy danych (brak miejsca na dysku lub limit rozmiaru pliku): {detail}");
        /// No database at this path.
        Missing {
            /// The path.
            path: PathBuf,
        } = "STORE_MISSING", Store,
            en("no database at {}; create one with `kooperacje init`", path.display()),
            pl("brak bazy danych {}; utwórz ją poleceniem `kooperacje init`", path.display());
        /// The file is not an SQLite database (corrupt, truncated or something else entirely).
        NotADatabase {
            /// The path.
            path: PathBuf,
        } = "STORE_NOT_A_DATABASE", Store,
            en("{} is not a kooperacje database (not an SQLite file, or corrupt)", path.display()),
            pl("{} nie jest bazą kooperacje (to nie plik SQLite albo plik jest uszkodzony)", path.display());
        /// An SQLite database that belongs to some other application.
        Foreign {
            /// The path.
            path: PathBuf,
        } = "STORE_FOREIGN", Store,
            en("{} is an SQLite database of another application", path.display()),
            pl("{} jest bazą SQLite innej aplikacji", path.display());
        /// The file was written by a newer version of this library.
        TooNew {
            /// Version in the file.
            found: u32,
            /// Newest version this build knows.
            supported: u32,
        } = "STORE_TOO_NEW", Store,
            en("the database has schema version {found}; this build supports up to {supported}; upgrade kooperacje"),
            pl("baza ma wersję schematu {found}, a ta wersja programu obsługuje najwyżej {supported}; zaktualizuj kooperacje");
        /// A file with no kooperacje database in it (0 bytes, or SQLite without any table),
        /// opened only to read. Reported rather than read as an intact empty log: an empty file
        /// where a database should be is more likely a database lost (overwritten, truncated)
        /// than a new one.
        Empty {
            /// The path.
            path: PathBuf,
        } = "STORE_EMPTY", Store,
            en("{} is empty: it holds no kooperacje database (0 bytes or no tables); nothing was read or written. If it should hold your events, restore it from a backup; to start a new database there, run `kooperacje init`", path.display()),
            pl("{} jest pusty: nie ma w nim bazy kooperacje (0 bajtów albo brak tabel); niczego nie odczytano ani nie zapisano. Jeśli miały w nim być zdarzenia, odtwórz go z kopii zapasowej; nową bazę w tym miejscu utworzy `kooperacje init`", path.display());
        /// A file with an older schema, opened only to read: a read never migrates (it writes
        /// nothing), and reading the old layout as if it were the new one is not safe.
        NeedsUpgrade {
            /// The path.
            path: PathBuf,
            /// Version in the file.
            found: u32,
            /// The version this build writes.
            current: u32,
        } = "STORE_NEEDS_UPGRADE", Store,
            en("{} has schema version {found}; this build reads version {current} and a command that only reads does not upgrade it; run `kooperacje init` (or any command that writes) to upgrade it", path.display()),
            pl("{} ma schemat w wersji {found}; ta wersja programu czyta wersję {current}, a polecenie, które tylko czyta, nie aktualizuje bazy; zaktualizuj ją poleceniem `kooperacje init` (albo dowolnym poleceniem, które zapisuje)", path.display());
        /// A write through a store opened read-only.
        ReadOnly = "STORE_READ_ONLY", Store,
            en("the database was opened read-only; nothing was written"),
            pl("baza została otwarta tylko do odczytu; niczego nie zapisano");
        /// The erasure is written, but another connection's read transaction keeps older copies
        /// of the pages (the erased data among them) in the file or its write-ahead log.
        ErasePending {
            /// `person` or `note`.
            kind: &'static str,
            /// The id.
            id: String,
        } = "STORE_ERASE_PENDING", Store,
            en("the data of {kind} {id} is erased from the database, but old copies of it remain in the file until the other programs reading the database finish; close them and erase again to finish (`kooperacje {kind} erase {id}`)"),
            pl("dane {} {id} usunięto z bazy, ale ich stare kopie pozostaną w pliku, dopóki inne programy czytające bazę nie skończą; zamknij je i usuń dane ponownie, aby dokończyć (`kooperacje {kind} erase {id}`)", whose_data_pl(kind));
        /// The chain key could not be read or is too short.
        ChainKeyInvalid {
            /// What is wrong, in English.
            reason: String,
            /// What is wrong, in Polish.
            reason_pl: String,
        } = "STORE_CHAIN_KEY_INVALID", Store,
            en("chain key: {reason}"),
            pl("klucz łańcucha: {reason_pl}");
        /// An append to a keyed log without its key: the new rows could not be linked.
        ChainKeyRequired {
            /// First keyed row.
            keyed_from: u64,
        } = "STORE_CHAIN_KEY_REQUIRED", Store,
            en("the event log is keyed (from event #{keyed_from}); appending to it needs its chain key (--chain-key-file or KOOPERACJE_CHAIN_KEY_FILE); nothing was written"),
            pl("dziennik zdarzeń jest chroniony kluczem (od zdarzenia nr {keyed_from}); dopisywanie do niego wymaga klucza łańcucha (--chain-key-file albo KOOPERACJE_CHAIN_KEY_FILE); niczego nie zapisano");
        /// The key given does not validate the log's key marker: a different key, or the log was
        /// changed (its marker, or the row before the keyed part).
        ChainKeyWrong = "STORE_CHAIN_KEY_WRONG", Store,
            en("the chain key does not match this event log (a different key, or the log was changed: run `kooperacje verify`); nothing was written"),
            pl("klucz łańcucha nie pasuje do tego dziennika zdarzeń (inny klucz albo dziennik zmieniono: uruchom `kooperacje verify`); niczego nie zapisano");
        /// A stored row cannot be read back (edited by hand or damaged).
        Corrupt {
            /// Global sequence number of the row.
            seq: u64,
            /// What is wrong.
            reason: String,
        } = "STORE_CORRUPT", Store,
            en("event #{seq} cannot be read: {reason}"),
            pl("nie można odczytać zdarzenia nr {seq}: {reason}");
        /// An append carries a command already in the log: the command was appended before (a
        /// retry). [`crate::Store::execute`] answers such a retry with the original events
        /// instead.
        DuplicateCommand {
            /// The command's id.
            command_id: String,
            /// The first of its events.
            first_seq: u64,
            /// The last of its events.
            last_seq: u64,
        } = "STORE_DUPLICATE_COMMAND", Store,
            en("command {command_id} is already in the log (events #{first_seq}–#{last_seq})"),
            pl("polecenie {command_id} jest już w dzienniku (zdarzenia nr {first_seq}–{last_seq})");
        /// A command id already in the log came with a different command (another time or
        /// author), or an imported event under it differs from the stored one: a host gave one id
        /// to two commands, or the log was altered.
        CommandIdReused {
            /// The command's id.
            command_id: String,
        } = "STORE_COMMAND_ID_REUSED", Store,
            en("command id {command_id} is already in the log for a different command"),
            pl("identyfikator polecenia {command_id} jest już w dzienniku dla innego polecenia");
        /// Any other SQLite or file-system failure.
        Io(detail: String) = "STORE_IO", Store,
            en("storage error: {detail}"),
            pl("błąd zapisu lub odczytu: {detail}");
    }
}

/// Whose data an erasure concerns, in Polish (genitive): `note` or `person`.
fn whose_data_pl(kind: &str) -> &'static str {
    match kind {
        "note" => "notatki",
        _ => "osoby",
    }
}

impl StoreError {
    /// Whether the rules (not the storage) refused: the CLI's exit code 1 rather than 3.
    pub fn is_domain(&self) -> bool {
        matches!(self, StoreError::Domain(_))
    }

    /// `{"code", "area", "kind", "message", "message_pl"}`, as the core's errors have.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            StoreError::Domain(e) => e.to_json(),
            _ => serde_json::json!({
                "code": self.code(),
                "area": self.area(),
                "kind": self.kind(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use kooperacje::error::ErrorKind;
    use kooperacje::ValidationError;

    #[test]
    fn the_catalogue_holds_the_core_codes_and_the_store_codes_once() {
        let all = StoreError::catalogue();
        let core = kooperacje::error::codes();
        assert_eq!(&all[..core.len()], core);
        let own = &all[core.len()..];
        assert!(own.len() >= 19, "{own:?}");
        for e in own {
            assert!(e.code.starts_with("STORE_"), "{}", e.code);
            assert_eq!((e.area, e.kind), ("store", ErrorKind::Store), "{}", e.code);
        }
        let mut codes: Vec<&str> = all.iter().map(|e| e.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "a code is listed twice");
    }

    #[test]
    fn a_store_error_has_its_entry_and_a_domain_error_keeps_the_core_one() {
        let e = StoreError::Locked { waited_ms: 200 };
        assert_eq!(
            (e.code(), e.area(), e.kind()),
            ("STORE_LOCKED", "store", ErrorKind::Store)
        );
        assert_eq!(
            e.message_pl(),
            "baza danych jest zablokowana przez inny proces (czekano 200 ms)"
        );
        assert_eq!(e.to_json()["kind"], "store");
        let e = StoreError::Missing {
            path: PathBuf::from("/tmp/x.db"),
        };
        assert_eq!(
            e.to_string(),
            "no database at /tmp/x.db; create one with `kooperacje init`"
        );
        let e = StoreError::from(DomainError::from(ValidationError::not_found(
            kooperacje::Entity::Zzk,
            "zzk-9",
        )));
        assert_eq!((e.code(), e.kind()), ("ZZK_NOT_FOUND", ErrorKind::NotFound));
        assert!(e.is_domain());
        assert_eq!(e.to_json()["area"], "validation");
    }

    #[test]
    fn polish_messages_are_not_the_english_ones() {
        let samples = [
            StoreError::ReadOnly,
            StoreError::ChainKeyWrong,
            StoreError::Io("disk".into()),
            StoreError::ErasePending {
                kind: "note",
                id: "n-1".into(),
            },
        ];
        for e in samples {
            let (en, pl) = (e.to_string(), e.message_pl());
            assert!(!pl.is_empty() && pl != en, "{}: {pl}", e.code());
        }
    }
}

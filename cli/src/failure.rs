//! Why a command failed, and how that becomes a message (Polish or English, text or JSON) and an
//! exit code: 1 for the rules and bad input, 2 for usage, 3 for storage, 4 for an erasure written
//! but not complete yet.

use kooperacje::Lang;
use kooperacje_cli::escape;
use kooperacje_cli::sheet::{FileError, RowError};
use kooperacje_store::{StoreError, Verification};

/// A failed command.
#[derive(Debug)]
pub enum Failure {
    /// Wrong arguments that clap could not catch.
    Usage {
        /// English.
        en: String,
        /// Polish.
        pl: String,
    },
    /// The core refused.
    Domain(kooperacje::Error),
    /// The store refused or failed.
    Store(StoreError),
    /// An input file that is not what it should be.
    File(FileError),
    /// An import with bad rows or lines (nothing was imported).
    Rows {
        /// Every bad row.
        errors: Vec<RowError>,
    },
    /// An output file could not be written.
    Write(String),
    /// The hash chain is broken, or the log does not extend an anchor given.
    Broken(Box<Verification>),
    /// The keyed part of the log could not be checked: no chain key was given.
    Unverified(Box<Verification>),
}

impl From<StoreError> for Failure {
    fn from(e: StoreError) -> Self {
        Failure::Store(e)
    }
}

impl From<kooperacje::Error> for Failure {
    fn from(e: kooperacje::Error) -> Self {
        Failure::Domain(e)
    }
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage { .. } => 2,
            Failure::Domain(_) | Failure::File(_) | Failure::Rows { .. } => 1,
            Failure::Store(e) if e.is_domain() => 1,
            // Written, but old copies remain until other readers finish: not a storage failure
            // (3), and not done (0) either; a script erases again later.
            Failure::Store(StoreError::ErasePending { .. }) => 4,
            Failure::Store(_) | Failure::Write(_) | Failure::Broken(_) | Failure::Unverified(_) => {
                3
            }
        }
    }

    /// The stable code.
    pub fn code(&self) -> String {
        match self {
            Failure::Usage { .. } => "USAGE".into(),
            Failure::Domain(e) => e.code().into(),
            Failure::Store(e) => e.code().into(),
            Failure::File(_) => "BAD_FILE".into(),
            Failure::Rows { .. } => "INVALID_ROWS".into(),
            Failure::Write(_) => "WRITE_FAILED".into(),
            Failure::Broken(v) if v.broken.as_ref().is_some_and(|b| b.is_anchor()) => {
                "ANCHOR_MISMATCH".into()
            }
            Failure::Broken(_) => "CHAIN_BROKEN".into(),
            Failure::Unverified(_) => "CHAIN_UNVERIFIED".into(),
        }
    }

    /// The message.
    pub fn message(&self, lang: Lang) -> String {
        let pick = |pl: String, en: String| match lang {
            Lang::Pl => pl,
            Lang::En => en,
        };
        match self {
            Failure::Usage { en, pl } => pick(pl.clone(), en.clone()),
            Failure::Domain(e) => e.message(lang),
            Failure::Store(e) => e.message(lang),
            Failure::File(e) => pick(e.message_pl.clone(), e.message.clone()),
            Failure::Rows { errors } => pick(
                format!("{} błędnych wierszy; nic nie zaimportowano", errors.len()),
                format!("{} invalid rows; nothing was imported", errors.len()),
            ),
            Failure::Write(e) => pick(
                format!("nie można zapisać pliku: {e}"),
                format!("cannot write the file: {e}"),
            ),
            Failure::Broken(v) => v
                .broken
                .as_ref()
                .map(|b| b.message(lang))
                .unwrap_or_default(),
            Failure::Unverified(v) => pick(
                format!(
                    "dziennik jest chroniony kluczem od zdarzenia nr {}, a klucza łańcucha nie podano (--chain-key-file albo KOOPERACJE_CHAIN_KEY_FILE): {} zdarzeń nie sprawdzono, więc dziennika nie uznano za nienaruszony",
                    v.keyed_from.unwrap_or(0),
                    v.unchecked
                ),
                format!(
                    "the log is keyed from event #{} and no chain key was given (--chain-key-file or KOOPERACJE_CHAIN_KEY_FILE): {} events were not checked, so the log is not reported intact",
                    v.keyed_from.unwrap_or(0),
                    v.unchecked
                ),
            ),
        }
    }

    /// The JSON form: `{"ok": false, "error": {...}}` plus details.
    pub fn to_json(&self) -> serde_json::Value {
        let mut error = match self {
            Failure::Domain(e) => e.to_json(),
            Failure::Store(e) => e.to_json(),
            _ => serde_json::json!({
                "code": self.code(),
                "message": self.message(Lang::En),
                "message_pl": self.message(Lang::Pl),
            }),
        };
        match self {
            Failure::Rows { errors } => error["rows"] = serde_json::json!(errors),
            Failure::Broken(v) | Failure::Unverified(v) => {
                error["verification"] = serde_json::json!(v)
            }
            _ => {}
        }
        serde_json::json!({ "ok": false, "exit_code": self.exit_code(), "error": error })
    }

    /// The text for standard error; what users gave (ids, values, paths) is shown with its
    /// control characters escaped.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = format!(
            "{}: [{}] {}\n",
            match lang {
                Lang::Pl => "błąd",
                Lang::En => "error",
            },
            self.code(),
            escape::controls(&self.message(lang))
        );
        if let Failure::Rows { errors } = self {
            for e in errors {
                let row = match lang {
                    Lang::Pl => "wiersz",
                    Lang::En => "row",
                };
                out.push_str(&format!(
                    "  {row} {}: [{}] {}\n",
                    e.row,
                    e.code,
                    escape::controls(e.message(lang))
                ));
            }
        }
        out
    }
}

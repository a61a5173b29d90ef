//! Why a command failed, and how that becomes a message (Polish or English, text or JSON) and an
//! exit code: 1 for the rules and bad input, 2 for usage, 3 for storage, 4 for an erasure written
//! but not complete yet.

use kooperacje::Lang;
use kooperacje_cli::escape;
use kooperacje_cli::sheet::{FileError, RowError};
use kooperacje_store::{StoreError, Verification};

kooperacje::declare_errors! {
    /// The CLI's own errors, besides the core's and the store's: each code declared once with its
    /// kind and messages, and listed by `CliError::catalogue()`.
    #[derive(Debug)]
    pub enum CliError in "cli" {
        /// Wrong arguments that clap could not catch.
        Usage {
            /// English.
            en: String,
            /// Polish.
            pl: String,
        } = "USAGE", Invalid,
            en("{en}"),
            pl("{pl}");
        /// An input file that is not what it should be.
        BadFile {
            /// English.
            en: String,
            /// Polish.
            pl: String,
        } = "BAD_FILE", Invalid,
            en("{en}"),
            pl("{pl}");
        /// An import with bad rows or lines (nothing was imported).
        InvalidRows {
            /// How many.
            count: usize,
        } = "INVALID_ROWS", Invalid,
            en("{count} invalid rows; nothing was imported"),
            pl("błędne wiersze: {count}; nic nie zaimportowano");
        /// An output file could not be written.
        WriteFailed {
            /// Why.
            detail: String,
        } = "WRITE_FAILED", Store,
            en("cannot write the file: {detail}"),
            pl("nie można zapisać pliku: {detail}");
        /// The log does not extend the anchor given.
        AnchorMismatch {
            /// English.
            en: String,
            /// Polish.
            pl: String,
        } = "ANCHOR_MISMATCH", Store,
            en("{en}"),
            pl("{pl}");
        /// The hash chain is broken.
        ChainBroken {
            /// English.
            en: String,
            /// Polish.
            pl: String,
        } = "CHAIN_BROKEN", Store,
            en("{en}"),
            pl("{pl}");
        /// The keyed part of the log could not be checked: no chain key was given.
        ChainUnverified {
            /// First keyed event.
            keyed_from: u64,
            /// Events not checked.
            unchecked: u64,
        } = "CHAIN_UNVERIFIED", Store,
            en("the log is keyed from event #{keyed_from} and no chain key was given (--chain-key-file or KOOPERACJE_CHAIN_KEY_FILE): {unchecked} events were not checked, so the log is not reported intact"),
            pl("dziennik jest chroniony kluczem od zdarzenia nr {keyed_from}, a klucza łańcucha nie podano (--chain-key-file albo KOOPERACJE_CHAIN_KEY_FILE): nie sprawdzono zdarzeń (liczba: {unchecked}), więc dziennika nie uznano za nienaruszony");
    }
}

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
            Failure::Domain(e) => e.code().into(),
            Failure::Store(e) => e.code().into(),
            _ => self.own().map(|e| e.code()).unwrap_or_default().into(),
        }
    }

    /// The message.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Domain(e) => e.message(lang),
            Failure::Store(e) => e.message(lang),
            _ => self.own().map(|e| e.message(lang)).unwrap_or_default(),
        }
    }

    /// The failure as one of the CLI's own errors, which declare its code, kind and messages;
    /// `None` for the core's and the store's errors, which have their own.
    fn own(&self) -> Option<CliError> {
        Some(match self {
            Failure::Domain(_) | Failure::Store(_) => return None,
            Failure::Usage { en, pl } => CliError::Usage {
                en: en.clone(),
                pl: pl.clone(),
            },
            Failure::File(e) => CliError::BadFile {
                en: e.message.clone(),
                pl: e.message_pl.clone(),
            },
            Failure::Rows { errors } => CliError::InvalidRows {
                count: errors.len(),
            },
            Failure::Write(detail) => CliError::WriteFailed {
                detail: detail.clone(),
            },
            Failure::Broken(v) => {
                let (en, pl) = v
                    .broken
                    .as_ref()
                    .map(|b| (b.message(Lang::En), b.message(Lang::Pl)))
                    .unwrap_or_default();
                if v.broken.as_ref().is_some_and(|b| b.is_anchor()) {
                    CliError::AnchorMismatch { en, pl }
                } else {
                    CliError::ChainBroken { en, pl }
                }
            }
            Failure::Unverified(v) => CliError::ChainUnverified {
                keyed_from: v.keyed_from.unwrap_or(0),
                unchecked: v.unchecked,
            },
        })
    }

    /// The JSON form: `{"ok": false, "error": {...}}` plus details.
    pub fn to_json(&self) -> serde_json::Value {
        let mut error = match self {
            Failure::Domain(e) => e.to_json(),
            Failure::Store(e) => e.to_json(),
            _ => serde_json::json!({
                "code": self.code(),
                "area": self.own().map(|e| e.area()),
                "kind": self.own().map(|e| e.kind()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use kooperacje::ErrorKind;

    fn unverified() -> Failure {
        Failure::Unverified(Box::new(Verification {
            events: 3,
            head_hash: String::new(),
            broken: None,
            keyed_from: Some(2),
            unchecked: 2,
            anchors: Vec::new(),
        }))
    }

    #[test]
    fn the_cli_codes_are_new_beside_the_core_and_the_store() {
        let mut all: Vec<&str> = StoreError::catalogue().iter().map(|e| e.code).collect();
        all.extend(CliError::catalogue().iter().map(|e| e.code));
        let count = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), count, "a code is declared twice");
        assert!(CliError::catalogue().iter().all(|e| e.area == "cli"));
    }

    #[test]
    fn a_failure_of_the_cli_has_the_code_and_kind_of_its_entry() {
        let samples = [
            (
                Failure::Usage {
                    en: "no".into(),
                    pl: "nie".into(),
                },
                "USAGE",
                ErrorKind::Invalid,
                2,
            ),
            (
                Failure::Rows { errors: Vec::new() },
                "INVALID_ROWS",
                ErrorKind::Invalid,
                1,
            ),
            (
                Failure::Write("disk full".into()),
                "WRITE_FAILED",
                ErrorKind::Store,
                3,
            ),
            (unverified(), "CHAIN_UNVERIFIED", ErrorKind::Store, 3),
        ];
        for (failure, code, kind, exit) in samples {
            assert_eq!(failure.code(), code);
            assert_eq!(failure.exit_code(), exit, "{code}");
            let entry = CliError::catalogue()
                .into_iter()
                .find(|e| e.code == code)
                .expect(code);
            assert_eq!(entry.kind, kind, "{code}");
            let json = failure.to_json();
            assert_eq!(json["error"]["kind"], kind.code(), "{code}");
            assert_eq!(json["error"]["area"], "cli", "{code}");
            let (en, pl) = (failure.message(Lang::En), failure.message(Lang::Pl));
            assert!(!pl.is_empty() && pl != en, "{code}: {pl}");
        }
        assert_eq!(
            unverified().message(Lang::Pl),
            "dziennik jest chroniony kluczem od zdarzenia nr 2, a klucza łańcucha nie podano \
             (--chain-key-file albo KOOPERACJE_CHAIN_KEY_FILE): nie sprawdzono zdarzeń (liczba: \
             2), więc dziennika nie uznano za nienaruszony"
        );
    }
}

//! The stable codes of what reading a basket sheet can refuse, declared once: each with its code,
//! and a general English and Polish description (a row's own report says more: which value, which
//! row). The CLI's exit codes, the bindings' errors and the catalogue read them from here.

use kooperacje::Lang;

/// Why a row of a basket sheet (or the whole file) is refused. A row refused by the core, when
/// its commands are decided, carries the core's own code instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// A required value is empty: the service's id and name, or its provider.
    MissingValue,
    /// A service id given in an earlier row too.
    DuplicateService,
    /// A value that is none of the known ones: a sector, ministry, kind of service, target
    /// group, origin or status.
    UnknownValue,
    /// An area of support (obszar wsparcia) that is none of the known ones.
    UnknownArea,
    /// A PZK member id that names no member of the PZK.
    MemberNotFound,
    /// An age that is not a whole number from 0 to 255.
    BadNumber,
    /// A date of last verification that is not a date.
    BadDate,
    /// A file that cannot be read as a basket sheet at all.
    BadFile,
    /// Rows refused, and no leave to skip them: nothing is imported.
    InvalidRows,
    /// A file format no host knows (not `xlsx`, `csv`, `json`, or `hsds` for an export).
    UnknownFormat,
}

impl Code {
    /// Every code, in the order of the declaration.
    pub const ALL: [Code; 10] = [
        Code::MissingValue,
        Code::DuplicateService,
        Code::UnknownValue,
        Code::UnknownArea,
        Code::MemberNotFound,
        Code::BadNumber,
        Code::BadDate,
        Code::BadFile,
        Code::InvalidRows,
        Code::UnknownFormat,
    ];

    /// The stable machine code (SCREAMING_SNAKE), the same in every language.
    pub fn code(self) -> &'static str {
        match self {
            Code::MissingValue => "MISSING_VALUE",
            Code::DuplicateService => "DUPLICATE_SERVICE",
            Code::UnknownValue => "UNKNOWN_VALUE",
            Code::UnknownArea => "UNKNOWN_AREA",
            Code::MemberNotFound => "MEMBER_NOT_FOUND",
            Code::BadNumber => "BAD_NUMBER",
            Code::BadDate => "BAD_DATE",
            Code::BadFile => "BAD_FILE",
            Code::InvalidRows => "INVALID_ROWS",
            Code::UnknownFormat => "UNKNOWN_FORMAT",
        }
    }

    /// Whether it refuses one row (the others are then still read), not the whole file.
    pub fn is_row(self) -> bool {
        !matches!(
            self,
            Code::BadFile | Code::InvalidRows | Code::UnknownFormat
        )
    }

    /// The general description in English.
    pub fn message_en(self) -> &'static str {
        match self {
            Code::MissingValue => "a required value of the row is empty",
            Code::DuplicateService => "the service is also in an earlier row",
            Code::UnknownValue => "a value of the row is not one of the known ones",
            Code::UnknownArea => "an area of support is not one of the known ones",
            Code::MemberNotFound => "the provider's member id names no member of the PZK",
            Code::BadNumber => "an age is not a whole number from 0 to 255",
            Code::BadDate => "the date of last verification is not a date",
            Code::BadFile => "the file cannot be read as a basket sheet",
            Code::InvalidRows => "some rows are invalid; nothing was imported",
            Code::UnknownFormat => "unknown file format: use xlsx, csv or json (or hsds to export)",
        }
    }

    /// The general description in Polish.
    pub fn message_pl(self) -> &'static str {
        match self {
            Code::MissingValue => "w wierszu brakuje wymaganej wartości",
            Code::DuplicateService => "usługa występuje już we wcześniejszym wierszu",
            Code::UnknownValue => "wartość w wierszu nie jest żadną ze znanych",
            Code::UnknownArea => "obszar wsparcia nie jest żadnym ze znanych",
            Code::MemberNotFound => "identyfikator realizatora nie wskazuje partnera PZK",
            Code::BadNumber => "wiek nie jest liczbą całkowitą od 0 do 255",
            Code::BadDate => "data ostatniej weryfikacji nie jest datą",
            Code::BadFile => "pliku nie można odczytać jako arkusza koszyka",
            Code::InvalidRows => "niektóre wiersze są błędne; niczego nie zaimportowano",
            Code::UnknownFormat => {
                "nieznany format pliku: użyj xlsx, csv lub json (albo hsds przy eksporcie)"
            }
        }
    }

    /// The general description in a language.
    pub fn message(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Pl => self.message_pl(),
            Lang::En => self.message_en(),
        }
    }

    /// The code with this text, if it is one of these.
    pub fn from_code(code: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|c| c.code() == code)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_distinct_screaming_snake_with_both_messages() {
        let codes: BTreeSet<&str> = Code::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes.len(), Code::ALL.len());
        for c in Code::ALL {
            assert!(c
                .code()
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch == '_'));
            assert!(!c.message_en().is_empty() && !c.message_pl().is_empty());
            assert_ne!(c.message_en(), c.message_pl());
            assert_eq!(Code::from_code(c.code()), Some(c));
        }
    }
}

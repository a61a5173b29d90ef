//! The stable codes of what reading a basket sheet can refuse, declared once with the core's
//! [`kooperacje::declare_errors!`]: each with its code, its kind and area (`invalid`, `basket`),
//! and a general English and Polish description (a row's own report says more: which value,
//! which row). The CLI's exit codes, the bindings' errors and the catalogue read them from here.

kooperacje::declare_errors! {
    /// Why a row of a basket sheet (or the whole file) is refused. A row refused by the core,
    /// when its commands are decided, carries the core's own code instead. `Display` is the
    /// general English description.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub enum Code in "basket" {
        /// A required value is empty: the service's id and name, or its provider.
        MissingValue = "MISSING_VALUE", Invalid,
            en("a required value of the row is empty"),
            pl("w wierszu brakuje wymaganej wartości");
        /// A service id given in an earlier row too.
        DuplicateService = "DUPLICATE_SERVICE", Invalid,
            en("the service is also in an earlier row"),
            pl("usługa występuje już we wcześniejszym wierszu");
        /// A value that is none of the known ones: a sector, ministry, kind of service, target
        /// group, origin or status.
        UnknownValue = "UNKNOWN_VALUE", Invalid,
            en("a value of the row is not one of the known ones"),
            pl("wartość w wierszu nie jest żadną ze znanych");
        /// An area of support (obszar wsparcia) that is none of the known ones.
        UnknownArea = "UNKNOWN_AREA", Invalid,
            en("an area of support is not one of the known ones"),
            pl("obszar wsparcia nie jest żadnym ze znanych");
        /// A PZK member id that names no member of the PZK: the core's code for such an id, listed
        /// in the catalogue by the core (of the kind `not_found`).
        MemberNotFound = [unlisted "MEMBER_NOT_FOUND"], NotFound,
            en("the provider's member id names no member of the PZK"),
            pl("identyfikator realizatora nie wskazuje partnera PZK");
        /// An age that is not a whole number from 0 to 255.
        BadNumber = "BAD_NUMBER", Invalid,
            en("an age is not a whole number from 0 to 255"),
            pl("wiek nie jest liczbą całkowitą od 0 do 255");
        /// A date of last verification that is not a date.
        BadDate = "BAD_DATE", Invalid,
            en("the date of last verification is not a date"),
            pl("data ostatniej weryfikacji nie jest datą");
        /// A file that cannot be read as a basket sheet at all.
        BadFile = "BAD_FILE", Invalid,
            en("the file cannot be read as a basket sheet"),
            pl("pliku nie można odczytać jako arkusza koszyka");
        /// Rows refused, and no leave to skip them: nothing is imported.
        InvalidRows = "INVALID_ROWS", Invalid,
            en("some rows are invalid; nothing was imported"),
            pl("niektóre wiersze są błędne; niczego nie zaimportowano");
        /// A file format no host knows (not `xlsx`, `csv`, `json`, or `hsds` for an export).
        UnknownFormat = "UNKNOWN_FORMAT", Invalid,
            en("unknown file format: use xlsx, csv or json (or hsds to export)"),
            pl("nieznany format pliku: użyj xlsx, csv lub json (albo hsds przy eksporcie)");
    }
}

impl Code {
    /// Whether it refuses one row (the others are then still read), not the whole file.
    pub fn is_row(self) -> bool {
        !matches!(
            self,
            Code::BadFile | Code::InvalidRows | Code::UnknownFormat
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kooperacje::error::ErrorKind;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_distinct_screaming_snake_invalid_input_of_the_basket() {
        let all = Code::catalogue();
        let codes: BTreeSet<&str> = all.iter().map(|c| c.code).collect();
        assert_eq!(codes.len(), all.len());
        assert!(all.len() >= 9);
        for entry in &all {
            assert!(entry
                .code
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch == '_'));
            assert_eq!((entry.area, entry.kind), ("basket", ErrorKind::Invalid));
        }
        assert_eq!(Code::BadDate.code(), "BAD_DATE");
        // Listed once, by the core, with the kind a missing member has everywhere.
        assert!(!codes.contains("MEMBER_NOT_FOUND"));
        assert!(kooperacje::error::codes().iter().any(
            |e| e.code == Code::MemberNotFound.code() && e.kind == Code::MemberNotFound.kind()
        ));
        assert_ne!(Code::BadDate.to_string(), Code::BadDate.message_pl());
    }
}

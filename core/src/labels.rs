//! Polish and English labels for every user-facing enum: the end users are Polish social workers,
//! while identifiers, JSON and logs stay in English.

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The language of labels and error messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Polski — the default for end users.
    #[default]
    Pl,
    /// English.
    En,
}

/// A calendar day as people read it in a language: `07.04.2026` in Polish (DD.MM.RRRR),
/// `2026-04-07` in English. Messages and the command line write days this way; JSON always keeps
/// ISO 8601.
///
/// ```
/// use chrono::NaiveDate;
/// use kooperacje::{labels::Day, Lang};
/// let day = NaiveDate::from_ymd_opt(2026, 4, 7).unwrap();
/// assert_eq!(Day(day, Lang::Pl).to_string(), "07.04.2026");
/// assert_eq!(Day(day, Lang::En).to_string(), "2026-04-07");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate, pub Lang);

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Day(date, lang) = *self;
        match lang {
            // By hand, not with chrono's `format("%d.%m.%Y")`, whose format parser would cost the
            // wasm module (which has a size budget) more than every Polish date in it.
            Lang::Pl => write!(
                f,
                "{:02}.{:02}.{:04}",
                date.day(),
                date.month(),
                date.year()
            ),
            Lang::En => fmt::Display::fmt(&date, f),
        }
    }
}

/// The Polish plural form of a noun for a count, the one rule every Polish count is written by
/// (messages here, the command line's output): `one` for 1 (zdarzenie), `few` for counts ending
/// in 2–4 but not 12–14 (zdarzenia), `many` for the rest (zdarzeń: 0, 5–21, 25…, 112).
pub fn plural_pl<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) {
        few
    } else {
        many
    }
}

/// Something with a label shown to people, in Polish and in English.
pub trait Labelled {
    /// Polish label, e.g. "Zawieszony".
    fn label_pl(&self) -> &'static str;
    /// English label, e.g. "Suspended".
    fn label_en(&self) -> &'static str;
    /// The label in the given language.
    fn label(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Pl => self.label_pl(),
            Lang::En => self.label_en(),
        }
    }
}

/// The value of `all` a person named: by its code, or by its Polish or English label, whatever
/// the case, the diacritics or the spaces around it (`ochrona zdrowia`, `Ochrona Zdrowia`,
/// `health` all name one area). A basket sheet's cell and a command-line option name values this
/// way, so both accept the same words.
pub fn find<T: Labelled + Copy + std::fmt::Display>(all: &[T], text: &str) -> Option<T> {
    let wanted = crate::text::fold(text.trim());
    all.iter().copied().find(|v| {
        crate::text::fold(&v.to_string()) == wanted
            || crate::text::fold(v.label_pl()) == wanted
            || crate::text::fold(v.label_en()) == wanted
    })
}

/// Declares a unit-variant enum with serde (snake_case), JSON Schema, `ALL`, a stable `code()` and
/// its Polish/English labels in one place, so that a variant can never lack a label. The enum must
/// be listed in the catalogue (`catalogue.rs`), or it does not compile: the catalogue is where
/// hosts and bindings find its labels.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal => ($pl:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        #[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $code)] $variant ),+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable identifier used in JSON.
            pub fn code(&self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses the stable identifier used in JSON.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl $crate::labels::Labelled for $name {
            fn label_pl(&self) -> &'static str {
                match self { $($name::$variant => $pl),+ }
            }
            fn label_en(&self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }
        }

        // A choice from a closed list is in bounds once it is decoded.
        impl $crate::bounds::Bounded for $name {
            fn bounds(&self, _: &'static str, _: &mut $crate::bounds::Walk) {}
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        // A labelled enum the catalogue leaves out does not compile.
        const _: () = $crate::catalogue::listed::<$name>();
    };
}
pub(crate) use labelled_enum;

#[cfg(test)]
mod tests {
    use super::{find, plural_pl};
    use crate::{Area, ClientKind};

    #[test]
    fn a_value_is_found_by_its_code_or_either_label() {
        for text in ["health", "Ochrona zdrowia", " ochrona ZDROWIA ", "Health"] {
            assert_eq!(find(Area::ALL, text), Some(Area::Health), "{text:?}");
        }
        assert_eq!(
            find(Area::ALL, "edukacja i wychowanie"),
            Some(Area::Education)
        );
        assert_eq!(find(ClientKind::ALL, "RODZINA"), Some(ClientKind::Family));
        assert_eq!(
            find(Area::ALL, "zdrowie"),
            None,
            "a part of a label is not the label"
        );
        assert_eq!(find(Area::ALL, ""), None);
    }

    #[test]
    fn polish_plurals_follow_the_last_digits() {
        let form = |n| plural_pl(n, "zdarzenie", "zdarzenia", "zdarzeń");
        let expected = [
            (0, "zdarzeń"),
            (1, "zdarzenie"),
            (2, "zdarzenia"),
            (3, "zdarzenia"),
            (4, "zdarzenia"),
            (5, "zdarzeń"),
            (11, "zdarzeń"),
            (12, "zdarzeń"),
            (13, "zdarzeń"),
            (14, "zdarzeń"),
            (21, "zdarzeń"),
            (22, "zdarzenia"),
            (24, "zdarzenia"),
            (25, "zdarzeń"),
            (101, "zdarzeń"),
            (102, "zdarzenia"),
            (111, "zdarzeń"),
            (112, "zdarzeń"),
            (122, "zdarzenia"),
            (1000, "zdarzeń"),
            (1002, "zdarzenia"),
        ];
        for (n, word) in expected {
            assert_eq!(form(n), word, "{n}");
        }
    }
}

//! The CLI's language: which one a run speaks (resolved from the command line before clap builds
//! the command, so that the help and the usage errors are in it too), and the Polish forms that
//! depend on it — plurals, dates and numbers.

use kooperacje::labels::plural_pl;
use kooperacje::Lang;
use std::ffi::OsString;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether this run speaks English (Polish is the default).
static ENGLISH: AtomicBool = AtomicBool::new(false);

/// The language of a command line: the value of its last `--lang VALUE` or `--lang=VALUE` before
/// a `--` (English only for `en`; Polish otherwise, an invalid value included, whose error is
/// then in Polish).
pub fn lang_of_args(args: &[OsString]) -> Lang {
    let mut lang = Lang::Pl;
    let mut args = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" {
            args.next()
        } else {
            arg.strip_prefix("--lang=").map(|v| v.to_owned().into())
        };
        if let Some(value) = value {
            lang = if value == "en" { Lang::En } else { Lang::Pl };
        }
    }
    lang
}

/// Whether a command line asks for JSON (`--json` before a `--`).
pub fn json_in_args(args: &[OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .any(|a| a == "--json")
}

/// Sets the language of this run.
pub fn set_lang(lang: Lang) {
    ENGLISH.store(matches!(lang, Lang::En), Ordering::Relaxed);
}

/// The language of this run.
pub fn lang() -> Lang {
    if ENGLISH.load(Ordering::Relaxed) {
        Lang::En
    } else {
        Lang::Pl
    }
}

/// The text of this run's language: each of the CLI's texts is declared once with both languages,
/// `tr("polski", "English")`.
pub fn tr(pl: &'static str, en: &'static str) -> &'static str {
    pick(lang(), pl, en)
}

/// The text of a language.
pub fn pick<'a>(lang: Lang, pl: &'a str, en: &'a str) -> &'a str {
    match lang {
        Lang::Pl => pl,
        Lang::En => en,
    }
}

/// A noun's forms for counting: Polish one, few and many (zdarzenie, zdarzenia, zdarzeń), English
/// one and other (event, events).
#[derive(Clone, Copy, Debug)]
pub struct Noun {
    /// Polish: one, few (2–4, 22–24…), many.
    pub pl: (&'static str, &'static str, &'static str),
    /// English: one, other.
    pub en: (&'static str, &'static str),
}

/// Events (zdarzenia).
pub const EVENTS: Noun = Noun {
    pl: ("zdarzenie", "zdarzenia", "zdarzeń"),
    en: ("event", "events"),
};
/// Rows of a sheet (wiersze).
pub const ROWS: Noun = Noun {
    pl: ("wiersz", "wiersze", "wierszy"),
    en: ("row", "rows"),
};
/// Lines of a file (wiersze).
pub const LINES: Noun = Noun {
    pl: ("wiersz", "wiersze", "wierszy"),
    en: ("line", "lines"),
};
/// Services of a basket (usługi).
pub const SERVICES: Noun = Noun {
    pl: ("usługa", "usługi", "usług"),
    en: ("service", "services"),
};
/// Values (wartości).
pub const VALUES: Noun = Noun {
    pl: ("wartość", "wartości", "wartości"),
    en: ("value", "values"),
};
/// Days (dni).
pub const DAYS: Noun = Noun {
    pl: ("dzień", "dni", "dni"),
    en: ("day", "days"),
};

/// A count with its noun in a language, the number as the language writes it: `5 zdarzeń`,
/// `1 234 zdarzenia`, `1 event`.
pub fn count(lang: Lang, n: u64, noun: Noun) -> String {
    format!("{} {}", number(lang, n), noun_for(lang, n, noun))
}

/// The form of a noun for a count.
pub fn noun_for(lang: Lang, n: u64, noun: Noun) -> &'static str {
    match lang {
        Lang::Pl => plural_pl(n, noun.pl.0, noun.pl.1, noun.pl.2),
        Lang::En if n == 1 => noun.en.0,
        Lang::En => noun.en.1,
    }
}

/// A number as a language writes it: `1 234 567` in Polish (a space between the groups of
/// thousands), `1,234,567` in English.
pub fn number(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let separator = match lang {
        Lang::Pl => ' ',
        Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(separator);
        }
        out.push(c);
    }
    out
}

/// Whether to colour what goes to a stream: only on a terminal, and never with `NO_COLOR` set
/// (to anything but the empty text, <https://no-color.org>).
pub fn colour(terminal: bool) -> bool {
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A date as a language writes it in text: `07.04.2026` in Polish (DD.MM.RRRR), ISO `2026-04-07`
/// in English (and in JSON, always).
pub fn date(lang: Lang, d: chrono::NaiveDate) -> String {
    kooperacje::labels::Day(d, lang).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_as_a_person_would_write_them() {
        assert_eq!(count(Lang::Pl, 1, EVENTS), "1 zdarzenie");
        assert_eq!(count(Lang::Pl, 3, EVENTS), "3 zdarzenia");
        assert_eq!(count(Lang::Pl, 12345, EVENTS), "12 345 zdarzeń");
        assert_eq!(count(Lang::Pl, 22, SERVICES), "22 usługi");
        assert_eq!(count(Lang::Pl, 1, ROWS), "1 wiersz");
        assert_eq!(count(Lang::Pl, 5, ROWS), "5 wierszy");
        assert_eq!(count(Lang::Pl, 2, DAYS), "2 dni");
        assert_eq!(count(Lang::En, 1, EVENTS), "1 event");
        assert_eq!(count(Lang::En, 1234567, EVENTS), "1,234,567 events");
    }

    #[test]
    fn numbers_and_dates_in_each_language() {
        assert_eq!(number(Lang::Pl, 0), "0");
        assert_eq!(number(Lang::Pl, 999), "999");
        assert_eq!(number(Lang::Pl, 1000), "1 000");
        assert_eq!(number(Lang::Pl, 1234567), "1 234 567");
        let d = chrono::NaiveDate::from_ymd_opt(2026, 4, 7).unwrap();
        assert_eq!(date(Lang::Pl, d), "07.04.2026");
        assert_eq!(date(Lang::En, d), "2026-04-07");
    }

    #[test]
    fn the_language_comes_from_the_command_line() {
        let args = |s: &[&str]| -> Vec<OsString> { s.iter().map(Into::into).collect() };
        assert!(matches!(lang_of_args(&args(&["k", "init"])), Lang::Pl));
        assert!(matches!(
            lang_of_args(&args(&["k", "--lang", "en"])),
            Lang::En
        ));
        assert!(matches!(
            lang_of_args(&args(&["k", "x", "--lang=en"])),
            Lang::En
        ));
        assert!(matches!(
            lang_of_args(&args(&["k", "--lang", "de"])),
            Lang::Pl
        ));
        assert!(matches!(
            lang_of_args(&args(&["k", "--", "--lang", "en"])),
            Lang::Pl
        ));
        assert!(json_in_args(&args(&["k", "x", "--json"])));
        assert!(!json_in_args(&args(&["k", "--", "--json"])));
    }
}

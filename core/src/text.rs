//! Text rules shared by every module: length limits and the diacritics-insensitive folding used by
//! basket search ("lodz" finds "Łódź", "psycholog" finds "Pomoc psychologiczna").

use crate::error::ValidationError;

/// Longest short text (names, titles, reasons), in characters.
pub const MAX_SHORT: usize = 200;
/// Longest long text (descriptions, access conditions), in characters.
pub const MAX_LONG: usize = 4000;

/// The limit of a text field, by its name: the one table of which texts are long. Every text of a
/// command or an event is held to it before any rule ([`crate::bounds`]); a name not listed is a
/// short text (names, titles, reasons, roles).
pub fn limit(field: &str) -> usize {
    match field {
        "access_conditions" | "answers" | "content" | "description" | "info" | "most_valuable"
        | "reasons" | "suggestions" | "weak_points" => MAX_LONG,
        _ => MAX_SHORT,
    }
}

/// The limit of the keys of a map of texts named `field` (a questionnaire's questions).
pub fn key_limit(_field: &str) -> usize {
    MAX_SHORT
}

/// The first characters of a text that may be long, for an error message.
pub(crate) fn shortened(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_owned(),
    }
}

/// Lower-cases `text` and strips Polish (and common Latin) diacritics, so that searches work the way
/// people type on phones and keyboards without Polish layouts.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let folded = match c {
            'ą' | 'Ą' | 'á' | 'Á' | 'à' | 'ä' | 'Ä' | 'â' => 'a',
            'ć' | 'Ć' | 'č' | 'Č' | 'ç' => 'c',
            'ę' | 'Ę' | 'é' | 'É' | 'è' | 'ë' | 'ě' => 'e',
            'ł' | 'Ł' => 'l',
            'ń' | 'Ń' | 'ň' => 'n',
            'ó' | 'Ó' | 'ö' | 'Ö' | 'ô' => 'o',
            'ś' | 'Ś' | 'š' | 'Š' => 's',
            'ź' | 'Ź' | 'ż' | 'Ż' | 'ž' | 'Ž' => 'z',
            'ü' | 'Ü' | 'ú' => 'u',
            'í' => 'i',
            c if c.is_ascii() => c.to_ascii_lowercase(),
            c => {
                for l in c.to_lowercase() {
                    out.push(l);
                }
                continue;
            }
        };
        out.push(folded);
    }
    out
}

/// Checks a required text field: not blank and at most `max` characters.
pub fn require(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::EmptyText { field });
    }
    optional(field, value, max)
}

/// Checks an optional text field: at most `max` characters (empty is allowed).
pub fn optional(field: &'static str, value: &str, max: usize) -> Result<(), ValidationError> {
    if value.chars().count() > max {
        return Err(ValidationError::TextTooLong { field, max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_polish_letters_and_case() {
        assert_eq!(fold("Łódź"), "lodz");
        assert_eq!(fold("ZAŻÓŁĆ GĘŚLĄ JAŹŃ"), "zazolc gesla jazn");
        assert!(fold("Pomoc psychologiczna").contains(&fold("psycholog")));
    }

    #[test]
    fn rejects_blank_and_long_text() {
        assert_eq!(
            require("name", "  ", 10),
            Err(ValidationError::EmptyText { field: "name" })
        );
        assert_eq!(
            require("name", "abcdefghijk", 10),
            Err(ValidationError::TextTooLong {
                field: "name",
                max: 10
            })
        );
        assert!(require("name", "żółć", 4).is_ok());
    }
}

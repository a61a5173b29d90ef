//! Text rules shared by every module: length limits and the diacritics-insensitive folding used by
//! basket search ("lodz" finds "Łódź") and by the readers of labels. How the basket search matches
//! inflected Polish words on top of it is in [`crate::stem`].

use crate::error::ValidationError;

/// Longest short text (names, titles, reasons), in characters.
pub const MAX_SHORT: usize = 200;
/// Longest long text (descriptions, access conditions), in characters.
pub const MAX_LONG: usize = 4000;

/// The limit of a text field, by its name: the one table of which texts are long. Every text of a
/// command or an event is held to it before any rule (`core/src/bounds.rs`); a name not listed is a
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

/// Lower-cases `text` and strips diacritics, so that searches work the way people type on phones
/// and keyboards without Polish layouts: "Łódź", "LODZ" and "Lo\u{301}dz\u{301}" (letters followed
/// by combining accents, as some systems and older Mac files store text) all fold to "lodz".
///
/// \[decision\] Each character is folded as the `unicode-normalization` crate decomposes it: its
/// full canonical decomposition (Unicode NFD) without the combining marks, lower-cased, and
/// decomposed again for the few letters whose lower case decomposes. So a text and its NFC and NFD
/// forms fold alike, and folding a folded text changes nothing. The crate's own tables would add
/// about 30 KB gzipped to the WebAssembly module; `core/build.rs` writes from it the two small
/// tables this needs (which characters are marks, and what each other character folds to when
/// that is not its lower case), and the tests compare the two, character by character. Not the
/// compatibility decomposition (NFKD): ligatures and full-width letters do not occur in the texts
/// of a basket.
///
/// \[decision\] Letters with a stroke or a ligature have no decomposition and are mapped by name:
/// ł → l (Polish), đ → d, ø → o, ħ → h, ı → i, ß → ss, æ → ae, œ → oe. Any other character is
/// kept lower-cased, so Cyrillic (Ukrainian services) is searched as it is written. The CJK
/// compatibility ideographs are kept as they are (NFC and NFD both replace them).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_mark(c) {
        } else if let Some(jamo) = hangul(c) {
            out.extend(jamo.into_iter().flatten());
        } else if let Some(base) = folded(c) {
            push_base_letter(&mut out, base);
        } else if let Some((_, letters)) = EXPANSIONS.iter().find(|&&(x, _)| x == c as u32) {
            out.push_str(letters);
        } else {
            for lower in c.to_lowercase() {
                push_base_letter(&mut out, lower);
            }
        }
    }
    out
}

// `MARKS`, `FOLDS` and `EXPANSIONS`, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/fold_tables.rs"));

/// Whether `c` is a combining mark (general category M).
fn is_mark(c: char) -> bool {
    let cp = c as u32;
    let i = MARKS.partition_point(|&(_, last)| last < cp);
    i < MARKS.len() && MARKS[i].0 <= cp
}

/// What `c` folds to when that is not its lower case: its canonical decomposition's first
/// character, lower-cased (and decomposed again).
fn folded(c: char) -> Option<char> {
    let cp = c as u32;
    let i = FOLDS.partition_point(|&(run, _)| run >> 8 <= cp);
    let (run, to) = FOLDS[i.checked_sub(1)?];
    (cp < (run >> 8) + (run & 0xFF)).then(|| char::from_u32(to))?
}

/// The conjoining jamo of a Hangul syllable: its canonical decomposition, by the arithmetic of
/// the Unicode standard (section 3.12).
fn hangul(c: char) -> Option<[Option<char>; 3]> {
    let s = (c as u32).checked_sub(0xAC00).filter(|&s| s < 11172)?;
    let jamo = |base: u32, offset: u32| char::from_u32(base + offset);
    let trailing = s % 28;
    Some([
        jamo(0x1100, s / 588),
        jamo(0x1161, (s % 588) / 28),
        (trailing != 0).then(|| jamo(0x11A7, trailing)).flatten(),
    ])
}

/// The letters without a canonical decomposition that [`fold`] still reads as plain letters.
fn push_base_letter(out: &mut String, c: char) {
    match c {
        'ł' => out.push('l'),
        'đ' => out.push('d'),
        'ø' => out.push('o'),
        'ħ' => out.push('h'),
        'ı' => out.push('i'),
        'ß' => out.push_str("ss"),
        'æ' => out.push_str("ae"),
        'œ' => out.push_str("oe"),
        c => out.push(c),
    }
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
        assert_eq!(fold("L\u{f3}dz\u{301}"), "lodz");
        assert_eq!(fold("Lo\u{301}dz\u{301}"), "lodz");
        assert_eq!(fold("Straße Ærø İstanbul"), "strasse aero istanbul");
        assert_eq!(fold("ЇЖАК"), "іжак");
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

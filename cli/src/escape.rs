//! Text from users made safe to show on a terminal. An id, a name or a file path can carry
//! control characters: an escape sequence written raw recolours the terminal, retitles its window,
//! moves the cursor over what was printed before, or (bidirectional controls, "Trojan Source")
//! shows text in another order than it is. Every human-readable message of the CLI that holds
//! such text shows each of those characters as a visible escape, `\u{1b}`. JSON output keeps
//! them as JSON escapes (`\u001b`): serde escapes the C0 controls, [`json`] the others.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character is shown escaped: C0 controls (line feed only when `lines` is false),
/// DEL, C1 controls, the Arabic letter mark, the left-to-right and right-to-left marks, the
/// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), and the line
/// and paragraph separators.
fn hidden(c: char, lines: bool) -> bool {
    match c {
        '\n' => !lines,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

fn escape(text: &str, lines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| hidden(c, lines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c, lines) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of text (a value, an id, a message): every control character escaped, line feeds
/// too, so that a value cannot start a line of its own.
pub fn controls(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// Text of several lines made by the CLI: every control character escaped but the line feeds.
pub fn controls_keeping_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

/// JSON text with the characters serde leaves as they are (DEL, C1 controls, bidirectional
/// controls, line and paragraph separators) written as JSON escapes, `\u009b`: the same JSON
/// value, safe on a terminal. Outside strings JSON has only ASCII, so only strings change.
pub fn json(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| c >= '\u{7f}' && hidden(c, true);
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on_and_nothing_else() {
        assert_eq!(
            controls("pzk\u{1b}[31m\u{7}\u{9b}\u{202e}\u{2067}ł\n\t"),
            r"pzk\u{1b}[31m\u{7}\u{9b}\u{202e}\u{2067}ł\u{a}\u{9}"
        );
        assert_eq!(controls_keeping_lines("a\nb\u{1b}"), "a\nb\\u{1b}");
        assert!(matches!(
            controls("Zażółć gęślą jaźń — „ok”"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn json_stays_the_same_value() {
        let value = serde_json::json!({"id": "a\u{1b}b\u{9b}c\u{202e}d\u{7f}ł\n"});
        let text = json(&format!("{value:#}")).into_owned();
        assert!(
            !text.contains(['\u{9b}', '\u{202e}', '\u{7f}', '\u{1b}']),
            "{text}"
        );
        assert!(text.contains("\\u009b"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }
}

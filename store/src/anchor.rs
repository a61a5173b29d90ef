//! Anchors: the head of the log (a row number and its hash) written down somewhere the database's
//! owner cannot rewrite — the minutes of a PZK meeting, an e-mail to the partners, a notary's
//! file. Whoever can write the database can rebuild a consistent chain (without a chain key,
//! even with a different history), but not one that passes through a hash filed elsewhere before
//! the change. [`Store::verify_anchored`](crate::Store::verify_anchored) checks that the log
//! still extends each anchor given.
//!
//! The text form is one line, `kooperacje-anchor:v1:SEQ:HEX`, found anywhere in a longer text;
//! `SEQ:HEX` and a bare 64-digit hash (as `verify` prints it) are accepted too.

use crate::chain::{hex, Hash};
use crate::key::decode_hex;
use serde::{Serialize, Serializer};

/// The prefix of an anchor's text form.
pub const PREFIX: &str = "kooperacje-anchor:v1:";

/// A row of the log the log must still pass through: its number (unless only the hash was
/// given) and its hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Anchor {
    /// Global sequence number of the row; `None` when only the hash was given, which then may be
    /// any row's.
    pub seq: Option<u64>,
    /// The row's hash.
    pub hash: Hash,
}

impl std::fmt::Display for Anchor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.seq {
            Some(seq) => write!(f, "{PREFIX}{seq}:{}", hex(&self.hash)),
            None => f.write_str(&hex(&self.hash)),
        }
    }
}

impl Serialize for Anchor {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Anchor {
    /// One anchor: `kooperacje-anchor:v1:SEQ:HEX`, `SEQ:HEX` or `HEX` (64 hex digits), surrounding
    /// whitespace ignored. `None` for anything else.
    pub fn parse(text: &str) -> Option<Anchor> {
        let text = text.trim();
        let text = text.strip_prefix(PREFIX).unwrap_or(text);
        let (seq, hash) = match text.split_once(':') {
            Some((seq, hash)) => (Some(digits(seq)?), hash),
            None => (None, text),
        };
        let bytes = decode_hex(hash)?;
        let hash: Hash = bytes.try_into().ok()?;
        Some(Anchor { seq, hash })
    }

    /// Every `kooperacje-anchor:v1:…` in a text (minutes, an e-mail), in order. Text around
    /// them and malformed ones are skipped.
    pub fn find_all(text: &str) -> Vec<Anchor> {
        text.match_indices(PREFIX)
            .filter_map(|(i, _)| {
                let rest = &text[i + PREFIX.len()..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_hexdigit() || c == ':'))
                    .unwrap_or(rest.len());
                let found = Anchor::parse(&rest[..end])?;
                found.seq.map(|_| found)
            })
            .collect()
    }
}

/// A decimal number of up to 19 digits.
fn digits(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 19 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_forms_parse_and_print_back() {
        let hash = [0xab; 32];
        let full = format!("{PREFIX}42:{}", hex(&hash));
        let a = Anchor::parse(&full).unwrap();
        assert_eq!((a.seq, a.hash), (Some(42), hash));
        assert_eq!(a.to_string(), full);
        assert_eq!(Anchor::parse(&format!(" 42:{} \n", hex(&hash))), Some(a));
        let bare = Anchor::parse(&hex(&hash).to_uppercase()).unwrap();
        assert_eq!((bare.seq, bare.hash), (None, hash));
        for bad in [
            "",
            "42",
            "x:abab",
            &format!("{PREFIX}42:{}", &hex(&hash)[1..]),
            &format!("{PREFIX}-1:{}", hex(&hash)),
            &format!("{PREFIX}42:{}00", hex(&hash)),
        ] {
            assert_eq!(Anchor::parse(bad), None, "{bad}");
        }
        let minutes = format!(
            "Protokół posiedzenia PZK.\nKotwica dziennika: {full}.\nDruga: {PREFIX}7:{} koniec",
            hex(&[1; 32])
        );
        let found = Anchor::find_all(&minutes);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0], a);
        assert_eq!(found[1].seq, Some(7));
    }
}

//! Writes the tables of `text::fold` (src/text.rs) from the `unicode-normalization` crate, into
//! `$OUT_DIR/fold_tables.rs`.
//!
//! Folding a character means: its full canonical decomposition (NFD), without the combining marks,
//! lower-cased, decomposed again and again without marks. The crate does this with tables of every
//! decomposition and every mark, about 30 KB gzipped in the WebAssembly module (issue 18: the main
//! module has a budget of 300 KiB). Folding needs much less: which characters are marks (ranges),
//! and, for each character that folds to something else than its lower case, the one character it
//! folds to (runs of neighbours folding alike: "ÀÁÂÃÄÅ" → "a"). Those two tables are written here,
//! from the crate (with the three characters that fold to more than one), and
//! `core/tests/basket_search.rs` checks, for every character, that the library
//! folds as the crate does.
//!
//! Left out, and handled in src/text.rs: ASCII (never a mark, never decomposed), the Hangul
//! syllables (decomposed by arithmetic, as the standard defines them), and the CJK compatibility
//! ideographs (a thousand one-to-one decompositions to unified ideographs, which NFC and NFD both
//! apply, so they never differ between the two forms of a text).

use std::fmt::Write as _;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// What the crate folds `c` to, before the letters that have no decomposition (ł, ø, …), which
/// `text::fold` maps itself.
fn reference(c: char) -> Vec<char> {
    let mut out = Vec::new();
    decompose_canonical(c, |base| {
        if is_combining_mark(base) {
            return;
        }
        for lower in base.to_lowercase() {
            decompose_canonical(lower, |l| {
                if !is_combining_mark(l) {
                    out.push(l);
                }
            });
        }
    });
    out
}

/// Characters `text::fold` handles without the tables.
fn left_out(cp: u32) -> bool {
    (0xAC00..=0xD7A3).contains(&cp) // Hangul syllables
        || (0xF900..=0xFAFF).contains(&cp) // CJK compatibility ideographs
        || (0x2F800..=0x2FA1F).contains(&cp) // CJK compatibility ideographs supplement
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // Ranges of marks, inclusive.
    let mut marks: Vec<(u32, u32)> = Vec::new();
    // Runs (first, length, folded): `length` neighbours from `first` all fold to `folded`.
    let mut folds: Vec<(u32, u32, char)> = Vec::new();
    // Characters that fold to more than one (two vowel letters of Kirat Rai, Unicode 16).
    let mut expansions: Vec<(u32, String)> = Vec::new();
    for cp in 0x80..=0x10FFFF {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if is_combining_mark(c) {
            match marks.last_mut() {
                Some((_, end)) if *end + 1 == cp => *end = cp,
                _ => marks.push((cp, cp)),
            }
            continue;
        }
        if left_out(cp) {
            continue;
        }
        let folded = reference(c);
        if folded == c.to_lowercase().collect::<Vec<_>>() {
            continue;
        }
        let [folded] = folded[..] else {
            expansions.push((cp, folded.into_iter().collect::<String>()));
            continue;
        };
        match folds.last_mut() {
            Some((first, len, to)) if *first + *len == cp && *to == folded && *len < 255 => {
                *len += 1
            }
            _ => folds.push((cp, 1, folded)),
        }
    }
    let mut out = String::new();
    writeln!(
        out,
        "/// Ranges (first, last) of the combining marks, from `unicode-normalization` (build.rs)."
    )
    .unwrap();
    writeln!(out, "const MARKS: [(u32, u32); {}] = [", marks.len()).unwrap();
    for (first, last) in &marks {
        writeln!(out, "    (0x{first:X}, 0x{last:X}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// Runs ((first << 8) | length, folded) of the characters that fold to another than \
         their\n/// lower case, from `unicode-normalization` (build.rs)."
    )
    .unwrap();
    writeln!(out, "const FOLDS: [(u32, u32); {}] = [", folds.len()).unwrap();
    for (first, len, to) in &folds {
        writeln!(out, "    ((0x{first:X} << 8) | {len}, 0x{:X}),", *to as u32).unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(
        out,
        "/// The characters that fold to more than one, from `unicode-normalization` (build.rs)."
    )
    .unwrap();
    writeln!(
        out,
        "const EXPANSIONS: [(u32, &str); {}] = [",
        expansions.len()
    )
    .unwrap();
    for (cp, to) in &expansions {
        writeln!(out, "    (0x{cp:X}, {to:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("fold_tables.rs");
    std::fs::write(path, out).unwrap();
}

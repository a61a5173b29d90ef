//! Polish inflection for basket search: a small stemmer, so that "pielęgniarka" finds
//! "pielęgniarki", "psychologa" finds "psycholog" and "terapia rodzinna" finds "terapii rodzinnej".
//!
//! Why here and so small: a Polish noun or adjective has up to fourteen case forms, and the texts of
//! a basket (service cards written by the partners) use whichever the sentence needs, while a
//! worker searching types one. A dictionary stemmer (Morfologik, Stempel) would be exact but weighs
//! megabytes, more than the WebAssembly module may grow; this one is a table of endings and a few
//! rules, deterministic and testable, written for the vocabulary of social assistance
//! (core/tests/basket_search.rs holds the pairs it must join and the near-misses it must not).
//!
//! Every word is first folded ([`crate::text::fold`]: lower case, no diacritics), then:
//!
//! 1. [`stem`] strips the longest case ending of [`ENDINGS`] that leaves at least [`MIN_STEM`]
//!    characters: "pielegniarki" → "pielegniark", "terapii" → "terap", "rodzinnej" → "rodzinn".
//! 2. [`key`] merges, at the end of the stem, what changes between the forms of one word: the
//!    consonant alternations (k/c, g/dz, d/dz, r/rz) and the mobile e ("ośrodek"/"ośrodka"), and
//!    drops the "-ow-" of adjectives ("celowy" → "cel"). Two words with the same key are forms of
//!    one word as far as search is concerned.
//!
//! A query word matches a word of a text ([`Term::matches`]) when their keys are equal, or when
//! the query's stem has at least [`MIN_PREFIX`] characters and the text's word begins with it
//! ("psycholog" finds "psychologiczna", "rodzin" finds "rodzinnej", and a word typed in part,
//! "terap", finds "terapia").
//!
//! Known limits, accepted for a small, predictable rule set: words derived from a long stem match
//! it whatever they mean ("kurator" finds "kuratorium", "mieszkanie" finds "mieszkańców"); the
//! alternations t/ć and st/ść of the locative are not merged ("kobieta"/"kobiecie",
//! "asystent"/"asystencie"), nor are irregular forms ("człowiek"/"ludzie", "ojciec"/"ojca").

/// The shortest stem an ending is stripped down to, in characters.
///
/// \[decision\] Three: "domu" → "dom", "leki" → "lek", while "gra", "psy" keep their last letter
/// (a two-letter stem would join too many short words).
pub const MIN_STEM: usize = 3;

/// The shortest query stem that also finds the longer words it begins.
///
/// \[decision\] Five characters: shorter stems begin too many unrelated words ("dług" → "długoterminowa",
/// "bank" → "bankructwo", "rent" → "rentgen", "rad" → "radca"), so a query stem of up to four
/// characters finds only the forms of its own word (equal keys).
pub const MIN_PREFIX: usize = 5;

/// Words of a query that are not searched for when it has others (folded): prepositions and
/// conjunctions, which a service card may phrase differently ("terapia dla par" finds "Terapia
/// par", "pomoc w przychodni" finds a service of the "Przychodnia Zdrowia").
///
/// \[decision\] Only words whose omission cannot turn a query around: "bez" ("bez skierowania") and
/// "nie" are searched like any other word.
pub const STOP_WORDS: [&str; 22] = [
    "a", "albo", "do", "dla", "i", "lub", "na", "nad", "o", "od", "oraz", "po", "pod", "przez",
    "przy", "u", "w", "we", "z", "za", "ze", "ku",
];

/// The case endings [`stem`] strips, as they look after folding (ą → a, ę → e, ó → o), longest
/// first: noun endings of every gender and number, adjective endings, and the soft "i" before
/// them ("poradnia", "poradni", "poradnią" share "poradn").
///
/// \[decision\] Endings only, no derivational suffixes: "-ość", "-anie", "-ski" stay part of the
/// stem, so "niepełnosprawność" and "niepełnosprawny" are different words (a user who types
/// "niepełnospraw" finds both). Verb endings are left out: queries name services, not actions.
pub const ENDINGS: [&str; 33] = [
    // four letters
    "owie", "iami", "iach", "iego", "iemu", //
    // three letters
    "ami", "ach", "ego", "emu", "ych", "ich", "ymi", "imi", "iom", "iem", "iej", "owi", //
    // two letters
    "om", "ow", "em", "ej", "ym", "im", "ia", "ie", "ii", "iu", //
    // one letter
    "a", "e", "i", "o", "u", "y",
];

/// `word` (folded, see [`crate::text::fold`]) without its case ending: the longest of [`ENDINGS`] that leaves at least
/// [`MIN_STEM`] characters, or the whole word.
pub fn stem(word: &str) -> &str {
    let chars = word.chars().count();
    for ending in ENDINGS {
        let len = ending.chars().count();
        if chars >= MIN_STEM + len && word.ends_with(ending) {
            return &word[..word.len() - ending.len()];
        }
    }
    word
}

/// The key of `word` (folded): its [`stem`] with the end normalised, so that the forms of one word
/// share it. In order, each step only where at least [`MIN_STEM`] characters remain:
///
/// 1. a final "ow" is dropped: adjectives in "-owy" ("celowy", "celowego" → "cel") and place
///    names in "-ów" ("Krakowa" → "krak", like "Kraków").
/// 2. consonant alternations at the end of the stem: "rz" → "r" ("lekarz", "kuratorzy" as
///    "kurator"); "dz" → "d" ("sądzie" as "sąd", "zgodzie" as "zgoda"), except "-olodz" and
///    "-agodz" → "-olog", "-agog" ("psycholodzy", "pedagodzy"); "ck" → "k" ("dziecko"); "c" → "k"
///    ("pielęgniarce" as "pielęgniarka", "pracownicy" as "pracownik") but not after "s", where
///    "sc" and "sk" are different words ("miejsce", "miejski").
/// 3. the mobile e: "iek" → "k" ("mieszkaniec"/"mieszkańca", after step 2), else "ek" → "k"
///    ("ośrodek"/"ośrodka", "zasiłek"/"zasiłku", "pielęgniarek"/"pielęgniarka"), else "ien" → "n"
///    ("stopień"/"stopnia").
///
/// \[decision\] Alternations are merged in the key, not restored in the stem: a key is only compared
/// for equality, so it may be an artificial form ("opieka" and "opiece" both give "opk"); the stem,
/// which is matched as a prefix, stays a real beginning of the word.
pub fn key(word: &str) -> String {
    let mut k = stem(word).to_owned();
    replace_end(&mut k, "ow", "");
    let _ = replace_end(&mut k, "rz", "r")
        || replace_end(&mut k, "olodz", "olog")
        || replace_end(&mut k, "agodz", "agog")
        || replace_end(&mut k, "dz", "d")
        || replace_end(&mut k, "ck", "k")
        || (!k.ends_with("sc") && replace_end(&mut k, "c", "k"));
    let _ = replace_end(&mut k, "iek", "k")
        || replace_end(&mut k, "ek", "k")
        || replace_end(&mut k, "ien", "n");
    k
}

/// Replaces the end `from` of `s` by `to` if `s` ends so and keeps at least [`MIN_STEM`]
/// characters; whether it did.
fn replace_end(s: &mut String, from: &str, to: &str) -> bool {
    if !s.ends_with(from) {
        return false;
    }
    let kept = s.chars().count() - from.chars().count();
    if kept + to.chars().count() < MIN_STEM {
        return false;
    }
    s.truncate(s.len() - from.len());
    s.push_str(to);
    true
}

/// The words of a folded text: what lies between white space and punctuation.
///
/// \[decision\] Separators are white space, ASCII punctuation and the punctuation of Polish
/// typography (quotes „” «», dashes, ellipsis, bullets), not every character that is not a letter
/// or a digit: the Unicode tables of letters and digits would add to the WebAssembly module, and a
/// basket's texts are folded to ASCII letters but for other scripts, which stay words.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(is_separator).filter(|w| !w.is_empty())
}

/// Whether `c` separates words ([`words`]).
pub fn is_separator(c: char) -> bool {
    c.is_ascii_punctuation()
        || c.is_whitespace()
        || matches!(
            c,
            '„' | '”'
                | '“'
                | '‚'
                | '‘'
                | '’'
                | '«'
                | '»'
                | '‹'
                | '›'
                | '–'
                | '—'
                | '‒'
                | '―'
                | '…'
                | '•'
                | '·'
                | '§'
                | '°'
                | '×'
                | '−'
        )
}

/// One word of a query, ready to be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The word without its ending ([`stem`]).
    pub stem: String,
    /// Its [`key`].
    pub key: String,
}

impl Term {
    /// The term of a folded word.
    pub fn new(folded_word: &str) -> Term {
        Term {
            stem: stem(folded_word).to_owned(),
            key: key(folded_word),
        }
    }

    /// The terms of a query text, folded and split into [`words`], without the [`STOP_WORDS`]
    /// unless the query has nothing else. A query of separators only has none (and then no text
    /// criterion).
    pub fn query(text: &str) -> Vec<Term> {
        let folded = crate::text::fold(text);
        let all: Vec<&str> = words(&folded).collect();
        let content: Vec<&str> = all
            .iter()
            .copied()
            .filter(|w| !STOP_WORDS.contains(w))
            .collect();
        let chosen = if content.is_empty() { all } else { content };
        chosen.into_iter().map(Term::new).collect()
    }

    /// Whether the stem is long enough to find the words it begins ([`MIN_PREFIX`]).
    pub fn finds_prefixes(&self) -> bool {
        self.stem.chars().count() >= MIN_PREFIX
    }

    /// Whether this query word finds `word` (a folded word of a text): equal keys, or a long
    /// enough stem that `word` begins with.
    pub fn matches(&self, word: &str) -> bool {
        self.matches_keyed(word, &key(word))
    }

    /// [`Term::matches`] for a word whose key is known.
    pub fn matches_keyed(&self, word: &str, word_key: &str) -> bool {
        (self.finds_prefixes() && word.starts_with(&self.stem)) || word_key == self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_are_longest_first_and_folded() {
        for pair in ENDINGS.windows(2) {
            assert!(
                pair[0].chars().count() >= pair[1].chars().count(),
                "{pair:?}"
            );
        }
        for ending in ENDINGS {
            assert_eq!(crate::text::fold(ending), ending);
        }
    }

    #[test]
    fn stems_and_keys() {
        assert_eq!(stem("pielegniarki"), "pielegniark");
        assert_eq!(stem("terapii"), "terap");
        assert_eq!(stem("rodzinnej"), "rodzinn");
        assert_eq!(stem("domu"), "dom");
        assert_eq!(stem("gry"), "gry");
        assert_eq!(key("pielegniarce"), key("pielegniarka"));
        assert_eq!(key("pielegniarek"), key("pielegniarka"));
        assert_eq!(key("opiece"), key("opieka"));
        assert_eq!(key("osrodek"), key("osrodka"));
        assert_eq!(key("psycholodzy"), key("psycholog"));
        assert_eq!(key("dziecko"), key("dzieci"));
        assert_eq!(key("celowego"), key("celowy"));
        assert_ne!(key("miejsce"), key("miejski"));
        assert_eq!(key("9999"), "9999");
    }
}

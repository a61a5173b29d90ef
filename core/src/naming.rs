//! The snake-case names of commands and events (`"zzk_closed"`), computed at compile time from
//! their Rust names, so that the type code of a variant is read from its one declaration (the
//! `commands!`/`events!` lists) instead of a hand-kept table that could drift from serde's
//! `rename_all = "snake_case"`.

/// The length of [`snake`]'s result for `name`.
pub(crate) const fn snake_len(name: &str) -> usize {
    let bytes = name.as_bytes();
    let mut len = bytes.len();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            len += 1;
        }
        i += 1;
    }
    len
}

/// `name` (ASCII CamelCase) in snake case, the way serde's `rename_all = "snake_case"` spells a
/// variant: an underscore before every capital but the first, and every capital lowered.
pub(crate) const fn snake<const N: usize>(name: &str) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut out = [0u8; N];
    let mut i = 0;
    let mut j = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_uppercase() && i > 0 {
            out[j] = b'_';
            j += 1;
        }
        out[j] = c.to_ascii_lowercase();
        j += 1;
        i += 1;
    }
    out
}

/// The snake-case spelling of an identifier, as a `&'static str` constant.
macro_rules! snake_case {
    ($name:ident) => {{
        const NAME: &str = stringify!($name);
        const BYTES: [u8; $crate::naming::snake_len(NAME)] = $crate::naming::snake(NAME);
        const SNAKE: &str = match ::core::str::from_utf8(&BYTES) {
            Ok(s) => s,
            Err(_) => panic!("an identifier is ASCII"),
        };
        SNAKE
    }};
}
pub(crate) use snake_case;

#[cfg(test)]
mod tests {
    #[test]
    fn spells_names_as_serde_does() {
        assert_eq!(snake_case!(ZzkRegistered), "zzk_registered");
        assert_eq!(snake_case!(Closed), "closed");
        assert_eq!(snake_case!(RecordPzkEvaluation), "record_pzk_evaluation");
    }
}

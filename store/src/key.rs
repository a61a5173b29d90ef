//! The chain key: a secret kept outside the database that turns the hash chain into an HMAC chain.
//!
//! Without a key, whoever can write the file can also recompute every hash after an edit (or cut
//! the tail and fix the recorded head), and `verify` would pass: SHA-256 proves order, not
//! authorship. With a key, rows from the moment the log was first opened with it (meta
//! `chain_keyed_from`) are linked with HMAC-SHA-256(key, previous hash ‖ canonical JSON), and the
//! recorded head carries an HMAC of its own (meta `chain_head_mac`), so a change without the key
//! is caught by `verify` with the key. The database records from which row the chain is keyed,
//! with an HMAC over that row number and the hash before it — never the key.
//!
//! What a key does not prevent: returning the file to an earlier state of its own (a backup),
//! which is an authentic log, only shorter. Anchors ([`crate::anchor`]) filed elsewhere catch that.

use crate::chain::{hex, Hash};
use crate::error::StoreError;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use std::path::Path;

/// A chain key: at least [`ChainKey::MIN_LEN`] bytes. Its `Debug` form never shows the key.
#[derive(Clone)]
pub struct ChainKey {
    /// HMAC state with the key already absorbed; each use clones it.
    mac: Hmac<Sha256>,
}

impl std::fmt::Debug for ChainKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChainKey(…)")
    }
}

impl ChainKey {
    /// The shortest key accepted: 32 bytes, as long as the HMAC's output.
    pub const MIN_LEN: usize = 32;

    /// A key from its bytes (at least [`ChainKey::MIN_LEN`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<ChainKey, StoreError> {
        if bytes.len() < Self::MIN_LEN {
            return Err(StoreError::ChainKeyInvalid {
                reason: format!(
                    "the key has {} bytes; it needs at least {} random bytes",
                    bytes.len(),
                    Self::MIN_LEN
                ),
                reason_pl: format!(
                    "klucz ma {} bajtów; potrzeba co najmniej {} losowych bajtów",
                    bytes.len(),
                    Self::MIN_LEN
                ),
            });
        }
        let mac = Hmac::<Sha256>::new_from_slice(bytes).expect("HMAC takes a key of any length");
        Ok(ChainKey { mac })
    }

    /// A key from a file: either at least 32 raw bytes, or text of at least 64 hexadecimal digits
    /// (surrounding whitespace ignored), as `head -c 32 /dev/urandom | xxd -p -c 64` writes it.
    pub fn from_file(path: &Path) -> Result<ChainKey, StoreError> {
        let bytes = std::fs::read(path).map_err(|e| StoreError::ChainKeyInvalid {
            reason: format!("cannot read the key file {}: {e}", path.display()),
            reason_pl: format!("nie można odczytać pliku klucza {}: {e}", path.display()),
        })?;
        match from_hex_text(&bytes) {
            Some(decoded) => Self::from_bytes(&decoded),
            None => Self::from_bytes(&bytes),
        }
    }

    fn mac(&self, parts: &[&[u8]]) -> Hash {
        let mut mac = self.mac.clone();
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().into()
    }

    /// The keyed link: HMAC-SHA-256(key, previous hash ‖ canonical JSON).
    pub fn link(&self, prev: &Hash, body: &str) -> Hash {
        self.mac(&[prev, body.as_bytes()])
    }

    /// The HMAC of the marker "keyed from row `from`, whose previous hash is `prev`": binds the
    /// marker to this log and this key, so it can be neither moved nor forged.
    pub(crate) fn marker(&self, from: u64, prev: &Hash) -> String {
        let text = format!("kooperacje-chain-keyed-from:v1:{from}:{}", hex(prev));
        hex(&self.mac(&[text.as_bytes()]))
    }

    /// The HMAC of the recorded head (row `seq` with hash `hash`): without it, cutting keyed rows
    /// off the end and recording the new last row as the head would pass.
    pub(crate) fn head(&self, seq: u64, hash: &Hash) -> String {
        let text = format!("kooperacje-chain-head:v1:{seq}:{}", hex(hash));
        hex(&self.mac(&[text.as_bytes()]))
    }
}

/// Hexadecimal text (≥ 64 digits, even, whitespace around it allowed) decoded; `None` otherwise.
fn from_hex_text(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes).ok()?.trim();
    if text.len() < 2 * ChainKey::MIN_LEN {
        return None;
    }
    decode_hex(text)
}

/// Lower- or upper-case hexadecimal of even length.
pub(crate) fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

/// What the meta table says about the key, read inside the caller's transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// First keyed row.
    pub from: u64,
    /// The marker's HMAC, hex, as stored.
    pub mac: String,
}

impl Marker {
    pub(crate) const KEY: &'static str = "chain_keyed_from";
    pub(crate) const HEAD_KEY: &'static str = "chain_head_mac";

    /// Reads the marker (`None`: the log is not keyed). A marker that cannot be parsed is kept as
    /// one that no key validates.
    pub(crate) fn read(conn: &rusqlite::Connection) -> rusqlite::Result<Option<Marker>> {
        let value = meta(conn, Self::KEY)?;
        Ok(value.map(|v| {
            let mut parts = v.split(' ');
            let from = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let mac = parts.next().unwrap_or("").to_owned();
            Marker { from, mac }
        }))
    }

    /// Whether `key` made this marker, `prev` being the hash before row `from`.
    pub(crate) fn valid(&self, key: &ChainKey, prev: &Hash) -> bool {
        self.from > 0 && key.marker(self.from, prev) == self.mac
    }
}

/// A value of the meta table.
pub(crate) fn meta(conn: &rusqlite::Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.prepare_cached("SELECT value FROM meta WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

/// Sets a value of the meta table.
pub(crate) fn set_meta(
    conn: &rusqlite::Connection,
    key: &str,
    value: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([key, value])
    .map(|_| ())
}

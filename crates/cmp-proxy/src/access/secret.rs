//! Secrets kept out of logs: a wrapper whose `Debug`/`Display` redact, random generation,
//! SHA-256 hex digests and constant-time comparison (the `subtle` crate's).

use sha2::{Digest, Sha256};
use std::fmt;
use subtle::ConstantTimeEq;

/// A secret string. Printing it (`{:?}` or `{}`) shows `[redacted]`; use [`Secret::expose`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// A new random secret of 32 bytes, as 64 hex digits.
    pub fn random() -> Secret {
        Secret(random_hex(32))
    }

    /// The secret itself, for signing or comparing. Never log the result.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` equals the secret, in time independent of where they differ
    /// (only a difference in length returns early).
    pub fn matches(&self, candidate: &str) -> bool {
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// `n` random bytes from the operating system, as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The OS random source failing is unrecoverable: no token or secret could be made safely.
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    to_hex(&bytes)
}

/// SHA-256 of `text`, as lowercase hex.
pub fn sha256_hex(text: &str) -> String {
    to_hex(&Sha256::digest(text.as_bytes()))
}

/// Lowercase hex without a `format!` per byte: every API request hashes its token, and the
/// per-byte formatting was most of the lookup's cost (bench/HISTORY.md §5, round 3).
fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 0x0f)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?} {s}").contains("hunter2"));
        assert!(s.matches("hunter2"));
        assert!(!s.matches("hunter3"));
    }

    #[test]
    fn random_secrets_differ_and_hash_is_hex() {
        assert_ne!(Secret::random(), Secret::random());
        assert_eq!(Secret::random().expose().len(), 64);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

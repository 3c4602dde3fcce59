//! A record's key with its quotes and the colon after it (`"imsi":`) matched at once, as
//! three eight-byte words compared under masks: comparing the names byte by byte was an
//! eighth of the one-pass decode. Only the exact spelling with no whitespace matches; the
//! caller reads anything else byte by byte as before.

use super::super::decode::FIELDS;

/// Words of a pattern: the longest, `"session_started_at":`, is 21 bytes.
const WORDS: usize = 3;

/// Bytes a match looks at (fewer left in the body: the caller reads byte by byte).
const WINDOW: usize = WORDS * 8;

/// A key's bytes as little-endian words, and masks of the bytes that belong to it.
#[derive(Clone, Copy)]
pub(super) struct KeyPattern {
    words: [u64; WORDS],
    masks: [u64; WORDS],
    /// Bytes the pattern spans (consumed on a match).
    pub(super) len: usize,
}

const fn pattern(name: &str) -> KeyPattern {
    let name = name.as_bytes();
    let len = name.len() + 3;
    let mut words = [0u64; WORDS];
    let mut masks = [0u64; WORDS];
    let mut i = 0;
    while i < len {
        let b = if i == 0 || i == name.len() + 1 {
            b'"'
        } else if i <= name.len() {
            name[i - 1]
        } else {
            b':'
        };
        words[i / 8] |= (b as u64) << (8 * (i % 8));
        masks[i / 8] |= 0xff << (8 * (i % 8));
        i += 1;
    }
    KeyPattern { words, masks, len }
}

/// The pattern of every field, by its index in [`FIELDS`].
pub(super) const PATTERNS: [KeyPattern; FIELDS.len()] = {
    let mut out = [pattern(""); FIELDS.len()];
    let mut i = 0;
    while i < FIELDS.len() {
        out[i] = pattern(FIELDS[i]);
        i += 1;
    }
    out
};

impl KeyPattern {
    /// Whether `bytes` start with this key and its colon; `None` when fewer than
    /// [`WINDOW`] bytes are left.
    #[inline(always)]
    pub(super) fn matches(&self, bytes: &[u8]) -> Option<bool> {
        let window: &[u8; WINDOW] = bytes.get(..WINDOW)?.try_into().ok()?;
        Some(self.differs(window, 0) | self.differs(window, 1) | self.differs(window, 2) == 0)
    }

    /// The bits of word `i` of `window` that differ from the pattern's.
    #[inline(always)]
    fn differs(&self, window: &[u8; WINDOW], i: usize) -> u64 {
        let mut w = [0; 8];
        w.copy_from_slice(&window[i * 8..i * 8 + 8]);
        (u64::from_le_bytes(w) ^ self.words[i]) & self.masks[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_matches_only_itself_with_its_colon() {
        let body = |s: &str| format!("{s}{}", " ".repeat(WINDOW));
        for (i, name) in FIELDS.iter().enumerate() {
            let p = PATTERNS[i];
            assert_eq!(p.len, name.len() + 3);
            assert_eq!(
                p.matches(body(&format!("\"{name}\":1")).as_bytes()),
                Some(true)
            );
            assert_eq!(
                p.matches(body(&format!("\"{name}\" :1")).as_bytes()),
                Some(false)
            );
            assert_eq!(
                p.matches(body(&format!("\"{name}x\":")).as_bytes()),
                Some(false)
            );
            assert_eq!(
                p.matches(body(&format!("\"{name}")).as_bytes()),
                Some(false)
            );
            for other in FIELDS.iter().filter(|o| *o != name) {
                assert_eq!(
                    p.matches(body(&format!("\"{other}\":")).as_bytes()),
                    Some(false)
                );
            }
            assert_eq!(p.matches(format!("\"{name}\":").as_bytes()), None);
        }
    }
}

//! [`ShortText`]: an immutable text that keeps up to 22 bytes inside itself, so the codes
//! a CDR carries (IMSI, MSISDN, ICCID, MCC, MNC, network, plan id) cost no allocation to
//! decode, copy or drop. Longer text goes to the heap. It reads as a `&str` everywhere
//! (`Deref`, comparisons, `Display`, serde as a string).

use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Bytes kept inline.
const INLINE: usize = 22;

/// Text, inline when short (see the module's header). Same size as a `String`.
#[derive(Clone)]
pub struct ShortText(Repr);

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl ShortText {
    /// The empty text.
    pub const fn new() -> Self {
        ShortText(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }

    /// The text as a `&str`.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                // Only whole `&str`s are copied in (`From<&str>`), so these bytes are UTF-8.
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }
}

impl ShortText {
    /// Text of up to seven bytes as one integer (its bytes and its length), distinct for
    /// distinct texts and never 0; `None` for longer text. Counting records by their codes
    /// (every MCC, MNC and network is this short) then compares integers, not strings.
    #[inline]
    pub fn packed(&self) -> Option<u64> {
        match &self.0 {
            Repr::Inline { len, bytes } if *len < 8 => {
                let mut word = [0; 8];
                word.copy_from_slice(&bytes[..8]);
                // The bytes after `len` are zeros (every constructor writes them so), and
                // `len + 1` in the top byte keeps "" apart from 0 and texts ending in NUL
                // apart from shorter ones.
                Some(u64::from_le_bytes(word) | (u64::from(*len) + 1) << 56)
            }
            _ => None,
        }
    }
}

impl Default for ShortText {
    fn default() -> Self {
        ShortText::new()
    }
}

impl From<&str> for ShortText {
    #[inline]
    fn from(text: &str) -> Self {
        if text.len() <= INLINE {
            let mut bytes = [0; INLINE];
            bytes[..text.len()].copy_from_slice(text.as_bytes());
            ShortText(Repr::Inline {
                len: text.len() as u8,
                bytes,
            })
        } else {
            ShortText(Repr::Heap(text.into()))
        }
    }
}

impl From<String> for ShortText {
    fn from(text: String) -> Self {
        if text.len() <= INLINE {
            ShortText::from(text.as_str())
        } else {
            ShortText(Repr::Heap(text.into_boxed_str()))
        }
    }
}

impl From<&String> for ShortText {
    fn from(text: &String) -> Self {
        ShortText::from(text.as_str())
    }
}

impl From<ShortText> for String {
    fn from(text: ShortText) -> Self {
        text.as_str().to_owned()
    }
}

impl Deref for ShortText {
    type Target = str;

    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for ShortText {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for ShortText {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for ShortText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ShortText {}

impl PartialEq<str> for ShortText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for ShortText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for ShortText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialOrd for ShortText {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ShortText {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for ShortText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl Serialize for ShortText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_text_read_back_alike() {
        for text in [
            "",
            "4G",
            "232010879771943",
            "89852202310161621658xy",
            "é€😀",
            &"x".repeat(23),
        ] {
            let short = ShortText::from(text);
            assert_eq!(short.as_str(), text);
            assert_eq!(ShortText::from(text.to_owned()), short);
            assert_eq!(format!("{short:?}"), format!("{text:?}"));
            assert_eq!(String::from(short), text);
        }
        assert_eq!(
            std::mem::size_of::<ShortText>(),
            std::mem::size_of::<String>()
        );
        assert_eq!(ShortText::from("").packed(), Some(1 << 56));
        assert_eq!(ShortText::from("4G").packed(), Some(0x4734 | 3 << 56));
        assert_ne!(
            ShortText::from("a").packed(),
            ShortText::from("a\0").packed()
        );
        assert_eq!(
            ShortText::from("1234567").packed().map(|p| p >> 56),
            Some(8)
        );
        assert_eq!(ShortText::from("12345678").packed(), None);
        assert_eq!(
            std::mem::size_of::<Option<ShortText>>(),
            std::mem::size_of::<String>()
        );
    }
}

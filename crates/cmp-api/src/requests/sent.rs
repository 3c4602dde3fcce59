//! What a caller sent for one member, in words, for the door's messages: "the number
//! 202107061625560742397", "the text “x”", "a list". Numbers are quoted from the body's own
//! text, so a message never shows a number rounded. A leaf: it imports nothing of the module.

use serde_json::value::RawValue;

/// The JSON kinds a member can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// A number.
    Number,
    /// A string.
    Text,
    /// An array.
    List,
    /// An object.
    Object,
}

/// The kind of a raw JSON value, from its first character (the text is valid JSON).
pub fn kind(raw: &RawValue) -> Kind {
    match raw.get().trim_start().as_bytes().first() {
        Some(b'n') => Kind::Null,
        Some(b't' | b'f') => Kind::Bool,
        Some(b'"') => Kind::Text,
        Some(b'[') => Kind::List,
        Some(b'{') => Kind::Object,
        _ => Kind::Number,
    }
}

/// The longest quoted value in a message, in characters.
const QUOTE_CHARS: usize = 40;

/// `raw` in words, e.g. `the number 12`, `the text “ab”`, `a list`, `null`.
pub fn describe(raw: &RawValue) -> String {
    let text = raw.get().trim();
    match kind(raw) {
        Kind::Null => "null".into(),
        Kind::Bool => text.into(),
        Kind::Number => format!("the number {}", cut(text)),
        Kind::Text => match serde_json::from_str::<String>(text) {
            Ok(s) => format!("the text “{}”", cut(&s)),
            Err(_) => "text".into(),
        },
        Kind::List => "a list".into(),
        Kind::Object => "an object".into(),
    }
}

/// `s` cut to [`QUOTE_CHARS`] characters, with `…` when cut.
pub fn cut(s: &str) -> String {
    match s.char_indices().nth(QUOTE_CHARS) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

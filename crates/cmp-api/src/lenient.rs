//! Lenient serde helpers: the upstream sends numbers as strings or numbers, and leaves
//! fields `null`, `""` or out entirely. Everything here decodes all of those and encodes
//! the way the upstream's own examples do.

use crate::short_text::ShortText;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serializer};
use std::fmt::{self, Display};
use std::marker::PhantomData;
use std::str::FromStr;

/// Reads a scalar as trimmed text and hands it to `F`; `null`, `""`, arrays and objects
/// read as `None`. A visitor rather than a detour through `serde_json::Value` and an
/// untagged enum, and the text is only borrowed: the SPA decodes a hundred thousand CDRs
/// with a dozen such fields each, and a `String` per number or date (only to parse it
/// again) cost more than the rest of decoding them.
struct TextVisitor<F>(F);

impl<F> TextVisitor<F> {
    fn some<T>(self, text: &str) -> Option<T>
    where
        F: FnOnce(&str) -> Option<T>,
    {
        let text = trim(text);
        if text.is_empty() {
            None
        } else {
            (self.0)(text)
        }
    }

    /// Hands `value`'s `Display` text to `F`, written on the stack when it fits (numbers
    /// always do, apart from the longest floats), so no number allocates.
    fn display<T>(self, value: impl Display) -> Option<T>
    where
        F: FnOnce(&str) -> Option<T>,
    {
        let mut buf = StackText::default();
        if fmt::write(&mut buf, format_args!("{value}")).is_ok() {
            (self.0)(buf.as_str())
        } else {
            (self.0)(&value.to_string())
        }
    }
}

/// `text` without leading and trailing whitespace, as [`str::trim`] gives it; text that
/// starts and ends with a visible ASCII character (almost every field) is returned as is
/// without walking it char by char.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let visible = |b: &u8| b.wrapping_sub(0x21) < 0x5e;
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if visible(first) && visible(last) => text,
        _ => text.trim(),
    }
}

/// A short text written on the stack; writing more than fits fails (the caller then
/// formats into a `String`).
struct StackText {
    buf: [u8; 48],
    len: usize,
}

impl Default for StackText {
    fn default() -> Self {
        StackText {
            buf: [0; 48],
            len: 0,
        }
    }
}

impl StackText {
    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in, so the bytes are UTF-8.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let slot = self.buf.get_mut(self.len..end).ok_or(fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl<'de, T, F: FnOnce(&str) -> Option<T>> Visitor<'de> for TextVisitor<F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(self.some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(self.display(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(self.display(v))
    }

    fn visit_f64<E: de::Error>(self, f: f64) -> Result<Self::Value, E> {
        Ok(if f.fract() == 0.0 && f.abs() < 9.0e15 {
            self.display(f as i64)
        } else {
            self.display(f)
        })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok((self.0)(if v { "true" } else { "false" }))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
}

/// The scalar as owned text (see [`TextVisitor`]).
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_option(OwnedText(PhantomData))
}

/// [`text`] into a [`ShortText`], with no `String` on the way for a JSON string.
pub(crate) fn short_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<ShortText>, D::Error> {
    d.deserialize_option(OwnedText(PhantomData))
}

fn owned(text: &str) -> Option<String> {
    Some(text.to_owned())
}

/// [`TextVisitor`] building owned text `T`, with the string case (nearly every text field)
/// written out, so it is not a chain of calls through a closure.
struct OwnedText<T>(PhantomData<T>);

impl<T> OwnedText<T> {
    fn other<E>(read: Result<Option<String>, E>) -> Result<Option<T>, E>
    where
        T: From<String>,
    {
        read.map(|text| text.map(T::from))
    }
}

impl<'de, T: for<'a> From<&'a str> + From<String>> Visitor<'de> for OwnedText<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        TextVisitor(owned).expecting(f)
    }

    #[inline]
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let text = trim(v);
        // An `if`, not `bool::then`: at `opt-level = "z"` the closure is a call per field.
        Ok(if text.is_empty() {
            None
        } else {
            Some(T::from(text))
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::other(TextVisitor(owned).visit_u64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::other(TextVisitor(owned).visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Self::other(TextVisitor(owned).visit_f64(v))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Self::other(TextVisitor(owned).visit_bool(v))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Self::other(TextVisitor(owned).visit_seq(seq))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Self::other(TextVisitor(owned).visit_map(map))
    }
}

/// The scalar's text parsed as `T`; text that does not parse reads as `None`.
fn parsed<'de, T: FromStr, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
    d.deserialize_option(TextVisitor(|t: &str| t.parse().ok()))
}

/// `Option<T>` written as a JSON string (or `null`), read from a string or a number.
/// A value that does not parse as `T` reads as `None` rather than failing the whole response.
pub mod opt_str {
    use super::*;

    /// Encodes `Some(v)` as `"v"` and `None` as `null`.
    pub fn serialize<T: Display, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }

    /// Decodes a string, number, `null`, `""` or a missing field.
    pub fn deserialize<'de, T: FromStr, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        parsed(d)
    }
}

/// `Option<T>` written as a JSON number (or `null`), read from a string or a number.
pub mod opt_num {
    use super::*;

    /// Encodes `Some(v)` as a bare number and `None` as `null`.
    pub fn serialize<T: Into<u64> + Copy, S: Serializer>(
        v: &Option<T>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_u64((*v).into()),
            None => s.serialize_none(),
        }
    }

    /// Decodes a string, number, `null`, `""` or a missing field.
    pub fn deserialize<'de, T: FromStr, D: Deserializer<'de>>(d: D) -> Result<Option<T>, D::Error> {
        parsed(d)
    }
}

/// A count written as a JSON number, read from a number or a numeric string; absent → 0.
pub mod num {
    use super::*;

    /// Encodes the count as a bare number.
    pub fn serialize<T: Into<u64> + Copy, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64((*v).into())
    }

    /// Decodes a number or numeric string; `null`, `""`, missing or unparsable give the default.
    pub fn deserialize<'de, T: FromStr + Default, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        Ok(parsed(d)?.unwrap_or_default())
    }
}

/// [`num`] for a count whose text is its digits (the volumes): a JSON integer is taken as
/// it is rather than written out and parsed back; every other input reads as in [`num`].
pub fn whole<'de, T: FromStr + Default, D: Deserializer<'de>>(
    d: D,
    of: fn(u64) -> T,
) -> Result<T, D::Error> {
    Ok(d.deserialize_option(Whole(of))?.unwrap_or_default())
}

/// The visitor of [`whole`]: `visit_u64` direct, the rest as [`TextVisitor`] parsing `T`.
struct Whole<T>(fn(u64) -> T);

impl<T: FromStr> Whole<T> {
    fn text(self) -> TextVisitor<fn(&str) -> Option<T>> {
        TextVisitor(|t: &str| t.parse().ok())
    }
}

impl<'de, T: FromStr> Visitor<'de> for Whole<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    #[inline]
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some((self.0)(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.text().visit_str(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.text().visit_i64(v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.text().visit_f64(v)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.text().visit_bool(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.text().visit_seq(seq)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.text().visit_map(map)
    }
}

/// A text field: `null`, `""` and missing become `None`; numbers become their digits.
pub mod opt_text {
    use super::*;

    /// Encodes `Some(s)` as a string and `None` as `null`.
    pub fn serialize<S: Serializer>(v: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(v),
            None => s.serialize_none(),
        }
    }

    /// Decodes any scalar into text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
        text(d)
    }
}

/// A boolean that may arrive as `true`, `"true"`, `1` or `"1"`; absent → `false`.
pub mod flag {
    use super::*;

    /// Decodes the usual spellings of a boolean.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
        let is_true = |t: &str| Some(matches!(t, "true" | "1" | "True" | "TRUE"));
        Ok(d.deserialize_option(TextVisitor(is_true))?.unwrap_or(false))
    }
}

/// A list that may arrive as `null` or be missing: both read as empty.
pub mod list {
    use super::*;

    /// Encodes the list as a JSON array.
    pub fn serialize<T: serde::Serialize, S: Serializer>(v: &[T], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v)
    }

    /// Decodes `null` and a missing field as an empty list.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<T>, D::Error> {
        Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
    }
}

/// Lower-cases a camelCase key into snake_case (`orderCode` → `order_code`,
/// `multiImsi_flag` → `multi_imsi_flag`), so every spelling the upstream uses meets one name.
pub fn snake_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('_') {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Rewrites every object key in `value` to snake_case. When two spellings of one field are
/// both present (`deviceId` and `device_id`), the first one that carries a value wins.
pub fn normalize_keys(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = snake_key(&k);
                let v = normalize_keys(v);
                let is_blank = matches!(&v, Value::Null) || v.as_str() == Some("");
                match out.get(&key) {
                    Some(existing)
                        if !(matches!(existing, Value::Null) || existing.as_str() == Some(""))
                            || is_blank => {}
                    _ => {
                        out.insert(key, v);
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(normalize_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for visible ASCII ends trims exactly as `str::trim` does, Unicode
        /// spaces and control characters included.
        #[test]
        fn trim_equals_str_trim(s in "[ \\t\\x0b\\x1c\\x7f\u{a0}\u{3000}a-z0-9:-]{0,12}", any_text in ".{0,8}") {
            prop_assert_eq!(trim(&s), s.trim());
            prop_assert_eq!(trim(&any_text), any_text.trim());
        }
    }

    #[test]
    fn snake_key_handles_every_spelling_seen_upstream() {
        assert_eq!(snake_key("orderCode"), "order_code");
        assert_eq!(snake_key("order_code"), "order_code");
        assert_eq!(snake_key("multiImsi_flag"), "multi_imsi_flag");
        assert_eq!(snake_key("Package_name"), "package_name");
        assert_eq!(snake_key("ref_orderId"), "ref_order_id");
        assert_eq!(snake_key("totalQuotaByte"), "total_quota_byte");
    }

    #[test]
    fn normalize_keeps_the_spelling_that_has_a_value() {
        let v = serde_json::json!({"device_id": null, "deviceId": "89"});
        assert_eq!(normalize_keys(v), serde_json::json!({"device_id": "89"}));
        let v = serde_json::json!({"deviceId": "89", "device_id": "89"});
        assert_eq!(normalize_keys(v), serde_json::json!({"device_id": "89"}));
    }
}

/// A text field that is always present in our model: `null` and missing become `""`.
pub mod opt_text_required {
    use super::*;

    /// Encodes the text as a string.
    pub fn serialize<S: Serializer>(v: &str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(v)
    }

    /// Decodes any scalar into text, `null` into `""`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
        Ok(text(d)?.unwrap_or_default())
    }
}

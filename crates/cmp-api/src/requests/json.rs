//! Reading a body as JSON without losing anything: an object's members in order with their
//! values still as text ([`RawValue`]), every repeated key reported rather than the last one
//! silently winning, and values turned into [`Value`]s only when every number in them comes
//! out exactly as it was sent ([`super::number`]).

use super::error::{Problem, RequestError};
use super::number::exact;
use super::sent::{Kind, describe, kind};
use serde::Deserializer;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::fmt;

/// An object's members in the order sent, each value unparsed.
pub type Members<'a> = Vec<(String, &'a RawValue)>;

/// The body as a JSON object's members. Whitespace only reads as `{}`.
pub fn object(body: &[u8]) -> Result<Members<'_>, RequestError> {
    let text = std::str::from_utf8(body)
        .map_err(|_| RequestError::body(Problem::NotJson("it is not UTF-8 text".into())))?;
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let raw: &RawValue = serde_json::from_str(text)
        .map_err(|e| RequestError::body(Problem::NotJson(e.to_string())))?;
    if kind(raw) != Kind::Object {
        return Err(RequestError::body(Problem::NotObject(describe(raw))));
    }
    members(raw)
}

/// The members of `raw`, which must be an object.
pub fn members(raw: &RawValue) -> Result<Members<'_>, RequestError> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    de.deserialize_map(MembersVisitor)
        .map_err(|e| RequestError::body(Problem::NotJson(e.to_string())))
}

/// The items of `raw`, which must be an array.
pub fn items(raw: &RawValue) -> Result<Vec<&RawValue>, RequestError> {
    serde_json::from_str(raw.get()).map_err(|e| RequestError::body(Problem::NotJson(e.to_string())))
}

struct MembersVisitor;

impl<'de> Visitor<'de> for MembersVisitor {
    type Value = Members<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
            out.push(entry);
        }
        Ok(out)
    }
}

/// `raw` as a [`Value`], refused when a number in it would not come out as sent or an
/// object in it repeats a key; `field` names it in the refusal (`field[2].name`...).
pub fn exact_value(raw: &RawValue, field: &str) -> Result<Value, RequestError> {
    match kind(raw) {
        Kind::Number => {
            let text = raw.get().trim();
            exact(text)
                .map(Value::Number)
                .ok_or_else(|| RequestError::new(field, Problem::Inexact(text.to_owned())))
        }
        Kind::List => items(raw)?
            .into_iter()
            .enumerate()
            .map(|(i, item)| exact_value(item, &format!("{field}[{i}]")))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Kind::Object => {
            let mut map = Map::new();
            for (key, value) in members(raw)? {
                let path = format!("{field}.{key}");
                if map.contains_key(&key) {
                    return Err(RequestError::new(path, Problem::Repeated { other: key }));
                }
                let value = exact_value(value, &path)?;
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
        Kind::Null | Kind::Bool | Kind::Text => serde_json::from_str(raw.get())
            .map_err(|e| RequestError::new(field, Problem::NotJson(e.to_string()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keep_order_and_repeats() {
        let m = object(br#" {"b": 1, "a": [2], "b": "x"} "#).unwrap();
        let keys: Vec<&str> = m.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["b", "a", "b"]);
        assert_eq!(m[1].1.get(), "[2]");
        assert!(object(b"  \n").unwrap().is_empty());
    }

    #[test]
    fn a_body_that_is_not_an_object_is_named() {
        let e = object(b"[1]").unwrap_err();
        assert_eq!(e.field, "body");
        assert!(e.to_string().contains("not a list"), "{e}");
        let e = object(b"{\"a\":").unwrap_err();
        assert!(matches!(e.problem, Problem::NotJson(_)), "{e}");
        let e = object(&[b'{', 0xff, b'}']).unwrap_err();
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    #[test]
    fn exact_values_refuse_rounding_anywhere_inside() {
        let raw: &RawValue =
            serde_json::from_str(r#"{"a":[1,{"b":220120801162781674139}]}"#).unwrap();
        let e = exact_value(raw, "x").unwrap_err();
        assert_eq!(e.field, "x.a[1].b");
        assert_eq!(e.problem, Problem::Inexact("220120801162781674139".into()));
        let raw: &RawValue =
            serde_json::from_str(r#"{"a":[1,{"b":"220120801162781674139"}],"v":1.0}"#).unwrap();
        assert_eq!(
            exact_value(raw, "x").unwrap().to_string(),
            r#"{"a":[1,{"b":"220120801162781674139"}],"v":1.0}"#
        );
        let raw: &RawValue = serde_json::from_str(r#"{"k":1,"k":2}"#).unwrap();
        assert_eq!(exact_value(raw, "x").unwrap_err().field, "x.k");
    }
}

//! One operation's body, its members sorted into the fields the spec names and the rest.
//! A field may come in any spelling that folds to the spec's (`deviceList`, `device_list`,
//! `orderId`, `Order_id`...); two spellings of one field are refused, so what the access
//! checks read and what the platform reads can never be two different members. The signing
//! members (`access_code`, `timestamp`, `sign`) are dropped: the proxy signs every request
//! itself, and a client written for the platform may send its own.
//!
//! Readers for the kinds of value the spec uses: text, whole numbers and lists.

use super::error::{Problem, RequestError};
use super::json::{Members, exact_value, items};
use super::sent::{Kind, describe, kind};
use crate::lenient::snake_key;
use crate::sign::{ACCESS_CODE, SIGN, TIMESTAMP};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

/// A body's members: the spec's fields found so far, and the others.
pub struct Fields<'a> {
    known: Vec<(&'static str, &'a RawValue)>,
    others: Members<'a>,
}

impl<'a> Fields<'a> {
    /// Sorts `members` into the fields named in `spec` (spelled as the spec does) and the
    /// others; a field given twice, or an other member repeated, is refused.
    pub fn sort(members: Members<'a>, spec: &[&'static str]) -> Result<Fields<'a>, RequestError> {
        let mut known: Vec<(&'static str, &'a RawValue)> = Vec::new();
        let mut spellings: Vec<(&'static str, String)> = Vec::new();
        let mut others: Members<'a> = Vec::new();
        for (key, value) in members {
            if [ACCESS_CODE, TIMESTAMP, SIGN].contains(&key.as_str()) {
                continue;
            }
            let folded = snake_key(&key);
            match spec.iter().find(|name| snake_key(name) == folded) {
                Some(name) => {
                    if let Some((_, other)) = spellings.iter().find(|(n, _)| n == name) {
                        let other = other.clone();
                        return Err(RequestError::new(*name, Problem::Repeated { other }));
                    }
                    spellings.push((name, key));
                    known.push((name, value));
                }
                None => {
                    if others.iter().any(|(k, _)| *k == key) {
                        let other = key.clone();
                        return Err(RequestError::new(key, Problem::Repeated { other }));
                    }
                    others.push((key, value));
                }
            }
        }
        Ok(Fields { known, others })
    }

    /// The value of the spec's field `name`, when it was sent (even as `null`).
    pub fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.known.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// Refuses the first member the spec does not name: for mutations, which pass on
    /// exactly what the spec defines. `takes` lists the fields in words.
    pub fn only_spec(
        &self,
        operation: &'static str,
        takes: &'static str,
    ) -> Result<(), RequestError> {
        match self.others.first() {
            Some((key, _)) => Err(RequestError::new(
                key.clone(),
                Problem::Unknown { operation, takes },
            )),
            None => Ok(()),
        }
    }

    /// The members the spec does not name, as values whose numbers are exactly as sent: for
    /// queries, which pass them on (see the module docs of [`super`]).
    pub fn others(&self) -> Result<Map<String, Value>, RequestError> {
        self.others
            .iter()
            .map(|(key, raw)| Ok((key.clone(), exact_value(raw, key)?)))
            .collect()
    }
}

/// A text field: `None` when absent, `null` or blank; the text (not trimmed) otherwise.
/// Any other kind is refused: the spec makes these strings, and an id sent as a JSON number
/// is rounded by every JSON reader that stops at 64 bits.
pub fn text(field: &str, raw: Option<&RawValue>) -> Result<Option<String>, RequestError> {
    let Some(raw) = raw else { return Ok(None) };
    match kind(raw) {
        Kind::Null => Ok(None),
        Kind::Text => {
            let s: String = serde_json::from_str(raw.get())
                .map_err(|e| RequestError::new(field, Problem::NotJson(e.to_string())))?;
            Ok(Some(s).filter(|s| !s.trim().is_empty()))
        }
        _ => Err(RequestError::new(
            field,
            Problem::WrongKind {
                expected: "text in quotes",
                sent: describe(raw),
            },
        )),
    }
}

/// A required text field; `hint` says what to send when it is missing, `null` or blank.
pub fn required_text(
    field: &str,
    raw: Option<&RawValue>,
    hint: &'static str,
) -> Result<String, RequestError> {
    text(field, raw)?.ok_or_else(|| RequestError::new(field, Problem::Missing { hint }))
}

/// A whole-number field's text: `None` when absent, `null` or blank; the digits of a JSON
/// number or of a numeric string otherwise (the spec types these `Integer`, and numeric
/// strings were always accepted). Anything else is refused.
pub fn whole_text(field: &str, raw: Option<&RawValue>) -> Result<Option<String>, RequestError> {
    let Some(raw) = raw else { return Ok(None) };
    match kind(raw) {
        Kind::Number => Ok(Some(raw.get().trim().to_owned())),
        Kind::Null | Kind::Text => text(field, Some(raw)).map(|t| t.map(|t| t.trim().to_owned())),
        _ => Err(RequestError::new(
            field,
            Problem::WrongKind {
                expected: "a whole number",
                sent: describe(raw),
            },
        )),
    }
}

/// A whole number of at least `min` (a page number or size), or `None` when not sent.
pub fn whole(field: &str, raw: Option<&RawValue>, min: u64) -> Result<Option<u64>, RequestError> {
    let Some(sent) = whole_text(field, raw)? else {
        return Ok(None);
    };
    let n = Some(&sent)
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|n| *n >= min);
    n.map(Some).ok_or_else(|| {
        let sent = raw.map_or_else(String::new, describe);
        RequestError::new(field, Problem::NotWhole { min, sent })
    })
}

/// A list field's items: `None` when absent or `null`; anything but a list is refused.
pub fn list<'a>(
    field: &str,
    raw: Option<&'a RawValue>,
    expected: &'static str,
) -> Result<Option<Vec<&'a RawValue>>, RequestError> {
    let Some(raw) = raw else { return Ok(None) };
    match kind(raw) {
        Kind::Null => Ok(None),
        Kind::List => items(raw).map(Some),
        _ => Err(RequestError::new(
            field,
            Problem::WrongKind {
                expected,
                sent: describe(raw),
            },
        )),
    }
}

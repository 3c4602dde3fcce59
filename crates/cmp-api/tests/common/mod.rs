//! Helpers shared by the integration tests: reading fixtures and comparing key sets.

#![allow(dead_code)]

use cmp_api::{CmpTime, decode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::fmt::Debug;

/// The text of `tests/fixtures/<name>.json`.
pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

/// Paths (like `data.package_order[0].orderCode`) of every object key in `original` that
/// is missing from `encoded` at the same place.
pub fn missing_keys(original: &Value, encoded: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(original, Some(encoded), String::new(), &mut out);
    out
}

fn walk(original: &Value, encoded: Option<&Value>, path: String, out: &mut Vec<String>) {
    match original {
        Value::Object(map) => {
            for (key, value) in map {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                let found = encoded.and_then(|e| e.get(key));
                if found.is_none() {
                    out.push(here.clone());
                }
                walk(value, found, here, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(
                    item,
                    encoded.and_then(|e| e.get(i)),
                    format!("{path}[{i}]"),
                    out,
                );
            }
        }
        _ => {}
    }
}

/// Decodes fixture `name`, checks that re-encoding keeps every key of the original except
/// `lost`, and that decoding the re-encoded JSON gives the same value.
pub fn round_trip<T>(name: &str, lost: &[&str]) -> (T, Value)
where
    T: DeserializeOwned + Serialize + PartialEq + Debug,
{
    let text = fixture(name);
    let value: T = decode(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let encoded = serde_json::to_value(&value).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        missing_keys(&original, &encoded),
        lost,
        "{name}: keys lost on re-encoding"
    );
    let again: T = decode(&serde_json::to_string(&encoded).unwrap()).unwrap();
    assert_eq!(again, value, "{name}: re-encoded JSON decodes differently");
    (value, encoded)
}

/// Parses a time in any of the upstream's formats.
pub fn time(s: &str) -> CmpTime {
    s.parse().unwrap()
}

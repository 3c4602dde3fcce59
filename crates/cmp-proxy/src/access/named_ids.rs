//! The devices and orders a request body names, read in every spelling the platform might
//! read: the spec writes `device_id` and `order_id`, its answers also say `deviceId`,
//! `orderCode` and `order_code`, and a lenient platform may take any of them. A scope check
//! that read one spelling could be passed with `{"device_id":"mine","deviceId":"theirs"}`,
//! or told nothing by `{"device_id":null,"deviceId":"theirs"}`. So every spelling is read,
//! a `null` or `""` in one never hides a value in another, and two spellings that name
//! different things are refused rather than guessed between.

use crate::error::ApiError;
use serde_json::{Map, Value};

/// The spellings of the device a body names.
pub const DEVICE: [&str; 2] = ["device_id", "deviceId"];
/// The spellings of the order a body names (`order_id` in requests; `order_code`/`orderCode`
/// as the platform's answers name orders).
pub const ORDER: [&str; 4] = ["order_id", "orderId", "order_code", "orderCode"];
/// The spellings of batchOrderPackages' device list.
pub const DEVICE_LIST: [&str; 2] = ["deviceList", "device_list"];

/// The one value `body` gives under any of `spellings`, or `None` when each is missing,
/// `null` or blank. A number counts as its digits (the platform may read it so).
pub fn one(body: &Map<String, Value>, spellings: &[&str]) -> Result<Option<String>, ApiError> {
    let mut found: Option<(&str, String)> = None;
    for key in spellings {
        let Some(Some(value)) = body.get(*key).map(|v| id_text(key, v)).transpose()? else {
            continue;
        };
        match &found {
            Some((first_key, first)) if *first != value => {
                return Err(ApiError::BadRequest(format!(
                    "the body names {first} as {first_key} and {value} as {key}; send one {} only",
                    spellings[0]
                )));
            }
            Some(_) => {}
            None => found = Some((key, value)),
        }
    }
    Ok(found.map(|(_, v)| v))
}

/// Every device listed under any spelling of the device list, or `None` when no spelling
/// holds a list (missing or `null`). Each item must be a device id.
pub fn device_list(body: &Map<String, Value>) -> Result<Option<Vec<String>>, ApiError> {
    let mut listed: Option<Vec<String>> = None;
    for key in DEVICE_LIST {
        match body.get(key) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                let all = listed.get_or_insert_with(Vec::new);
                for item in items {
                    match id_text(key, item)? {
                        Some(device) => all.push(device),
                        None => {
                            return Err(ApiError::BadRequest(format!(
                                "{key} holds an empty device id; list device ids only"
                            )));
                        }
                    }
                }
            }
            Some(_) => {
                return Err(ApiError::BadRequest(format!(
                    "{key} must be a list of device ids, such as [\"89852022018041800193\"]"
                )));
            }
        }
    }
    Ok(listed)
}

/// An id's text: a string (trimmed) or a number's digits; `None` for `null` or blank text;
/// anything else names nothing a person could mean and is refused.
fn id_text(key: &str, value: &Value) -> Result<Option<String>, ApiError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        Value::Number(n) => Ok(Some(n.to_string())),
        _ => Err(ApiError::BadRequest(format!(
            "{key} must be text, such as \"89852022018041800193\""
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn a_blank_spelling_never_hides_the_other() {
        for v in [
            json!({"device_id": null, "deviceId": "D2"}),
            json!({"deviceId": null, "device_id": "D2"}),
            json!({"device_id": "", "deviceId": " D2 "}),
            json!({"deviceId": "D2"}),
            json!({"device_id": "D2", "deviceId": "D2"}),
        ] {
            assert_eq!(
                one(&body(v.clone()), &DEVICE).unwrap().as_deref(),
                Some("D2"),
                "{v}"
            );
        }
        assert_eq!(
            one(&body(json!({"device_id": null})), &DEVICE).unwrap(),
            None
        );
        assert_eq!(one(&body(json!({})), &DEVICE).unwrap(), None);
        assert_eq!(
            one(&body(json!({"orderCode": "O-3", "order_id": null})), &ORDER)
                .unwrap()
                .as_deref(),
            Some("O-3")
        );
    }

    #[test]
    fn two_spellings_naming_different_things_are_refused() {
        let e = one(&body(json!({"device_id": "D1", "deviceId": "D2"})), &DEVICE).unwrap_err();
        assert_eq!(e.code(), "BAD_REQUEST");
        assert!(
            e.to_string().contains("D1") && e.to_string().contains("D2"),
            "{e}"
        );
        assert!(one(&body(json!({"order_id": "A", "order_code": "B"})), &ORDER).is_err());
        assert!(one(&body(json!({"device_id": {"x": 1}})), &DEVICE).is_err());
        assert_eq!(
            one(&body(json!({"device_id": 123})), &DEVICE)
                .unwrap()
                .as_deref(),
            Some("123")
        );
    }

    #[test]
    fn every_device_list_spelling_is_read() {
        let both = body(json!({"deviceList": ["D1"], "device_list": ["D2"]}));
        assert_eq!(
            device_list(&both).unwrap(),
            Some(vec!["D1".into(), "D2".into()])
        );
        let other = body(json!({"deviceList": null, "device_list": ["D2"]}));
        assert_eq!(device_list(&other).unwrap(), Some(vec!["D2".into()]));
        assert_eq!(device_list(&body(json!({}))).unwrap(), None);
        assert!(device_list(&body(json!({"deviceList": "D1"}))).is_err());
        assert!(device_list(&body(json!({"deviceList": ["D1", null]}))).is_err());
    }
}

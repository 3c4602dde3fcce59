//! The upstream's request-signing scheme, implemented once: the proxy signs with it and the
//! simulator verifies with it.
//!
//! Each request carries `access_code`, `timestamp` (Unix milliseconds, as a string) and
//! `sign`: in the JSON body for POST, in the query string for GET.
//! `sign = Base64(HMAC-SHA1(key = secret, message = S))`, where `S` is the compact JSON
//! object of every parameter of the request (path, query and body parameters plus
//! `access_code` and `timestamp`, but not the top-level `sign` that carries the signature)
//! whose value is neither `null` nor `""`, with object keys sorted and null/`""` members
//! dropped at every level, arrays kept in order, and values keeping their JSON types
//! (query-string values and the path parameter, named `sim_id`, are strings). Only the
//! request's own `sign` parameter is left out: a member named `sign` inside a nested object
//! is an ordinary value and is signed like any other, or it could be changed in transit
//! without breaking the signature.
//!
//! Worked examples, all with secret `SEC` (they are this module's tests):
//! 1. POST body `{"device_id":"89852202310161621656","access_code":"AC","timestamp":"1795991084660"}`
//!    → S = `{"access_code":"AC","device_id":"89852202310161621656","timestamp":"1795991084660"}`
//!    → sign `iVRVqrWY+5ZvnSR4U0Glocx7560=`
//! 2. POST body `{"deviceList":["89852022018041800193","89852022018041800192"],"is_open":"0",
//!    "package_code":"DP20190726001274","subscribed_count":10,"ahead":{"z":1,"a":""},
//!    "device_type":"","note":null,"access_code":"AC","timestamp":"1795991084660","version":1.0}`
//!    → S = `{"access_code":"AC","ahead":{"z":1},"deviceList":["89852022018041800193",
//!    "89852022018041800192"],"is_open":"0","package_code":"DP20190726001274",
//!    "subscribed_count":10,"timestamp":"1795991084660","version":1.0}`
//!    → sign `+CPO8Wfwi+AZTFAuZQ2B1vY7+c0=`
//! 3. `GET /cmp-api/sims/8965011909030066336/cdr?received_start_time=2022-11-16&received_end_by=2022-12-16&page_no=1&page_size=10`
//!    with access_code `AC` and timestamp `1795991084660` → S = `{"access_code":"AC",
//!    "page_no":"1","page_size":"10","received_end_by":"2022-12-16",
//!    "received_start_time":"2022-11-16","sim_id":"8965011909030066336",
//!    "timestamp":"1795991084660"}` → sign `iICz4CXc0msLaXCvlER5kGooaRM=`

use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha1::Sha1;

/// The parameter that carries the caller's access code.
pub const ACCESS_CODE: &str = "access_code";
/// The parameter that carries the request time in Unix milliseconds.
pub const TIMESTAMP: &str = "timestamp";
/// The parameter that carries the signature.
pub const SIGN: &str = "sign";
/// The name the CDR path parameter is signed under.
pub const SIM_ID: &str = "sim_id";
/// How far a request's timestamp may be from the verifier's clock.
pub const MAX_SKEW_MS: i64 = 10 * 60 * 1000;

/// The canonical text `S` of a parameter object (see the module docs).
pub fn canonical(params: &Value) -> String {
    let mut out = Vec::new();
    write_canonical(params, Level::Top, &mut out);
    // Only JSON text and ASCII punctuation were written.
    String::from_utf8(out).unwrap_or_default()
}

/// Where a value sits: only the parameter object itself has the `sign` member to skip.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    /// The request's parameter object.
    Top,
    /// Anything inside it.
    Nested,
}

fn is_dropped(v: &Value) -> bool {
    v.is_null() || v.as_str() == Some("")
}

/// A JSON string or scalar, as serde_json writes it (numbers as they were parsed, 1.0 stays
/// 1.0; strings escaped), straight into `out`.
fn write_json<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    // Writing to a Vec cannot fail, and these values always serialise.
    let _ = serde_json::to_writer(&mut *out, value);
}

fn write_object(map: &Map<String, Value>, level: Level, out: &mut Vec<u8>) {
    let is_signature = |k: &str| level == Level::Top && k == SIGN;
    let mut members: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, v)| !is_signature(k) && !is_dropped(v))
        .collect();
    members.sort_unstable_by(|a, b| a.0.cmp(b.0));
    out.push(b'{');
    for (i, (k, v)) in members.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json(k.as_str(), out);
        out.push(b':');
        write_canonical(v, Level::Nested, out);
    }
    out.push(b'}');
}

fn write_canonical(v: &Value, level: Level, out: &mut Vec<u8>) {
    match v {
        Value::Object(map) => write_object(map, level, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, Level::Nested, out);
            }
            out.push(b']');
        }
        other => write_json(other, out),
    }
}

/// Base64(HMAC-SHA1(secret, text)).
fn mac(secret: &str, text: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha1>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(text);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `sign` for a parameter object under `secret`.
pub fn sign(secret: &str, params: &Value) -> String {
    let mut out = Vec::with_capacity(256);
    write_canonical(params, Level::Top, &mut out);
    mac(secret, &out)
}

/// Adds `access_code`, `timestamp` and `sign` to a POST body (an object). The body is signed
/// where it lies, not copied.
pub fn sign_body(body: &mut Map<String, Value>, access_code: &str, secret: &str, now_ms: i64) {
    body.remove(SIGN);
    body.insert(ACCESS_CODE.into(), Value::String(access_code.into()));
    body.insert(TIMESTAMP.into(), Value::String(now_ms.to_string()));
    let mut out = Vec::with_capacity(256);
    write_object(body, Level::Top, &mut out);
    let sig = mac(secret, &out);
    body.insert(SIGN.into(), Value::String(sig));
}

/// The parameter object of a GET: the query pairs and the path's `sim_id`, all strings.
pub fn get_params<'a>(
    query: impl IntoIterator<Item = (&'a str, &'a str)>,
    sim_id: Option<&str>,
) -> Map<String, Value> {
    let mut map: Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Value::String(v.to_owned())))
        .collect();
    if let Some(sim) = sim_id {
        map.insert(SIM_ID.into(), Value::String(sim.into()));
    }
    map
}

/// The query-string pairs to append to a GET so it is signed: `access_code`, `timestamp`, `sign`.
/// Signs what [`get_params`] would build (a later pair of the same name wins; `sim_id`,
/// `access_code` and `timestamp` win over the query's) without building it.
pub fn sign_query(
    query: &[(String, String)],
    sim_id: Option<&str>,
    access_code: &str,
    secret: &str,
    now_ms: i64,
) -> Vec<(String, String)> {
    let timestamp = now_ms.to_string();
    let mut params: Vec<(&str, &str)> = Vec::with_capacity(query.len() + 3);
    params.extend(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    if let Some(sim) = sim_id {
        params.push((SIM_ID, sim));
    }
    params.push((ACCESS_CODE, access_code));
    params.push((TIMESTAMP, &timestamp));
    // Stable: pairs of one name keep their order, and the last of them is the one kept.
    params.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = Vec::with_capacity(256);
    out.push(b'{');
    let mut first = true;
    for (i, (k, v)) in params.iter().enumerate() {
        let later_same_name = params.get(i + 1).is_some_and(|next| next.0 == *k);
        if later_same_name || *k == SIGN || v.is_empty() {
            continue;
        }
        if !first {
            out.push(b',');
        }
        first = false;
        write_json(*k, &mut out);
        out.push(b':');
        write_json(*v, &mut out);
    }
    out.push(b'}');
    let sig = mac(secret, &out);
    vec![
        (ACCESS_CODE.into(), access_code.into()),
        (TIMESTAMP.into(), timestamp),
        (SIGN.into(), sig),
    ]
}

/// Why a request's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// No `access_code`, `timestamp` or `sign`.
    #[error("the request is not signed: {0} is missing")]
    Missing(&'static str),
    /// The access code is not the expected one.
    #[error("the access code is not recognised")]
    UnknownAccessCode,
    /// The timestamp is not a number of milliseconds.
    #[error("the timestamp is not a number of milliseconds")]
    BadTimestamp,
    /// The timestamp is more than ten minutes away from now.
    #[error("the timestamp is more than ten minutes away from the platform's clock")]
    Stale,
    /// The signature does not match.
    #[error("the signature does not match the request")]
    Mismatch,
}

/// Checks a request's full parameter object (with `access_code`, `timestamp` and `sign`).
pub fn verify(
    params: &Map<String, Value>,
    access_code: &str,
    secret: &str,
    now_ms: i64,
) -> Result<(), SignError> {
    let text = |k: &'static str| {
        params
            .get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or(SignError::Missing(k))
    };
    let given_code = text(ACCESS_CODE)?;
    let ts = text(TIMESTAMP)?;
    let given_sign = text(SIGN)?;
    if given_code != access_code {
        return Err(SignError::UnknownAccessCode);
    }
    let ts: i64 = ts.parse().map_err(|_| SignError::BadTimestamp)?;
    if (now_ms - ts).abs() > MAX_SKEW_MS {
        return Err(SignError::Stale);
    }
    let expected = sign(secret, &Value::Object(params.clone()));
    if constant_time_eq(expected.as_bytes(), given_sign.as_bytes()) {
        Ok(())
    } else {
        Err(SignError::Mismatch)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(s: &str) -> Value {
        serde_json::from_str(s).unwrap()
    }

    #[test]
    fn worked_example_1_query_device() {
        let body = obj(
            r#"{"device_id":"89852202310161621656","access_code":"AC","timestamp":"1795991084660"}"#,
        );
        assert_eq!(
            canonical(&body),
            r#"{"access_code":"AC","device_id":"89852202310161621656","timestamp":"1795991084660"}"#
        );
        assert_eq!(sign("SEC", &body), "iVRVqrWY+5ZvnSR4U0Glocx7560=");
    }

    #[test]
    fn worked_example_2_nested_nulls_and_numbers() {
        let body = obj(
            r#"{"deviceList":["89852022018041800193","89852022018041800192"],"is_open":"0","package_code":"DP20190726001274","subscribed_count":10,"ahead":{"z":1,"a":""},"device_type":"","note":null,"access_code":"AC","timestamp":"1795991084660","version":1.0}"#,
        );
        assert_eq!(
            canonical(&body),
            r#"{"access_code":"AC","ahead":{"z":1},"deviceList":["89852022018041800193","89852022018041800192"],"is_open":"0","package_code":"DP20190726001274","subscribed_count":10,"timestamp":"1795991084660","version":1.0}"#
        );
        assert_eq!(sign("SEC", &body), "+CPO8Wfwi+AZTFAuZQ2B1vY7+c0=");
    }

    #[test]
    fn worked_example_3_get_cdr() {
        let query: Vec<(String, String)> = [
            ("received_start_time", "2022-11-16"),
            ("received_end_by", "2022-12-16"),
            ("page_no", "1"),
            ("page_size", "10"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let added = sign_query(
            &query,
            Some("8965011909030066336"),
            "AC",
            "SEC",
            1_795_991_084_660,
        );
        let mut all = get_params(
            query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            Some("8965011909030066336"),
        );
        for (k, v) in &added {
            all.insert(k.clone(), Value::String(v.clone()));
        }
        assert_eq!(
            canonical(&Value::Object(all.clone())),
            r#"{"access_code":"AC","page_no":"1","page_size":"10","received_end_by":"2022-12-16","received_start_time":"2022-11-16","sim_id":"8965011909030066336","timestamp":"1795991084660"}"#
        );
        assert_eq!(added[2].1, "iICz4CXc0msLaXCvlER5kGooaRM=");
        assert_eq!(
            verify(&all, "AC", "SEC", 1_795_991_084_660 + 60_000),
            Ok(())
        );
    }

    #[test]
    fn a_query_signs_as_its_parameter_object_would_repeats_empties_and_all() {
        let cases: [&[(&str, &str)]; 4] = [
            &[("page_no", "1"), ("page_no", "2"), ("a", "x\"y")],
            &[("sim_id", "theirs"), ("access_code", "theirs"), ("b", "")],
            &[("b", "1"), ("b", ""), ("sign", "old"), ("é", "ü")],
            &[],
        ];
        for query in cases {
            let query: Vec<(String, String)> = query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let added = sign_query(&query, Some("8965"), "AC", "SEC", 1_795_991_084_660);
            let mut all = get_params(
                query.iter().map(|(k, v)| (k.as_str(), v.as_str())),
                Some("8965"),
            );
            all.remove(SIGN);
            all.insert(ACCESS_CODE.into(), Value::String("AC".into()));
            all.insert(TIMESTAMP.into(), Value::String("1795991084660".into()));
            assert_eq!(added[2].1, sign("SEC", &Value::Object(all)), "{query:?}");
        }
    }

    #[test]
    fn a_signed_body_verifies_after_travelling_as_text() {
        // The proxy signs the parsed body, sends it as text, and the verifier parses it
        // again: numbers that are not exact in f64 must read back the same (found by fuzzing).
        for number in [
            "22012080116278167413",
            "89852022018041800193",
            "0.1",
            "1e-300",
        ] {
            let mut body = obj(&format!(r#"{{"device_id":{number}}}"#))
                .as_object()
                .cloned()
                .unwrap();
            sign_body(&mut body, "AC", "SEC", 1_000_000_000_000);
            let wire = serde_json::to_string(&body).unwrap();
            let received = obj(&wire).as_object().cloned().unwrap();
            assert_eq!(
                verify(&received, "AC", "SEC", 1_000_000_000_000),
                Ok(()),
                "{number} via {wire}"
            );
        }
    }

    #[test]
    fn only_the_top_level_sign_is_left_out() {
        let body = obj(r#"{"sign":"x","ahead":{"sign":"keep","z":1},"list":[{"sign":"too"}]}"#);
        assert_eq!(
            canonical(&body),
            r#"{"ahead":{"sign":"keep","z":1},"list":[{"sign":"too"}]}"#
        );
        // A nested `sign` changed in transit breaks the signature.
        let mut signed = body.as_object().cloned().unwrap();
        sign_body(&mut signed, "AC", "SEC", 1_000_000_000_000);
        assert_eq!(verify(&signed, "AC", "SEC", 1_000_000_000_000), Ok(()));
        let mut tampered = signed.clone();
        tampered["ahead"]["sign"] = Value::String("changed".into());
        assert_eq!(
            verify(&tampered, "AC", "SEC", 1_000_000_000_000),
            Err(SignError::Mismatch)
        );
    }

    #[test]
    fn verify_rejects_what_it_should() {
        let mut body = Map::new();
        body.insert("device_id".into(), Value::String("89".into()));
        sign_body(&mut body, "AC", "SEC", 1_000_000_000_000);
        assert_eq!(verify(&body, "AC", "SEC", 1_000_000_000_000), Ok(()));
        assert_eq!(
            verify(&body, "AC", "WRONG", 1_000_000_000_000),
            Err(SignError::Mismatch)
        );
        assert_eq!(
            verify(&body, "XX", "SEC", 1_000_000_000_000),
            Err(SignError::UnknownAccessCode)
        );
        assert_eq!(
            verify(&body, "AC", "SEC", 1_000_000_000_000 + MAX_SKEW_MS + 1),
            Err(SignError::Stale)
        );
        let mut tampered = body.clone();
        tampered.insert("device_id".into(), Value::String("90".into()));
        assert_eq!(
            verify(&tampered, "AC", "SEC", 1_000_000_000_000),
            Err(SignError::Mismatch)
        );
        body.remove(SIGN);
        assert_eq!(
            verify(&body, "AC", "SEC", 1_000_000_000_000),
            Err(SignError::Missing(SIGN))
        );
    }
}

//! Properties every input must satisfy, one public function per fuzz target. Each takes the
//! fuzzer's raw bytes and panics (the fuzzer's signal) when the code under test panics or a
//! property does not hold. Compiled into the fuzz crate and, by path, into cmp-api's
//! `tests/fuzz_regressions.rs`, so kept crash inputs are re-checked on stable by `make test`.

use cmp_api::embed_token::{self, Claims, EmbedTokenError};
use cmp_api::sign::{self as signing, SIGN};
use cmp_api::validate::{self, ValidationError};
use cmp_api::{
    AheadFinishRequest, BatchOrderRequest, BatchOrderResult, CdrPage, CdrQuery, DeviceInfo,
    Envelope, OpenPackageResult, OrderIdRequest, OrderPage, OrderStatusPush, PackageOrder,
    PackagePage, QueryDeviceRequest, QueryOrderRequest, SyncPackagesRequest, TrafficPoolPage,
    TrafficPoolRequest,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// One type the `decode` target feeds: its name, the fixture in `tests/fixtures/` that seeds
/// it (when there is one), and the check run on a body.
pub struct DecodeKind {
    /// What is decoded, for messages.
    pub name: &'static str,
    /// The fixture (without `.json`) that is a valid body of this type.
    pub fixture: Option<&'static str>,
    /// Decodes a body as this type and checks the round-trip properties.
    pub check: fn(&[u8]) -> Option<Value>,
}

const fn kind(
    name: &'static str,
    fixture: Option<&'static str>,
    check: fn(&[u8]) -> Option<Value>,
) -> DecodeKind {
    DecodeKind {
        name,
        fixture,
        check,
    }
}

/// Every decoder of cmp-api, indexed by the first input byte (modulo the length) in the
/// `decode` target. `bench/fuzz.sh` seeds the corpus with `[index] ++ fixture`, so keep
/// the order (append new kinds at the end).
pub const DECODE_KINDS: &[DecodeKind] = &[
    kind("Envelope<Value>", None, round_trip::<Envelope<Value>>),
    kind(
        "Envelope<PackagePage>",
        Some("sync_packages_response"),
        round_trip::<Envelope<PackagePage>>,
    ),
    kind(
        "Envelope<OrderPage>",
        Some("query_order_response"),
        round_trip::<Envelope<OrderPage>>,
    ),
    kind(
        "Envelope<DeviceInfo>",
        Some("query_device_response"),
        round_trip::<Envelope<DeviceInfo>>,
    ),
    kind("Envelope<CdrPage>", Some("cdr_response"), cdr_round_trip),
    kind(
        "Envelope<TrafficPoolPage>",
        Some("traffic_pool_response"),
        round_trip::<Envelope<TrafficPoolPage>>,
    ),
    kind(
        "Envelope<BatchOrderResult>",
        Some("batch_order_response"),
        round_trip::<Envelope<BatchOrderResult>>,
    ),
    kind(
        "Envelope<OpenPackageResult>",
        Some("open_package_response"),
        round_trip::<Envelope<OpenPackageResult>>,
    ),
    kind(
        "Envelope<()>",
        Some("cancel_package_response"),
        round_trip::<Envelope<()>>,
    ),
    kind(
        "Envelope<PackageOrder>",
        None,
        round_trip::<Envelope<PackageOrder>>,
    ),
    kind(
        "SyncPackagesRequest",
        Some("sync_packages_request"),
        round_trip::<SyncPackagesRequest>,
    ),
    kind(
        "QueryDeviceRequest",
        Some("query_device_request"),
        round_trip::<QueryDeviceRequest>,
    ),
    kind(
        "BatchOrderRequest",
        Some("batch_order_request"),
        round_trip::<BatchOrderRequest>,
    ),
    kind(
        "QueryOrderRequest",
        Some("query_order_request"),
        round_trip::<QueryOrderRequest>,
    ),
    kind(
        "OrderIdRequest",
        Some("open_package_request"),
        round_trip::<OrderIdRequest>,
    ),
    kind(
        "AheadFinishRequest",
        Some("ahead_finish_request"),
        round_trip::<AheadFinishRequest>,
    ),
    kind(
        "TrafficPoolRequest",
        Some("traffic_pool_request"),
        round_trip::<TrafficPoolRequest>,
    ),
    kind("CdrQuery", None, round_trip::<CdrQuery>),
];

/// Target `decode`: the first byte picks a type of [`DECODE_KINDS`], the rest is the body.
pub fn decode(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let kind = &DECODE_KINDS[usize::from(selector) % DECODE_KINDS.len()];
    (kind.check)(body);
}

/// Target `push`: the webhook's decoder of the order-status push. Besides the round trip,
/// the event's identity (its delivery key) must survive re-encoding, or a redelivered push
/// would be stored twice.
pub fn push(data: &[u8]) {
    let Ok(first) = cmp_api::decode_slice::<OrderStatusPush>(data) else {
        return;
    };
    round_trip::<OrderStatusPush>(data);
    let encoded = serde_json::to_string(&first).expect("a push always encodes");
    let second: OrderStatusPush =
        cmp_api::decode(&encoded).expect("round_trip checked that it decodes");
    assert_eq!(
        first.delivery_key(),
        second.delivery_key(),
        "the delivery key changed on re-encoding"
    );
    for imsi in first.imsis() {
        assert!(
            !imsi.is_empty() && !imsi.contains(',') && imsi.trim() == imsi,
            "imsis() returned {imsi:?}"
        );
    }
}

/// The embed secret and the time the `embed_token` target judges tokens with.
const EMBED_SECRET: &[u8] = b"fuzz-embed-secret-0123456789abcdef";
const EMBED_NOW: i64 = 1_796_000_000;

/// Target `embed_token`: any text is judged as an embed token without panicking, and is
/// never accepted unless the secret signed it. The same bytes also describe claims (two
/// times near now, then `sub`, device ids and `pool:` ids, one per line): minted and
/// verified they come back unchanged, or are refused only for what they say (expired, not
/// yet valid, no scope), never for their signature; and any change to the signature is
/// refused.
pub fn embed_token(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(claims) = embed_token::verify(&text, EMBED_SECRET, EMBED_NOW) {
        assert_eq!(
            embed_token::verify(
                &embed_token::encode(&claims, EMBED_SECRET),
                EMBED_SECRET,
                EMBED_NOW
            ),
            Ok(claims),
            "an accepted token's claims do not mint an equal token"
        );
    }
    let Some((times, rest)) = data.split_at_checked(8) else {
        return;
    };
    // Offsets of up to ±34 years keep both times inside the valid 1970–9999 range, so a
    // refusal of the minted token can only come from what the claims say.
    let offset = |b: &[u8]| i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])) / 2;
    let nbf = offset(&times[4..]);
    let lines = String::from_utf8_lossy(rest);
    let mut lines = lines.split('\n');
    let sub = lines.next().filter(|s| !s.is_empty()).map(str::to_owned);
    let (mut devices, mut pools) = (Vec::new(), Vec::new());
    for line in lines.map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix("pool:").map(str::trim) {
            Some(pool) if !pool.is_empty() => pools.push(pool.to_owned()),
            Some(_) => {}
            None => devices.push(line.to_owned()),
        }
    }
    let claims = Claims {
        exp: EMBED_NOW + offset(times),
        sub,
        devices,
        pools,
        iat: None,
        nbf: (nbf % 2 == 0).then_some(EMBED_NOW + nbf),
    };
    let token = embed_token::encode(&claims, EMBED_SECRET);
    match embed_token::verify(&token, EMBED_SECRET, EMBED_NOW) {
        Ok(back) => assert_eq!(back, claims, "minted claims changed on the way back"),
        Err(
            EmbedTokenError::Expired { .. }
            | EmbedTokenError::NotYetValid { .. }
            | EmbedTokenError::NoScope,
        ) => {}
        Err(other) => panic!("a freshly minted token was refused: {other}"),
    }
    let (signed, signature) = token
        .rsplit_once('.')
        .expect("a minted token has three parts");
    let flipped = if signature.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{signed}.{flipped}{}", &signature[1..]);
    assert!(
        embed_token::verify(&tampered, EMBED_SECRET, EMBED_NOW).is_err(),
        "a token with a changed signature was accepted"
    );
    assert!(
        embed_token::verify(&token, b"some-other-secret", EMBED_NOW).is_err(),
        "a token was accepted under another secret"
    );
}

/// Target `sign`: the canonical text `S` of any JSON value, against a reference built the
/// way the module docs define it; it must be independent of key order, a fixed point, and a
/// body signed with it must verify.
pub fn sign(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let canonical = signing::canonical(&value);
    assert_eq!(
        canonical,
        serde_json::to_string(&reference_canonical(&value)).expect("a Value always encodes"),
        "canonical text differs from the reference"
    );

    let reparsed: Value =
        serde_json::from_str(&canonical).expect("the canonical text is valid JSON");
    assert_eq!(
        signing::canonical(&reparsed),
        canonical,
        "the canonical text is not a fixed point"
    );

    let mut reordered = String::new();
    write_reversed(&value, &mut reordered);
    let reordered: Value = serde_json::from_str(&reordered).expect("reordered JSON is valid");
    assert_eq!(
        signing::canonical(&reordered),
        canonical,
        "key order changed the canonical text"
    );

    if let Value::Object(map) = value {
        let secret = map.keys().next().cloned().unwrap_or_default();
        let now_ms = 1_795_991_084_660;
        let mut body = map;
        signing::sign_body(&mut body, "AC", &secret, now_ms);
        assert_eq!(
            signing::verify(&body, "AC", &secret, now_ms),
            Ok(()),
            "a body we signed does not verify"
        );
    }
}

/// Target `device_list`: the bulk form's reader of pasted lists and CSV files. It must be
/// deterministic, never list an id twice or an invalid id, and every reported line and
/// duplicate must point into the text.
pub fn device_list(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let report = validate::device_list(&text);
    assert_eq!(
        report,
        validate::device_list(&text),
        "two reads of one text differ"
    );

    let unquoted = text.replace('"', "");
    let mut seen = HashSet::new();
    for id in &report.valid {
        assert!(seen.insert(id.as_str()), "{id} is listed twice as valid");
        assert_eq!(
            validate::device_id(id).as_ref(),
            Ok(id),
            "{id} is listed as valid but is not a device id"
        );
        assert!(
            validate::DEVICE_ID_DIGITS.contains(&id.len())
                && id.bytes().all(|b| b.is_ascii_digit()),
            "{id} is not 18 to 22 digits"
        );
        // A CSV cell may be quoted in parts (`"123"45` reads 12345, as Python's csv does).
        assert!(unquoted.contains(id.as_str()), "{id} is not in the text");
    }

    let lines = text.lines().count();
    for problem in &report.problems {
        assert!(
            (1..=lines).contains(&problem.line),
            "problem on line {} of {lines}",
            problem.line
        );
        if let ValidationError::Duplicate { id, first_line } = &problem.error {
            assert!(seen.contains(id.as_str()), "duplicate {id} was never valid");
            assert!(
                *first_line <= problem.line,
                "duplicate {id} on line {} names a later first line {first_line}",
                problem.line
            );
        }
    }
}

/// [`round_trip`] for a CDR answer; and where the one-pass reading of CDR answers reads
/// `body` at all, it reads exactly what the serde path reads.
fn cdr_round_trip(body: &[u8]) -> Option<Value> {
    if let Some(fast) = cmp_api::read_cdr_answer(body) {
        let slow = cmp_api::decode_slice::<Envelope<CdrPage>>(body);
        assert_eq!(
            Ok(format!("{fast:?}")),
            slow.map(|s| format!("{s:?}")).map_err(|e| e.to_string()),
            "the one-pass reading and the serde path read a CDR answer differently"
        );
    }
    round_trip::<Envelope<CdrPage>>(body)
}

/// Decodes `body` as `T` with both entry points; when it decodes, encoding must succeed,
/// our own encoding must decode again, and encoding that gives the same JSON (a fixed point
/// after one decode). Returns the first encoding, for callers that check more.
fn round_trip<T: Serialize + DeserializeOwned>(body: &[u8]) -> Option<Value> {
    let from_bytes = cmp_api::decode_slice::<T>(body);
    if let Ok(text) = std::str::from_utf8(body) {
        let from_text = cmp_api::decode::<T>(text);
        assert_eq!(
            from_text.is_ok(),
            from_bytes.is_ok(),
            "decode and decode_slice disagree on whether the body is readable"
        );
        if let (Ok(a), Ok(b)) = (&from_text, &from_bytes) {
            assert_eq!(
                encode(a),
                encode(b),
                "decode and decode_slice read different values"
            );
        }
    }
    let first = encode(&from_bytes.ok()?);
    let text = serde_json::to_string(&first).expect("a Value always encodes");
    let second: T = cmp_api::decode(&text)
        .unwrap_or_else(|e| panic!("our own encoding does not decode: {e}\n{text}"));
    let again = encode(&second);
    // Exact, floats included: cmp-api reads floats correctly rounded (float_roundtrip).
    assert_eq!(first, again, "decode → encode → decode is not stable");
    Some(first)
}

fn encode<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("every model encodes")
}

/// The value `S` is the compact text of, built straight from the module docs: objects lose
/// `sign` and every member that is `null` or `""`, at every level; arrays keep every item.
/// serde_json writes object keys sorted, as `S` requires.
fn reference_canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| k.as_str() != SIGN && !v.is_null() && v.as_str() != Some(""))
                .map(|(k, v)| (k.clone(), reference_canonical(v)))
                .collect::<Map<String, Value>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(reference_canonical).collect()),
        other => other.clone(),
    }
}

/// Writes `value` as JSON with every object's keys in reverse order.
fn write_reversed(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(k.clone()).to_string());
                out.push(':');
                write_reversed(v, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_reversed(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

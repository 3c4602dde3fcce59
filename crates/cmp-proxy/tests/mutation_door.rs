//! The door against a platform stand-in that records the exact bytes it receives: malformed
//! mutations are refused (400, the field named, audited as refused) and never reach it;
//! valid ones arrive as the canonical serialisation of their typed request, signed over
//! exactly those bytes; numbers arrive as they were sent or not at all.

mod common;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use cmp_api::{AheadFinishRequest, BatchOrderRequest, DeviceType, OpenFlag, OrderIdRequest};
use common::*;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::sync::{Arc, Mutex};

/// One body the stand-in received: the operation path and the bytes as they arrived.
type Sent = (String, Vec<u8>);

/// Each body the stand-in received.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<Sent>>>);

impl Received {
    fn all(&self) -> Vec<Sent> {
        self.0.lock().unwrap().clone()
    }
}

async fn record(
    State(received): State<Received>,
    Path(rest): Path<String>,
    body: Bytes,
) -> Json<Value> {
    received
        .0
        .lock()
        .unwrap()
        .push((format!("/cmp-api/{rest}"), body.to_vec()));
    Json(json!({"code":"0000","data":null,"message":"Success","success":true}))
}

/// A proxy in front of a fresh recording stand-in.
async fn proxy(dir: &std::path::Path) -> (cmp_proxy::AppState, Received) {
    let received = Received::default();
    let router = Router::new()
        .route("/cmp-api/{*rest}", post(record))
        .with_state(received.clone());
    let addr = spawn(router).await;
    (state_with(dir, addr, SECRET, 5_000), received)
}

/// POSTs `body` exactly as written (it may not be JSON) with `token`.
async fn post_raw(
    state: &cmp_proxy::AppState,
    op: &str,
    token: &str,
    body: &str,
) -> (StatusCode, Value) {
    let uri = cmp_api::Operation::ALL
        .into_iter()
        .find(|o| o.name() == op)
        .map(|o| o.path())
        .unwrap_or_else(|| panic!("no operation {op}"));
    let request = Request::builder()
        .method("POST")
        .uri(uri)
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    send_json(state, request).await
}

async fn audit(state: &cmp_proxy::AppState) -> Vec<Value> {
    let (status, body) = send_json(
        state,
        request("GET", "/api/audit?page_size=100", Some(ADMIN), None),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["data"]["entries"].as_array().unwrap().clone()
}

const D: &str = "89852022018041800192";

#[tokio::test]
async fn malformed_mutations_are_refused_named_audited_and_never_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (state, received) = proxy(dir.path()).await;
    let batch = |rest: &str| format!(r#"{{"deviceList":["{D}"],"package_code":"DP1",{rest}}}"#);
    let cases: Vec<(&str, String, &str)> = vec![
        ("cancelPackage", "{}".into(), "order_id"),
        ("openPackage", "{}".into(), "order_id"),
        ("aheadFinishDeviceOrder", "{}".into(), "order_id"),
        ("batchOrderPackages", "{}".into(), "deviceList"),
        ("cancelPackage", r#"{"order_id":null}"#.into(), "order_id"),
        ("openPackage", r#"{"order_id":null}"#.into(), "order_id"),
        (
            "batchOrderPackages",
            r#"{"deviceList":"x","package_code":1,"is_open":"9"}"#.into(),
            "deviceList",
        ),
        (
            "batchOrderPackages",
            r#"{"deviceList":[],"package_code":"DP1","is_open":"0"}"#.into(),
            "deviceList",
        ),
        (
            "batchOrderPackages",
            r#"{"deviceList":["123"],"package_code":"DP1","is_open":"0"}"#.into(),
            "deviceList[0]",
        ),
        (
            "batchOrderPackages",
            format!(r#"{{"deviceList":["{D}","{D}"],"package_code":"DP1","is_open":"0"}}"#),
            "deviceList[1]",
        ),
        (
            "batchOrderPackages",
            format!(r#"{{"deviceList":[{D}],"package_code":"DP1","is_open":"0"}}"#),
            "deviceList[0]",
        ),
        (
            "batchOrderPackages",
            format!(r#"{{"deviceList":["{D}"],"package_code":1,"is_open":"0"}}"#),
            "package_code",
        ),
        ("batchOrderPackages", batch(r#""is_open":"9""#), "is_open"),
        ("batchOrderPackages", batch(r#""is_open":1"#), "is_open"),
        (
            "batchOrderPackages",
            format!(r#"{{"deviceList":["{D}"],"is_open":"0"}}"#),
            "package_code",
        ),
        (
            "batchOrderPackages",
            batch(r#""is_open":"0","subscribed_count":0"#),
            "subscribed_count",
        ),
        (
            "batchOrderPackages",
            batch(r#""is_open":"0","subscribed_count":"ten""#),
            "subscribed_count",
        ),
        (
            "batchOrderPackages",
            batch(r#""is_open":"0","subscribed_count":-1"#),
            "subscribed_count",
        ),
        (
            "batchOrderPackages",
            batch(r#""is_open":"0","priority":"high""#),
            "priority",
        ),
        (
            "cancelPackage",
            r#"{"order_id":898520220180418001920000}"#.into(),
            "order_id",
        ),
        ("openPackage", r#"{"order_id":"ORD 1"}"#.into(), "order_id"),
        (
            "openPackage",
            r#"{"order_id":"ORD-1","orderId":"ORD-3"}"#.into(),
            "order_id",
        ),
        (
            "cancelPackage",
            r#"{"order_id":"ORD-1","order_id":"ORD-3"}"#.into(),
            "order_id",
        ),
        (
            "aheadFinishDeviceOrder",
            r#"{"order_id":"ORD-2"}"#.into(),
            "ahead_finish_cause",
        ),
        (
            "aheadFinishDeviceOrder",
            r#"{"order_id":"ORD-2","ahead_finish_cause":"   "}"#.into(),
            "ahead_finish_cause",
        ),
        (
            "aheadFinishDeviceOrder",
            r#"{"order_id":"ORD-2","ahead_finish_cause":"t","device_type":"7"}"#.into(),
            "device_type",
        ),
        ("cancelPackage", "[]".into(), "body"),
        ("openPackage", "not json".into(), "body"),
    ];
    assert!(cases.len() >= 16);
    for (op, body, field) in &cases {
        let (status, answer) = post_raw(&state, op, ADMIN, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{op} {body}: {answer}");
        assert_eq!(answer["code"], "BAD_REQUEST", "{answer}");
        assert_eq!(answer["data"]["field"], *field, "{op} {body}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
    }
    assert!(
        received.all().is_empty(),
        "a refused mutation reached the platform: {:?}",
        received.all()
    );
    let entries = audit(&state).await;
    assert_eq!(entries.len(), cases.len(), "one refused entry per refusal");
    // Newest first.
    for (entry, (op, body, field)) in entries.iter().zip(cases.iter().rev()) {
        assert_eq!(entry["operation"], *op);
        assert_eq!(entry["who"], "ops");
        assert_eq!(entry["result_code"], "REFUSED", "{entry}");
        assert_eq!(
            entry["params"],
            json!(body),
            "the body as received, as text"
        );
        let message = entry["result_message"].as_str().unwrap();
        assert!(
            message.starts_with("refused by the proxy, not sent: ") && message.contains(field),
            "{message}"
        );
    }
}

/// `typed` serialised, with the signing members the stand-in received added: the bytes a
/// signed canonical body must be.
fn expected_wire(typed: &impl Serialize, received: &Map<String, Value>) -> Vec<u8> {
    let Value::Object(mut map) = serde_json::to_value(typed).unwrap() else {
        unreachable!("request types are objects")
    };
    for key in ["access_code", "timestamp", "sign"] {
        map.insert(key.into(), received[key].clone());
    }
    serde_json::to_vec(&map).unwrap()
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

#[tokio::test]
async fn valid_mutations_arrive_as_their_canonical_serialisation_signed_over_it() {
    let dir = tempfile::tempdir().unwrap();
    let (state, received) = proxy(dir.path()).await;
    let batch = BatchOrderRequest {
        device_list: vec![D.into(), "89852022018041800193".into()],
        is_open: OpenFlag::Yes,
        package_code: "DP20190726001274".into(),
        subscribed_count: Some(10),
    };
    let ahead = AheadFinishRequest {
        ahead_finish_cause: "moved to a yearly plan — “Q3”".into(),
        device_type: Some(DeviceType::Module),
        order_id: "ORDER_1595320587633311744".into(),
    };
    let order = OrderIdRequest {
        order_id: "202107061625560742397".into(),
    };
    // Spelled as a script might: other spellings, padding, a count as text, its own
    // signing members; each must arrive as the typed request, and only that.
    let sent: Vec<(&str, String, Value)> = vec![
        (
            "batchOrderPackages",
            format!(
                r#"{{"device_list":[" {D} ","89852022018041800193"],"isOpen":"1","package_code":" DP20190726001274","subscribed_count":"10","sign":"forged","timestamp":"1"}}"#
            ),
            serde_json::to_value(&batch).unwrap(),
        ),
        (
            "aheadFinishDeviceOrder",
            r#"{"orderId":"ORDER_1595320587633311744","ahead_finish_cause":"  moved to a yearly plan — “Q3”  ","device_type":"2"}"#.into(),
            serde_json::to_value(&ahead).unwrap(),
        ),
        (
            "openPackage",
            r#"{"order_id":"202107061625560742397","access_code":"theirs"}"#.into(),
            serde_json::to_value(&order).unwrap(),
        ),
        (
            "cancelPackage",
            r#"{"Order_id":"202107061625560742397"}"#.into(),
            serde_json::to_value(&order).unwrap(),
        ),
    ];
    for (op, body, _) in &sent {
        let (status, answer) = post_raw(&state, op, ADMIN, body).await;
        assert_eq!(status, StatusCode::OK, "{op}: {answer}");
    }
    let arrived = received.all();
    assert_eq!(arrived.len(), sent.len());
    for ((path, bytes), (op, _, typed)) in arrived.iter().zip(&sent) {
        assert!(path.ends_with(op), "{path}");
        let wire: Map<String, Value> = serde_json::from_slice(bytes).unwrap();
        assert_eq!(
            String::from_utf8_lossy(bytes),
            String::from_utf8_lossy(&expected_wire(typed, &wire)),
            "{op} arrives as its typed request, byte for byte"
        );
        assert_eq!(
            wire["access_code"], ACCESS,
            "the proxy's own signing members"
        );
        assert_eq!(
            cmp_api::sign::verify(&wire, ACCESS, SECRET, now_ms()),
            Ok(()),
            "{op}: the signature covers exactly what arrived"
        );
    }
    // The audit log holds what was sent, not what the caller wrote.
    let entries = audit(&state).await;
    for (entry, (op, _, typed)) in entries.iter().zip(sent.iter().rev()) {
        assert_eq!(entry["operation"], *op);
        assert_eq!(entry["result_code"], "0000");
        assert_eq!(&entry["params"], typed);
    }
}

#[tokio::test]
async fn numbers_arrive_exactly_as_sent_or_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (state, received) = proxy(dir.path()).await;
    // Members a query passes on keep their numbers exactly, as far as JSON readers can.
    let exact = r#"{"page_no":1,"page_size":3,"order_type":18446744073709551615,"ratio":1.0,"min":-9223372036854775808}"#;
    let (status, answer) = post_raw(&state, "queryOrder", VIEWER, exact).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let arrived = received.all();
    let wire = String::from_utf8_lossy(&arrived[0].1);
    for number in [
        r#""order_type":18446744073709551615"#,
        r#""ratio":1.0"#,
        r#""min":-9223372036854775808"#,
    ] {
        assert!(wire.contains(number), "{number} in {wire}");
    }
    let wire: Map<String, Value> = serde_json::from_slice(&arrived[0].1).unwrap();
    assert_eq!(
        cmp_api::sign::verify(&wire, ACCESS, SECRET, now_ms()),
        Ok(())
    );
    // Beyond that they are refused, never rounded (to 8.98522021102931e+23).
    for (op, body, field) in [
        (
            "queryOrder",
            r#"{"page_no":1,"order_type":898522021102931000000000}"#,
            "order_type",
        ),
        (
            "syncPackages",
            r#"{"page_no":1,"version":1.00000000000000000000001}"#,
            "version",
        ),
        (
            "queryOrder",
            r#"{"filter":{"ids":[1,898522021102931000000000]}}"#,
            "filter.ids[1]",
        ),
        (
            "queryDevice",
            r#"{"device_id":89852202110293091394}"#,
            "device_id",
        ),
        (
            "getTrafficPoolInfo",
            r#"{"page_no":898522021102931000000000}"#,
            "page_no",
        ),
    ] {
        let (status, answer) = post_raw(&state, op, VIEWER, body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{op} {body}: {answer}");
        assert_eq!(answer["data"]["field"], field, "{answer}");
        let message = answer["message"].as_str().unwrap();
        let sent = body
            .split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .max_by_key(|s| s.len())
            .unwrap();
        assert!(message.contains(sent), "{message} quotes {sent} as sent");
    }
    assert_eq!(received.all().len(), 1, "no refused query was sent");
}

#[tokio::test]
async fn viewers_and_embed_tokens_hear_403_before_their_body_is_judged() {
    let dir = tempfile::tempdir().unwrap();
    let (state, received) = proxy(dir.path()).await;
    let embed = embed_token(&[D], &[], 3600);
    for token in [VIEWER, embed.as_str()] {
        let (status, answer) = post_raw(&state, "cancelPackage", token, "{}").await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    }
    assert!(received.all().is_empty());
    assert!(audit(&state).await.is_empty(), "nothing was sent or judged");
}

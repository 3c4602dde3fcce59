//! The platform's pushes as the spec allows them, not only as our simulator sends them:
//! `time` is the order's creation time, so genuine repeats share it; bodies come as JSON or
//! form fields; times in other spellings or as Unix epochs; operations as numbers or codes
//! this build does not know. Nothing genuine is dropped and nothing redelivered is doubled.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cmp_api::PushOperation;
use cmp_proxy::AppState;
use common::*;
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};

/// The spec's example: the order was created at this time, every push of it says so.
const CREATED: &str = "2019-10-16 12:34:54";
const DAY: Duration = Duration::from_secs(24 * 3600);

fn push(order: &str, operation: Value, time: Value) -> Value {
    json!({"assetid":D1,"imsi":"204046990912345","operation":operation,"orderid":order,"time":time})
}

fn hook_uri() -> String {
    format!("/hooks/order-status/{HOOK}")
}

async fn deliver(state: &AppState, body: Value) -> StatusCode {
    send_json(state, request("POST", &hook_uri(), None, Some(body)))
        .await
        .0
}

/// Every stored event, oldest first.
async fn stored(state: &AppState) -> Vec<Value> {
    let (_, body) = send_json(
        state,
        request(
            "GET",
            "/api/events/history?page_size=100",
            Some(ADMIN),
            None,
        ),
    )
    .await;
    let mut events = body["data"]["events"].as_array().unwrap().clone();
    events.reverse();
    events
}

fn operations(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .map(|e| e["operation"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn pause_resume_pause_of_one_order_stores_three_events() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    for op in ["1003", "1004", "1003"] {
        assert_eq!(
            deliver(&state, push("ORD-1", json!(op), json!(CREATED))).await,
            StatusCode::OK
        );
    }
    let events = stored(&state).await;
    assert_eq!(operations(&events), ["1003", "1004", "1003"]);
    assert!(events.iter().all(|e| e["time"] == CREATED), "{events:?}");
}

#[tokio::test]
async fn a_redelivery_within_the_window_is_acknowledged_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let renewal = push("ORD-1", json!("1009"), json!(CREATED));
    for _ in 0..3 {
        assert_eq!(deliver(&state, renewal.clone()).await, StatusCode::OK);
    }
    assert_eq!(operations(&stored(&state).await), ["1009"]);
    // Another order's identical push is that order's own event.
    assert_eq!(
        deliver(&state, push("ORD-2", json!("1009"), json!(CREATED))).await,
        StatusCode::OK
    );
    assert_eq!(stored(&state).await.len(), 2);
}

#[tokio::test]
async fn the_same_push_after_the_window_is_a_new_event() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let renewal = || {
        serde_json::from_value::<cmp_api::OrderStatusPush>(push(
            "ORD-1",
            json!("1009"),
            json!(CREATED),
        ))
        .unwrap()
    };
    let first = SystemTime::now() - 2 * DAY;
    let store = &state.store;
    let inserted = |r: cmp_proxy::store::Inserted| matches!(r, cmp_proxy::store::Inserted::New(_));
    assert!(inserted(
        store.insert_event_at(renewal(), DAY, first).await.unwrap()
    ));
    // A month's renewal repeats order, operation and time: a day later it is genuine.
    assert!(inserted(
        store
            .insert_event_at(renewal(), DAY, first + DAY + Duration::from_secs(1))
            .await
            .unwrap()
    ));
    // Within the window of the latest one it is a redelivery.
    assert!(!inserted(
        store
            .insert_event_at(renewal(), DAY, first + DAY + Duration::from_secs(60))
            .await
            .unwrap()
    ));
    assert_eq!(store.last_seq().await.unwrap(), 2);
}

#[tokio::test]
async fn a_form_encoded_push_is_stored_like_a_json_one() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let form = format!(
        "assetid={D1}&imsi=204046990912345%2C204046990912346&operation=1001&orderid=L201901290000000533&time=2019-10-16+12%3A34%3A54"
    );
    let req = Request::builder()
        .method("POST")
        .uri(hook_uri())
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let (status, body) = send_json(&state, req).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::OK, json!("0000"))
    );
    let events = stored(&state).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["orderid"], "L201901290000000533");
    assert_eq!(events[0]["imsi"], "204046990912345,204046990912346");
    assert_eq!(events[0]["time"], CREATED);
    assert_eq!(events[0]["operation_label"], "terminated early");
}

#[tokio::test]
async fn epoch_times_and_numeric_operations_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    // 2019-10-16 12:34:54 UTC as seconds, as milliseconds and as millisecond text.
    for (order, time) in [
        ("ORD-S", json!(1_571_229_294)),
        ("ORD-MS", json!(1_571_229_294_000_u64)),
        ("ORD-TEXT", json!("1571229294000")),
    ] {
        assert_eq!(
            deliver(&state, push(order, json!(1005), time)).await,
            StatusCode::OK,
            "{order}"
        );
    }
    let events = stored(&state).await;
    assert_eq!(events.len(), 3);
    for e in &events {
        assert_eq!(e["time"], CREATED, "{e}");
        assert_eq!(e["operation"], "1005", "{e}");
    }
}

#[tokio::test]
async fn an_unknown_operation_is_stored_and_named_by_its_number() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    assert_eq!(
        deliver(&state, push("ORD-1", json!("1099"), json!(CREATED))).await,
        StatusCode::OK
    );
    let events = stored(&state).await;
    assert_eq!(events[0]["operation"], "1099");
    assert_eq!(events[0]["operation_label"], "operation 1099");
    let read: cmp_api::proxy_api::OrderEvent = serde_json::from_value(events[0].clone()).unwrap();
    assert_eq!(read.operation, PushOperation::Unknown("1099".into()));
    assert!(!read.received_at.is_empty());
}

//! The webhook and the event log: durability, duplicates, dead letters and history.

mod common;

use axum::http::StatusCode;
use cmp_proxy::store::Store;
use common::*;
use serde_json::{Value, json};

fn push(device: &str, order: &str, op: &str, time: &str) -> Value {
    json!({"assetid":device,"imsi":"204046990912345","operation":op,"orderid":order,"time":time})
}

fn hook_uri() -> String {
    format!("/hooks/order-status/{HOOK}")
}

#[tokio::test]
async fn an_acknowledged_push_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (state, _) = fake_state(dir.path()).await;
        let (status, body) = send_json(
            &state,
            request(
                "POST",
                &hook_uri(),
                None,
                Some(push(D1, "ORD-1", "1005", "2024-05-01 10:00:00")),
            ),
        )
        .await;
        assert_eq!(
            (status, body["code"].clone()),
            (StatusCode::OK, json!("0000"))
        );
    }
    let (state, _) = fake_state(dir.path()).await;
    let (_, body) = send_json(
        &state,
        request("GET", "/api/events/history", Some(VIEWER), None),
    )
    .await;
    let events = body["data"]["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["orderid"], "ORD-1");
    assert_eq!(events[0]["operation"], "1005");
    assert_eq!(events[0]["operation_label"], "enabled");
    // The SPA reads the same answer with cmp-api's types.
    let page: cmp_api::Envelope<cmp_api::proxy_api::EventPage> =
        serde_json::from_value(body.clone()).unwrap();
    let read = &page.data.unwrap().events[0];
    assert_eq!(
        (read.seq, read.operation.clone()),
        (1, cmp_api::PushOperation::Enabled)
    );
    let store = Store::open(&dir.path().join("data")).unwrap();
    assert_eq!(store.last_seq().await.unwrap(), 1);
}

#[tokio::test]
async fn a_repeated_push_is_acknowledged_and_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let p = push(D1, "ORD-1", "1001", "2024-05-01 10:00:00");
    for _ in 0..2 {
        assert_eq!(
            send_json(&state, request("POST", &hook_uri(), None, Some(p.clone())))
                .await
                .0,
            StatusCode::OK
        );
    }
    let later = push(D1, "ORD-1", "1001", "2024-05-01 10:00:01");
    assert_eq!(
        send_json(&state, request("POST", &hook_uri(), None, Some(later)))
            .await
            .0,
        StatusCode::OK
    );
    let (_, body) = send_json(
        &state,
        request("GET", "/api/events/history", Some(ADMIN), None),
    )
    .await;
    assert_eq!(body["data"]["page"]["total_count"], 2);
}

#[tokio::test]
async fn malformed_pushes_are_refused_and_kept_and_wrong_secrets_see_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = send_json(
        &state,
        request("POST", &hook_uri(), None, Some(json!({"assetid":D1}))),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("BAD_REQUEST"))
    );
    let (status, _) = send_json(
        &state,
        request(
            "POST",
            &hook_uri(),
            None,
            Some(push(D1, "O", "1001", "not a time")),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(state.store.dead_letter_count().await.unwrap(), 2);
    let (status, _) = send_json(
        &state,
        request(
            "POST",
            "/hooks/order-status/guess",
            None,
            Some(push(D1, "O", "1001", "2024-05-01 10:00:00")),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(state.store.last_seq().await.unwrap(), 0);
}

#[tokio::test]
async fn history_pages_newest_first_and_respects_scope() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    for (i, d) in [D1, D2, D1].iter().enumerate() {
        let p = push(
            d,
            &format!("ORD-{i}"),
            "1005",
            &format!("2024-05-01 10:00:0{i}"),
        );
        send_json(&state, request("POST", &hook_uri(), None, Some(p))).await;
    }
    let (_, page) = send_json(
        &state,
        request(
            "GET",
            "/api/events/history?page_no=1&page_size=2",
            Some(ADMIN),
            None,
        ),
    )
    .await;
    let seqs: Vec<i64> = page["data"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 2]);
    let (_, scoped) = send_json(
        &state,
        request("GET", "/api/events/history", Some(SCOPED), None),
    )
    .await;
    let seqs: Vec<i64> = scoped["data"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, [3, 1]);
    assert_eq!(scoped["data"]["page"]["total_count"], 2);
}

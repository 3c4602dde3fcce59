//! The read cache seen from outside: a repeated query reaches the upstream once; a mutation
//! and a webhook push empty the cache; refusals and errors are never kept; a zero TTL turns
//! it off; and access checks and scope rewrites still run in front of every cached answer.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

fn count(seen: &Seen, path: &str) -> usize {
    seen.paths().iter().filter(|p| p.as_str() == path).count()
}

const QUERY_DEVICE: &str = "/cmp-api/device/queryDevice";
const QUERY_ORDER: &str = "/cmp-api/package/queryOrder";

fn push(order: &str) -> Value {
    json!({"assetid":D1,"imsi":"204046990912345","operation":"1005","orderid":order,"time":"2024-05-01 10:00:00"})
}

#[tokio::test]
async fn a_repeated_query_reaches_the_upstream_once() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    for _ in 0..3 {
        let (status, body) =
            post_json(&state, QUERY_DEVICE, VIEWER, json!({"device_id": D1})).await;
        assert_eq!(
            (status, body["data"]["device_id"].clone()),
            (StatusCode::OK, json!(D1))
        );
    }
    assert_eq!(count(&seen, QUERY_DEVICE), 1);
    // The same question in another field order, and from another caller, is the same question.
    let body = r#"{ "device_id" : "89852000000000000001" }"#;
    let req = axum::http::Request::builder()
        .method("POST")
        .uri(QUERY_DEVICE)
        .header("authorization", format!("Bearer {ADMIN}"))
        .body(axum::body::Body::from(body))
        .unwrap();
    assert_eq!(send(&state, req).await.0, StatusCode::OK);
    assert_eq!(count(&seen, QUERY_DEVICE), 1);
    // Another question is asked.
    post_json(&state, QUERY_DEVICE, VIEWER, json!({"device_id": D2})).await;
    assert_eq!(count(&seen, QUERY_DEVICE), 2);

    let cdr = format!("/cmp-api/sims/{D1}/cdr");
    for uri in [
        format!("{cdr}?page_no=1&page_size=20&{}", recent_dates()),
        format!("{cdr}?{}&page_size=20&page_no=1", recent_dates()),
    ] {
        let (status, _) = send_json(&state, request("GET", &uri, Some(VIEWER), None)).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(count(&seen, &cdr), 1);
}

#[tokio::test]
async fn a_forwarded_mutation_empties_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let query = json!({"page_no": 1, "page_size": 10});
    post_json(&state, QUERY_ORDER, ADMIN, query.clone()).await;
    post_json(&state, QUERY_ORDER, ADMIN, query.clone()).await;
    assert_eq!(count(&seen, QUERY_ORDER), 1);
    let (status, _) = post_json(
        &state,
        "/cmp-api/package/cancelPackage",
        ADMIN,
        json!({"order_id": "ORD-1"}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    post_json(&state, QUERY_ORDER, ADMIN, query).await;
    assert_eq!(count(&seen, QUERY_ORDER), 2, "asked again after the change");
}

#[tokio::test]
async fn a_webhook_push_empties_the_cache_but_a_wrong_address_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let query = json!({"device_id": D1});
    post_json(&state, QUERY_DEVICE, ADMIN, query.clone()).await;
    let wrong = request(
        "POST",
        "/hooks/order-status/guess",
        None,
        Some(push("ORD-1")),
    );
    assert_eq!(send(&state, wrong).await.0, StatusCode::NOT_FOUND);
    post_json(&state, QUERY_DEVICE, ADMIN, query.clone()).await;
    assert_eq!(count(&seen, QUERY_DEVICE), 1);

    let hook = format!("/hooks/order-status/{HOOK}");
    let (status, _) = send_json(&state, request("POST", &hook, None, Some(push("ORD-1")))).await;
    assert_eq!(status, StatusCode::OK);
    post_json(&state, QUERY_DEVICE, ADMIN, query).await;
    assert_eq!(count(&seen, QUERY_DEVICE), 2, "asked again after the push");
}

#[tokio::test]
async fn a_zero_ttl_turns_the_cache_off() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state_with(dir.path(), &[("CMP_CACHE_TTL_MS", "0")]).await;
    for _ in 0..3 {
        post_json(&state, QUERY_DEVICE, ADMIN, json!({"device_id": D1})).await;
    }
    assert_eq!(count(&seen, QUERY_DEVICE), 3);
}
#[tokio::test]
async fn refusals_and_errors_are_never_cached() {
    let dir = tempfile::tempdir().unwrap();
    let refusal = r#"{"code":"2001","data":null,"message":"device not found","success":false}"#;
    let (addr, calls) = answering(StatusCode::OK, refusal).await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    for _ in 0..2 {
        let (status, body) = post_json(&state, QUERY_DEVICE, ADMIN, json!({"device_id": D1})).await;
        assert_eq!(
            (status, body["code"].clone()),
            (StatusCode::OK, json!("2001"))
        );
    }
    assert_eq!(calls.load(Ordering::SeqCst), 2, "a refusal is asked again");

    let dir = tempfile::tempdir().unwrap();
    let (addr, calls) = answering(StatusCode::INTERNAL_SERVER_ERROR, "oops").await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    for _ in 0..2 {
        let (status, _) = post_json(&state, QUERY_DEVICE, ADMIN, json!({"device_id": D1})).await;
        assert_eq!(status, StatusCode::BAD_GATEWAY);
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        6,
        "three attempts each time, none cached"
    );
}

#[tokio::test]
async fn a_cdr_answer_whose_inner_status_failed_is_passed_on_but_never_cached() {
    let dir = tempfile::tempdir().unwrap();
    let failed = r#"{"code":"0000","data":{"data":[],"status":{"code":"CB-01-0003","detail":null,"message":"SIM not in this enterprise"},"total_count":0},"message":"success","success":true}"#;
    let (addr, calls) = answering(StatusCode::OK, failed).await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    let cdr = format!(
        "/cmp-api/sims/{D1}/cdr?{dates}&page_no=1&page_size=10",
        dates = recent_dates()
    );
    for _ in 0..2 {
        let (status, body) = send_json(&state, request("GET", &cdr, Some(ADMIN), None)).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["data"]["status"]["code"], "CB-01-0003", "{body}");
    }
    assert_eq!(
        calls.load(Ordering::SeqCst),
        2,
        "a failed inner status is asked again"
    );
}

#[tokio::test]
async fn scope_checks_and_rewrites_still_apply_to_cached_answers() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    // An unrestricted token fills the cache with D2's device, CDRs and every order.
    post_json(&state, QUERY_DEVICE, ADMIN, json!({"device_id": D2})).await;
    let cdr = format!(
        "/cmp-api/sims/{D2}/cdr?page_no=1&page_size=20&{}",
        recent_dates()
    );
    send_json(&state, request("GET", &cdr, Some(ADMIN), None)).await;
    let (_, all) = post_json(
        &state,
        QUERY_ORDER,
        ADMIN,
        json!({"page_no": 1, "page_size": 100}),
    )
    .await;
    assert_eq!(all["data"]["package_order"].as_array().unwrap().len(), 3);
    let asked = seen.paths().len();

    // A viewer limited to D1 is still refused D2, cached or not.
    let (status, body) = post_json(&state, QUERY_DEVICE, SCOPED, json!({"device_id": D2})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, _) = send_json(&state, request("GET", &cdr, Some(SCOPED), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Its order list is still rebuilt from D1's orders only.
    let (status, mine) = post_json(
        &state,
        QUERY_ORDER,
        SCOPED,
        json!({"page_no": 1, "page_size": 100}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let devices: Vec<_> = mine["data"]["package_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["deviceId"].clone())
        .collect();
    assert_eq!(devices, [json!(D1), json!(D1)]);
    // An embed token for D1 only is refused D2 as well.
    let embed = embed_token(&[D1], &[], 600);
    let (status, _) = post_json(&state, QUERY_DEVICE, &embed, json!({"device_id": D2})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        seen.paths().len(),
        asked + 1,
        "only the per-device order query was new"
    );
    // Asked again, the scoped list comes from the cache and is still D1's only.
    let (_, again) = post_json(
        &state,
        QUERY_ORDER,
        SCOPED,
        json!({"page_no": 1, "page_size": 100}),
    )
    .await;
    assert_eq!(again, mine);
    assert_eq!(seen.paths().len(), asked + 1);
}

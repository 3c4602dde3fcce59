//! Forwarding: signing accepted upstream, paths and methods, a wrong secret, readiness.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;

#[tokio::test]
async fn signed_post_and_get_are_accepted_and_envelopes_pass_through() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/syncPackages",
        VIEWER,
        json!({"page_no":1,"page_size":1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["code"], "0000", "{body}");
    assert_eq!(body["data"]["package"][0]["package_code"], "DP1");
    let uri = format!(
        "/cmp-api/sims/{D1}/cdr?{dates}&page_no=1&page_size=10",
        dates = recent_dates()
    );
    let (status, body) = send_json(&state, request("GET", &uri, Some(VIEWER), None)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::OK, json!("0000"))
    );
    let seen = seen.0.lock().unwrap();
    assert_eq!(seen[0].1["page_size"], 1);
    assert_eq!(seen[1].1["received_start_time"], recent_days().0.as_str());
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let (status, body) = post_json(&state, "/cmp-api/package/nope", ADMIN, json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::NOT_FOUND, json!("NOT_FOUND"))
    );
    let (status, body) = send_json(
        &state,
        request("GET", "/cmp-api/package/syncPackages", Some(ADMIN), None),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("BAD_REQUEST"))
    );
    let (status, _) = post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!([1])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(seen.paths().is_empty());
}

#[tokio::test]
async fn a_wrong_secret_is_reported_as_rejected_signature() {
    let dir = tempfile::tempdir().unwrap();
    let seen = Seen::default();
    let addr = spawn(fake_upstream(seen.clone())).await;
    let state = state_with(dir.path(), addr, "not-the-secret", 5_000);
    let (status, body) = post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (
            StatusCode::BAD_GATEWAY,
            json!("UPSTREAM_REJECTED_SIGNATURE")
        )
    );
    assert!(body["message"].as_str().unwrap().contains("CMP_SECRET"));
}

#[tokio::test]
async fn health_and_readiness() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let (status, _) = send_json(&state, request("GET", "/healthz", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = send_json(&state, request("GET", "/readyz", None, None)).await;
    assert_eq!(
        (status, body["status"].clone()),
        (StatusCode::OK, json!("ready"))
    );
    assert_eq!(seen.0.lock().unwrap()[0].1["page_size"], 1);
    let bad = state_with(
        dir.path(),
        spawn(fake_upstream(Seen::default())).await,
        "wrong",
        5_000,
    );
    let (status, _) = send_json(&bad, request("GET", "/readyz", None, None)).await;
    assert_ne!(status, StatusCode::OK);
}

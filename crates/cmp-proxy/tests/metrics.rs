//! `GET /metrics`: an admin reads counters of what the proxy did — requests by route and
//! status, upstream calls and cache hits, budget refusals, pushes by result — in
//! Prometheus' text format; other callers are refused.

mod common;

use axum::http::{StatusCode, header};
use common::*;
use serde_json::json;

/// The exposition's line for `series` (name and labels), parsed as a number.
fn value(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn an_admin_reads_what_the_proxy_did() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state_with(
        dir.path(),
        &[
            ("CMP_RATE_LIMIT_PER_SEC", "0.01"),
            ("CMP_RATE_LIMIT_BURST", "3"),
        ],
    )
    .await;
    // The same query twice: one upstream call, one cache hit (the fake's answers are cached).
    for _ in 0..2 {
        let (status, _) = post_json(
            &state,
            "/cmp-api/device/queryDevice",
            VIEWER,
            json!({"device_id": D1}),
        )
        .await;
        assert_eq!(status, StatusCode::OK);
    }
    send_json(&state, request("GET", "/api/session", Some(VIEWER), None)).await;
    // The viewer's fourth request is over its budget.
    let (status, _) = send_json(&state, request("GET", "/api/session", Some(VIEWER), None)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let push = json!({"assetid":D1,"imsi":"204046990912345","operation":"1003","orderid":"O-1","time":"2024-05-01 10:00:00"});
    let hook = format!("/hooks/order-status/{HOOK}");
    for _ in 0..2 {
        send_json(&state, request("POST", &hook, None, Some(push.clone()))).await;
    }
    send_json(&state, request("POST", &hook, None, Some(json!({"x": 1})))).await;

    let (status, headers, body) = send(&state, request("GET", "/metrics", Some(ADMIN), None)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8(body).unwrap();
    let expect = [
        (
            r#"cmp_proxy_requests_total{route="/cmp-api/{*rest}",method="POST",status="200"}"#,
            2.0,
        ),
        (
            r#"cmp_proxy_requests_total{route="/api/session",method="GET",status="429"}"#,
            1.0,
        ),
        (
            r#"cmp_proxy_upstream_calls_total{operation="queryDevice",outcome="ok"}"#,
            1.0,
        ),
        (r#"cmp_proxy_cache_lookups_total{result="hit"}"#, 1.0),
        (r#"cmp_proxy_cache_lookups_total{result="miss"}"#, 1.0),
        (
            r#"cmp_proxy_budget_refusals_total{reason="rate_limited"}"#,
            1.0,
        ),
        (r#"cmp_proxy_pushes_total{result="stored"}"#, 1.0),
        (r#"cmp_proxy_pushes_total{result="redelivery"}"#, 1.0),
        (r#"cmp_proxy_pushes_total{result="dead_letter"}"#, 1.0),
        (
            r#"cmp_proxy_request_duration_seconds_count{route="/api/session"}"#,
            2.0,
        ),
        ("cmp_proxy_open_streams", 0.0),
    ];
    for (series, want) in expect {
        assert_eq!(value(&text, series), Some(want), "{series} in\n{text}");
    }
    // No secret, token or device id is a label.
    for secret in [HOOK, SECRET, VIEWER, ADMIN, D1] {
        assert!(!text.contains(secret), "{secret} leaked into the metrics");
    }
}

#[tokio::test]
async fn only_an_admin_token_reads_the_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    for (token, want) in [
        (None, StatusCode::UNAUTHORIZED),
        (Some(VIEWER), StatusCode::FORBIDDEN),
        (Some(SCOPED), StatusCode::FORBIDDEN),
        (Some(ADMIN), StatusCode::OK),
    ] {
        let (status, _, _) = send(&state, request("GET", "/metrics", token, None)).await;
        assert_eq!(status, want, "{token:?}");
    }
}

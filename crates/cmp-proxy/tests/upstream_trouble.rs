//! Upstream trouble: retries of queries only, and persistent trouble as contract envelopes.

mod common;

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use common::*;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

/// Upstream status, headers and body; the status and code the proxy must answer with.
type TroubleCase = (StatusCode, Headers, &'static str, StatusCode, &'static str);
type Headers = &'static [(&'static str, &'static str)];

/// An upstream that answers `status` (and `body`) for the first `failures` calls, then succeeds.
async fn flaky(
    failures: u32,
    status: StatusCode,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
) -> (std::net::SocketAddr, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let c = calls.clone();
    let handler = move || {
        let c = c.clone();
        async move {
            let n = c.fetch_add(1, Ordering::SeqCst);
            if n < failures {
                let mut h = HeaderMap::new();
                for (k, v) in headers {
                    h.insert(*k, v.parse().unwrap());
                }
                (status, h, body.to_owned())
            } else {
                (
                    StatusCode::OK,
                    HeaderMap::new(),
                    r#"{"code":"0000","data":null,"message":"ok","success":true}"#.to_owned(),
                )
            }
        }
    };
    let router = Router::new().route("/cmp-api/{*rest}", post(handler.clone()).get(handler));
    (spawn(router).await, calls)
}

#[tokio::test]
async fn queries_are_retried_on_5xx_and_429_but_mutations_never() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, calls) = flaky(2, StatusCode::INTERNAL_SERVER_ERROR, &[], "oops").await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    let (status, _) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        ADMIN,
        json!({"page_no":1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    let (addr, calls) = flaky(
        1,
        StatusCode::TOO_MANY_REQUESTS,
        &[("retry-after", "0")],
        "slow down",
    )
    .await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    let (status, _) = post_json(
        &state,
        "/cmp-api/package/getTrafficPoolInfo",
        ADMIN,
        json!({}),
    )
    .await;
    assert_eq!((status, calls.load(Ordering::SeqCst)), (StatusCode::OK, 2));

    let (addr, calls) = flaky(1, StatusCode::INTERNAL_SERVER_ERROR, &[], "oops").await;
    let state = state_with(dir.path(), addr, SECRET, 5_000);
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/cancelPackage",
        ADMIN,
        json!({"order_id":"ORD-1"}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_GATEWAY, json!("UPSTREAM_BAD_RESPONSE"))
    );
    assert!(body["message"].as_str().unwrap().contains("may or may not"));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "a mutation must be sent once"
    );
}

#[tokio::test]
async fn persistent_upstream_trouble_becomes_the_contract_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [TroubleCase; 4] = [
        (
            StatusCode::OK,
            &[],
            "<html>not json</html>",
            StatusCode::BAD_GATEWAY,
            "UPSTREAM_BAD_RESPONSE",
        ),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            &[],
            "",
            StatusCode::SERVICE_UNAVAILABLE,
            "UPSTREAM_UNAVAILABLE",
        ),
        (
            StatusCode::TOO_MANY_REQUESTS,
            &[("retry-after", "0")],
            "",
            StatusCode::TOO_MANY_REQUESTS,
            "RATE_LIMITED",
        ),
        (
            StatusCode::UNAUTHORIZED,
            &[],
            "",
            StatusCode::BAD_GATEWAY,
            "UPSTREAM_REJECTED_SIGNATURE",
        ),
    ];
    for (upstream_status, headers, body, want_status, want_code) in cases {
        let (addr, _) = flaky(u32::MAX, upstream_status, headers, body).await;
        let state = state_with(dir.path(), addr, SECRET, 5_000);
        let (status, got) =
            post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
        assert_eq!(
            (status, got["code"].as_str().unwrap()),
            (want_status, want_code),
            "upstream {upstream_status}"
        );
        assert_eq!(got["success"], false);
    }
}

#[tokio::test]
async fn an_unreachable_or_silent_upstream_never_hangs() {
    let dir = tempfile::tempdir().unwrap();
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let state = state_with(dir.path(), closed, SECRET, 2_000);
    let (status, body) = post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            json!("UPSTREAM_UNAVAILABLE")
        )
    );

    let never = Router::new().route(
        "/cmp-api/{*rest}",
        post(std::future::pending::<String>).get(std::future::pending::<String>),
    );
    let addr = spawn(never).await;
    let state = state_with(dir.path(), addr, SECRET, 300);
    let (status, body) = post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::GATEWAY_TIMEOUT, json!("UPSTREAM_TIMEOUT"))
    );
}

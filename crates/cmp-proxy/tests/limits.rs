//! Input hardening: body size, devices per bulk order, page sizes, requests and live
//! streams per identity — each refused in the error envelope, before the upstream is asked.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use serde_json::{Value, json};
use tower::ServiceExt;

fn devices(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("8985200000000000{i:04}")).collect()
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_in_words_whether_declared_or_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state_with(dir.path(), &[("CMP_MAX_BODY_BYTES", "2048")]).await;
    let big = json!({ "page_no": 1, "padding": "x".repeat(3000) });
    let (status, body) = post_json(&state, "/cmp-api/package/queryOrder", ADMIN, big.clone()).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::PAYLOAD_TOO_LARGE, json!("TOO_LARGE"))
    );
    assert!(
        body["message"].as_str().unwrap().contains("2048 bytes"),
        "{body}"
    );

    // Without a Content-Length (chunked), the limit holds while reading.
    let chunks = futures_util::stream::iter(
        big.to_string()
            .into_bytes()
            .chunks(500)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    let req = Request::post("/cmp-api/package/queryOrder")
        .header(header::AUTHORIZATION, format!("Bearer {ADMIN}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(chunks))
        .unwrap();
    let (status, body) = send_json(&state, req).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::PAYLOAD_TOO_LARGE, json!("TOO_LARGE"))
    );
    assert!(
        seen.paths().is_empty(),
        "nothing too large reaches the upstream"
    );

    let (status, _) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        ADMIN,
        json!({"page_no": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn the_default_body_limit_answers_in_the_envelope_too() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let huge = json!({ "padding": "x".repeat(3 * 1024 * 1024) });
    let (status, body) = post_json(&state, "/cmp-api/package/syncPackages", ADMIN, huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        (body["code"].clone(), body["success"].clone()),
        (json!("TOO_LARGE"), json!(false))
    );
    assert!(
        body["message"].as_str().unwrap().contains("262144 bytes"),
        "{body}"
    );
}

#[tokio::test]
async fn a_bulk_order_over_the_limit_is_refused_saying_the_limit_and_the_count() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state_with(dir.path(), &[("CMP_MAX_BULK_DEVICES", "2")]).await;
    let order = |n| json!({"deviceList": devices(n), "is_open": "0", "package_code": "DP1"});
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/batchOrderPackages",
        ADMIN,
        order(3),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("TOO_MANY_DEVICES"))
    );
    let message = body["message"].as_str().unwrap();
    assert!(
        message.contains("lists 3 devices") && message.contains("at most 2"),
        "{message}"
    );
    assert!(seen.paths().is_empty(), "the refused order was not sent");

    let (status, _) = post_json(
        &state,
        "/cmp-api/package/batchOrderPackages",
        ADMIN,
        order(2),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(seen.paths(), ["/cmp-api/package/batchOrderPackages"]);

    let (_, session) = send_json(&state, request("GET", "/api/session", Some(VIEWER), None)).await;
    assert_eq!(
        session["limits"],
        json!({"max_bulk_devices": 2, "platform_utc_offset_minutes": 0})
    );
}

#[tokio::test]
async fn page_sizes_are_checked_before_the_upstream() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    for (op, size) in [
        ("queryOrder", 101),
        ("getTrafficPoolInfo", 101),
        ("syncPackages", 1001),
    ] {
        let (status, body) = post_json(
            &state,
            &format!("/cmp-api/package/{op}"),
            VIEWER,
            json!({"page_no": 1, "page_size": size}),
        )
        .await;
        assert_eq!(
            (status, body["code"].clone()),
            (StatusCode::BAD_REQUEST, json!("BAD_REQUEST")),
            "{op}"
        );
        assert!(body["message"].as_str().unwrap().contains(op), "{body}");
    }
    let (status, _) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        VIEWER,
        json!({"page_no": 0}),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let cdr = format!(
        "/cmp-api/sims/{D1}/cdr?{dates}&page_no=1&page_size=1001",
        dates = recent_dates()
    );
    let (status, _) = send_json(&state, request("GET", &cdr, Some(VIEWER), None)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = send_json(
        &state,
        request(
            "GET",
            "/api/events/history?page_size=101",
            Some(VIEWER),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        seen.paths().is_empty(),
        "no refused page reached the upstream"
    );

    let (status, _) = post_json(
        &state,
        "/cmp-api/package/syncPackages",
        VIEWER,
        json!({"page_no": 1, "page_size": 1000}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn each_identity_has_its_own_request_budget() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state_with(
        dir.path(),
        &[
            ("CMP_RATE_LIMIT_PER_SEC", "0.5"),
            ("CMP_RATE_LIMIT_BURST", "3"),
        ],
    )
    .await;
    for _ in 0..3 {
        let (status, _) =
            send_json(&state, request("GET", "/api/session", Some(VIEWER), None)).await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, headers, body) =
        send(&state, request("GET", "/api/session", Some(VIEWER), None)).await;
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::TOO_MANY_REQUESTS, json!("RATE_LIMITED"))
    );
    assert_eq!(
        headers[header::RETRY_AFTER],
        "2",
        "one request every two seconds"
    );
    assert!(
        body["message"].as_str().unwrap().contains("wait 2 seconds"),
        "{body}"
    );
    // Forwarded calls share the same budget.
    let (status, _) = post_json(&state, "/cmp-api/package/syncPackages", VIEWER, json!({})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // Other identities, unknown tokens and public routes are not charged to this one.
    let (status, _) = send_json(&state, request("GET", "/api/session", Some(ADMIN), None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) =
        send_json(&state, request("GET", "/api/session", Some("guess"), None)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("TOKEN_INVALID"))
    );
    let (status, _) = send_json(&state, request("GET", "/healthz", None, None)).await;
    assert_eq!(status, StatusCode::OK);
}

/// Opens `/api/events` with `token` and returns the response without reading its endless body.
async fn open_stream(state: &cmp_proxy::AppState, token: &str) -> axum::response::Response {
    let req = request("GET", &format!("/api/events?token={token}"), None, None);
    cmp_proxy::app(state.clone()).oneshot(req).await.unwrap()
}

#[tokio::test]
async fn live_streams_per_identity_are_capped_and_freed_when_closed() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state_with(dir.path(), &[("CMP_MAX_STREAMS_PER_TOKEN", "2")]).await;
    let first = open_stream(&state, VIEWER).await;
    let second = open_stream(&state, VIEWER).await;
    assert_eq!(
        (first.status(), second.status()),
        (StatusCode::OK, StatusCode::OK)
    );

    let third = open_stream(&state, VIEWER).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.headers()[header::RETRY_AFTER], "5");
    let body = axum::body::to_bytes(third.into_body(), 4096).await.unwrap();
    let body: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], "TOO_MANY_STREAMS");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("close other dashboard tabs")
    );

    assert_eq!(
        open_stream(&state, ADMIN).await.status(),
        StatusCode::OK,
        "another identity has its own streams"
    );
    drop(first);
    assert_eq!(
        open_stream(&state, VIEWER).await.status(),
        StatusCode::OK,
        "a closed stream frees its slot"
    );
    drop(second);
}

#[test]
fn bad_limit_settings_stop_the_start_with_their_name() {
    let dir = tempfile::tempdir().unwrap();
    for (name, value) in [
        ("CMP_MAX_BODY_BYTES", "12"),
        ("CMP_MAX_BULK_DEVICES", "0"),
        ("CMP_RATE_LIMIT_PER_SEC", "-1"),
        ("CMP_RATE_LIMIT_BURST", "lots"),
        ("CMP_MAX_STREAMS_PER_TOKEN", "0"),
        ("CMP_HEADER_TIMEOUT_MS", "0"),
        ("CMP_BODY_TIMEOUT_MS", "1.5"),
    ] {
        let mut env = std::collections::HashMap::new();
        env.insert("CMP_DATA_DIR".to_owned(), dir.path().display().to_string());
        env.insert(name.to_owned(), value.to_owned());
        let e = cmp_proxy::Config::from_sources(&env, None).unwrap_err();
        assert!(e.to_string().starts_with(name), "{name}={value}: {e}");
    }
    let file = "max_bulk_devices = 50\nrate_limit_per_sec = 2.5\nbody_timeout_ms = 4000\n";
    let c = cmp_proxy::Config::from_sources(&Default::default(), Some(file)).unwrap();
    assert_eq!(c.limits.max_bulk_devices, 50);
    assert_eq!(c.limits.rate_per_sec, 2.5);
    assert_eq!(c.limits.body_timeout.as_millis(), 4000);
    assert_eq!(c.limits.max_body_bytes, 256 * 1024, "defaults stay");
}

/// An embed token for D1 whose `sub` is `sub` (or none), valid for an hour.
fn embed_named(sub: Option<&str>, nonce: i64) -> String {
    let now = now_secs();
    let claims = cmp_api::embed_token::Claims {
        exp: now + 3600 + nonce,
        sub: sub.map(str::to_owned),
        devices: vec![D1.into()],
        pools: vec![],
        iat: Some(now),
        nbf: None,
    };
    cmp_api::embed_token::encode(&claims, EMBED_SECRET.as_bytes())
}

#[tokio::test]
async fn budgets_follow_the_token_not_its_display_name() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state_with(
        dir.path(),
        &[
            ("CMP_RATE_LIMIT_PER_SEC", "0.01"),
            ("CMP_RATE_LIMIT_BURST", "2"),
        ],
    )
    .await;
    let session = |token: &str| request("GET", "/api/session", Some(token), None);
    // Two partner embeds without `sub` are both called "embed": each has its own budget.
    let (first, second) = (embed_named(None, 0), embed_named(None, 1));
    for _ in 0..2 {
        assert_eq!(send_json(&state, session(&first)).await.0, StatusCode::OK);
    }
    assert_eq!(
        send_json(&state, session(&first)).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        send_json(&state, session(&second)).await.0,
        StatusCode::OK,
        "another embed token without sub is not charged for the first"
    );
    // An embed whose sub is a dashboard token's name ("watcher") spends its own budget.
    let namesake = embed_named(Some("watcher"), 2);
    for _ in 0..2 {
        assert_eq!(
            send_json(&state, session(&namesake)).await.0,
            StatusCode::OK
        );
    }
    assert_eq!(
        send_json(&state, session(VIEWER)).await.0,
        StatusCode::OK,
        "the viewer token named watcher still has its budget"
    );
}

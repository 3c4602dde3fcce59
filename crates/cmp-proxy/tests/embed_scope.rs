//! What an embed token may do: read its devices (queryDevice, CDRs, queryOrder filtered by
//! one of them) and its traffic pools (others removed, totals recomputed); every mutation,
//! the catalogue, other devices and pools, live events, history and the audit log are
//! refused with a reason, and never reach the upstream.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

fn cdr(device: &str) -> String {
    format!(
        "/cmp-api/sims/{device}/cdr?{dates}&page_no=1&page_size=10",
        dates = recent_dates()
    )
}

fn order_codes(body: &Value) -> Vec<&str> {
    body["data"]["package_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderCode"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn reads_of_its_own_devices_pass() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let token = embed_token(&[D1], &[], 3600);
    let (status, body) = post_json(
        &state,
        "/cmp-api/device/queryDevice",
        &token,
        json!({"device_id": D1}),
    )
    .await;
    assert_eq!(
        (status, body["data"]["device_id"].clone()),
        (StatusCode::OK, json!(D1))
    );
    let (status, _) = send_json(&state, request("GET", &cdr(D1), Some(&token), None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        &token,
        json!({"device_id": D1, "page_no": 1, "page_size": 10}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(order_codes(&body), ["ORD-2", "ORD-1"]);
    assert_eq!(
        seen.paths(),
        [
            "/cmp-api/device/queryDevice",
            format!("/cmp-api/sims/{D1}/cdr").as_str(),
            "/cmp-api/package/queryOrder"
        ]
    );
}

#[tokio::test]
async fn other_devices_the_catalogue_and_unfiltered_orders_are_refused_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let token = embed_token(&[D1], &[], 3600);
    let refusals = [
        (
            "POST",
            "/cmp-api/device/queryDevice".to_owned(),
            Some(json!({"device_id": D2})),
            D2,
        ),
        ("GET", cdr(D2), None, D2),
        (
            "POST",
            "/cmp-api/package/queryOrder".to_owned(),
            Some(json!({"device_id": D2, "page_no": 1})),
            D2,
        ),
        (
            "POST",
            "/cmp-api/package/queryOrder".to_owned(),
            Some(json!({"order_id": "ORD-3", "page_no": 1})),
            "device_id",
        ),
        (
            "POST",
            "/cmp-api/package/syncPackages".to_owned(),
            Some(json!({"page_no": 1})),
            "package catalogue",
        ),
        (
            "POST",
            "/cmp-api/package/getTrafficPoolInfo".to_owned(),
            Some(json!({"page_no": 1})),
            "traffic pools",
        ),
    ];
    for (method, uri, body, mentions) in refusals {
        let (status, answer) = send_json(&state, request(method, &uri, Some(&token), body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {answer}");
        assert_eq!(answer["code"], "FORBIDDEN");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.starts_with(&format!("this embed token is for device {D1} only")),
            "{message}"
        );
        assert!(message.contains(mentions), "{uri}: {message}");
    }
    assert!(seen.paths().is_empty(), "{:?}", seen.paths());
}

#[tokio::test]
async fn mutations_are_refused_and_never_reach_the_upstream() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let token = embed_token(&[D1], &["P1"], 3600);
    let mutations = [
        ("openPackage", json!({"order_id": "ORD-1"})),
        ("cancelPackage", json!({"order_id": "ORD-1"})),
        (
            "aheadFinishDeviceOrder",
            json!({"order_id": "ORD-2", "ahead_finish_cause": "t"}),
        ),
        (
            "batchOrderPackages",
            json!({"deviceList": [D1], "is_open": "0", "package_code": "DP1"}),
        ),
    ];
    for (op, body) in mutations {
        let (status, answer) =
            post_json(&state, &format!("/cmp-api/package/{op}"), &token, body).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{op}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(
            message.contains("may only read") && message.contains(op),
            "{message}"
        );
    }
    assert!(seen.paths().is_empty(), "{:?}", seen.paths());
    let (_, audit) = send_json(&state, request("GET", "/api/audit", Some(ADMIN), None)).await;
    assert_eq!(
        audit["data"]["entries"],
        json!([]),
        "nothing was sent, so nothing audited"
    );
}

#[tokio::test]
async fn pools_are_cut_down_to_the_tokens_own_across_upstream_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    // P3 is on the fake platform's second page (it serves two pools a page).
    let token = embed_token(&[], &["P3", "P1"], 3600);
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/getTrafficPoolInfo",
        &token,
        json!({"page_no": 1, "page_size": 20}),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids: Vec<&str> = body["data"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["trafficPoolId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["P1", "P3"]);
    assert_eq!(body["data"]["total"], 2, "the total counts only its pools");
    assert_eq!(seen.paths().len(), 2, "both upstream pages were read");
    let (_, page2) = post_json(
        &state,
        "/cmp-api/package/getTrafficPoolInfo",
        &token,
        json!({"page_no": 2, "page_size": 1}),
    )
    .await;
    assert_eq!(page2["data"]["rows"][0]["trafficPoolId"], "P3");
    assert_eq!(page2["data"]["total"], 2);
    // A pool-only token sees no device.
    let (status, answer) = post_json(
        &state,
        "/cmp-api/device/queryDevice",
        &token,
        json!({"device_id": D1}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .starts_with("this embed token is for traffic pools P3, P1 only")
    );
}

#[tokio::test]
async fn events_history_and_audit_need_a_dashboard_token() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let token = embed_token(&[D1], &[], 3600);
    let stream = format!("/api/events?token={token}");
    for (uri, header) in [
        (stream.as_str(), None),
        ("/api/events", Some(token.as_str())),
        ("/api/events/history", Some(token.as_str())),
        ("/api/audit", Some(token.as_str())),
    ] {
        let (status, body) = send_json(&state, request("GET", uri, header, None)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .contains("needs a dashboard token"),
            "{body}"
        );
    }
}

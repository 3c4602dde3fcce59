//! Device-scoped tokens (changes, merged order lists) and the audit log of mutations.

mod common;

use axum::http::StatusCode;
use cmp_proxy::access::identity::{Identity, Role};
use cmp_proxy::access::tokens::{TokenSet, TokenStore};
use common::*;
use serde_json::json;

#[tokio::test]
async fn a_scoped_admin_may_change_only_its_devices_orders() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    let open = |order: &str| {
        request(
            "POST",
            "/cmp-api/package/openPackage",
            Some(SCOPED_ADMIN),
            Some(json!({"order_id":order})),
        )
    };
    assert_eq!(send_json(&state, open("ORD-1")).await.0, StatusCode::OK);
    assert_eq!(
        send_json(&state, open("ORD-3")).await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        send_json(&state, open("ORD-404")).await.0,
        StatusCode::FORBIDDEN
    );
    let batch = json!({"deviceList":[D1, D2],"is_open":"0","package_code":"DP1"});
    let (status, body) = send_json(
        &state,
        request(
            "POST",
            "/cmp-api/package/batchOrderPackages",
            Some(SCOPED_ADMIN),
            Some(batch),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["message"].as_str().unwrap().contains(D2));
    let mutations = seen
        .paths()
        .iter()
        .filter(|p| !p.ends_with("queryOrder"))
        .count();
    assert_eq!(
        mutations, 1,
        "only the allowed mutation reached the upstream"
    );
}

#[tokio::test]
async fn scoped_order_lists_hold_only_their_devices_with_true_totals() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (_, all) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        SCOPED,
        json!({"page_no":1,"page_size":10}),
    )
    .await;
    let codes: Vec<&str> = all["data"]["package_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        ["ORD-2", "ORD-1"],
        "newest first, no order of another device"
    );
    assert_eq!(all["data"]["page"]["total_count"], 2);
    let (_, second) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        SCOPED,
        json!({"page_no":2,"page_size":1}),
    )
    .await;
    assert_eq!(second["data"]["package_order"][0]["orderCode"], "ORD-1");
    assert_eq!(second["data"]["page"]["total_pages"], 2);
    assert_eq!(second["data"]["package_order_num"], 1);
    // The upstream matches device ids fuzzily; a prefix of D1 must not widen the view.
    let (status, _) = post_json(
        &state,
        "/cmp-api/package/queryOrder",
        SCOPED,
        json!({"device_id":"8985"}),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn mutations_are_audited_with_who_what_and_the_answer() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    post_json(
        &state,
        "/cmp-api/package/openPackage",
        ADMIN,
        json!({"order_id":"ORD-1"}),
    )
    .await;
    post_json(&state, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    post_json(
        &state,
        "/cmp-api/package/cancelPackage",
        ADMIN,
        json!({"order_id":"ORD-2"}),
    )
    .await;
    let (status, body) = send_json(
        &state,
        request(
            "GET",
            "/api/audit?page_no=1&page_size=10",
            Some(ADMIN),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let entries = body["data"]["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "queries are not audited: {body}");
    assert_eq!(entries[0]["operation"], "cancelPackage");
    assert_eq!(entries[1]["operation"], "openPackage");
    assert_eq!(entries[1]["who"], "ops");
    assert_eq!(entries[1]["params"], json!({"order_id":"ORD-1"}));
    assert_eq!(entries[1]["result_code"], "0000");
    assert_eq!(body["data"]["page"]["total_count"], 2);
    let (status, _) = send_json(
        &state,
        request("GET", "/api/audit?page_size=1000", Some(ADMIN), None),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_token_may_be_limited_to_devices_that_are_not_sims() {
    let dir = tempfile::tempdir().unwrap();
    let (base, seen) = fake_state(dir.path()).await;
    // The spec lists MiFi, module and SoC devices, whose ids need not be ICCIDs.
    let mut tokens = TokenSet::default();
    tokens.insert(
        "mifi-token",
        Identity {
            name: "mifi customer".into(),
            role: Role::Viewer,
            devices: Some(vec!["MIFI-0042".into(), D1.into()]),
            pools: Some(Vec::new()),
            embed: None,
        },
    );
    let store = cmp_proxy::store::Store::open(&dir.path().join("mifi")).unwrap();
    let state = cmp_proxy::AppState::new(
        base.config.clone(),
        base.upstream.clone(),
        TokenStore::fixed(tokens),
        store,
        None,
    );
    let ask = |path: &str, body| request("POST", path, Some("mifi-token"), Some(body));
    let device = |id: &str| ask("/cmp-api/device/queryDevice", json!({"device_id": id}));
    let (status, body) = send_json(&state, device("MIFI-0042")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["device_id"], "MIFI-0042");
    let (status, _) = send_json(&state, device("MIFI-0043")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let orders = ask(
        "/cmp-api/package/queryOrder",
        json!({"device_id": "MIFI-0042", "page_no": 1, "page_size": 10}),
    );
    let (status, body) = send_json(&state, orders).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let asked: Vec<_> = seen
        .0
        .lock()
        .unwrap()
        .iter()
        .filter_map(|(_, params)| params.get("device_id").cloned())
        .collect();
    assert_eq!(asked, [json!("MIFI-0042"), json!("MIFI-0042")]);
}

//! Router-level tests of the catalogue, device, pool and paging rules.

use crate::common::{
    self, DEVICE, HEAVY_DEVICE_ID, POOLS, QUERY, SYNC, code, find_order, get, post,
};
use serde_json::{Value, json};

#[tokio::test]
async fn sync_packages_pages_the_catalogue() {
    let sim = common::sim();
    let v = post(&sim, SYNC, json!({})).await;
    assert_eq!(code(&v), "0000");
    assert_eq!(
        v["data"]["page"],
        json!({"cur_page_no":1,"page_size":20,"total_count":61,"total_pages":4})
    );
    assert_eq!(v["data"]["package_num"], 61);
    assert_eq!(v["data"]["package"].as_array().unwrap().len(), 20);
    let first = &v["data"]["package"][0];
    for field in [
        "flow",
        "status",
        "serviceCycleCount",
        "buy_type",
        "cover_country_mcc",
        "cover_countrys",
        "package_code",
        "package_name",
        "package_type",
        "package_usage_attribute",
    ] {
        assert!(first.get(field).is_some(), "missing {field}");
    }
    let last = post(
        &sim,
        SYNC,
        json!({"page_no": "4", "page_size": "20", "version": 1.0}),
    )
    .await;
    assert_eq!(last["data"]["package"].as_array().unwrap().len(), 1);
    let beyond = post(&sim, SYNC, json!({"page_no": 9})).await;
    assert_eq!(beyond["data"]["package"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn bad_paging_is_refused() {
    let sim = common::sim();
    for body in [
        json!({"page_no": 0}),
        json!({"page_size": -1}),
        json!({"page_size": "ten"}),
        json!({"page_no": 1.5}),
    ] {
        assert_eq!(
            code(&post(&sim, SYNC, body.clone()).await),
            "1003",
            "{body}"
        );
    }
    assert_eq!(
        code(&post(&sim, QUERY, json!({"page_size": 101})).await),
        "1004"
    );
    assert_eq!(
        code(&post(&sim, QUERY, json!({"page_size": 100})).await),
        "0000"
    );
    let (status, v) = common::call(&sim, axum::http::Method::POST, SYNC, None).await;
    assert_eq!((status, code(&v)), (200, "0000"));
    let bad = post(&sim, SYNC, json!([1, 2])).await;
    assert_eq!(code(&bad), "1002");
}

#[tokio::test]
async fn query_device_shows_only_live_orders() {
    let sim = common::sim();
    let v = post(&sim, DEVICE, json!({"device_id": HEAVY_DEVICE_ID})).await;
    assert_eq!(code(&v), "0000");
    let d = &v["data"];
    assert_eq!(d["device_id"], HEAVY_DEVICE_ID);
    assert_eq!(d["lifecycle"], "2");
    assert_eq!(d["package_order"]["orderStatus"], "2");
    assert!(
        d["package_order"]["profileList"][0]["imsi"]
            .as_str()
            .unwrap()
            .len()
            == 15
    );
    for f in [
        "ota_flag",
        "bip_flag",
        "multiImsi_flag",
        "lifecycle_start_time",
        "lifecycle_end_time",
        "lifecycle_slient_period",
    ] {
        assert!(!d[f].is_null(), "{f}");
    }
    let waiting = find_order(&sim, |o| o["status"] == "1").await;
    let dev = waiting["device_id"].as_str().unwrap();
    let world = get(&sim, "/_sim/world").await;
    let has_live = world["data"]["orders"]
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["device_id"] == dev && (o["status"] == "2" || o["status"] == "5"));
    let v = post(&sim, DEVICE, json!({"device_id": dev})).await;
    assert_eq!(v["data"]["package_order"].is_null(), !has_live);
    assert_eq!(
        code(&post(&sim, DEVICE, json!({"device_id": "8900"})).await),
        "2001"
    );
    assert_eq!(
        code(&post(&sim, DEVICE, json!({"device_id": null})).await),
        "1002"
    );
}

#[tokio::test]
async fn traffic_pools_page_and_accrue() {
    let sim = common::sim();
    let v = post(&sim, POOLS, json!({"page_no": 1, "page_size": 1})).await;
    assert_eq!(v["data"]["total"], 4);
    assert_eq!(v["data"]["rows"].as_array().unwrap().len(), 1);
    let used = |v: &Value| {
        v["data"]["rows"][0]["usedByte"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    let before = used(&v);
    post(&sim, "/_sim/clock/advance", json!({"seconds": 6 * 3600})).await;
    let after = used(&post(&sim, POOLS, json!({"page_no": 1, "page_size": 1})).await);
    assert!(after > before, "{before} -> {after}");
    assert_eq!(
        code(&post(&sim, POOLS, json!({"page_size": 0})).await),
        "1003"
    );
}

#[tokio::test]
async fn order_usage_accrues_with_the_clock() {
    let sim = common::sim();
    let used = |v: &Value| {
        v["data"]["package_order"]["orderUsedFlow"]
            .as_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
    };
    let before = used(&post(&sim, DEVICE, json!({"device_id": HEAVY_DEVICE_ID})).await);
    post(&sim, "/_sim/clock/advance", json!({"seconds": 3600})).await;
    let after = used(&post(&sim, DEVICE, json!({"device_id": HEAVY_DEVICE_ID})).await);
    assert!(after > before, "{before} -> {after}");
}

#[tokio::test]
async fn unknown_paths_answer_an_envelope() {
    let sim = common::sim();
    let (status, v) = common::call(
        &sim,
        axum::http::Method::POST,
        "/cmp-api/package/nope",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(v["success"], false);
}

//! `POST /_sim/devices/{id}/use`: a device's started order made to have used a share of its
//! volume this cycle, so a usage threshold is crossed on demand.

use super::common::*;
use cmp_api::PackageOrder;
use serde_json::{Value, json};

#[tokio::test]
async fn data_used_on_demand_raises_the_started_orders_use_this_cycle() {
    let state = sim();
    let order = find_order(&state, |o| o["status"] == "2").await;
    let device = order["device_id"].as_str().unwrap();
    let path = format!("/_sim/devices/{device}/use");
    let v = post(&state, &path, json!({"percent": 95})).await;
    assert_eq!(code(&v), "0000", "{v}");
    assert!(v["data"]["added_bytes"].as_u64().unwrap() > 0);
    let shown: PackageOrder = serde_json::from_value(v["data"]["order"].clone()).unwrap();
    let share = shown.usage_percent().unwrap();
    assert!((95.0..95.01).contains(&share), "{share}");
    // queryOrder (here through /_sim/orders) shows the same; asking for less adds nothing.
    let seen = get(&state, &format!("/_sim/orders/{}", shown.order_code)).await;
    let seen: PackageOrder = serde_json::from_value(seen["data"].clone()).unwrap();
    assert_eq!(seen.used_flow, shown.used_flow);
    let less = post(&state, &path, json!({"percent": 50})).await;
    assert_eq!(less["data"]["added_bytes"], 0);
    let more = post(&state, &path, json!({"percent": 120})).await;
    let over: PackageOrder = serde_json::from_value(more["data"]["order"].clone()).unwrap();
    assert!(over.usage_percent().unwrap() >= 120.0);
}

#[tokio::test]
async fn what_cannot_be_used_is_refused_with_a_reason() {
    let state = sim();
    let order = find_order(&state, |o| o["status"] == "2").await;
    let device = order["device_id"].as_str().unwrap();
    let path = format!("/_sim/devices/{device}/use");
    for bad in [
        json!({"percent": 0}),
        json!({"percent": -5}),
        json!({"percent": 5000}),
        json!({}),
    ] {
        let v = post(&state, &path, bad.clone()).await;
        assert_eq!(code(&v), "1002", "{bad}: {v}");
    }
    let v = post(
        &state,
        "/_sim/devices/NO-SUCH-DEVICE/use",
        json!({"percent": 90}),
    )
    .await;
    assert_eq!(code(&v), "2001");
    // A device none of whose orders is started.
    let world = get(&state, "/_sim/world").await;
    let orders = world["data"]["orders"].as_array().unwrap();
    let idle = world["data"]["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["device_id"].as_str().unwrap())
        .find(|d| {
            !orders
                .iter()
                .any(|o: &Value| o["device_id"] == *d && o["status"] == "2")
        })
        .expect("a device without a started order");
    let v = post(
        &state,
        &format!("/_sim/devices/{idle}/use"),
        json!({"percent": 90}),
    )
    .await;
    assert_eq!(code(&v), "3001", "{v}");
    assert!(v["message"].as_str().unwrap().contains("no started order"));
}

//! A push's `time` is the order's creation time (the spec's field table: "Order creation
//! time"), for every operation on the order, whenever it happens. So one order paused,
//! restarted and paused again sends two pushes that are the same on the wire: genuine
//! repeats a receiver must not drop as redeliveries.

use crate::common::{self, code, find_device, post};
use crate::hook::{self, Received};
use cmp_api::time::TimeFormat;
use cmp_api::{BuyType, CmpTime, PackageStatus, PackageType};
use cmp_sim::SimState;
use serde_json::json;

/// A daily, postpaid, available package without a cycle limit: it can be renewed and
/// reduced, and expires within a day.
fn daily_postpaid() -> String {
    cmp_sim::world::catalogue::catalogue()
        .into_iter()
        .find(|p| {
            p.package_type == Some(PackageType::Day)
                && p.buy_type == Some(BuyType::Postpaid)
                && p.status == Some(PackageStatus::Available)
                && p.max_order_period == Some(-1)
        })
        .expect("the catalogue has a daily postpaid package")
        .package_code
}

/// Orders and opens a daily postpaid package for an active device: the order id.
pub async fn new_started_order(sim: &SimState) -> String {
    let device = find_device(sim, |d| d["lifecycle"] == "0" && d["ota"] == false).await;
    let v = post(
        sim,
        common::BATCH,
        json!({"deviceList": [device], "is_open": "1", "package_code": daily_postpaid()}),
    )
    .await;
    assert_eq!(v["data"]["device_order"][0]["error"], "0000", "{v}");
    v["data"]["device_order"][0]["order_id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The order's creation time as queryOrder shows it, written as the spec's push example.
async fn created_at(sim: &SimState, id: &str) -> String {
    let q = post(sim, common::QUERY, json!({"order_id": id})).await;
    let date = q["data"]["package_order"][0]["orderDate"].as_str().unwrap();
    let t: CmpTime = date.parse().unwrap();
    t.with_format(TimeFormat::DateTime).to_string()
}

async fn admin(sim: &SimState, id: &str, action: &str) {
    let v = post(sim, &format!("/_sim/orders/{id}/{action}"), json!({})).await;
    assert_eq!(code(&v), "0000", "{action}: {v}");
}

async fn advance(sim: &SimState, seconds: i64) {
    post(sim, "/_sim/clock/advance", json!({"seconds": seconds})).await;
}

fn operations(pushes: &[Received]) -> Vec<String> {
    pushes.iter().map(|p| p.field("operation")).collect()
}

#[tokio::test]
async fn every_push_of_an_order_carries_its_creation_time() {
    let mut run = hook::serve(common::config()).await;
    let sim = run.sim.clone();
    let id = new_started_order(&sim).await;
    let created = created_at(&sim, &id).await;
    assert_eq!(
        created, "2026-11-29 22:24:44",
        "ordered at the test clock's start"
    );
    // The clock moves between events, so a push stamped with its event's time would differ.
    for action in ["pause", "restart", "renew", "reduce"] {
        advance(&sim, 60).await;
        admin(&sim, &id, action).await;
    }
    advance(&sim, 3 * 86_400).await;
    let pushes = run.take(&id, 7).await;
    assert_eq!(
        operations(&pushes),
        ["1000", "1005", "1003", "1004", "1009", "1010", "1008"]
    );
    for p in &pushes {
        assert_eq!(p.field("orderid"), id);
        assert_eq!(p.field("time"), created, "{}", p.body);
    }
    run.assert_no_more(&id).await;
    run.stop().await;
}

#[tokio::test]
async fn pause_restart_pause_sends_the_same_push_twice() {
    let mut run = hook::serve(common::config()).await;
    let sim = run.sim.clone();
    let id = new_started_order(&sim).await;
    run.take(&id, 2).await; // 1000 and 1005
    // Minutes apart, and within the day the daily order runs.
    for action in ["pause", "restart", "pause"] {
        advance(&sim, 600).await;
        admin(&sim, &id, action).await;
    }
    let pushes = run.take(&id, 3).await;
    assert_eq!(operations(&pushes), ["1003", "1004", "1003"]);
    let (first, second) = (&pushes[0], &pushes[2]);
    assert_eq!(first.key(), second.key(), "orderid|operation|time repeats");
    assert_eq!(
        first.body, second.body,
        "the two pauses are identical on the wire"
    );
    assert_eq!(first.field("time"), created_at(&sim, &id).await);
    // Both are genuine: the simulator produced two pauses, and delivered nothing else.
    run.assert_no_more(&id).await;
    let log = common::get(&sim, "/_sim/pushes").await;
    let pauses = log["data"]["recent"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["orderid"] == id.as_str() && p["operation"] == "1003")
        .count();
    assert_eq!(pauses, 2);
    run.stop().await;
}

//! The state file: changes survive a restart (orders, clock offset), and a broken file is
//! reported rather than silently replaced.

use crate::common::{self, code, find_order, post};
use cmp_sim::{SimConfig, SimState};
use serde_json::json;
use std::path::PathBuf;

fn temp_file(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    std::env::temp_dir().join(format!(
        "cmp-sim-{name}-{}-{nanos}.json",
        std::process::id()
    ))
}

#[tokio::test]
async fn state_survives_a_restart() {
    let file = temp_file("state");
    let config = SimConfig {
        state_file: Some(file.clone()),
        ..common::config()
    };
    let first = SimState::new(config.clone()).unwrap();
    let waiting = find_order(&first, |o| o["status"] == "1").await;
    let id = waiting["order_id"].as_str().unwrap().to_owned();
    assert_eq!(
        code(
            &post(
                &first,
                "/cmp-api/package/cancelPackage",
                json!({"order_id": id})
            )
            .await
        ),
        "0000"
    );
    post(&first, "/_sim/clock/advance", json!({"seconds": 7200})).await;
    let device = common::find_device(&first, |d| d["lifecycle"] == "0").await;
    let created = post(
        &first,
        "/cmp-api/package/batchOrderPackages",
        json!({"deviceList": [device], "is_open": "0", "package_code": "DP20190202001217"}),
    )
    .await;
    let new_id = created["data"]["device_order"][0]["order_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let clock = common::get(&first, "/_sim/clock").await;
    drop(first);
    assert!(file.exists());
    assert!(!file.with_extension("tmp").exists());

    let second = SimState::new(config).unwrap();
    assert_eq!(common::get(&second, "/_sim/clock").await, clock);
    let q = post(
        &second,
        "/cmp-api/package/queryOrder",
        json!({"order_id": id}),
    )
    .await;
    assert_eq!(q["data"]["package_order"][0]["orderStatus"], "3");
    let q = post(
        &second,
        "/cmp-api/package/queryOrder",
        json!({"order_id": new_id}),
    )
    .await;
    assert_eq!(q["data"]["package_order"][0]["orderStatus"], "1");
    // New order codes continue the sequence instead of reusing one.
    let again = post(
        &second,
        "/cmp-api/package/batchOrderPackages",
        json!({"deviceList": [device], "is_open": "0", "package_code": "DP20190202001217"}),
    )
    .await;
    assert_ne!(
        again["data"]["device_order"][0]["order_id"]
            .as_str()
            .unwrap(),
        new_id
    );
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn broken_state_file_is_reported() {
    let file = temp_file("broken");
    std::fs::write(&file, "not json").unwrap();
    let err = SimState::new(SimConfig {
        state_file: Some(file.clone()),
        ..common::config()
    })
    .err();
    assert!(matches!(err, Some(cmp_sim::SimError::BadState { .. })));
    std::fs::remove_file(&file).unwrap();
}

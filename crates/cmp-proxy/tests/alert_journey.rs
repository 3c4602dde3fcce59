//! The demo journey on the embedded simulator, as the README tells it: a device-use rule,
//! the simulator's `POST /_sim/devices/{id}/use` crossing its threshold, and the next
//! evaluation firing the alert for that device's order (over real HTTP, signed).
#![cfg(feature = "embedded-sim")]

mod common;

use axum::http::StatusCode;
use cmp_proxy::alerts::evaluate::run_once;
use common::*;
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_crosses_a_threshold_on_demand_and_the_next_run_fires() {
    let dir = tempfile::tempdir().unwrap();
    let local = "127.0.0.1:9".parse().unwrap();
    let prepared = cmp_proxy::prepare(config(dir.path(), &[("CMP_CACHE_TTL_MS", "0")]), local)
        .await
        .unwrap();
    let admin = prepared.generated.as_ref().unwrap().admin.clone();
    let sim = prepared.sim.unwrap();
    let state = prepared.state;
    let http = reqwest::Client::new();
    let world: Value = http
        .get(sim.url.join("/_sim/world").unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let device = world["data"]["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["status"] == "2")
        .and_then(|o| o["device_id"].as_str())
        .expect("a device with a started order")
        .to_owned();
    let rule = json!({"name": "Almost out", "condition": {"kind": "device_use", "percent": 99, "devices": [device]}});
    let (status, body) = post_json(&state, "/api/alerts/rules", &admin, rule).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        run_once(&state).await.unwrap().fired.is_empty(),
        "under the threshold yet"
    );

    let used: Value = http
        .post(
            sim.url
                .join(&format!("/_sim/devices/{device}/use"))
                .unwrap(),
        )
        .json(&json!({"percent": 99.5}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(used["code"], "0000", "{used}");
    let report = run_once(&state).await.unwrap();
    assert_eq!(report.fired.len(), 1, "{report:?}");
    let alert = &report.fired[0];
    assert_eq!(alert.subject.device(), Some(device.as_str()));
    assert!(alert.figures.percent >= Some(99.5), "{alert:?}");
    sim.stop().await;
}

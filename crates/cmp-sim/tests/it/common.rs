//! Helpers: a simulator on a frozen clock at a fixed time, and one-shot JSON calls.

use axum::body::Body;
use axum::http::{Method, Request};
pub use cmp_sim::HEAVY_DEVICE_ID;
use cmp_sim::{SimConfig, SimState};
use serde_json::Value;
use tower::ServiceExt;

/// Paths of the nine operations.
pub const SYNC: &str = "/cmp-api/package/syncPackages";
/// queryOrder.
pub const QUERY: &str = "/cmp-api/package/queryOrder";
/// batchOrderPackages.
pub const BATCH: &str = "/cmp-api/package/batchOrderPackages";
/// openPackage.
pub const OPEN: &str = "/cmp-api/package/openPackage";
/// cancelPackage.
pub const CANCEL: &str = "/cmp-api/package/cancelPackage";
/// aheadFinishDeviceOrder.
pub const FINISH: &str = "/cmp-api/package/aheadFinishDeviceOrder";
/// queryDevice.
pub const DEVICE: &str = "/cmp-api/device/queryDevice";
/// getTrafficPoolInfo.
pub const POOLS: &str = "/cmp-api/package/getTrafficPoolInfo";

/// 2026-11-29 22:24:44 UTC, the fixed start of every test world.
pub const START_MS: i64 = 1_795_991_084_660;

/// A test configuration: seed 7, fixed start, frozen clock.
pub fn config() -> SimConfig {
    SimConfig {
        start_time_ms: Some(START_MS),
        frozen_clock: true,
        ..SimConfig::default()
    }
}

/// A simulator from [`config`].
pub fn sim() -> SimState {
    SimState::new(config()).unwrap()
}

/// Sends one request through the router and returns the HTTP status and JSON body.
pub async fn call(
    state: &SimState,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let req = Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap();
    let resp = cmp_sim::app(state.clone()).oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()));
    (status, value)
}

/// POSTs JSON to the router and returns the envelope.
pub async fn post(state: &SimState, path: &str, body: Value) -> Value {
    let (status, v) = call(state, Method::POST, path, Some(body)).await;
    assert_eq!(status, 200, "{path}: {v}");
    v
}

/// GETs from the router and returns the envelope.
pub async fn get(state: &SimState, path: &str) -> Value {
    let (status, v) = call(state, Method::GET, path, None).await;
    assert_eq!(status, 200, "{path}: {v}");
    v
}

/// The envelope's code.
pub fn code(v: &Value) -> &str {
    v["code"].as_str().unwrap_or("")
}

/// Finds an order in the world listing matching a predicate on its JSON.
pub async fn find_order(state: &SimState, pred: impl Fn(&Value) -> bool) -> Value {
    let world = get(state, "/_sim/world").await;
    world["data"]["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| pred(o))
        .cloned()
        .expect("no such order in the world")
}

/// A device with a given lifecycle stage and OTA flag.
pub async fn find_device(state: &SimState, pred: impl Fn(&Value) -> bool) -> String {
    let world = get(state, "/_sim/world").await;
    let d = world["data"]["devices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| pred(d))
        .cloned()
        .expect("no such device");
    d["device_id"].as_str().unwrap().to_owned()
}

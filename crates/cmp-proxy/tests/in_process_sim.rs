//! Real HTTP, proxy → embedded simulator, with signing on: requests are accepted end to end,
//! a wrong secret is refused upstream and reported as 502 UPSTREAM_REJECTED_SIGNATURE, and
//! the simulator's order-status pushes reach the proxy's webhook.
#![cfg(feature = "embedded-sim")]

mod common;

use axum::http::StatusCode;
use cmp_proxy::access::tokens::TokenStore;
use cmp_proxy::store::Store;
use cmp_proxy::upstream::Upstream;
use cmp_proxy::{AppState, Secret};
use common::*;
use serde_json::{Value, json};
use std::time::Duration;

#[tokio::test]
async fn the_proxy_signs_for_the_embedded_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let local = listener.local_addr().unwrap();
    let prepared = cmp_proxy::prepare(config(dir.path(), &[]), local)
        .await
        .unwrap();
    let tokens = prepared.generated.as_ref().unwrap();
    let (admin, viewer) = (tokens.admin.clone(), tokens.viewer.clone());
    assert_ne!(admin, viewer);
    let sim = prepared.sim.unwrap();
    let (sim_url, sim_code) = (sim.url.clone(), sim.access_code.clone());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cmp_proxy::run(listener, prepared.state, async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let post = |path: &str, token: &str, body: Value| {
        client
            .post(format!("http://{local}{path}"))
            .bearer_auth(token)
            .json(&body)
            .send()
    };

    let r = post(
        "/cmp-api/package/syncPackages",
        &viewer,
        json!({"page_no":1,"page_size":5}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    assert_eq!(
        body["code"], "0000",
        "the simulator accepted the signature: {body}"
    );
    assert!(!body["data"]["package"].as_array().unwrap().is_empty());
    let r = client
        .get(format!("http://{local}/readyz"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    // Open a not-started order; the simulator pushes the change to our webhook.
    let r = post(
        "/cmp-api/package/queryOrder",
        &viewer,
        json!({"order_status":"1","page_no":1,"page_size":1}),
    )
    .await
    .unwrap();
    let orders: Value = r.json().await.unwrap();
    let order = orders["data"]["package_order"][0]["orderCode"]
        .as_str()
        .expect("the simulator has a not-started order")
        .to_owned();
    let r = post(
        "/cmp-api/package/openPackage",
        &admin,
        json!({"order_id": order}),
    )
    .await
    .unwrap();
    let opened: Value = r.json().await.unwrap();
    assert_eq!(opened["code"], "0000", "{opened}");
    let mut found = false;
    // Pushes are delivered in the background: poll the event history (bounded).
    for _ in 0..100 {
        let h = client
            .get(format!("http://{local}/api/events/history"))
            .bearer_auth(&viewer)
            .send()
            .await
            .unwrap();
        let h: Value = h.json().await.unwrap();
        found = h["data"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["orderid"] == order.as_str());
        if found {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        found,
        "the simulator's push for {order} reached the webhook"
    );

    // A proxy holding the wrong secret is refused by the simulator.
    let up = Upstream::new(
        sim_url,
        sim_code,
        Secret::new("not-the-secret"),
        Duration::from_secs(5),
    )
    .unwrap();
    let config = config(dir.path(), &[]);
    let store = Store::open(&dir.path().join("other")).unwrap();
    let wrong = AppState::new(config, up, TokenStore::fixed(token_set()), store, None);
    let (status, body) = post_json(&wrong, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    assert_eq!(
        (status, body["code"].clone()),
        (
            StatusCode::BAD_GATEWAY,
            json!("UPSTREAM_REJECTED_SIGNATURE")
        )
    );

    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    sim.stop().await;
}

#[tokio::test]
async fn the_embedded_simulator_keeps_the_platforms_zone() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let local = listener.local_addr().unwrap();
    let settings = [("CMP_UPSTREAM_TZ", "-0530"), ("CMP_SIM_BASE_PATH", "/gw")];
    let prepared = cmp_proxy::prepare(config(dir.path(), &settings), local)
        .await
        .unwrap();
    let sim = prepared.sim.unwrap();
    // The simulator's admin routes stay at its origin, outside the base path.
    let mut clock_url = sim.url.clone();
    clock_url.set_path("/_sim/clock");
    let clock: Value = reqwest::get(clock_url).await.unwrap().json().await.unwrap();
    let now_ms = clock["data"]["now_ms"].as_i64().unwrap();
    let zone: cmp_api::time::UtcOffset = "-0530".parse().unwrap();
    assert_eq!(clock["data"]["utc_offset"], "UTC-05:30", "{clock}");
    assert_eq!(
        clock["data"]["today"],
        zone.today(now_ms).to_string(),
        "{clock}"
    );
    drop(prepared.state);
    sim.stop().await;
}

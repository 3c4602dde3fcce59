//! The real `cmp-proxy` binary SIGKILLed between an alert firing and its webhook's
//! delivery: after a restart on the same data directory the receiver gets it exactly once,
//! correctly signed. The alert fires from an order-push rule (no upstream needed); the
//! receiver is not listening at first, so the first attempt fails and the delivery waits in
//! the outbox when the process is killed.

mod storm_support;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use cmp_api::proxy_api::alert::{AlertNotice, verify_webhook_signature};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use storm_support::proxy::{ADMIN_TOKEN, ProxyProcess, Storage};
use storm_support::{START_LIMIT, client};

const SECRET: &str = "restart-webhook-secret-0123456789";

type Got = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

async fn receive(State(got): State<Got>, headers: HeaderMap, body: Bytes) -> StatusCode {
    got.lock().unwrap().push((headers, body));
    StatusCode::OK
}

async fn deliveries(http: &reqwest::Client, proxy: &ProxyProcess, alert: u64) -> Value {
    http.get(format!(
        "{}/api/alerts/{alert}/deliveries",
        proxy.base_url()
    ))
    .bearer_auth(ADMIN_TOKEN)
    .send()
    .await
    .unwrap()
    .json::<Value>()
    .await
    .unwrap()["data"]["deliveries"][0]
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proxy_killed_between_fire_and_delivery_delivers_once_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let receiver_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut proxy = ProxyProcess::start_with_settings(
        dir.path(),
        Storage::DataDir,
        &[("CMP_ALERT_WEBHOOK_SECRET", SECRET)],
    );
    let http = client();
    proxy.wait_healthy(&http, START_LIMIT).await;
    let rule = json!({"name": "Cancelled", "condition": {"kind": "order_push", "operations": ["1002"]},
                      "delivery": {"webhooks": [{"url": format!("http://127.0.0.1:{receiver_port}/hook")}]}});
    let r = http
        .post(format!("{}/api/alerts/rules", proxy.base_url()))
        .bearer_auth(ADMIN_TOKEN)
        .json(&rule)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let push = json!({"assetid": "89852000000000000001", "imsi": "204046990912345", "operation": "1002",
                      "orderid": "ORD-K", "time": "2024-03-01 10:00:00"});
    let r = http
        .post(proxy.hook_url())
        .json(&push)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    // Fired, and its first attempt failed (nobody listens yet): kill it now.
    let started = Instant::now();
    let alert = loop {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no failed attempt:\n{}",
            proxy.log()
        );
        let list: Value = http
            .get(format!("{}/api/alerts", proxy.base_url()))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if let Some(id) = list["data"]["alerts"][0]["id"].as_u64()
            && deliveries(&http, &proxy, id).await["attempts"].as_u64() >= Some(1)
        {
            break id;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    proxy.kill();

    let got: Got = Arc::default();
    let router = Router::new()
        .route("/hook", post(receive))
        .with_state(got.clone());
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", receiver_port))
        .await
        .unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    proxy.start_again();
    proxy.wait_healthy(&http, START_LIMIT).await;

    let started = Instant::now();
    while got.lock().unwrap().is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "not delivered after the restart:\n{}",
            proxy.log()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Time for any second delivery that should not come (the worker polls every second).
    tokio::time::sleep(Duration::from_secs(4)).await;
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "delivered once");
    let (headers, body) = &got[0];
    let ts = headers["x-cmp-timestamp"].to_str().unwrap();
    let sig = headers["x-cmp-signature"].to_str().unwrap();
    assert!(verify_webhook_signature(SECRET.as_bytes(), ts, body, sig));
    let notice: AlertNotice = serde_json::from_slice(body).unwrap();
    assert_eq!(notice.alert.id, alert);
    let delivery = deliveries(&http, &proxy, alert).await;
    assert_eq!(delivery["state"], "delivered", "{delivery}");
    let log = delivery["log"].as_array().unwrap();
    assert_eq!(log.last().unwrap()["outcome"], "delivered");
    assert!(
        log[..log.len() - 1]
            .iter()
            .all(|l| l["outcome"] == "failed"),
        "{delivery}"
    );
}

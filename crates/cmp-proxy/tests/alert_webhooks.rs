//! Outbound alert webhooks from a proxy serving on loopback (so its webhook worker runs):
//! signed deliveries, retries until a 2xx and never again after it, the Slack text shape,
//! the delivery log, and the allow-list on save and before each send.

mod common;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use cmp_api::proxy_api::alert::{AlertNotice, SlackText, verify_webhook_signature};
use cmp_proxy::AppState;
use common::*;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A webhook receiver that answers 500 to its first `failures` requests, then 200.
#[derive(Clone, Default)]
struct Receiver {
    failures: Arc<AtomicU32>,
    got: Arc<Mutex<Vec<(StatusCode, HeaderMap, Bytes)>>>,
}

impl Receiver {
    async fn start(failures: u32) -> (Receiver, SocketAddr) {
        let r = Receiver::default();
        r.failures.store(failures, Ordering::SeqCst);
        let router = Router::new()
            .route("/hook", post(receive))
            .with_state(r.clone());
        (r, spawn(router).await)
    }

    fn got(&self) -> Vec<(StatusCode, HeaderMap, Bytes)> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests came, then a little more for any that should not.
    async fn wait_for(&self, n: usize, settle: Duration) -> Vec<(StatusCode, HeaderMap, Bytes)> {
        for _ in 0..600 {
            if self.got().len() >= n {
                tokio::time::sleep(settle).await;
                return self.got();
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{n} requests did not come: {:?}", self.got().len());
    }
}

async fn receive(State(r): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let failing = r
        .failures
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let status = if failing {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        StatusCode::OK
    };
    r.got.lock().unwrap().push((status, headers, body));
    status
}

/// A proxy (fake upstream) served on loopback with `extra` settings; its state and address.
async fn serve(dir: &std::path::Path, extra: &[(&str, &str)]) -> (AppState, SocketAddr) {
    let (state, _) = fake_state_with(dir, extra).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(cmp_proxy::run(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    (state, addr)
}

async fn add_rule(state: &AppState, webhooks: Value) -> (StatusCode, Value) {
    let rule = json!({"name": "Cancelled", "condition": {"kind": "order_push", "operations": ["1002"]},
                      "delivery": {"webhooks": webhooks}});
    post_json(state, "/api/alerts/rules", ADMIN, rule).await
}

async fn cancel(addr: SocketAddr, order: &str) {
    let push = json!({"assetid": D1, "imsi": "204046990912345", "operation": "1002", "orderid": order, "time": "2024-03-01 10:00:00"});
    let r = reqwest::Client::new()
        .post(format!("http://{addr}/hooks/order-status/{HOOK}"))
        .json(&push)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

fn signed_correctly(headers: &HeaderMap, body: &[u8]) -> bool {
    let ts = headers["x-cmp-timestamp"].to_str().unwrap();
    let sig = headers["x-cmp-signature"].to_str().unwrap();
    verify_webhook_signature(WEBHOOK_SECRET.as_bytes(), ts, body, sig)
}

async fn the_alert(state: &AppState) -> Value {
    for _ in 0..200 {
        let (_, body) = send_json(state, request("GET", "/api/alerts", Some(ADMIN), None)).await;
        if let Some(a) = body["data"]["alerts"].get(0) {
            return a.clone();
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no alert fired");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_fails_three_times_gets_the_alert_once_correctly_signed() {
    let dir = tempfile::tempdir().unwrap();
    let (state, addr) = serve(dir.path(), &[]).await;
    let (json_hook, json_at) = Receiver::start(3).await;
    let (slack_hook, slack_at) = Receiver::start(0).await;
    let (status, body) = add_rule(
        &state,
        json!([{"url": format!("http://127.0.0.1:{}/hook", json_at.port())},
               {"url": format!("http://localhost:{}/hook", slack_at.port()), "format": "slack"}]),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    cancel(addr, "ORD-7").await;
    let alert = the_alert(&state).await;

    // 500, 500, 500 (1 s, 2 s and 4 s apart), then 200, and nothing after it.
    let got = json_hook.wait_for(4, Duration::from_secs(3)).await;
    let statuses: Vec<u16> = got.iter().map(|(s, _, _)| s.as_u16()).collect();
    assert_eq!(statuses, [500, 500, 500, 200]);
    for (_, headers, body) in &got {
        assert!(signed_correctly(headers, body), "every attempt is signed");
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(
            headers["x-cmp-delivery"], got[0].1["x-cmp-delivery"],
            "one delivery id"
        );
        assert_eq!(body, &got[0].2, "the same body every time");
    }
    let notice: AlertNotice = serde_json::from_slice(&got[3].2).unwrap();
    assert_eq!(notice.event, "alert.fired");
    assert_eq!(notice.alert.id, alert["id"].as_u64().unwrap());
    assert_eq!(notice.alert.sentence, alert["sentence"].as_str().unwrap());
    // A tampered body or another secret does not verify.
    let (_, headers, body) = &got[3];
    let mut tampered = body.to_vec();
    tampered.push(b' ');
    assert!(!signed_correctly(headers, &tampered));

    let slack = slack_hook.wait_for(1, Duration::ZERO).await;
    assert_eq!(slack.len(), 1);
    let text: SlackText = serde_json::from_slice(&slack[0].2).unwrap();
    assert!(
        text.text
            .starts_with("Alert “Cancelled”: Order ORD-7 was cancelled"),
        "{}",
        text.text
    );
    assert!(signed_correctly(&slack[0].1, &slack[0].2));

    // The log: four attempts to the first, one to the second.
    let path = format!("/api/alerts/{}/deliveries", alert["id"]);
    let (_, body) = send_json(&state, request("GET", &path, Some(ADMIN), None)).await;
    let deliveries = body["data"]["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2, "{body}");
    assert_eq!(deliveries[0]["state"], "delivered");
    assert_eq!(deliveries[0]["attempts"], 4);
    let log: Vec<(&str, Option<u64>)> = deliveries[0]["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["outcome"].as_str().unwrap(), l["status"].as_u64()))
        .collect();
    assert_eq!(
        log,
        [
            ("failed", Some(500)),
            ("failed", Some(500)),
            ("failed", Some(500)),
            ("delivered", Some(200))
        ]
    );
    assert!(deliveries[0]["log"][0]["next_try_at"].is_string());
    assert_eq!(deliveries[1]["format"], "slack");
    assert_eq!(deliveries[1]["log"].as_array().unwrap().len(), 1);
    // A viewer sees the log with the URLs cut to their host.
    let (_, body) = send_json(&state, request("GET", &path, Some(VIEWER), None)).await;
    assert_eq!(body["data"]["deliveries"][0]["url"], "http://127.0.0.1/…");
    let (_, _, metrics) = send(&state, request("GET", "/metrics", Some(ADMIN), None)).await;
    let metrics = String::from_utf8(metrics).unwrap();
    assert!(
        metrics.contains("cmp_proxy_alert_webhook_attempts_total{outcome=\"failed\"} 3"),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_allow_list_is_checked_when_a_rule_is_saved_and_before_each_send() {
    let dir = tempfile::tempdir().unwrap();
    // Saving: only localhost unless the operator lists more.
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = add_rule(&state, json!([{"url": "https://hooks.example.com/x"}])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"]["field"], "delivery.webhooks[0].url");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("CMP_ALERT_WEBHOOK_ALLOW"),
        "{body}"
    );
    let (status, body) = add_rule(&state, json!([{"url": "https://169.254.169.254/latest"}])).await;
    assert_eq!(
        (status, body["data"]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("delivery.webhooks[0].url"))
    );
    drop(state);

    // Listed: saved. Then the operator takes it off the list: nothing is sent to it.
    let listed = dir.path().join("listed");
    std::fs::create_dir_all(&listed).unwrap();
    let (state, _) = fake_state_with(
        &listed,
        &[("CMP_ALERT_WEBHOOK_ALLOW", "hooks.example.com, 127.0.0.2")],
    )
    .await;
    let (status, body) = add_rule(&state, json!([{"url": "https://127.0.0.2:9/hook"}])).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    drop(state);
    let (state, addr) = serve(&listed, &[]).await;
    cancel(addr, "ORD-8").await;
    let alert = the_alert(&state).await;
    let path = format!("/api/alerts/{}/deliveries", alert["id"]);
    let mut log = Value::Null;
    for _ in 0..200 {
        let (_, body) = send_json(&state, request("GET", &path, Some(ADMIN), None)).await;
        log = body["data"]["deliveries"][0]["log"][0].clone();
        if !log.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(log["outcome"], "refused", "{log}");
    assert!(log["status"].is_null());
    let detail = log["detail"].as_str().unwrap();
    assert!(
        detail.contains("127.0.0.2") && detail.contains("CMP_ALERT_WEBHOOK_ALLOW"),
        "{detail}"
    );

    // Without a secret to sign them, no rule with webhooks is saved.
    let unsigned = dir.path().join("unsigned");
    std::fs::create_dir_all(&unsigned).unwrap();
    let mut config = config(&unsigned, &[]);
    config.alert_webhook_secret = None;
    let up = spawn(fake_upstream(Seen::default())).await;
    let state = state_from(config, up, SECRET, 5_000);
    let (status, body) = add_rule(&state, json!([{"url": "http://localhost:9/hook"}])).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"]["field"], "delivery.webhooks");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("CMP_ALERT_WEBHOOK_SECRET")
    );
}

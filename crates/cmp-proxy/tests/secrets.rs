//! The upstream secret, the webhook's path secret and tokens appear in no response body and
//! no log line at info level (logs captured from a whole session of requests).

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_stay_out_of_logs_and_answers() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    tracing::subscriber::set_global_default(subscriber).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let seen = Seen::default();
    let addr = spawn(fake_upstream(seen)).await;
    let up = format!("http://{addr}");
    let env = [
        ("CMP_UPSTREAM_URL", up.as_str()),
        ("CMP_ACCESS_CODE", ACCESS),
        ("CMP_SECRET", SECRET),
    ];
    let config = config(dir.path(), &env);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let local = listener.local_addr().unwrap();
    tracing::info!(?config, "configuration");
    let prepared = cmp_proxy::prepare(config, local).await.unwrap();
    let state = prepared.state.clone();
    let admin = prepared.generated.as_ref().unwrap().admin.clone();
    tokio::spawn(cmp_proxy::run(
        listener,
        prepared.state,
        std::future::pending(),
    ));

    let client = reqwest::Client::new();
    let mut bodies = Vec::new();
    let calls = [
        ("/cmp-api/package/syncPackages", json!({"page_no":1})),
        ("/cmp-api/package/openPackage", json!({"order_id":"ORD-1"})),
        ("/cmp-api/package/nope", json!({})),
    ];
    for (path, body) in calls {
        let r = client
            .post(format!("http://{local}{path}"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
            .await
            .unwrap();
        bodies.push(r.text().await.unwrap());
    }
    let hook = client
        .post(format!("http://{local}/hooks/order-status/{HOOK}"))
        .json(&json!({"assetid":D1,"imsi":"1","operation":"1005","orderid":"ORD-1","time":"2024-05-01 10:00:00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), StatusCode::OK);
    let history = client
        .get(format!("http://{local}/api/events/history?token={admin}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    bodies.push(history.text().await.unwrap());

    // The same through a wrongly configured secret: refused upstream, still nothing leaks.
    let wrong = state_with(dir.path(), addr, "wrong-secret-xyz", 5_000);
    let (status, body) = post_json(&wrong, "/cmp-api/package/syncPackages", ADMIN, json!({})).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    bodies.push(body.to_string());
    drop(state);

    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("request finished"),
        "logs were captured: {logs}"
    );
    assert!(logs.contains("id=r"), "log lines carry request ids");
    for secret in [SECRET, "wrong-secret-xyz", HOOK, admin.as_str()] {
        assert!(!logs.contains(secret), "a secret was logged");
        for b in &bodies {
            assert!(!b.contains(secret), "a secret was in an answer: {b}");
        }
    }
}

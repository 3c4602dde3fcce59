//! Fault injection: each kind, counted rules running out, and run-time changes.

use crate::common::{self, code};
use axum::http::Method;
use cmp_sim::{SimConfig, SimState};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const SYNC: &str = "/cmp-api/package/syncPackages";

async fn raw(sim: &SimState) -> (u16, Option<String>, String) {
    use tower::ServiceExt;
    let req = axum::http::Request::post(SYNC)
        .body(axum::body::Body::from("{}"))
        .unwrap();
    let resp = cmp_sim::app(sim.clone()).oneshot(req).await.unwrap();
    let retry = resp
        .headers()
        .get("retry-after")
        .map(|h| h.to_str().unwrap().to_owned());
    let status = resp.status().as_u16();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, retry, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn flags_configure_faults_at_start() {
    let config = SimConfig {
        faults: vec!["syncPackages:http429:7@1".parse().unwrap()],
        ..common::config()
    };
    let sim = SimState::new(config).unwrap();
    let (status, retry, _) = raw(&sim).await;
    assert_eq!((status, retry.as_deref()), (429, Some("7")));
    let (status, _, _) = raw(&sim).await;
    assert_eq!(status, 200, "the rule was for one request");
}

#[tokio::test]
async fn runtime_faults_of_each_kind() {
    let sim = common::sim();
    let set = |rule: Value| {
        let sim = sim.clone();
        async move { common::post(&sim, "/_sim/faults", rule).await }
    };
    set(json!({"route": "syncPackages", "kind": "http500", "count": 1})).await;
    assert_eq!(raw(&sim).await.0, 500);
    assert_eq!(raw(&sim).await.0, 200);

    set(json!({"route": "*", "kind": "malformed", "count": 1})).await;
    let (status, _, body) = raw(&sim).await;
    assert_eq!(status, 200);
    assert!(serde_json::from_str::<Value>(&body).is_err(), "{body}");

    set(json!({"route": "syncPackages", "kind": "error_rate", "rate": 1.0, "count": 2})).await;
    for _ in 0..2 {
        assert_eq!(code(&common::post(&sim, SYNC, json!({})).await), "9001");
    }
    assert_eq!(code(&common::post(&sim, SYNC, json!({})).await), "0000");

    // A rule for another route leaves this one alone; latency still answers.
    set(json!({"route": "queryOrder", "kind": "http500"})).await;
    set(json!({"route": "syncPackages", "kind": "latency", "ms": 5, "count": 1})).await;
    assert_eq!(raw(&sim).await.0, 200);
    let listed = common::get(&sim, "/_sim/faults").await;
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    let (status, _) = common::call(
        &sim,
        Method::POST,
        "/cmp-api/package/queryOrder",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 500);
    let (status, _) = common::call(&sim, Method::DELETE, "/_sim/faults", None).await;
    assert_eq!(status, 200);
    let (status, _) = common::call(
        &sim,
        Method::POST,
        "/cmp-api/package/queryOrder",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, 200);
    let bad = common::post(&sim, "/_sim/faults", json!({"kind": "explode"})).await;
    assert_eq!(code(&bad), "1002");
}

#[tokio::test]
async fn dropped_connections_give_no_answer() {
    let config = SimConfig {
        faults: vec!["syncPackages:drop@1".parse().unwrap()],
        ..common::config()
    };
    let sim = SimState::new(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cmp_sim::run(listener, sim, async move {
        let _ = stop_rx.await;
    }));
    let request = format!(
        "POST {SYNC} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
    );
    let exchange = || async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        let _ = stream.read_to_end(&mut buf).await;
        String::from_utf8_lossy(&buf).into_owned()
    };
    let dropped = exchange().await;
    assert!(!dropped.contains("\"code\""), "{dropped}");
    let normal = exchange().await;
    assert!(
        normal.starts_with("HTTP/1.1 200") && normal.contains("\"code\":\"0000\""),
        "{normal}"
    );
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
}

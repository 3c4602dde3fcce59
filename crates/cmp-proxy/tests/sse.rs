//! Live events over SSE, read by a raw HTTP client over loopback: replay after
//! `Last-Event-ID`, then live with no gap and no duplicate; scoped tokens; shutdown.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn push(device: &str, order: &str, op: &str, time: &str) -> Value {
    json!({"assetid":device,"imsi":"204046990912345","operation":op,"orderid":order,"time":time})
}

fn hook_uri() -> String {
    format!("/hooks/order-status/{HOOK}")
}

/// Reads from `stream` until `done` holds for the text so far (guarded so a bug fails, not hangs).
async fn read_until(
    stream: &mut tokio::net::TcpStream,
    text: &mut String,
    done: impl Fn(&str) -> bool,
) {
    let mut buf = [0u8; 4096];
    while !done(text) {
        let n = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut buf))
            .await
            .expect("the stream stalled")
            .unwrap();
        assert!(n > 0, "the stream closed early: {text}");
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[tokio::test]
async fn sse_replays_what_was_missed_then_goes_live_without_gap_or_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cmp_proxy::run(listener, state, async move {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let hook = format!("http://{addr}{}", hook_uri());
    for (i, d) in [D1, D2, D1].iter().enumerate() {
        let r = client
            .post(&hook)
            .json(&push(
                d,
                &format!("ORD-{i}"),
                "1005",
                &format!("2024-05-01 10:00:0{i}"),
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }

    let mut all = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "GET /api/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {ADMIN}\r\nLast-Event-ID: 1\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip, br\r\n\r\n"
    );
    all.write_all(req.as_bytes()).await.unwrap();
    let mut scoped = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!("GET /api/events?token={SCOPED}&since=0 HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    scoped.write_all(req.as_bytes()).await.unwrap();

    let mut text = String::new();
    read_until(&mut all, &mut text, |t| t.contains("id: 3")).await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("text/event-stream"));
    let mut scoped_text = String::new();
    read_until(&mut scoped, &mut scoped_text, |t| t.contains("id: 3")).await;

    let r = client
        .post(&hook)
        .json(&push(D2, "ORD-9", "1001", "2024-05-02 10:00:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = client
        .post(&hook)
        .json(&push(D1, "ORD-8", "1001", "2024-05-02 10:00:00"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    read_until(&mut all, &mut text, |t| t.contains("id: 5")).await;
    read_until(&mut scoped, &mut scoped_text, |t| t.contains("id: 5")).await;

    for id in 2..=5 {
        assert_eq!(
            text.matches(&format!("id: {id}\n")).count(),
            1,
            "event {id} exactly once: {text}"
        );
    }
    assert!(!text.contains("id: 1\n"), "event 1 was seen already");
    assert!(text.contains("\"orderid\":\"ORD-9\""));
    assert!(
        scoped_text.contains("id: 1\n")
            && scoped_text.contains("id: 3\n")
            && scoped_text.contains("id: 5\n")
    );
    assert!(
        !scoped_text.contains(D2),
        "a scoped token sees only its devices' events: {scoped_text}"
    );

    stop.send(()).unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(20), server).await;
    assert!(ended.is_ok(), "shutdown must end open event streams");
}

#[tokio::test]
async fn sse_needs_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = send_json(&state, request("GET", "/api/events", None, None)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("AUTH_REQUIRED"))
    );
    let (status, _) = send_json(&state, request("GET", "/api/events?token=nope", None, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

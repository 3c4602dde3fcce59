//! Slow clients cannot hold a connection: over raw TCP, a client that trickles its headers
//! byte by byte, one that never sends anything, and one that never finishes its body are
//! cut off after the configured timeouts, while the server keeps answering others.

mod common;

use common::*;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Longest the tests wait for the server to act; far above the 300 ms timeouts set here,
/// so it only catches a connection the server never closes.
const HANG: Duration = Duration::from_secs(20);

async fn serve(dir: &std::path::Path) -> SocketAddr {
    let seen = Seen::default();
    let upstream = spawn(fake_upstream(seen)).await;
    let state = state_with_settings(
        dir,
        upstream,
        SECRET,
        5_000,
        &[
            ("CMP_HEADER_TIMEOUT_MS", "300"),
            ("CMP_BODY_TIMEOUT_MS", "300"),
        ],
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(cmp_proxy::run(listener, state, std::future::pending()));
    addr
}

/// Everything the server sends until it closes the connection.
async fn read_until_closed(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(HANG, stream.read(&mut buf)).await {
            Err(_) => panic!(
                "the server kept the connection open; it sent: {:?}",
                String::from_utf8_lossy(&out)
            ),
            Ok(Ok(0)) | Ok(Err(_)) => return String::from_utf8_lossy(&out).into_owned(),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

async fn healthz_answers(addr: SocketAddr) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn headers_sent_byte_by_byte_are_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let addr = serve(dir.path()).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut read, mut write) = stream.into_split();
    // 200 header bytes at one every 50 ms would take 10 s.
    let header = format!(
        "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(170)
    );
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let trickle = tokio::spawn(async move {
        for b in header.bytes() {
            if write.write_all(&[b]).await.is_err() {
                return;
            }
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    let mut buf = [0u8; 1024];
    let got = tokio::time::timeout(HANG, read.read(&mut buf))
        .await
        .expect("closed, not held");
    let n = got.unwrap_or(0);
    let answer = String::from_utf8_lossy(&buf[..n]).into_owned();
    assert!(
        !answer.contains("200 OK"),
        "the trickled request was not served: {answer}"
    );
    let total = format!(
        "GET /healthz HTTP/1.1\r\nHost: t\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(170)
    )
    .len();
    assert!(
        sent.load(Ordering::SeqCst) < total,
        "cut off before the headers were complete"
    );
    trickle.abort();
    healthz_answers(addr).await;
}

#[tokio::test]
async fn a_connection_that_never_sends_is_closed() {
    let dir = tempfile::tempdir().unwrap();
    let addr = serve(dir.path()).await;
    let mut silent = TcpStream::connect(addr).await.unwrap();
    let answer = read_until_closed(&mut silent).await;
    assert!(!answer.contains("200"), "{answer}");
    healthz_answers(addr).await;
}

#[tokio::test]
async fn a_body_that_never_finishes_gets_a_408_in_words() {
    let dir = tempfile::tempdir().unwrap();
    let addr = serve(dir.path()).await;
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /cmp-api/package/queryOrder HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {ADMIN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"page_no\":"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let answer = read_until_closed(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"REQUEST_TIMEOUT\""), "{answer}");
    assert!(answer.contains("did not arrive within"), "{answer}");
    healthz_answers(addr).await;
}

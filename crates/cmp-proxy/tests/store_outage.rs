//! A proxy on PostgreSQL (`CMP_DATABASE_URL`) whose database goes away and comes back:
//! `/readyz` and the webhook answer 503 naming the database (never its password), reads that
//! do not need the database keep working, and once it is back nothing acknowledged is lost
//! or doubled. Also: a proxy whose database cannot be reached does not start.

mod common;

use axum::http::StatusCode;
use common::postgres::{PgServer, database_on};
use common::*;
use serde_json::{Value, json};
use std::sync::Arc;

fn push(order: &str) -> Value {
    json!({"assetid":D1,"imsi":"204046990912345","operation":"1005","orderid":order,"time":"2024-05-01 10:00:00"})
}

async fn deliver(state: &cmp_proxy::AppState, order: &str) -> (StatusCode, Value) {
    let uri = format!("/hooks/order-status/{HOOK}");
    send_json(state, request("POST", &uri, None, Some(push(order)))).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_down_readiness_and_the_webhook_say_503_and_reads_go_on() {
    let server = Arc::new(PgServer::start());
    let db = database_on(&server).await;
    let dir = tempfile::tempdir().unwrap();
    let upstream = spawn(fake_upstream(Seen::default())).await;
    let url = format!("http://{upstream}");
    let config = config(
        dir.path(),
        &[
            ("CMP_DATABASE_URL", db.url().as_str()),
            ("CMP_UPSTREAM_URL", url.as_str()),
            ("CMP_ACCESS_CODE", ACCESS),
            ("CMP_SECRET", SECRET),
        ],
    );
    let prepared = cmp_proxy::prepare(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let state = prepared.state;
    let admin = prepared.generated.as_ref().unwrap().admin.clone();
    assert!(
        state
            .store
            .describe()
            .starts_with("PostgreSQL database postgres@127.0.0.1:")
    );
    assert!(
        !dir.path().join("data").exists(),
        "no SQLite file when the store is PostgreSQL"
    );

    let (status, _) = send_json(&state, request("GET", "/readyz", None, None)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(deliver(&state, "ORD-1").await.0, StatusCode::OK);

    server.stop();
    let (status, body) = send_json(&state, request("GET", "/readyz", None, None)).await;
    let message = body["message"].as_str().unwrap_or_default();
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::SERVICE_UNAVAILABLE, json!("STORE_UNAVAILABLE")),
        "{body}"
    );
    let name = format!("postgres@127.0.0.1:{}/", server.port());
    assert!(
        message.contains(&name) && message.contains("unreachable"),
        "{message}"
    );
    assert!(!body.to_string().contains("never-shown-pw"), "{body}");

    let uri = format!("/hooks/order-status/{HOOK}");
    let (status, headers, body) =
        send(&state, request("POST", &uri, None, Some(push("ORD-2")))).await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "the platform must retry, not give up"
    );
    assert!(headers.contains_key("retry-after"));
    let body = String::from_utf8_lossy(&body);
    assert!(
        body.contains("STORE_UNAVAILABLE") && !body.contains("never-shown-pw"),
        "{body}"
    );
    let (status, _) = send_json(
        &state,
        request("GET", "/api/events/history", Some(&admin), None),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // The platform's data does not live in the database: reading it goes on.
    let (status, body) = post_json(
        &state,
        "/cmp-api/device/queryDevice",
        &admin,
        json!({"device_id": D1}),
    )
    .await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::OK, json!("0000")),
        "{body}"
    );
    let (status, _) = send_json(&state, request("GET", "/api/session", Some(&admin), None)).await;
    assert_eq!(status, StatusCode::OK);

    server.start_again();
    // The platform sends both again: the one refused is stored, the one acknowledged is not doubled.
    assert_eq!(deliver(&state, "ORD-2").await.0, StatusCode::OK);
    assert_eq!(deliver(&state, "ORD-1").await.0, StatusCode::OK);
    let (_, body) = send_json(
        &state,
        request("GET", "/api/events/history", Some(&admin), None),
    )
    .await;
    assert_eq!(body["data"]["page"]["total_count"], 2, "{body}");
    let (status, _) = send_json(&state, request("GET", "/readyz", None, None)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn a_proxy_whose_database_cannot_be_reached_does_not_start() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens on a port just released.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://cmp:never-shown-pw@127.0.0.1:{port}/cmp");
    let config = config(dir.path(), &[("CMP_DATABASE_URL", url.as_str())]);
    let e = match cmp_proxy::prepare(config, "127.0.0.1:0".parse().unwrap()).await {
        Ok(_) => panic!("started without its database"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.starts_with("CMP_DATABASE_URL: the database cmp@127.0.0.1:"),
        "{e}"
    );
    assert!(
        e.contains("unreachable") && !e.contains("never-shown-pw"),
        "{e}"
    );
}

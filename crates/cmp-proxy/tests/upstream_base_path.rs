//! `CMP_UPSTREAM_URL` is a base: a platform reached under a path (`https://host/gw`, with
//! or without the trailing slash) gets every operation at `/gw/cmp-api/...`, the CDR GET
//! included. A proxy whose URL lacks the path meets the gateway's 404 and answers 502 in
//! its own words. Against a fake platform and against the embedded simulator served under
//! `CMP_SIM_BASE_PATH`.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

/// A signature-checking fake platform mounted under `/gw` only.
async fn fake_under_gw() -> (std::net::SocketAddr, Seen) {
    let seen = Seen::default();
    let addr = spawn(Router::new().nest("/gw", fake_upstream(seen.clone()))).await;
    (addr, seen)
}

fn cdr_uri() -> String {
    format!(
        "/cmp-api/sims/{D1}/cdr?{dates}&page_no=1&page_size=10",
        dates = recent_dates()
    )
}

/// One call of each kind: a catalogue query, a device query, the CDR GET and a mutation.
async fn every_kind_of_call(state: &cmp_proxy::AppState) -> Vec<(StatusCode, Value)> {
    vec![
        post_json(
            state,
            "/cmp-api/package/syncPackages",
            VIEWER,
            json!({"page_no":1,"page_size":1}),
        )
        .await,
        post_json(
            state,
            "/cmp-api/device/queryDevice",
            VIEWER,
            json!({"device_id": D1}),
        )
        .await,
        send_json(state, request("GET", &cdr_uri(), Some(VIEWER), None)).await,
        post_json(
            state,
            "/cmp-api/package/cancelPackage",
            ADMIN,
            json!({"order_id":"ORD-1"}),
        )
        .await,
    ]
}

#[tokio::test]
async fn every_operation_goes_under_the_base_path_with_or_without_a_slash() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = fake_under_gw().await;
    for base in [format!("http://{addr}/gw"), format!("http://{addr}/gw/")] {
        seen.0.lock().unwrap().clear();
        let state = state_for_url(config(dir.path(), &[]), &base, SECRET, 5_000);
        for (status, body) in every_kind_of_call(&state).await {
            assert_eq!(
                (status, body["code"].as_str()),
                (StatusCode::OK, Some("0000")),
                "{base}: {body}"
            );
        }
        // Seen by the routes mounted under /gw, signed (the fake checks every signature).
        assert_eq!(
            seen.paths(),
            [
                "/cmp-api/package/syncPackages".to_owned(),
                "/cmp-api/device/queryDevice".to_owned(),
                format!("/cmp-api/sims/{D1}/cdr"),
                "/cmp-api/package/cancelPackage".to_owned(),
            ],
            "{base}"
        );
    }
}

#[tokio::test]
async fn without_the_base_path_the_gateways_404_is_a_502_in_the_proxys_words() {
    let dir = tempfile::tempdir().unwrap();
    let (addr, seen) = fake_under_gw().await;
    let state = state_for_url(
        config(dir.path(), &[]),
        &format!("http://{addr}"),
        SECRET,
        5_000,
    );
    for (status, body) in every_kind_of_call(&state).await {
        assert_eq!(
            (status, body["code"].as_str(), body["success"].as_bool()),
            (
                StatusCode::BAD_GATEWAY,
                Some("UPSTREAM_BAD_RESPONSE"),
                Some(false)
            ),
            "{body}"
        );
        let message = body["message"].as_str().unwrap();
        assert!(
            message.contains("HTTP 404") && message.contains("CMP_UPSTREAM_URL"),
            "{message}"
        );
    }
    assert!(seen.paths().is_empty());
}

#[tokio::test]
async fn the_embedded_simulator_under_a_base_path_works_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let cfg = config(
        dir.path(),
        &[("CMP_SIM_BASE_PATH", "/gw/"), ("CMP_CACHE_TTL_MS", "0")],
    );
    let prepared = cmp_proxy::prepare(cfg, addr).await.unwrap();
    let sim = prepared.sim.as_ref().unwrap();
    assert_eq!(
        sim.url.path(),
        "/gw",
        "the proxy's upstream URL carries the path"
    );
    let admin = prepared.generated.as_ref().unwrap().admin.clone();
    let state = prepared.state.clone();
    let device = cmp_sim::HEAVY_DEVICE_ID;
    let (status, body) = post_json(
        &state,
        "/cmp-api/device/queryDevice",
        &admin,
        json!({"device_id": device}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::OK, Some("0000")),
        "{body}"
    );
    let now = cmp_api::CmpTime::from_unix_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64,
    );
    let (from, to) = (now.add_days(-1).iso_date(), now.iso_date());
    let cdr = format!(
        "/cmp-api/sims/{device}/cdr?received_start_time={from}&received_end_by={to}&page_no=1&page_size=5"
    );
    let (status, body) = send_json(&state, request("GET", &cdr, Some(&admin), None)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::OK, Some("0000")),
        "{body}"
    );

    // The same simulator reached without the path: it answers 404 (before any signature
    // check), which becomes the proxy's 502.
    let mut root = sim.url.clone();
    root.set_path("");
    let other_dir = tempfile::tempdir().unwrap();
    let wrong = state_for_url(
        config(other_dir.path(), &[]),
        root.as_str(),
        sim.secret.expose(),
        5_000,
    );
    let (status, body) = post_json(
        &wrong,
        "/cmp-api/device/queryDevice",
        ADMIN,
        json!({"device_id": device}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (StatusCode::BAD_GATEWAY, Some("UPSTREAM_BAD_RESPONSE")),
        "{body}"
    );
    assert!(
        body["message"].as_str().unwrap().contains("HTTP 404"),
        "{body}"
    );
}

//! Signature checks: accepted when right; refused when missing, wrong, from another access
//! code, or stale; unsigned requests accepted when signing is off.

use crate::common::{self, code};
use axum::http::Method;
use cmp_api::sign;
use cmp_sim::{HEAVY_DEVICE_ID, SimConfig, SimState};
use serde_json::{Map, Value, json};

fn signed_sim() -> SimState {
    SimState::new(SimConfig {
        access_code: Some("AC".into()),
        secret: Some("SEC".into()),
        ..common::config()
    })
    .unwrap()
}

fn signed(body: Value, secret: &str, ts: i64) -> Value {
    let mut map: Map<String, Value> = body.as_object().unwrap().clone();
    sign::sign_body(&mut map, "AC", secret, ts);
    Value::Object(map)
}

fn wall() -> i64 {
    cmp_sim::state::wall_ms()
}

#[tokio::test]
async fn post_signatures() {
    let sim = signed_sim();
    let path = "/cmp-api/device/queryDevice";
    let body = json!({"device_id": HEAVY_DEVICE_ID});
    assert_eq!(
        code(&common::post(&sim, path, signed(body.clone(), "SEC", wall())).await),
        "0000"
    );
    assert_eq!(code(&common::post(&sim, path, body.clone()).await), "1001");
    assert_eq!(
        code(&common::post(&sim, path, signed(body.clone(), "WRONG", wall())).await),
        "1001"
    );
    let stale = common::post(
        &sim,
        path,
        signed(body.clone(), "SEC", wall() - 11 * 60 * 1000),
    )
    .await;
    assert_eq!(code(&stale), "1001");
    assert!(stale["message"].as_str().unwrap().contains("ten minutes"));
    let mut tampered = signed(body.clone(), "SEC", wall());
    tampered["device_id"] = json!("89852202310161621656");
    assert_eq!(code(&common::post(&sim, path, tampered).await), "1001");
    let mut other = signed(body, "SEC", wall());
    other["access_code"] = json!("XX");
    assert_eq!(code(&common::post(&sim, path, other).await), "1001");
}

#[tokio::test]
async fn get_signatures() {
    let sim = signed_sim();
    let query: Vec<(String, String)> = [
        ("received_start_time", "2026-11-20"),
        ("received_end_by", "2026-11-21"),
        ("page_no", "1"),
        ("page_size", "10"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let make = |secret: &str| {
        let added = sign::sign_query(&query, Some(HEAVY_DEVICE_ID), "AC", secret, wall());
        let all: Vec<String> = query
            .iter()
            .chain(added.iter())
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.replace('+', "%2B")
                        .replace('/', "%2F")
                        .replace('=', "%3D")
                )
            })
            .collect();
        format!("/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?{}", all.join("&"))
    };
    assert_eq!(code(&common::get(&sim, &make("SEC")).await), "0000");
    assert_eq!(code(&common::get(&sim, &make("BAD")).await), "1001");
    let unsigned = format!(
        "/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time=2026-11-20&received_end_by=2026-11-21"
    );
    assert_eq!(code(&common::get(&sim, &unsigned).await), "1001");
}

#[tokio::test]
async fn unsigned_is_fine_without_credentials() {
    let sim = common::sim();
    let (status, v) = common::call(
        &sim,
        Method::POST,
        "/cmp-api/device/queryDevice",
        Some(json!({"device_id": HEAVY_DEVICE_ID})),
    )
    .await;
    assert_eq!((status, code(&v)), (200, "0000"));
}

#[test]
fn half_credentials_are_refused() {
    let err = SimState::new(SimConfig {
        access_code: Some("AC".into()),
        ..common::config()
    })
    .err();
    assert!(matches!(err, Some(cmp_sim::SimError::HalfSigning)));
}

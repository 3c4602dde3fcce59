//! The `cdr_inner_failure` fault: the CDR answer's envelope says success while its inner
//! `data.status` says the platform's query failed, with no records. Selected like every
//! other fault, by `--fault` (here the config's rules) or `POST /_sim/faults`.

use crate::common::{self, START_MS, code, get, post};
use axum::http::Method;
use cmp_sim::{HEAVY_DEVICE_ID, SimConfig, SimState};
use serde_json::json;

fn cdr_path(device: &str) -> String {
    let today = cmp_api::CmpTime::from_unix_millis(START_MS).iso_date();
    format!(
        "/cmp-api/sims/{device}/cdr?received_start_time={today}&received_end_by={today}&page_no=1&page_size=10"
    )
}

/// The answer in full, as the platform would send it.
fn inner_failure(inner_code: &str) -> serde_json::Value {
    json!({
        "code": "0000",
        "data": {
            "data": [],
            "status": {
                "code": inner_code,
                "detail": "injected fault: cdr_inner_failure",
                "message": "The CDR query failed: the billing system did not return this SIM's records. Try again later."
            },
            "total_count": 0
        },
        "message": "success",
        "success": true
    })
}

async fn assert_normal(sim: &SimState) {
    let v = get(sim, &cdr_path(HEAVY_DEVICE_ID)).await;
    assert_eq!(v["data"]["status"]["code"], "CB-00-0000", "{v}");
    assert!(v["data"]["total_count"].as_u64().unwrap() > 0, "{v}");
}

#[tokio::test]
async fn admin_api_selects_an_inner_failure_with_the_exact_shape() {
    let sim = common::sim();
    assert_normal(&sim).await;
    let rule = json!({"route": "simCdr", "kind": "cdr_inner_failure", "count": 1});
    let set = post(&sim, "/_sim/faults", rule).await;
    assert_eq!(code(&set), "0000", "{set}");
    assert_eq!(
        set["data"],
        json!([{"route": "simCdr", "kind": "cdr_inner_failure", "inner_code": "CB-01-0001", "count": 1}])
    );
    let (status, v) = common::call(&sim, Method::GET, &cdr_path(HEAVY_DEVICE_ID), None).await;
    assert_eq!(status, 200);
    assert_eq!(v, inner_failure("CB-01-0001"));
    assert_normal(&sim).await;
}

#[tokio::test]
async fn a_fault_flag_for_every_route_waits_for_a_cdr_request() {
    let config = SimConfig {
        faults: vec!["*:cdr-inner-failure:CB-02-0003@1".parse().unwrap()],
        ..common::config()
    };
    let sim = SimState::new(config).unwrap();
    // Other operations answer normally and leave the rule in place.
    let q = post(&sim, common::QUERY, json!({"page_no": 1, "page_size": 1})).await;
    assert_eq!(code(&q), "0000");
    assert_eq!(
        common::get(&sim, "/_sim/faults").await["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let v = get(&sim, &cdr_path(HEAVY_DEVICE_ID)).await;
    assert_eq!(v, inner_failure("CB-02-0003"));
    assert_normal(&sim).await;
}

#[tokio::test]
async fn a_bad_cdr_request_still_gets_its_own_error() {
    let sim = common::sim();
    post(
        &sim,
        "/_sim/faults",
        json!({"route": "simCdr", "kind": "cdr_inner_failure"}),
    )
    .await;
    let v = get(&sim, &cdr_path("89860000000000000000")).await;
    assert_eq!(
        code(&v),
        "2001",
        "an unknown device is refused outside: {v}"
    );
    let v = get(&sim, &cdr_path(HEAVY_DEVICE_ID)).await;
    assert_eq!(v["data"]["status"]["code"], "CB-01-0001");
}

#[tokio::test]
async fn the_success_code_is_not_a_failure() {
    let sim = common::sim();
    let rule = json!({"route": "simCdr", "kind": "cdr_inner_failure", "inner_code": "CB-00-0000"});
    let v = post(&sim, "/_sim/faults", rule).await;
    assert_eq!(code(&v), "1002", "{v}");
    assert!(v["message"].as_str().unwrap().contains("CB-00-0000"), "{v}");
    assert_eq!(common::get(&sim, "/_sim/faults").await["data"], json!([]));
    assert!(
        "simCdr:cdr-inner-failure:CB-00-0000"
            .parse::<cmp_sim::faults::FaultRule>()
            .is_err()
    );
}

//! A simulator served under a base path (`--base-path /gw`): every operation answers at
//! `/gw/cmp-api/...` with its signature checked and its faults applied, nothing answers at
//! `/cmp-api/...` (404, as behind a gateway), and `/_sim` stays at the root.

use crate::common::{self, code};
use axum::http::Method;
use cmp_api::sign;
use cmp_sim::{HEAVY_DEVICE_ID, SimConfig, SimError, SimState};
use serde_json::{Map, Value, json};

fn sim_under(base: &str, signing: bool) -> SimState {
    let (access_code, secret) = if signing {
        (Some("AC".into()), Some("SEC".into()))
    } else {
        (None, None)
    };
    SimState::new(SimConfig {
        base_path: base.into(),
        access_code,
        secret,
        ..common::config()
    })
    .unwrap()
}

fn signed(body: Value) -> Value {
    let mut map: Map<String, Value> = body.as_object().unwrap().clone();
    sign::sign_body(&mut map, "AC", "SEC", cmp_sim::state::wall_ms());
    Value::Object(map)
}

#[tokio::test]
async fn operations_answer_under_the_base_path_only() {
    for base in ["/gw", "/gw/", "gw"] {
        let sim = sim_under(base, false);
        let (status, v) = common::call(
            &sim,
            Method::POST,
            &format!("/gw{}", common::SYNC),
            Some(json!({"page_no": 1, "page_size": 1})),
        )
        .await;
        assert_eq!((status, code(&v)), (200, "0000"), "{base}: {v}");
        let (status, v) = common::call(
            &sim,
            Method::POST,
            common::SYNC,
            Some(json!({"page_no": 1, "page_size": 1})),
        )
        .await;
        assert_eq!((status, code(&v)), (404, "404"), "{base}: {v}");
        let cdr = format!(
            "/gw/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time=2026-11-20&received_end_by=2026-11-21&page_no=1&page_size=5"
        );
        let (status, v) = common::call(&sim, Method::GET, &cdr, None).await;
        assert_eq!((status, code(&v)), (200, "0000"), "{base}: {v}");
    }
}

#[tokio::test]
async fn signatures_and_faults_work_under_the_base_path() {
    let sim = sim_under("/api/v1", true);
    let path = format!("/api/v1{}", common::DEVICE);
    let body = json!({"device_id": HEAVY_DEVICE_ID});
    let ok = common::post(&sim, &path, signed(body.clone())).await;
    assert_eq!(code(&ok), "0000", "{ok}");
    assert_eq!(code(&common::post(&sim, &path, body).await), "1001");
    // The signed CDR GET: the path's sim_id is read without the base.
    let query: Vec<(String, String)> = [
        ("received_start_time", "2026-11-20"),
        ("received_end_by", "2026-11-21"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let added = sign::sign_query(
        &query,
        Some(HEAVY_DEVICE_ID),
        "AC",
        "SEC",
        cmp_sim::state::wall_ms(),
    );
    let pairs = form_pairs(query.iter().chain(added.iter()));
    let cdr = format!("/api/v1/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?{pairs}");
    assert_eq!(code(&common::get(&sim, &cdr).await), "0000");
    // Faults are set at the root and match the operation under the base.
    let set = common::post(
        &sim,
        "/_sim/faults",
        json!({"route": "queryDevice", "kind": "http500", "count": 1}),
    )
    .await;
    assert_eq!(code(&set), "0000", "{set}");
    let (status, _) = common::call(
        &sim,
        Method::POST,
        &path,
        Some(signed(json!({"device_id": HEAVY_DEVICE_ID}))),
    )
    .await;
    assert_eq!(status, 500);
}

#[test]
fn a_base_path_that_is_not_a_plain_path_is_refused() {
    let err = SimState::new(SimConfig {
        base_path: "/{op}".into(),
        ..common::config()
    })
    .err();
    assert!(matches!(err, Some(SimError::BadBasePath(_))), "{err:?}");
}

fn form_pairs<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> String {
    let escape = |v: &str| {
        v.replace('+', "%2B")
            .replace('/', "%2F")
            .replace('=', "%3D")
    };
    pairs
        .map(|(k, v)| format!("{k}={}", escape(v)))
        .collect::<Vec<_>>()
        .join("&")
}

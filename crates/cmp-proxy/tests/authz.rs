//! Who may do what: every route × no token / viewer / device-scoped viewer / admin, the
//! scoped admin, merged order lists of scoped tokens, and the audit log of mutations.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};

const NONE: Option<&str> = None;

struct Case {
    method: &'static str,
    uri: String,
    body: Option<Value>,
    /// Expected status for: no token, viewer, scoped viewer, admin.
    want: [u16; 4],
}

fn post(path: &str, body: Value, want: [u16; 4]) -> Case {
    Case {
        method: "POST",
        uri: path.into(),
        body: Some(body),
        want,
    }
}

fn get(uri: String, want: [u16; 4]) -> Case {
    Case {
        method: "GET",
        uri,
        body: None,
        want,
    }
}

#[tokio::test]
async fn the_authorization_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let cdr = |d: &str| {
        format!(
            "/cmp-api/sims/{d}/cdr?{dates}&page_no=1&page_size=10",
            dates = recent_dates()
        )
    };
    let cases = [
        post(
            "/cmp-api/package/syncPackages",
            json!({"page_no":1,"page_size":5}),
            [401, 200, 200, 200],
        ),
        post(
            "/cmp-api/package/getTrafficPoolInfo",
            json!({"page_no":1}),
            [401, 200, 403, 200],
        ),
        post(
            "/cmp-api/device/queryDevice",
            json!({"device_id":D1}),
            [401, 200, 200, 200],
        ),
        post(
            "/cmp-api/device/queryDevice",
            json!({"device_id":D2}),
            [401, 200, 403, 200],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"page_no":1,"page_size":10}),
            [401, 200, 200, 200],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"device_id":D2,"page_no":1}),
            [401, 200, 403, 200],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"order_id":"ORD-3","page_no":1}),
            [401, 200, 403, 200],
        ),
        get(cdr(D1), [401, 200, 200, 200]),
        get(cdr(D2), [401, 200, 403, 200]),
        post(
            "/cmp-api/package/openPackage",
            json!({"order_id":"ORD-1"}),
            [401, 403, 403, 200],
        ),
        post(
            "/cmp-api/package/cancelPackage",
            json!({"order_id":"ORD-1"}),
            [401, 403, 403, 200],
        ),
        post(
            "/cmp-api/package/aheadFinishDeviceOrder",
            json!({"order_id":"ORD-2","ahead_finish_cause":"t"}),
            [401, 403, 403, 200],
        ),
        post(
            "/cmp-api/package/batchOrderPackages",
            json!({"deviceList":[D1],"is_open":"0","package_code":"DP1"}),
            [401, 403, 403, 200],
        ),
        get("/api/session".into(), [401, 200, 200, 200]),
        get("/api/events/history".into(), [401, 200, 200, 200]),
        get("/api/audit".into(), [401, 403, 403, 200]),
    ];
    for case in cases {
        for (token, want) in [NONE, Some(VIEWER), Some(SCOPED), Some(ADMIN)]
            .into_iter()
            .zip(case.want)
        {
            let (status, body) = send_json(
                &state,
                request(case.method, &case.uri, token, case.body.clone()),
            )
            .await;
            assert_eq!(
                status.as_u16(),
                want,
                "{} {} with {token:?}: {body}",
                case.method,
                case.uri
            );
            if want >= 400 {
                assert_eq!(body["success"], false);
                assert!(
                    !body["message"].as_str().unwrap().is_empty(),
                    "every refusal gives a reason"
                );
            }
        }
    }
}

#[tokio::test]
async fn missing_and_unknown_tokens_are_told_apart() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (_, body) = send_json(&state, request("GET", "/api/session", None, None)).await;
    assert_eq!(body["code"], "AUTH_REQUIRED");
    let (status, body) =
        send_json(&state, request("GET", "/api/session", Some("guess"), None)).await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("TOKEN_INVALID"))
    );
    let (_, body) = send_json(&state, request("GET", "/api/session", Some(SCOPED), None)).await;
    assert_eq!(
        body,
        json!({"name":"customer","role":"viewer","kind":"dashboard","devices":[D1],"pools":[],"limits":{"max_bulk_devices":1000,"platform_utc_offset_minutes":0}})
    );
    let (_, body) = send_json(&state, request("GET", "/api/session", Some(ADMIN), None)).await;
    assert_eq!(
        body,
        json!({"name":"ops","role":"admin","kind":"dashboard","devices":null,"limits":{"max_bulk_devices":1000,"platform_utc_offset_minutes":0}})
    );
}

#[tokio::test]
async fn a_device_scoped_token_sees_only_the_pools_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let pools_body = json!({"page_no":1,"page_size":10});
    // Without pools: refused with a reason, not an empty list that reads as "no pools exist".
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/getTrafficPoolInfo",
        SCOPED,
        pools_body.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("names no traffic pools"),
        "{body}"
    );
    // With pools = ["P3"]: only P3, found on the platform's second page, and its total.
    let (status, body) = post_json(
        &state,
        "/cmp-api/package/getTrafficPoolInfo",
        SCOPED_POOLS,
        pools_body,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let ids: Vec<&str> = body["data"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["trafficPoolId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["P3"]);
    assert_eq!(body["data"]["total"], 1);
    let (_, session) = send_json(
        &state,
        request("GET", "/api/session", Some(SCOPED_POOLS), None),
    )
    .await;
    assert_eq!(session["pools"], json!(["P3"]));
}

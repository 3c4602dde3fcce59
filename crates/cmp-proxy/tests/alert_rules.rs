//! `/api/alerts/rules` over HTTP: admins change, viewers read, refusals name the field,
//! tokens limited to some devices stay within them, and every change is audited.

mod common;

use axum::http::StatusCode;
use cmp_api::Envelope;
use cmp_api::proxy_api::alert_rule::{AlertRule, RuleList};
use common::*;
use serde_json::{Value, json};

const RULES: &str = "/api/alerts/rules";

fn rule(percent: Value) -> Value {
    json!({
        "name": " Almost out ",
        "condition": {"kind": "device_use", "percent": percent, "devices": [D1]},
        "delivery": {"webhooks": [{"url": "http://localhost:9000/hooks/secret-path", "format": "json"}]}
    })
}

async fn audit_ops(state: &cmp_proxy::AppState) -> Vec<(String, String)> {
    let (_, body) = send_json(
        state,
        request("GET", "/api/audit?page_size=100", Some(ADMIN), None),
    )
    .await;
    body["data"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap().to_owned(),
                e["result_code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn admins_add_replace_and_remove_rules_and_viewers_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = post_json(&state, RULES, ADMIN, rule(json!(80))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let added: Envelope<AlertRule> = serde_json::from_value(body).unwrap();
    let added = added.data.unwrap();
    assert_eq!(added.rule.name, "Almost out", "trimmed by the shared check");
    assert_eq!(added.updated_by, "ops");
    assert!(added.rule.enabled);

    // A viewer reads it, the webhook's path cut off.
    let (status, body) = send_json(&state, request("GET", RULES, Some(VIEWER), None)).await;
    assert_eq!(status, StatusCode::OK);
    let list: Envelope<RuleList> = serde_json::from_value(body).unwrap();
    let seen = &list.data.unwrap().rules;
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].rule.delivery.webhooks[0].url, "http://localhost/…");
    // An admin sees the whole URL.
    let (_, body) = send_json(&state, request("GET", RULES, Some(ADMIN), None)).await;
    assert_eq!(
        body["data"]["rules"][0]["delivery"]["webhooks"][0]["url"],
        "http://localhost:9000/hooks/secret-path"
    );

    let path = format!("{RULES}/{}", added.id);
    let mut changed = rule(json!(95));
    changed["enabled"] = json!(false);
    let (status, body) = send_json(&state, request("PUT", &path, Some(ADMIN), Some(changed))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["condition"]["percent"], 95);
    assert_eq!(body["data"]["enabled"], false);
    assert_eq!(body["data"]["id"], added.id);

    let (status, _) = send_json(&state, request("DELETE", &path, Some(ADMIN), None)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = send_json(&state, request("DELETE", &path, Some(ADMIN), None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, _) = send_json(
        &state,
        request("PUT", &path, Some(ADMIN), Some(rule(json!(90)))),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, body) = send_json(&state, request("GET", RULES, Some(ADMIN), None)).await;
    assert_eq!(body["data"]["rules"], json!([]));

    let ops = audit_ops(&state).await;
    assert_eq!(
        ops,
        [
            ("deleteAlertRule".to_owned(), "0000".to_owned()),
            ("updateAlertRule".into(), "0000".into()),
            ("createAlertRule".into(), "0000".into()),
        ]
    );
}

#[tokio::test]
async fn refusals_name_the_field_and_are_audited() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let cases = [
        (rule(json!(0)), "condition.percent"),
        (rule(json!(101)), "condition.percent"),
        (
            json!({"name": "", "condition": {"kind": "pool_use", "percent": 50}}),
            "name",
        ),
        (
            json!({"name": "x", "condition": {"kind": "device_use", "percent": 50, "devices": [D1, "no spaces please"]}}),
            "condition.devices[1]",
        ),
        (
            json!({"name": "x", "condition": {"kind": "order_push", "operations": []}}),
            "condition.operations",
        ),
        (
            json!({"name": "x", "condition": {"kind": "pool_use", "percent": 50},
                   "delivery": {"webhooks": [{"url": "http://hooks.example.com/x"}]}}),
            "delivery.webhooks[0].url",
        ),
        (
            json!({"name": "x", "condition": {"kind": "weather"}}),
            "body",
        ),
        (json!([1, 2]), "body"),
    ];
    for (body, field) in cases {
        let (status, answer) = post_json(&state, RULES, ADMIN, body.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body} → {answer}");
        assert_eq!(answer["code"], "BAD_REQUEST");
        assert_eq!(answer["data"]["field"], field, "{body} → {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
    }
    let ops = audit_ops(&state).await;
    assert_eq!(ops.len(), 8);
    assert!(
        ops.iter()
            .all(|(op, code)| op == "createAlertRule" && code == "REFUSED")
    );
    let (_, body) = send_json(&state, request("GET", RULES, Some(ADMIN), None)).await;
    assert_eq!(body["data"]["rules"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn viewers_and_embed_tokens_cannot_change_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, body) = post_json(&state, RULES, VIEWER, rule(json!(80))).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["message"].as_str().unwrap().contains("admin token"));
    let embed = embed_token(&[D1], &[], 600);
    let (status, _) = post_json(&state, RULES, &embed, rule(json!(80))).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send_json(&state, request("GET", RULES, Some(&embed), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send_json(&state, request("GET", RULES, None, None)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, added) = post_json(&state, RULES, ADMIN, rule(json!(80))).await;
    let path = format!("{RULES}/{}", added["data"]["id"]);
    let (status, _) = send_json(&state, request("DELETE", &path, Some(VIEWER), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send_json(
        &state,
        request("PUT", &path, Some(VIEWER), Some(rule(json!(90)))),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn tokens_limited_to_some_devices_stay_within_them() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    // A rule over every device, and one over D1 only.
    let mut everyone = rule(json!(80));
    everyone["condition"]["devices"] = Value::Null;
    let (_, all) = post_json(&state, RULES, ADMIN, everyone).await;
    let (_, mine) = post_json(&state, RULES, ADMIN, rule(json!(90))).await;
    // The customer sees only the rule within its device.
    let (_, body) = send_json(&state, request("GET", RULES, Some(SCOPED), None)).await;
    let ids: Vec<&Value> = body["data"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["id"])
        .collect();
    assert_eq!(ids, [&mine["data"]["id"]]);
    // Its admin cannot name another device, nor touch the rule over every device.
    let mut theirs = rule(json!(80));
    theirs["condition"]["devices"] = json!([D1, D2]);
    let (status, body) = post_json(&state, RULES, SCOPED_ADMIN, theirs).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"]["field"], "condition.devices[1]");
    let path = format!("{RULES}/{}", all["data"]["id"]);
    let (status, _) = send_json(&state, request("DELETE", &path, Some(SCOPED_ADMIN), None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A rule it writes over "every device" watches its own: others still see it as theirs.
    let mut own = rule(json!(70));
    own["condition"]["devices"] = Value::Null;
    let (status, body) = post_json(&state, RULES, SCOPED_ADMIN, own).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, body) = send_json(&state, request("GET", RULES, Some(SCOPED), None)).await;
    assert_eq!(body["data"]["rules"].as_array().unwrap().len(), 2);
}

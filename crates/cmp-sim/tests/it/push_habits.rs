//! How pushes go out, over real HTTP: form-encoded bodies, redeliveries of acknowledged
//! pushes counted apart from deliveries, both set from the config or switched on a running
//! simulator through `/_sim/pushes/settings`.

use crate::common::{self, code, post};
use crate::hook::{self, Received};
use crate::push_time::new_started_order;
use cmp_sim::SimConfig;
use cmp_sim::orders::push_settings::PushEncoding;
use serde_json::{Value, json};

const FORM: &str = "application/x-www-form-urlencoded";
const SETTINGS: &str = "/_sim/pushes/settings";

fn assert_form(p: &Received) {
    assert_eq!(p.content_type, FORM, "{p:?}");
    assert!(serde_json::from_str::<Value>(&p.body).is_err(), "{p:?}");
    let names: Vec<String> = p.fields().into_keys().collect();
    assert_eq!(names, ["assetid", "imsi", "operation", "orderid", "time"]);
}

fn assert_json(p: &Received) {
    assert_eq!(p.content_type, "application/json", "{p:?}");
    let body: Value = serde_json::from_str(&p.body).expect("a JSON body");
    assert_eq!(body.as_object().unwrap().len(), 5, "{p:?}");
}

#[tokio::test]
async fn form_encoded_pushes_carry_the_five_fields() {
    let config = SimConfig {
        push_encoding: PushEncoding::Form,
        ..common::config()
    };
    let mut run = hook::serve(config).await;
    let id = new_started_order(&run.sim).await;
    let pushes = run.take(&id, 2).await;
    for p in &pushes {
        assert_form(p);
        assert_eq!(p.field("orderid"), id);
        assert_eq!(p.field("time"), "2026-11-29 22:24:44");
        assert!(!p.field("imsi").is_empty() && !p.field("assetid").is_empty());
    }
    // Form encoding writes the time's space as `+` and its colons escaped.
    assert!(
        pushes[0].body.contains("time=2026-11-29+22%3A24%3A44"),
        "{pushes:?}"
    );
    assert_eq!(pushes[0].field("operation"), "1000");
    assert_eq!(pushes[1].field("operation"), "1005");
    run.assert_no_more(&id).await;
    run.stop().await;
}

#[tokio::test]
async fn acknowledged_pushes_are_redelivered_and_counted_apart() {
    let config = SimConfig {
        push_redeliveries: 2,
        ..common::config()
    };
    let mut run = hook::serve(config).await;
    let id = new_started_order(&run.sim).await;
    let pushes = run.take(&id, 6).await;
    let ops: Vec<String> = pushes.iter().map(|p| p.field("operation")).collect();
    assert_eq!(ops, ["1000", "1000", "1000", "1005", "1005", "1005"]);
    assert!(pushes[..3].iter().all(|p| *p == pushes[0]), "{pushes:?}");
    assert!(pushes[3..].iter().all(|p| *p == pushes[3]), "{pushes:?}");
    run.assert_no_more(&id).await;
    let stats = common::get(&run.sim, "/_sim/pushes").await;
    assert_eq!(stats["data"]["delivered"], 2, "{stats}");
    assert_eq!(stats["data"]["redelivered"], 4, "{stats}");
    assert_eq!(
        stats["data"]["settings"],
        json!({"encoding": "json", "redeliveries": 2})
    );
    // The simulator's log holds each push once: redeliveries are not new events.
    let logged = stats["data"]["recent"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["orderid"] == id.as_str())
        .count();
    assert_eq!(logged, 2);
    run.stop().await;
}

#[tokio::test]
async fn push_settings_change_on_a_running_simulator() {
    let mut run = hook::serve(common::config()).await;
    let sim = run.sim.clone();
    let settings = common::get(&sim, SETTINGS).await;
    assert_eq!(
        settings["data"],
        json!({"encoding": "json", "redeliveries": 0})
    );
    let id = new_started_order(&sim).await;
    for p in run.take(&id, 2).await {
        assert_json(&p);
    }

    let changed = post(
        &sim,
        SETTINGS,
        json!({"encoding": "form", "redeliveries": 1}),
    )
    .await;
    assert_eq!(
        changed["data"],
        json!({"encoding": "form", "redeliveries": 1})
    );
    post(&sim, &format!("/_sim/orders/{id}/pause"), json!({})).await;
    let paused = run.take(&id, 2).await;
    assert_eq!(paused[0], paused[1], "delivered, then once more");
    assert_form(&paused[0]);
    assert_eq!(paused[0].field("operation"), "1003");

    // A change names only what it changes.
    let changed = post(&sim, SETTINGS, json!({"encoding": "json"})).await;
    assert_eq!(
        changed["data"],
        json!({"encoding": "json", "redeliveries": 1})
    );
    post(&sim, &format!("/_sim/orders/{id}/restart"), json!({})).await;
    let restarted = run.take(&id, 2).await;
    assert_json(&restarted[0]);
    assert_eq!(restarted[0], restarted[1]);
    run.assert_no_more(&id).await;

    for bad in [
        json!({"encoding": "xml"}),
        json!({"redeliveries": 1001}),
        json!({"redeliveries": -1}),
        json!({"encodng": "form"}),
    ] {
        let v = post(&sim, SETTINGS, bad.clone()).await;
        assert_eq!(code(&v), "1002", "{bad}: {v}");
    }
    let settings = common::get(&sim, SETTINGS).await;
    assert_eq!(
        settings["data"],
        json!({"encoding": "json", "redeliveries": 1}),
        "a refused change changes nothing"
    );
    run.stop().await;
}

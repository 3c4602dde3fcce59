//! Journey: the dashboard against a platform that behaves as the spec allows, not only as
//! our simulator used to. The embedded simulator serves its API under a base path (`/gw`),
//! sends its pushes form-encoded, redelivers each one, stamps every push of an order with
//! the order's creation time, and answers a CDR query with a failed inner status. The
//! proxy must reach it under `/gw`, store pause → restart → pause as three events (not one,
//! not six), refuse a malformed mutation before it reaches the platform, and the device page
//! must show the platform's CDR failure instead of "0 B used".

use cmp_e2e::{Browser, Stack, StackOptions};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

/// The first running order (status 2) of the platform and its device, through the proxy.
fn a_running_order(stack: &Stack) -> (String, String) {
    let (status, body) = stack
        .post_json(
            "/cmp-api/package/queryOrder",
            &stack.admin,
            &json!({"page_no":1,"page_size":100}),
        )
        .expect("queryOrder through the proxy");
    assert_eq!(status, 200, "{body}");
    let orders = body["data"]["package_order"].as_array().expect("orders");
    orders
        .iter()
        .find(|o| o["orderStatus"] == "2")
        .map(|o| {
            (
                o["orderCode"].as_str().unwrap().to_owned(),
                o["deviceId"].as_str().unwrap().to_owned(),
            )
        })
        .expect("a running order")
}

/// The stored events of `order`, oldest first.
fn events_of(stack: &Stack, order: &str) -> Vec<Value> {
    let (_, body) = stack
        .get_json("/api/events/history?page_size=100", &stack.admin)
        .expect("history");
    let mut events: Vec<Value> = body["data"]["events"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|e| e["orderid"] == order)
        .collect();
    events.reverse();
    events
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn the_dashboard_works_against_a_platform_under_a_base_path_with_its_habits() {
    let stack = Stack::start_with(
        "real-platform",
        &StackOptions::default().setting("CMP_SIM_BASE_PATH", "/gw"),
    )
    .expect("proxy starts");
    assert_eq!(
        stack
            .sim_call(
                "POST",
                "/_sim/pushes/settings",
                r#"{"encoding":"form","redeliveries":1}"#
            )
            .expect("push settings"),
        200
    );

    // Reads and pushes go through /gw: queryOrder answers, and the platform's events arrive.
    let (order, device) = a_running_order(&stack);
    for action in ["pause", "restart", "pause"] {
        let status = stack
            .sim_call("POST", &format!("/_sim/orders/{order}/{action}"), "")
            .expect("order event");
        assert_eq!(status, 200, "{action}");
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while events_of(&stack, &order).len() < 3 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // The redeliveries follow each acknowledged push: give them time to arrive, then count.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let events = events_of(&stack, &order);
    let operations: Vec<&str> = events
        .iter()
        .map(|e| e["operation"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        operations,
        ["1003", "1004", "1003"],
        "three genuine events, redeliveries stored once: {events:?}"
    );
    let created = events[0]["time"].clone();
    assert!(
        events.iter().all(|e| e["time"] == created),
        "every push carries the order's creation time: {events:?}"
    );

    // A malformed mutation is refused at the door and never reaches the platform.
    let (status, refused) = stack
        .post_json(
            "/cmp-api/package/cancelPackage",
            &stack.admin,
            &json!({"order_id": null}),
        )
        .expect("cancelPackage");
    assert_eq!(status, 400, "{refused}");
    assert_eq!(refused["data"]["field"], "order_id", "{refused}");
    let (_, after) = stack
        .post_json(
            "/cmp-api/package/queryOrder",
            &stack.admin,
            &json!({"order_id": order, "page_no": 1, "page_size": 10}),
        )
        .expect("queryOrder");
    assert_eq!(
        after["data"]["package_order"][0]["orderStatus"], "5",
        "the order is still paused, not cancelled: {after}"
    );

    // The CDR answer fails inside a successful envelope.
    assert_eq!(
        stack
            .sim_call(
                "POST",
                "/_sim/faults",
                r#"{"route":"simCdr","kind":"cdr_inner_failure","inner_code":"CB-01-0001"}"#
            )
            .expect("fault"),
        200
    );

    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        step(
            c.goto(&stack.url_with_token("/events", &stack.admin)).await,
            "open events",
        )?;
        step(
            browser.wait_for("[data-testid=event-row]", 30).await,
            "events listed",
        )?;
        let orders = step(browser.texts("[data-testid=event-order]").await, "orders")?;
        let received = step(
            browser.texts("[data-testid=event-received]").await,
            "received",
        )?;
        step(
            browser.screenshot("real-platform-events").await,
            "screenshot",
        )?;

        step(
            c.goto(&stack.url_with_token(&format!("/devices/{device}"), &stack.admin))
                .await,
            "open the device",
        )?;
        let failure = step(
            browser
                .wait_for_text("[data-testid=usage-section] [data-testid=error]", 30, |t| {
                    !t.is_empty()
                })
                .await,
            "the usage failure shown",
        )?;
        let totals = step(browser.texts("[data-testid=usage-total]").await, "totals")?;
        step(
            c.execute(
                "document.querySelector('[data-testid=usage-section]').scrollIntoView()",
                vec![],
            )
            .await,
            "scroll to the usage",
        )?;
        step(
            browser.screenshot("real-platform-cdr-failure").await,
            "screenshot",
        )?;
        Ok::<_, String>((orders, received, failure, totals))
    }
    .await;
    browser.close().await;
    let (orders, received, failure, totals) = outcome.expect("journey");
    assert_eq!(
        orders.iter().filter(|o| **o == order).count(),
        3,
        "the events page lists the three events: {orders:?}"
    );
    assert!(
        received.iter().all(|r| !r.trim().is_empty()),
        "each event shows when it was received: {received:?}"
    );
    assert!(
        failure.contains("CB-01-0001") && failure.contains("CDR query failed"),
        "the platform's words and code, not an empty chart: {failure}"
    );
    assert!(
        totals.is_empty(),
        "no usage totals drawn from a failed answer: {totals:?}"
    );
}

//! Journey: two proxies as replicas of one another, on one throwaway PostgreSQL. A browser
//! has proxy B's Events page open and live; the platform pushes an order-status event to
//! proxy A's webhook; the event appears in the browser on B, live, without a reload. Then
//! the history read through A and through B is the same.

use cmp_e2e::{Browser, Stack, StackOptions};
use cmp_testpg::PgServer;
use serde_json::json;
use std::sync::Arc;

/// The webhook's path secret both replicas share (the platform knows one URL per replica).
const HOOK: &str = "e2e-replicas-hook";
/// An order id no simulator makes, so the row seen is this push's.
const ORDER: &str = "E2E-REPLICA-000001";

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

#[tokio::test]
#[ignore = "needs the built SPA, Chromium and PostgreSQL: run through `make test-e2e`"]
async fn a_push_to_one_replica_shows_up_live_in_a_browser_on_another() {
    let server = Arc::new(PgServer::start());
    let db = server.clone().create_database();
    let options = StackOptions::default()
        .database_url(db.url())
        .hook_secret(HOOK);
    let a = Stack::start_with("replica-a", &options).expect("proxy A starts");
    let b = Stack::start_with("replica-b", &options).expect("proxy B starts");

    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        step(
            c.goto(&b.url_with_token("/events", &b.admin)).await,
            "open B's events page",
        )?;
        step(
            browser
                .wait_for_text("[data-testid=live-indicator]", 20, |t| t.trim() == "Live")
                .await,
            "B's live stream open",
        )?;
        let before = step(browser.texts("[data-testid=event-order]").await, "rows")?;

        let push = json!({
            "assetid": "89852000000000000042", "imsi": "204046990900042",
            "operation": "1005", "orderid": ORDER, "time": "2024-05-01 10:00:00"
        });
        let status = step(a.push_order_status(HOOK, &push), "push to A")?;
        let shown = step(
            browser
                .wait_for_text("[data-testid=events-table]", 20, |t| t.contains(ORDER))
                .await,
            "the push to A shown live on B",
        )?;
        // The toast is what a live arrival shows (a reload would not).
        let toast = step(
            browser
                .wait_for_text("[data-testid=toast]", 10, |t| t.contains(ORDER))
                .await,
            "the live arrival's toast",
        )?;
        step(
            browser.screenshot("replicas-push-to-a-live-on-b").await,
            "screenshot",
        )?;
        let live = step(
            browser.texts("[data-testid=live-indicator]").await,
            "indicator",
        )?;
        Ok::<_, String>((before, status, shown, toast, live))
    }
    .await;
    if outcome.is_err() {
        let _ = browser.screenshot("replicas-journey-failure").await;
    }
    browser.close().await;

    let (before, status, shown, toast, live) = outcome.expect("journey steps");
    assert!(
        !before.iter().any(|o| o == ORDER),
        "the event was not there before the push: {before:?}"
    );
    assert_eq!(status, 200, "A acknowledged the push");
    assert!(
        shown.contains("enabled"),
        "the row says what happened: {shown}"
    );
    assert!(toast.contains("enabled"), "{toast}");
    assert_eq!(live, ["Live"], "the live stream is still open");

    // Both replicas read one history.
    let history = |stack: &Stack| {
        let (status, body) = stack
            .get_json("/api/events/history?page_size=100", &stack.admin)
            .expect("history");
        assert_eq!(status, 200, "{body}");
        body["data"]["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| (e["seq"].clone(), e["orderid"].clone()))
            .collect::<Vec<_>>()
    };
    let (on_a, on_b) = (history(&a), history(&b));
    assert_eq!(on_a, on_b, "one history behind both replicas");
    assert!(on_a.iter().any(|(_, o)| o == ORDER), "{on_a:?}");
}

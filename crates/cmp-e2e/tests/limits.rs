//! Journey: the proxy announces its bulk-order limit in `/api/session`, and the Bulk order
//! form refuses a longer device list before sending, saying the limit; the proxy refuses
//! the same list sent directly, with the count and the limit.

use cmp_e2e::{Browser, Stack, StackOptions};
use serde_json::json;

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

const DEVICES: [&str; 3] = [
    "89852000000000000001",
    "89852000000000000002",
    "89852000000000000003",
];

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn a_bulk_order_over_the_announced_limit_is_refused_before_sending() {
    let stack = Stack::start_with(
        "limits",
        &StackOptions::default().setting("CMP_MAX_BULK_DEVICES", "2"),
    )
    .expect("proxy starts");
    let browser = Browser::start(390, 844).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        step(
            c.goto(&stack.url_with_token("/orders/new?package=DP20190202001217", &stack.admin))
                .await,
            "open form",
        )?;
        let area = step(
            browser.wait_for("[data-testid=bulk-devices]", 30).await,
            "device list",
        )?;
        step(area.send_keys(&DEVICES.join("\n")).await, "type devices")?;
        let reason = step(
            browser
                .wait_for_text("#bulk-blocker", 20, |t| t.contains("at most 2"))
                .await,
            "the limit is explained",
        )?;
        let disabled = step(
            browser
                .wait_for("[data-testid=bulk-submit][disabled]", 5)
                .await,
            "submit disabled",
        )
        .is_ok();
        step(
            c.execute(
                "document.getElementById('bulk-blocker').scrollIntoView({block: 'center'})",
                vec![],
            )
            .await,
            "scroll to the reason",
        )?;
        step(browser.screenshot("limits-bulk-over").await, "screenshot")?;
        Ok::<_, String>((reason, disabled))
    }
    .await;
    browser.close().await;
    let (reason, disabled) = outcome.expect("journey");
    assert!(reason.contains("3 devices"), "{reason}");
    assert!(disabled);

    let order = json!({"deviceList": DEVICES, "is_open": "0", "package_code": "DP20190202001217"});
    let (status, body) = stack
        .post_json("/cmp-api/package/batchOrderPackages", &stack.admin, &order)
        .expect("direct call");
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("TOO_MANY_DEVICES")),
        "{body}"
    );
}

//! Journey: the platform fails (the embedded simulator answers every order query with HTTP
//! 500, set with `CMP_SIM_FAULTS`); the Orders page says what failed and offers Retry. Once
//! the fault is cleared, pressing Retry shows the orders.

use cmp_e2e::{Browser, Stack, StackOptions};
use fantoccini::Locator;

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn orders_page_explains_a_platform_failure_and_recovers_on_retry() {
    let stack = Stack::start_with(
        "faults",
        &StackOptions::default().setting("CMP_SIM_FAULTS", "queryOrder:http500"),
    )
    .expect("proxy starts");
    let browser = Browser::start(390, 844).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        step(
            c.goto(&stack.url_with_token("/orders", &stack.admin)).await,
            "open orders",
        )?;
        let message = step(
            browser
                .wait_for_text("[data-testid=error]", 30, |t| t.contains("HTTP 500"))
                .await,
            "error shown",
        )?;
        step(
            browser.screenshot("faults-orders-error").await,
            "screenshot",
        )?;
        let rows_during_fault = step(browser.texts("[data-testid=order-row]").await, "rows")?;

        let cleared = step(
            stack.sim_call("DELETE", "/_sim/faults", ""),
            "clear the fault",
        )?;
        let retry = step(
            c.find(Locator::Css("[data-testid=error] button")).await,
            "Retry button",
        )?;
        let retry_label = step(retry.text().await, "Retry label")?;
        step(retry.click().await, "press Retry")?;
        step(
            browser.wait_for("[data-testid=order-row]", 30).await,
            "orders listed after Retry",
        )?;
        let error_after = c.find(Locator::Css("[data-testid=error]")).await.is_ok();
        step(
            browser.screenshot("faults-orders-recovered").await,
            "screenshot",
        )?;
        Ok::<_, String>((
            message,
            rows_during_fault,
            cleared,
            retry_label,
            error_after,
        ))
    }
    .await;
    browser.close().await;
    let (message, rows_during_fault, cleared, retry_label, error_after) = outcome.expect("journey");
    assert!(
        message.contains("platform failed") && message.contains("Try again"),
        "the error says what failed and what to do: {message}"
    );
    assert!(
        rows_during_fault.is_empty(),
        "no stale list during the fault"
    );
    assert_eq!(cleared, 200, "the fault rule was removed");
    assert_eq!(retry_label, "Retry");
    assert!(!error_after, "the error is gone once the orders load");
}

//! Journey: a person opens the app with a token link and browses the package catalogue,
//! served by the real proxy from the embedded simulator.

use cmp_e2e::{Browser, Stack};
use fantoccini::Locator;
use serde_json::json;

fn codes_of(answer: &serde_json::Value) -> Vec<String> {
    answer["data"]["package"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|p| p["package_code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn packages_page_lists_the_simulator_catalogue() {
    let stack = Stack::start("packages").expect("proxy starts");
    let (status, first_page) = stack
        .post_json(
            "/cmp-api/package/syncPackages",
            &stack.viewer,
            &json!({"page_no": 1, "page_size": 20}),
        )
        .expect("catalogue through the proxy");
    assert_eq!(status, 200, "{first_page}");
    let total = first_page["data"]["page"]["total_count"]
        .as_u64()
        .expect("total_count");
    let expected_first = codes_of(&first_page);
    let (_, second_of_ten) = stack
        .post_json(
            "/cmp-api/package/syncPackages",
            &stack.viewer,
            &json!({"page_no": 2, "page_size": 10}),
        )
        .expect("page 2 through the proxy");
    let expected_second = codes_of(&second_of_ten);
    assert!(
        total >= 60,
        "the simulator's catalogue has at least 60 packages, got {total}"
    );

    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        c.goto(&stack.url_with_token("/packages", &stack.viewer))
            .await
            .map_err(|e| e.to_string())?;
        browser
            .wait_for_count("[data-testid=package-row]", 20, 20)
            .await
            .map_err(|e| e.to_string())?;
        let shown_first = browser
            .texts("[data-testid=package-code]")
            .await
            .map_err(|e| e.to_string())?;
        let info = browser
            .wait_for_text("[data-testid=page-info]", 5, |t| {
                t.contains(&total.to_string())
            })
            .await
            .map_err(|e| e.to_string())?;
        // index.html's "Loading…" stand-in is gone once the app has mounted.
        let boot_notices = browser.texts("#boot").await.map_err(|e| e.to_string())?;
        if !boot_notices.is_empty() {
            return Err(format!("the boot notice is still shown: {boot_notices:?}"));
        }
        let url_after_sign_in = c
            .current_url()
            .await
            .map_err(|e| e.to_string())?
            .to_string();
        browser
            .screenshot("packages-desktop")
            .await
            .map_err(|e| e.to_string())?;

        // Search narrows the table to the package searched for, and the URL keeps it.
        let wanted = expected_first[3].clone();
        let search = c
            .find(Locator::Css("#package-search"))
            .await
            .map_err(|e| e.to_string())?;
        search.send_keys(&wanted).await.map_err(|e| e.to_string())?;
        browser
            .wait_for_count("[data-testid=package-row]", 1, 10)
            .await
            .map_err(|e| e.to_string())?;
        let shown_search = browser
            .texts("[data-testid=package-code]")
            .await
            .map_err(|e| e.to_string())?;
        let url_after_search = c
            .current_url()
            .await
            .map_err(|e| e.to_string())?
            .to_string();

        // A deep link to page 2 of size 10 shows exactly the upstream's page 2.
        c.goto(&format!("{}/packages?page=2&size=10", stack.base_url))
            .await
            .map_err(|e| e.to_string())?;
        browser
            .wait_for_count("[data-testid=package-row]", 10, 20)
            .await
            .map_err(|e| e.to_string())?;
        let shown_second = browser
            .texts("[data-testid=package-code]")
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((
            shown_first,
            info,
            url_after_sign_in,
            wanted,
            shown_search,
            url_after_search,
            shown_second,
        ))
    }
    .await;
    if outcome.is_err() {
        let _ = browser.screenshot("packages-journey-failure").await;
    }
    browser.close().await;

    let (
        shown_first,
        info,
        url_after_sign_in,
        wanted,
        shown_search,
        url_after_search,
        shown_second,
    ) = outcome.expect("journey steps");
    assert_eq!(
        shown_first, expected_first,
        "first page shows the upstream's first page in order"
    );
    assert!(info.contains("Page 1"), "page info: {info}");
    assert!(
        !url_after_sign_in.contains("token="),
        "token removed from the address bar: {url_after_sign_in}"
    );
    assert_eq!(
        shown_search,
        vec![wanted.clone()],
        "search by code finds that package only"
    );
    assert!(
        url_after_search.contains(&format!("q={wanted}")),
        "search kept in the URL: {url_after_search}"
    );
    assert_eq!(shown_second, expected_second, "deep link to page 2 of 10");
}

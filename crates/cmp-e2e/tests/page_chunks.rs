//! Journey: the release build is split into a shell and chunks per group of pages
//! (`src/split.rs`). A cold load of the catalogue fetches the catalogue's chunks and no
//! other group's, and asks for the catalogue while its chunk is still on the way; a group
//! whose chunk cannot be fetched (here deleted, as after a redeploy under an open tab) shows
//! a notice with a Reload button instead of breaking the app.

use cmp_e2e::{Browser, Stack, StackOptions};
use fantoccini::Locator;
use std::path::{Path, PathBuf};

/// Copies `dist` into a fresh directory without the files whose names contain `leave_out`;
/// returns the copy and how many files were left out.
fn copy_dist_without(dist: &Path, leave_out: &str) -> (PathBuf, usize) {
    let copy = std::env::temp_dir().join(format!("cmp-e2e-dist-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("create the dist copy");
    let mut left_out = 0;
    for entry in std::fs::read_dir(dist).expect("read the built dist") {
        let entry = entry.expect("dist entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(leave_out) {
            left_out += 1;
        } else if entry.file_type().expect("file type").is_file() {
            std::fs::copy(entry.path(), copy.join(&name)).expect("copy a dist file");
        }
    }
    (copy, left_out)
}

/// Clicks the element `css` finds.
async fn click(c: &fantoccini::Client, css: &str) -> Result<(), String> {
    let element = c.find(Locator::Css(css)).await.map_err(|e| e.to_string())?;
    element.click().await.map_err(|e| e.to_string())
}

/// `[name, startTime, responseEnd]` of every resource the page fetched.
const FETCHED: &str = "return performance.getEntriesByType('resource')\
    .map(e => [e.name, e.startTime, e.responseEnd])";

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn pages_load_their_own_chunks_and_a_missing_chunk_offers_a_reload() {
    let dist = PathBuf::from(std::env::var("CMP_E2E_DIST").expect("CMP_E2E_DIST"));
    let (copy, left_out) = copy_dist_without(&dist, "split_order_pages");
    assert!(
        left_out > 0,
        "the built dist has no order-pages chunk: was it built without the split step?"
    );
    let options = StackOptions::default().setting("CMP_DIST_DIR", copy.display().to_string());
    let stack = Stack::start_with("page-chunks", &options).expect("proxy starts");
    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        c.goto(&stack.url_with_token("/packages", &stack.admin))
            .await
            .map_err(|e| e.to_string())?;
        browser
            .wait_for_count("[data-testid=package-row]", 20, 20)
            .await
            .map_err(|e| e.to_string())?;
        let fetched = c
            .execute(FETCHED, vec![])
            .await
            .map_err(|e| e.to_string())?;
        let fetched: Vec<(String, f64, f64)> =
            serde_json::from_value(fetched).map_err(|e| e.to_string())?;

        // The Orders group's code is gone: its pages say so and offer a reload.
        click(c, "nav a[href='/orders']").await?;
        let notice = browser
            .wait_for_text("[data-testid=page-code-error]", 20, |t| {
                t.contains("could not be loaded")
            })
            .await
            .map_err(|e| e.to_string())?;
        browser
            .screenshot("page-code-error")
            .await
            .map_err(|e| e.to_string())?;
        let reload = c
            .find(Locator::Css("[data-testid=page-code-error] button"))
            .await
            .map_err(|e| e.to_string())?
            .text()
            .await
            .map_err(|e| e.to_string())?;
        // The shell still works: back to the catalogue, whose code is already here.
        click(c, "nav a[href='/packages']").await?;
        browser
            .wait_for_count("[data-testid=package-row]", 20, 20)
            .await
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((fetched, notice, reload))
    }
    .await;
    if outcome.is_err() {
        let _ = browser.screenshot("page-chunks-failure").await;
    }
    browser.close().await;
    let _ = std::fs::remove_dir_all(&copy);
    let (fetched, notice, reload) = outcome.expect("journey");

    let find = |part: &str| fetched.iter().find(|(name, _, _)| name.contains(part));
    let (_, _, chunk_arrived) = find("split_catalogue_pages")
        .unwrap_or_else(|| panic!("the catalogue's chunk was not fetched: {fetched:?}"));
    for other in [
        "split_device_pages",
        "split_order_pages",
        "split_overview_pages",
        "split_embed_pages",
    ] {
        assert!(
            find(other).is_none(),
            "a cold /packages fetched {other}: {fetched:?}"
        );
    }
    let (_, catalogue_asked, _) = find("/cmp-api/package/syncPackages")
        .unwrap_or_else(|| panic!("the catalogue was not asked for: {fetched:?}"));
    assert!(
        catalogue_asked < chunk_arrived,
        "the catalogue was asked for at {catalogue_asked} ms, only after its chunk arrived at \
         {chunk_arrived} ms"
    );
    assert!(
        notice.contains("Reload to get the current version"),
        "{notice}"
    );
    assert_eq!(reload, "Reload");
}

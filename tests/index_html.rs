//! `index.html` starts a cold `/packages` page's first catalogue request before the app's
//! wasm has loaded (`src/packages/prefetch.rs` adopts it). Its script is plain JavaScript,
//! so nothing compiles it against the app: these checks keep its path, page, size and token
//! key the app's own, or the early request would be made and never adopted.

use cmp_api::Operation;
use cmp_dashboard::api::token::TOKEN_KEY;
use cmp_dashboard::ui::paging::DEFAULT_PAGE_SIZE;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const INDEX_HTML: &str = include_str!("../index.html");

/// The text of the inline script that starts the catalogue request.
fn early_catalogue_script() -> &'static str {
    INDEX_HTML
        .split("<script>")
        .map(|rest| rest.split("</script>").next().unwrap_or_default())
        .find(|script| script.contains("cmpEarlyCatalogue"))
        .expect("index.html has the early catalogue script")
}

#[test]
fn the_early_catalogue_request_is_the_one_the_packages_page_makes() {
    let script = early_catalogue_script();
    let path = format!("fetch(\"{}\"", Operation::SyncPackages.path());
    assert!(script.contains(&path), "posts to {path}");
    assert!(script.contains("pageNo: 1,"), "page 1 is the default");
    let size = format!("pageSize: {DEFAULT_PAGE_SIZE},");
    assert!(script.contains(&size), "the default page size: {size}");
    let body = format!("JSON.stringify({{ page_no: 1, page_size: {DEFAULT_PAGE_SIZE} }})");
    assert!(script.contains(&body), "the body the app sends: {body}");
    let key = format!("sessionStorage.getItem(\"{TOKEN_KEY}\")");
    assert!(script.contains(&key), "the session's token: {key}");
}

#[test]
fn only_an_unfiltered_packages_address_starts_it() {
    let script = early_catalogue_script();
    assert!(script.contains(r"/^\/packages\/?$/.test(location.pathname) || location.search"));
}

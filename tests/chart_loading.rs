//! Browser tests of loading ECharts on demand, in a page of their own (no ECharts preloaded):
//! a chart asks for the script (or takes over the load index.html started), a failed load
//! says so in words and leaves no broken script behind, so the next chart tries again. (The
//! test server has no `/echarts.custom.min.js`, which is exactly a failed load.)
#![cfg(target_arch = "wasm32")]

use cmp_dashboard::ui::charts::echarts::{self, ChartError, SCRIPT_URL};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn injected_scripts() -> u32 {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector_all("script[data-echarts]")
        .unwrap()
        .length()
}

fn injected_src() -> Option<String> {
    web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector("script[data-echarts]")
        .unwrap()
        .and_then(|script| script.get_attribute("src"))
}

#[wasm_bindgen_test]
async fn a_failed_load_is_reported_and_retried_by_the_next_chart() {
    assert!(
        !echarts::is_loaded(),
        "this page must start without ECharts"
    );
    // Two charts mounting together: the first poll of each runs before the script settles.
    let (first, second, seen) = futures::join!(echarts::load(), echarts::load(), async {
        (injected_scripts(), injected_src())
    });
    assert_eq!(seen.0, 1, "both charts wait for one script");
    assert_eq!(
        seen.1.as_deref(),
        Some(SCRIPT_URL),
        "an absolute path, so deep links work"
    );
    assert_eq!(first, Err(ChartError::NotLoaded));
    assert_eq!(second, Err(ChartError::NotLoaded));
    assert_eq!(injected_scripts(), 0, "the failed script is removed");
    // A later chart asks again rather than reusing the failure.
    let (again, seen_again) = futures::join!(echarts::load(), async { injected_scripts() });
    assert_eq!(seen_again, 1);
    assert_eq!(again, Err(ChartError::NotLoaded));
    assert!(
        ChartError::NotLoaded
            .to_string()
            .contains("reload the page"),
        "the message says what to do"
    );
}

#[wasm_bindgen_test]
async fn a_load_started_by_the_index_page_is_taken_over_not_repeated() {
    use wasm_bindgen::JsValue;
    let window = web_sys::window().unwrap();
    let document = window.document().unwrap();
    // What index.html does on a page with charts: its own script, and the promise of its load
    // (here one that fails, as the test server has no ECharts).
    let script = document.create_element("script").unwrap();
    script.set_attribute("data-echarts", "").unwrap();
    script.set_attribute("type", "text/plain").unwrap();
    document.head().unwrap().append_child(&script).unwrap();
    let started = js_sys::Promise::reject(&JsValue::from_str("404"));
    js_sys::Reflect::set(&window, &"cmpEchartsLoad".into(), &started).unwrap();

    let (result, seen) = futures::join!(echarts::load(), async { injected_scripts() });
    assert_eq!(
        seen, 1,
        "the chart waits for the index page's script, adding none"
    );
    assert_eq!(result, Err(ChartError::NotLoaded));
    assert!(
        !js_sys::Reflect::has(&window, &"cmpEchartsLoad".into()).unwrap(),
        "taken once"
    );
    assert_eq!(injected_scripts(), 0, "the failed script is removed");
    let (again, seen_again) = futures::join!(echarts::load(), async { injected_src() });
    assert_eq!(
        seen_again.as_deref(),
        Some(SCRIPT_URL),
        "the next chart loads it anew"
    );
    assert_eq!(again, Err(ChartError::NotLoaded));
}

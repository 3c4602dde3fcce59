//! Browser tests of the notice shown when a page's code chunk cannot be fetched.
#![cfg(target_arch = "wasm32")]

use cmp_dashboard::ui::PageCodeError;
use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn says_what_happened_and_reload_calls_back() {
    let reloads = Arc::new(AtomicUsize::new(0));
    let counter = reloads.clone();
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let on_reload = Callback::new(move |()| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    leptos::mount::mount_to(host.clone(), move || view! { <PageCodeError on_reload /> }).forget();

    let notice = host
        .query_selector("[data-testid=page-code-error]")
        .unwrap()
        .expect("the notice");
    assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
    let text = notice.text_content().unwrap_or_default();
    assert!(text.contains("could not be loaded"), "{text}");
    assert!(text.contains("Reload to get the current version"), "{text}");

    let button: web_sys::HtmlElement = notice
        .query_selector("button")
        .unwrap()
        .expect("a Reload button")
        .unchecked_into();
    assert_eq!(button.text_content().as_deref(), Some("Reload"));
    assert_eq!(reloads.load(Ordering::SeqCst), 0);
    button.click();
    assert_eq!(reloads.load(Ordering::SeqCst), 1);
}

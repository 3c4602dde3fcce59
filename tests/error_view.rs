//! Browser tests of the error component: the message and a working Retry button.
#![cfg(target_arch = "wasm32")]

use cmp_dashboard::api::ApiError;
use cmp_dashboard::ui::ErrorView;
use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn mount(error: ApiError, on_retry: Callback<()>) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), move || view! { <ErrorView error on_retry /> }).forget();
    host
}

#[wasm_bindgen_test]
fn shows_the_proxy_message_and_retry_calls_back() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let error = ApiError::from_status(503, Some("The platform is down for maintenance.".into()));
    let host = mount(
        error.clone(),
        Callback::new(move |()| {
            counter.fetch_add(1, Ordering::SeqCst);
        }),
    );
    let panel = host
        .query_selector("[data-testid=error]")
        .unwrap()
        .expect("error panel");
    let text = panel.text_content().unwrap_or_default();
    assert!(
        text.contains("The platform is down for maintenance."),
        "{text}"
    );
    assert!(text.contains(&error.to_string()));
    let button: web_sys::HtmlElement = panel
        .query_selector("button")
        .unwrap()
        .expect("retry button")
        .unchecked_into();
    assert_eq!(button.text_content().unwrap_or_default().trim(), "Retry");
    button.click();
    button.click();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[wasm_bindgen_test]
fn status_401_is_an_unauthorized_error_with_a_fallback_message() {
    let error = ApiError::from_status(401, None);
    assert!(error.is_unauthorized());
    assert!(error.to_string().contains("Sign in again"));
    let other = ApiError::from_status(429, Some("  ".into()));
    assert!(!other.is_unauthorized());
    assert!(other.to_string().contains("HTTP 429"));
}

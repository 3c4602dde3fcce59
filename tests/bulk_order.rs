//! Browser tests of the Bulk order form: problems listed with line numbers, the submit
//! button only enabled with valid ids, the subscribed count check, and results as CSV.
#![cfg(target_arch = "wasm32")]

use cmp_api::{BatchOrderResult, Envelope};
use cmp_dashboard::orders::bulk::options::parse_count;
use cmp_dashboard::orders::bulk::page::{BulkOrderForm, too_many_devices};
use cmp_dashboard::orders::bulk::results::results_csv;
use cmp_dashboard::session::auth::Auth;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const GOOD: &str = "89852022018041800192";
const ALSO_GOOD: &str = "89852022018041800193";

fn mount() -> web_sys::HtmlElement {
    mount_with_limit(None)
}

/// Mounts the form as if the proxy announced `max` devices per order.
fn mount_with_limit(max: Option<usize>) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), move || {
        provide_context(Auth::from_storage());
        view! { <BulkOrderForm package="DP20190726001274" max_devices=Signal::stored(max) /> }
    })
    .forget();
    host
}

async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

/// Types `text` into the device list as a person would (value, then an input event).
async fn type_devices(host: &web_sys::HtmlElement, text: &str) {
    let area = host
        .query_selector("[data-testid=bulk-devices]")
        .unwrap()
        .expect("the device list box");
    let typing = js_sys::Function::new_with_args(
        "el, text",
        "el.value = text; el.dispatchEvent(new Event('input', {bubbles: true}))",
    );
    typing
        .call2(&JsValue::NULL, &area, &JsValue::from_str(text))
        .unwrap();
    settle().await;
}

fn submit_disabled(host: &web_sys::HtmlElement) -> bool {
    host.query_selector("[data-testid=bulk-submit]")
        .unwrap()
        .expect("the submit button")
        .has_attribute("disabled")
}

#[wasm_bindgen_test]
async fn problems_are_listed_by_line_and_submit_waits_for_a_valid_id() {
    let host = mount();
    settle().await;
    assert!(submit_disabled(&host), "nothing typed yet");
    assert!(
        host.query_selector("[data-testid=bulk-problems]")
            .unwrap()
            .is_none()
    );

    let bad = "12345\n\nabcdefghijklmnopqrst\n";
    type_devices(&host, bad).await;
    assert!(submit_disabled(&host), "no valid id, yet submit is enabled");
    let problems = host
        .query_selector("[data-testid=bulk-problems]")
        .unwrap()
        .expect("the problem list");
    let text = problems.text_content().unwrap();
    for problem in cmp_api::validate::device_list(bad).problems {
        assert!(
            text.contains(&format!("Line {}: {}", problem.line, problem.error)),
            "{text}"
        );
    }
    assert!(text.contains("Line 3:"), "blank lines still count: {text}");

    let mixed = format!("{GOOD}\nnot-an-id\n{GOOD}\n{ALSO_GOOD}");
    type_devices(&host, &mixed).await;
    assert!(
        !submit_disabled(&host),
        "two valid ids, yet submit is disabled"
    );
    let text = host
        .query_selector("[data-testid=bulk-problems]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("Line 2:"), "{text}");
    assert!(
        text.contains("Line 3:") && text.contains("line 1"),
        "duplicate not listed: {text}"
    );
    let submit = host
        .query_selector("[data-testid=bulk-submit]")
        .unwrap()
        .unwrap();
    assert!(submit.text_content().unwrap().contains("2 devices"));
}

#[wasm_bindgen_test]
async fn a_list_longer_than_the_proxy_allows_is_blocked_with_the_limit() {
    let host = mount_with_limit(Some(1));
    type_devices(&host, &format!("{GOOD}\n{ALSO_GOOD}")).await;
    assert!(submit_disabled(&host), "two devices over a limit of one");
    let reason = host
        .query_selector("#bulk-blocker")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert_eq!(Some(reason), too_many_devices(2, Some(1)));
    assert!(too_many_devices(2, Some(1)).unwrap().contains("at most 1"));
    type_devices(&host, GOOD).await;
    assert!(!submit_disabled(&host), "one device is within the limit");
    assert_eq!(
        too_many_devices(5, None),
        None,
        "no announced limit, no check here"
    );
}

#[wasm_bindgen_test]
async fn a_bad_subscribed_count_blocks_the_order() {
    let host = mount();
    type_devices(&host, GOOD).await;
    assert!(!submit_disabled(&host));
    let count = host.query_selector("#bulk-count").unwrap().unwrap();
    let typing = js_sys::Function::new_with_args(
        "el",
        "el.value = '0'; el.dispatchEvent(new Event('input', {bubbles: true}))",
    );
    typing.call1(&JsValue::NULL, &count).unwrap();
    settle().await;
    assert!(submit_disabled(&host));
    assert!(
        host.text_content()
            .unwrap()
            .contains(&parse_count("0").unwrap_err())
    );
}

#[wasm_bindgen_test]
fn subscribed_count_is_empty_or_a_positive_whole_number() {
    assert_eq!(parse_count("  "), Ok(None));
    assert_eq!(parse_count(" 12 "), Ok(Some(12)));
    for bad in ["0", "-3", "1.5", "ten"] {
        let message = parse_count(bad).unwrap_err();
        assert!(message.contains(bad), "{message}");
    }
}

#[wasm_bindgen_test]
fn results_become_csv_rows_with_quoting() {
    let answer = r#"{"code":"0000","message":"success","success":true,"data":{"device_order":[
      {"error":"0000","errorMsg":"success","order_id":"ORDER_1","device_id":"89852022018041800192",
       "order_start_date":"20240501","order_expire_date":"20240531"},
      {"error":"2003","errorMsg":"Device is \"locked\", try later","device_id":"89852022018041800193"},
      {"error":"2004","errorMsg":"=HYPERLINK(\"x\")","device_id":"89852022018041800194"},
      {"error":"2005","errorMsg":"","device_id":"89852022018041800195"}
    ]}}"#;
    let results: BatchOrderResult = cmp_api::decode::<Envelope<BatchOrderResult>>(answer)
        .unwrap()
        .data
        .unwrap();
    let csv = results_csv(&results.device_order);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines.len(), results.device_order.len() + 2, "{csv}");
    assert_eq!(
        lines[0],
        "device_id,result,order_id,message,start_date,expire_date"
    );
    assert_eq!(
        lines[1],
        "89852022018041800192,ordered,ORDER_1,success,2024-05-01,2024-05-31"
    );
    assert_eq!(
        lines[2],
        r#"89852022018041800193,failed,,"Device is ""locked"", try later",,"#
    );
    assert_eq!(
        lines[3],
        r#"89852022018041800194,failed,,"'=HYPERLINK(""x"")",,"#
    );
    assert_eq!(lines[4], "89852022018041800195,failed,,code 2005,,");
    assert_eq!(lines[5], "");
}

//! Browser tests of the Devices pages' pieces: the device-id field's inline validation,
//! the lifecycle timeline's current stage, the order card's usage line and profile rows.
#![cfg(target_arch = "wasm32")]

use cmp_api::{CmpTime, Kilobytes, Lifecycle, Megabytes, PackageOrder, Profile};
use cmp_dashboard::devices::id_field::DeviceIdField;
use cmp_dashboard::devices::lifecycle::DeviceLifecycle;
use cmp_dashboard::devices::order::{DeviceOrder, usage_text};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` into a fresh element and returns that element.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn find(host: &web_sys::Element, selector: &str) -> web_sys::Element {
    host.query_selector(selector).unwrap().unwrap()
}

fn all(host: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = host.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

/// Lets the reactive system run the effects a DOM event scheduled.
async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

async fn submit(host: &web_sys::Element, value: &str) {
    let input: web_sys::HtmlInputElement = find(host, "#device-id").unchecked_into();
    input.set_value(value);
    let button: web_sys::HtmlElement = find(host, "button[type=submit]").unchecked_into();
    button.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn device_id_field_shows_the_validation_message_inline() {
    let submitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = submitted.clone();
    let host = mount(move || {
        let on_submit = Callback::new(move |id: String| sink.lock().unwrap().push(id));
        view! { <DeviceIdField on_submit /> }
    });
    submit(&host, "8985AB").await;
    let expected = cmp_api::validate::device_id("8985AB")
        .unwrap_err()
        .to_string();
    let message = find(&host, "[data-testid=device-id-error]");
    assert_eq!(message.text_content().unwrap(), expected);
    let input = find(&host, "#device-id");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    assert!(described.split(' ').any(|id| id == message.id()));
    assert!(
        submitted.lock().unwrap().is_empty(),
        "an invalid id is not submitted"
    );

    submit(&host, " 89852202310161621658 ").await;
    assert_eq!(
        *submitted.lock().unwrap(),
        vec!["89852202310161621658".to_owned()]
    );
    assert_eq!(message.text_content().unwrap(), "");
    assert_eq!(
        input.get_attribute("aria-invalid").as_deref(),
        Some("false")
    );
}

#[wasm_bindgen_test]
fn lifecycle_timeline_marks_the_current_stage() {
    for (current, index) in [(Lifecycle::Inventory, 0), (Lifecycle::Suspended, 3)] {
        let label = current.label();
        let start: Option<CmpTime> = "20231124".parse().ok();
        let end: Option<CmpTime> = "20240531".parse().ok();
        let host = mount(move || {
            view! {
                <DeviceLifecycle
                    current=Some(current)
                    start
                    end
                    silent_months=Some(6)
                    shutdown_months=Some(2)
                />
            }
        });
        let stages = all(&host, "[data-testid=lifecycle-stage]");
        assert_eq!(stages.len(), Lifecycle::ALL.len());
        let marked: Vec<usize> = stages
            .iter()
            .enumerate()
            .filter(|(_, li)| li.get_attribute("aria-current").as_deref() == Some("step"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(marked, vec![index]);
        assert!(stages[index].class_list().contains("stage-current"));
        let text = stages[index].text_content().unwrap().to_lowercase();
        assert!(text.contains(&label), "{text} should name {label}");
        assert_eq!(
            find(&host, "[data-testid=lifecycle-start]")
                .text_content()
                .unwrap(),
            "2023-11-24"
        );
        assert_eq!(
            find(&host, "[data-testid=lifecycle-end]")
                .text_content()
                .unwrap(),
            "2024-05-31"
        );
        assert!(host.text_content().unwrap().contains("6 months"));
    }
}

fn order() -> PackageOrder {
    PackageOrder {
        order_code: "ORDER_1727992973356523520".into(),
        package_name: Some("JP-UnLimited-Speed-30GB-Monthly".into()),
        flow: Some(Megabytes(30720)),
        used_flow: Some(Kilobytes(3 * 1024 * 1024)),
        order_used_flow: Some(Kilobytes(19_397_607)),
        profile_list: vec![
            Profile {
                iccid: "89852202310161621656".into(),
                imsi: "440039980621656".into(),
                msisdn: "FFFFFFFFFF".into(),
            },
            Profile {
                iccid: "89852202310161621657".into(),
                imsi: "440039980621657".into(),
                msisdn: "8613800000000".into(),
            },
        ],
        ..Default::default()
    }
}

#[wasm_bindgen_test]
fn order_card_shows_usage_against_its_flow_and_profiles() {
    assert_eq!(
        usage_text(&order()),
        "3 GB of 30 GB used this cycle (10.0 %)"
    );
    let unlimited = PackageOrder {
        flow: None,
        ..order()
    };
    assert!(usage_text(&unlimited).starts_with("3 GB used"));
    let host = mount(|| view! { <DeviceOrder order=order() /> });
    let card = find(&host, "[data-testid=device-order]");
    assert!(
        card.text_content()
            .unwrap()
            .contains("JP-UnLimited-Speed-30GB-Monthly")
    );
    assert_eq!(
        find(&host, "[data-testid=device-order-usage]")
            .text_content()
            .unwrap(),
        usage_text(&order())
    );
    // 19,397,607 KB over the whole order, in human units.
    assert!(
        card.text_content()
            .unwrap()
            .contains(&Kilobytes(19_397_607).bytes().human())
    );
    let rows = all(&host, "[data-testid=device-profile-row]");
    assert_eq!(rows.len(), 2);
    assert!(rows[1].text_content().unwrap().contains("440039980621657"));
}

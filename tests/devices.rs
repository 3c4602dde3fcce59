//! Browser tests of the Devices pages' pieces: the device-id field's inline validation,
//! the lifecycle timeline's current stage, the order card's usage line and profile rows,
//! and the device page of an id that is not an ICCID.
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
    submit(&host, "8985 AB").await;
    let expected = cmp_api::validate::device_lookup("8985 AB")
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
async fn device_id_field_looks_up_ids_that_are_not_iccids() {
    let submitted = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = submitted.clone();
    let host = mount(move || {
        let on_submit = Callback::new(move |id: String| sink.lock().unwrap().push(id));
        view! { <DeviceIdField on_submit /> }
    });
    // A MiFi's id, a module's IMEI, a short id: refused before as "not 18 to 22 digits".
    for id in ["MIFI-0042", "356938035643809", "8985AB"] {
        submit(&host, &format!(" {id} ")).await;
    }
    assert_eq!(
        *submitted.lock().unwrap(),
        vec!["MIFI-0042", "356938035643809", "8985AB"]
    );
    assert_eq!(
        find(&host, "[data-testid=device-id-error]")
            .text_content()
            .unwrap(),
        ""
    );
    let hint = find(&host, "#device-id-hint").text_content().unwrap();
    assert!(hint.contains("MiFi, module or SoC"), "{hint}");
}

/// Mounts the device page at `/devices/{id}` (the address bar is put back afterwards).
async fn device_page(id: &str) -> web_sys::HtmlElement {
    use cmp_dashboard::devices::DeviceDetailPage;
    use cmp_dashboard::session::auth::Auth;
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let before = window.location().href().unwrap();
    history
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("/devices/{id}")),
        )
        .unwrap();
    let host = mount(|| {
        provide_context(Auth {
            token: RwSignal::new(Some("test-token".into())),
            notice: RwSignal::new(None),
        });
        view! {
            <Router>
                <Routes fallback=|| "no route">
                    <Route path=path!("/devices/:id") view=DeviceDetailPage />
                </Routes>
            </Router>
        }
    });
    settle().await;
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
    host
}

#[wasm_bindgen_test]
async fn the_device_page_of_a_non_iccid_id_hints_and_loads_no_usage() {
    use cmp_dashboard::devices::id_hint::{NOT_AN_ICCID, no_usage_text};
    let host = device_page("MIFI-0042").await;
    assert!(
        host.query_selector("[data-testid=error]")
            .unwrap()
            .is_none(),
        "not refused"
    );
    assert_eq!(
        find(&host, "#device-title").text_content().unwrap(),
        "Device MIFI-0042"
    );
    assert_eq!(
        find(&host, "[data-testid=not-iccid]")
            .text_content()
            .unwrap(),
        NOT_AN_ICCID
    );
    let usage = find(&host, "[data-testid=usage-section]");
    assert_eq!(
        find(&usage, "[data-testid=usage-not-iccid]")
            .text_content()
            .unwrap(),
        no_usage_text()
    );
    assert!(
        usage.query_selector(".usage-range").unwrap().is_none()
            && usage.get_attribute("data-from").is_none(),
        "no range and no CDR load for a device that is not a SIM"
    );

    // A SIM's page has no hint, and its usage section loads CDRs over a range.
    let sim = device_page("89852202310161621658").await;
    assert!(
        sim.query_selector("[data-testid=not-iccid]")
            .unwrap()
            .is_none()
    );
    assert!(
        sim.query_selector("[data-testid=usage-not-iccid]")
            .unwrap()
            .is_none()
    );
    assert!(sim.query_selector(".usage-range").unwrap().is_some());

    // Junk is still refused, with the lookup form to correct it.
    let junk = device_page("8985%20AB").await;
    assert!(
        junk.query_selector("[data-testid=error]")
            .unwrap()
            .is_some()
    );
    assert!(junk.query_selector("#device-id").unwrap().is_some());
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

//! Browser tests of the embed pages' pieces: the query-string options (theme, accent,
//! hide_title, range), the frame token kept out of sessionStorage, the resize message, the
//! refusals in words for each error, the pool gauge, and the device pages of an id that is
//! not an ICCID.
#![cfg(target_arch = "wasm32")]

use cmp_api::{Bytes, CmpTime, TrafficPool};
use cmp_dashboard::api::ApiError;
use cmp_dashboard::api::token::{frame_token, set_frame_token};
use cmp_dashboard::embed::options::{Accent, EmbedOptions, Theme};
use cmp_dashboard::embed::pool_gauge::{PoolGauge, has_more_pages, time_left_text};
use cmp_dashboard::embed::refusal::{Refusal, RefusalView};
use cmp_dashboard::embed::resize::{RESIZE_TYPE, resize_message};
use cmp_dashboard::embed::{is_embed_path, token};
use leptos::prelude::*;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn options(query: &[(&str, &str)]) -> EmbedOptions {
    let map: HashMap<String, String> = query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    EmbedOptions::from_lookup(|k| map.get(k).cloned())
}

fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), view).forget();
    host
}

fn text_of(host: &web_sys::HtmlElement, css: &str) -> String {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{css}` in {}", host.inner_html()))
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn defaults_when_the_query_names_nothing() {
    let o = options(&[]);
    assert_eq!(o.theme, Theme::Auto);
    assert_eq!(o.accent, None);
    assert!(!o.hide_title);
    assert_eq!(o.range_days, 30);
}

#[wasm_bindgen_test]
fn theme_is_light_dark_or_auto() {
    assert_eq!(options(&[("theme", "dark")]).theme, Theme::Dark);
    assert_eq!(options(&[("theme", "LIGHT")]).theme, Theme::Light);
    assert_eq!(options(&[("theme", "auto")]).theme, Theme::Auto);
    assert_eq!(options(&[("theme", "purple")]).theme, Theme::Auto);
    assert_eq!(Theme::Dark.forced_dark(), Some(true));
    assert_eq!(Theme::Light.forced_dark(), Some(false));
    assert_eq!(Theme::Auto.forced_dark(), None);
    assert_eq!(Theme::Dark.attribute(), "dark");
}

#[wasm_bindgen_test]
fn accent_accepts_hex_colours_only() {
    let accent = |v: &str| options(&[("accent", v)]).accent.map(|a| a.css().to_owned());
    assert_eq!(accent("#FF6600").as_deref(), Some("#ff6600"));
    assert_eq!(accent("ff6600").as_deref(), Some("#ff6600"));
    assert_eq!(accent("#f60").as_deref(), Some("#ff6600"));
    for bad in [
        "red",
        "#ff66",
        "#ff66001",
        "#gg0000",
        "#ff0000;background:url(x)",
        "",
        "#",
    ] {
        assert_eq!(accent(bad), None, "{bad:?} must be refused");
    }
}

#[wasm_bindgen_test]
fn accent_text_is_readable_on_the_accent() {
    assert_eq!(Accent::parse("#ffff00").unwrap().text_colour(), "#000000");
    assert_eq!(Accent::parse("#1e3a8a").unwrap().text_colour(), "#ffffff");
    assert_eq!(Accent::parse("#ff6600").unwrap().text_colour(), "#000000");
}

#[wasm_bindgen_test]
fn hide_title_and_range() {
    assert!(options(&[("hide_title", "1")]).hide_title);
    assert!(options(&[("hide_title", "true")]).hide_title);
    assert!(!options(&[("hide_title", "0")]).hide_title);
    for days in [7, 30, 90, 180] {
        assert_eq!(options(&[("range", &days.to_string())]).range_days, days);
    }
    assert_eq!(options(&[("range", "45")]).range_days, 30);
    assert_eq!(options(&[("range", "week")]).range_days, 30);
}

#[wasm_bindgen_test]
fn embed_paths_are_recognised() {
    assert!(is_embed_path("/embed/devices/898600/usage"));
    assert!(is_embed_path("/embed/orders"));
    assert!(!is_embed_path("/embedded"));
    assert!(!is_embed_path("/devices/898600"));
}

#[wasm_bindgen_test]
fn resize_message_has_the_documented_shape() {
    let message = resize_message(412.3, "/embed/pools/P1");
    assert_eq!(
        message,
        serde_json::json!({"type": "cmp-embed:resize", "height": 413, "path": "/embed/pools/P1"})
    );
    assert_eq!(RESIZE_TYPE, "cmp-embed:resize");
    assert_eq!(resize_message(f64::NAN, "/x")["height"], 0);
    assert_eq!(resize_message(-5.0, "/x")["height"], 0);
}

#[wasm_bindgen_test]
fn the_fragment_token_stays_in_memory_and_leaves_the_address_bar() {
    let window = web_sys::window().unwrap();
    let storage = window.session_storage().unwrap().unwrap();
    storage
        .set_item("cmp-dashboard.token", "dashboard-session")
        .unwrap();
    window
        .location()
        .set_hash("token=header.claims.sig")
        .unwrap();
    assert!(token::take_from_fragment());
    assert_eq!(frame_token().as_deref(), Some("header.claims.sig"));
    assert_eq!(window.location().hash().unwrap(), "");
    assert_eq!(
        storage.get_item("cmp-dashboard.token").unwrap().as_deref(),
        Some("dashboard-session"),
        "the dashboard's own session must be left alone"
    );
    storage.remove_item("cmp-dashboard.token").unwrap();
    set_frame_token(None);
}

#[wasm_bindgen_test]
fn refusals_are_worded_per_error() {
    let expired = Refusal::from_error(
        ApiError::from_status(
            401,
            Some("this embed link expired at 2026-11-30 10:00 UTC".into()),
        ),
        "device 8985",
    );
    assert_eq!(expired.title(), "This embed link has expired");
    assert!(
        expired
            .detail()
            .contains("This embed link expired at 2026-11-30 10:00 UTC."),
        "{}",
        expired.detail()
    );
    assert!(!expired.can_retry());

    let forged = Refusal::from_error(
        ApiError::from_status(401, Some("this embed link is not valid".into())),
        "device 8985",
    );
    assert_eq!(forged.title(), "This embed link is not valid");

    let scope = Refusal::from_error(
        ApiError::from_status(
            403,
            Some("this embed token is for devices 8985…658 only".into()),
        ),
        "device 89860000000000000001",
    );
    assert_eq!(
        scope.title(),
        "This link does not cover device 89860000000000000001"
    );
    assert_eq!(
        scope.detail(),
        "This embed token is for devices 8985…658 only."
    );
    assert!(!scope.can_retry());

    let down = Refusal::from_error(ApiError::Network("connection refused".into()), "pool P1");
    assert_eq!(down.title(), "This view could not be loaded");
    assert!(down.can_retry());
    assert!(down.detail().contains("connection refused"));
}

#[wasm_bindgen_test]
fn refusal_view_shows_words_and_retry_only_when_it_helps() {
    let scope = Refusal::from_error(
        ApiError::from_status(
            403,
            Some("this embed token is for devices 8985…658 only".into()),
        ),
        "device 89860000000000000001",
    );
    let host = mount(move || view! { <RefusalView refusal=scope on_retry=|()| {} /> }.into_any());
    let text = text_of(&host, "[data-testid=embed-refusal]");
    assert!(
        text.contains("This link does not cover device 89860000000000000001"),
        "{text}"
    );
    assert!(host.query_selector("button").unwrap().is_none());

    let down = Refusal::from_error(ApiError::Network("offline".into()), "pool P1");
    let host = mount(move || view! { <RefusalView refusal=down on_retry=|()| {} /> }.into_any());
    assert!(host.query_selector("button").unwrap().is_some());
}

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

fn pool(used: u64, total: u64) -> TrafficPool {
    TrafficPool {
        total_quota_byte: Some(Bytes(total)),
        used_byte: Some(Bytes(used)),
        traffic_pool_start_time: Some(t("2025-11-01 00:00:00")),
        traffic_pool_end_time: Some(t("2025-11-30 23:59:59")),
        traffic_pool_id: "CTP1".into(),
        traffic_pool_name: "Fleet".into(),
    }
}

#[wasm_bindgen_test]
fn pool_gauge_shows_share_period_and_days_left() {
    let now = t("2025-11-11 00:00:00");
    let host = mount(move || view! { <PoolGauge pool=pool(850, 1000) now /> }.into_any());
    assert_eq!(text_of(&host, "[data-testid=pool-gauge-percent]"), "85.0 %");
    assert_eq!(
        text_of(&host, "[data-testid=pool-gauge-period]"),
        "2025-11-01 – 2025-11-30"
    );
    assert_eq!(
        text_of(&host, "[data-testid=pool-gauge-left]"),
        "19 days left"
    );
    let gauge = host
        .query_selector("[data-testid=pool-gauge]")
        .unwrap()
        .unwrap();
    assert!(gauge.class_list().contains("usage-warn"));
    let arc = host.query_selector(".pool-gauge-value").unwrap().unwrap();
    assert_eq!(
        arc.get_attribute("stroke-dasharray").as_deref(),
        Some("85.0 100")
    );
}

#[wasm_bindgen_test]
fn time_left_and_page_lookup_rules() {
    let end = Some(t("2025-11-30 23:59:59"));
    assert_eq!(time_left_text(end, t("2025-11-30 08:00:00")), "Ends today");
    assert_eq!(time_left_text(end, t("2025-11-29 08:00:00")), "1 day left");
    assert_eq!(time_left_text(end, t("2025-12-01 00:00:00")), "Ended");
    assert_eq!(
        time_left_text(None, t("2025-12-01 00:00:00")),
        "No end date"
    );
    assert!(has_more_pages(1, 100, 250));
    assert!(has_more_pages(2, 100, 250));
    assert!(!has_more_pages(3, 50, 250));
    assert!(!has_more_pages(1, 0, 250), "an empty page ends the lookup");
    assert!(
        !has_more_pages(100, 100, 1_000_000),
        "the lookup is bounded"
    );
}

/// Mounts the embed page `view` routed at `route`, with the address bar at `address` while
/// it mounts (put back afterwards).
async fn embed_page(address: &str, view: fn() -> AnyView) -> web_sys::HtmlElement {
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let before = window.location().href().unwrap();
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(address))
        .unwrap();
    let host = mount(move || {
        provide_context(options(&[]));
        view! {
            <Router>
                <Routes fallback=|| "no route">
                    <Route path=path!("/embed/devices/:id/usage") view=view />
                    <Route path=path!("/embed/devices/:id") view=view />
                    <Route path=path!("/embed/orders") view=view />
                </Routes>
            </Router>
        }
        .into_any()
    });
    for _ in 0..3 {
        leptos::task::tick().await;
    }
    history
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
    host
}

#[wasm_bindgen_test]
async fn embeds_look_up_devices_that_are_not_sims_with_a_hint() {
    use cmp_dashboard::devices::id_hint::{NOT_AN_ICCID, no_usage_text};
    use cmp_dashboard::embed::device_status::DeviceStatusEmbed;
    use cmp_dashboard::embed::device_usage::DeviceUsageEmbed;
    use cmp_dashboard::embed::orders::OrdersEmbed;
    let usage = embed_page("/embed/devices/MIFI-0042/usage", || {
        view! { <DeviceUsageEmbed /> }.into_any()
    })
    .await;
    assert_eq!(
        text_of(&usage, "[data-testid=embed-title]"),
        "Data usage of device MIFI-0042"
    );
    assert_eq!(
        text_of(&usage, "[data-testid=usage-not-iccid]"),
        no_usage_text()
    );
    assert!(
        usage
            .query_selector("[data-testid=embed-invalid]")
            .unwrap()
            .is_none()
    );
    assert!(
        usage.query_selector(".embed-caption").unwrap().is_none(),
        "no usage range for a device that is not a SIM"
    );

    let status = embed_page("/embed/devices/MIFI-0042", || {
        view! { <DeviceStatusEmbed /> }.into_any()
    })
    .await;
    assert_eq!(
        text_of(&status, "[data-testid=embed-title]"),
        "Device MIFI-0042"
    );
    assert_eq!(text_of(&status, "[data-testid=not-iccid]"), NOT_AN_ICCID);
    assert!(
        status
            .query_selector("[data-testid=embed-invalid]")
            .unwrap()
            .is_none()
    );

    let orders = embed_page("/embed/orders?device_id=MIFI-0042", || {
        view! { <OrdersEmbed /> }.into_any()
    })
    .await;
    assert_eq!(
        text_of(&orders, "[data-testid=embed-title]"),
        "Plans of device MIFI-0042"
    );
    assert_eq!(text_of(&orders, "[data-testid=not-iccid]"), NOT_AN_ICCID);
    assert!(
        orders
            .query_selector("[data-testid=embed-invalid]")
            .unwrap()
            .is_none()
    );

    // A SIM gets no hint; junk is refused in words.
    let sim = embed_page("/embed/devices/89852202310161621658", || {
        view! { <DeviceStatusEmbed /> }.into_any()
    })
    .await;
    assert_eq!(
        text_of(&sim, "[data-testid=embed-title]"),
        "SIM 89852202310161621658"
    );
    assert!(
        sim.query_selector("[data-testid=not-iccid]")
            .unwrap()
            .is_none()
    );
    let junk = embed_page("/embed/orders?device_id=a%22b", || {
        view! { <OrdersEmbed /> }.into_any()
    })
    .await;
    assert!(
        text_of(&junk, "[data-testid=embed-invalid]").starts_with("The address needs ?device_id=")
    );
}

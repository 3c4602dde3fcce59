//! Browser tests of the Pools page's pieces: the warning levels and the percent text, the
//! pool card's percent, warning class, volumes and projection, and the page/size URL state.
//! (The arithmetic itself, days left, burn rate and projection, is `cmp_api::pool_figures`,
//! tested natively in crates/cmp-api/tests/pool_figures.rs.)
#![cfg(target_arch = "wasm32")]

use cmp_api::pool_figures::project_pool;
use cmp_api::units::GB;
use cmp_api::{Bytes, CmpTime, TrafficPool};
use cmp_dashboard::pools::card::PoolCard;
use cmp_dashboard::pools::figures::percent_text;
use cmp_dashboard::pools::query::PoolsQuery;
use cmp_dashboard::ui::usage_level::UsageLevel;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

const START: &str = "2025-11-01 00:00:00";
const END: &str = "2025-11-30 23:59:59";
/// Ten days into the period.
const NOW: &str = "2025-11-11 00:00:00";

fn pool(used: u64, total: u64) -> TrafficPool {
    TrafficPool {
        total_quota_byte: Some(Bytes(total)),
        used_byte: Some(Bytes(used)),
        traffic_pool_start_time: Some(t(START)),
        traffic_pool_end_time: Some(t(END)),
        traffic_pool_id: "CTP20251101ABCDEF".into(),
        traffic_pool_name: "Fleet trackers pool".into(),
    }
}

#[wasm_bindgen_test]
fn levels_switch_at_80_and_95_percent() {
    assert_eq!(UsageLevel::of(79.99), UsageLevel::Normal);
    assert_eq!(UsageLevel::of(80.0), UsageLevel::Warning);
    assert_eq!(UsageLevel::of(94.99), UsageLevel::Warning);
    assert_eq!(UsageLevel::of(95.0), UsageLevel::Critical);
    assert_eq!(UsageLevel::of(130.0), UsageLevel::Critical);
    assert_eq!(percent_text(42.06), "42.1 %");
}

/// Mounts a card of `pool` and returns its element.
fn card(pool: TrafficPool) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let now = t(NOW);
    leptos::mount::mount_to(host.clone(), move || view! { <PoolCard pool now /> }).forget();
    host.query_selector("[data-testid=pool-card]")
        .unwrap()
        .unwrap()
}

fn text(card: &web_sys::Element, test_id: &str) -> String {
    card.query_selector(&format!("[data-testid={test_id}]"))
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn card_shows_percent_projection_and_warning_class() {
    let cases = [
        (421, "42.1 %", "usage-ok"),
        (800, "80.0 %", "usage-warn"),
        (949, "94.9 %", "usage-warn"),
        (950, "95.0 %", "usage-critical"),
    ];
    for (used_tenths, percent, class) in cases {
        let total = 1000 * GB;
        let card = card(pool(used_tenths * GB, total));
        assert_eq!(text(&card, "pool-percent"), percent);
        let classes = card.class_name();
        assert!(classes.contains(class), "{percent}: {classes}");
        let others = ["usage-ok", "usage-warn", "usage-critical"];
        for other in others.iter().filter(|c| **c != class) {
            assert!(!classes.contains(other), "{percent}: {classes}");
        }
        let expected = project_pool(&pool(used_tenths * GB, total), t(NOW)).text();
        assert_eq!(text(&card, "pool-projection"), expected);
    }
}

#[wasm_bindgen_test]
fn card_projects_a_date_when_the_quota_runs_out_in_the_period() {
    let card = card(pool(40 * GB, 100 * GB));
    assert!(text(&card, "pool-projection").contains("2025-11-26"));
    assert!(
        card.text_content()
            .unwrap()
            .contains("40 GB of 100 GB used")
    );
}

#[wasm_bindgen_test]
fn query_reads_and_writes_page_and_size() {
    let q = PoolsQuery::from_lookup(|k| match k {
        "page" => Some("3".into()),
        "size" => Some("50".into()),
        _ => None,
    });
    assert_eq!(q, PoolsQuery { page: 3, size: 50 });
    assert_eq!(q.to_query_string(), "?page=3&size=50");
    let bad = PoolsQuery::from_lookup(|k| (k == "size").then(|| "7".into()));
    assert_eq!(bad.to_query_string(), "");
    let round = PoolsQuery::from_lookup(|k| match k {
        "page" => Some("2".into()),
        _ => None,
    });
    assert_eq!(round.to_query_string(), "?page=2");
}

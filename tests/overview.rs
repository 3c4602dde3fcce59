//! Browser tests of the Overview: the tiles built on sources filled by hand (figures through
//! cmp-api's formatters, links to the filtered lists, a failing source that leaves the other
//! tiles standing, the empty states), the top-ten chart's options, the closest-to-limit rows
//! with days left, the scopes of a dashboard and an embed token, the orders list's `usage`
//! filter in the URL, and the paced load of every page (a 429 waited out, a failure stopping
//! only its own read). The figures themselves are `cmp_api::fleet`, tested natively in
//! crates/cmp-api/tests/fleet.rs.
#![cfg(target_arch = "wasm32")]

mod support;

use cmp_api::fleet::{FleetTally, RecentEvents, StatusCounts};
use cmp_api::proxy_api::{Role, Session, TokenKind};
use cmp_api::units::GB;
use cmp_api::{Bytes, CmpTime, Envelope, OrderPage, OrderStatus, PackageOrder, TrafficPool};
use cmp_dashboard::api::ApiError;
use cmp_dashboard::embed::overview::embed_scope;
use cmp_dashboard::load::every_page::every_page;
use cmp_dashboard::load::{CancelToken, LoadStatus, PagesProgress};
use cmp_dashboard::orders::query::OrdersQuery;
use cmp_dashboard::overview::chart_options::{axis_label, top_devices_chart};
use cmp_dashboard::overview::closest::days_left_text;
use cmp_dashboard::overview::links::{device_href, orders_href};
use cmp_dashboard::overview::page::{OverviewSections, dashboard_scope};
use cmp_dashboard::overview::sources::{OverviewData, Source, TileState};
use leptos::prelude::*;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

const NOW: &str = "2026-11-20 12:00:00";

/// Running monthly postpaid orders as queryOrder sends them (numbers as strings, camelCase),
/// one per `(device, flow in MB, used in MB)`, decoded by cmp-api as the SPA decodes a page.
fn running(orders: &[(&str, u64, u64)]) -> Vec<PackageOrder> {
    let rows: Vec<String> = orders
        .iter()
        .map(|(device, flow_mb, used_mb)| {
            format!(
                r#"{{"orderCode":"ORDER_{device}","deviceId":"{device}","orderStatus":"2","buyType":"2","packageType":"2","flow":"{flow_mb}","usedFlow":"{}","activeDate":"20260905","expireDate":"20270304"}}"#,
                used_mb * 1024
            )
        })
        .collect();
    let page = format!(
        r#"{{"code":"0000","message":"success","success":true,"data":{{"package_order":[{}]}}}}"#,
        rows.join(",")
    );
    cmp_api::decode::<Envelope<OrderPage>>(&page)
        .unwrap()
        .data
        .unwrap()
        .package_order
}

fn done<T>(value: T) -> Source<T> {
    Source {
        value,
        progress: PagesProgress {
            done: 1,
            total: 1,
            status: LoadStatus::Complete,
        },
        off: None,
    }
}

fn pool(id: &str, used_gb: u64) -> TrafficPool {
    TrafficPool {
        total_quota_byte: Some(Bytes(100 * GB)),
        used_byte: Some(Bytes(used_gb * GB)),
        traffic_pool_start_time: Some(t("2026-11-01 00:00:00")),
        traffic_pool_end_time: Some(t("2026-11-30 23:59:59")),
        traffic_pool_id: id.into(),
        traffic_pool_name: format!("Pool {id}"),
    }
}

/// Sources as a small fleet would fill them: three running devices (one at 85 %, one at
/// 120 %), orders of each status, two pools (one at 90 %), four recent events.
fn filled(data: OverviewData) {
    let now = t(NOW);
    data.now.set(now);
    let mut tally = FleetTally::default();
    let orders = running(&[
        ("89852000000000000011", 1000, 850),
        ("89852000000000000022", 1000, 1200),
        ("89852000000000000033", 2048, 10),
    ]);
    tally.add_all(&orders, now);
    data.fleet.set(done(tally));
    data.counts.set(done(StatusCounts {
        not_started: 4,
        started: 3,
        ended: 1200,
        paused: 2,
        other: 0,
    }));
    data.pools.set(done(vec![pool("A", 40), pool("B", 90)]));
    data.events.set(done(RecentEvents {
        count: 4,
        complete: true,
    }));
}

fn mount(data: OverviewData, links: bool) -> web_sys::HtmlElement {
    use leptos_router::components::Router;
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    leptos::mount::mount_to(host.clone(), move || {
        view! { <Router><OverviewSections data links /></Router> }
    })
    .forget();
    host
}

fn find(host: &web_sys::HtmlElement, css: &str) -> web_sys::Element {
    host.query_selector(css)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{css}` in {}", host.inner_html()))
}

fn text(host: &web_sys::HtmlElement, css: &str) -> String {
    find(host, css).text_content().unwrap_or_default()
}

fn texts(host: &web_sys::HtmlElement, css: &str) -> Vec<String> {
    let list = host.query_selector_all(css).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i).and_then(|n| n.text_content()))
        .collect()
}

fn attr(host: &web_sys::HtmlElement, css: &str, name: &str) -> String {
    find(host, css).get_attribute(name).unwrap_or_default()
}

async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
}

#[wasm_bindgen_test]
async fn tiles_show_the_figures_with_cmp_apis_formatters_and_link_to_the_filtered_lists() {
    let data = OverviewData::new();
    filled(data);
    let host = mount(data, true);
    settle().await;
    let figure = |tile: &str| {
        text(
            &host,
            &format!("[data-testid={tile}] [data-testid=tile-figure]"),
        )
    };
    assert_eq!(figure("tile-running"), "3");
    assert_eq!(figure("tile-statuses"), "1,209");
    assert_eq!(figure("tile-data"), "2.01 GB");
    assert_eq!(figure("tile-near-limit"), "2");
    assert_eq!(figure("tile-at-limit"), "1");
    assert_eq!(figure("tile-pools"), "2 pools");
    assert_eq!(figure("tile-events"), "4");
    assert_eq!(
        texts(&host, "[data-testid=status-count]"),
        ["3", "4", "2", "1,200"]
    );
    let link = |tile: &str| attr(&host, &format!("[data-testid={tile}] .tile-link"), "href");
    assert_eq!(link("tile-running"), "/orders?status=2");
    assert_eq!(link("tile-near-limit"), "/orders?status=2&usage=80");
    assert_eq!(link("tile-at-limit"), "/orders?status=2&usage=100");
    assert_eq!(link("tile-pools"), "/pools");
    assert_eq!(link("tile-events"), "/events");
    assert!(attr(&host, "[data-testid=tile-at-limit]", "class").contains("tile-critical"));
    // The pools, most used first, and the one that runs out first.
    assert_eq!(
        texts(&host, "[data-testid=tile-pool-percent]"),
        ["90.0 %", "40.0 %"]
    );
    let pools = text(&host, "[data-testid=tile-pools] [data-testid=tile-detail]");
    assert!(
        pools.contains("Pool B runs out first, around 2026-11-22"),
        "{pools}"
    );
    for tile in ["tile-running", "tile-statuses", "tile-pools", "tile-events"] {
        assert_eq!(
            attr(&host, &format!("[data-testid={tile}]"), "data-state"),
            "ready"
        );
    }
}

#[wasm_bindgen_test]
async fn the_top_list_and_the_closest_list_name_each_device_with_its_use_and_days_left() {
    let data = OverviewData::new();
    filled(data);
    let host = mount(data, true);
    settle().await;
    assert_eq!(
        texts(&host, "[data-testid=top-used]"),
        ["1.17 GB", "850 MB", "10 MB"]
    );
    assert_eq!(
        attr(&host, "[data-testid=top-row] a", "href"),
        "/devices/89852000000000000022"
    );
    assert_eq!(
        texts(&host, "[data-testid=closest-percent]"),
        ["120.0 %", "85.0 %", "0.5 %"]
    );
    // The monthly cycle from 2026-09-05 ends on 2026-12-04: 14 days after the 20th.
    assert_eq!(text(&host, "[data-testid=closest-days]"), "14 days left");
    assert_eq!(days_left_text(Some(0)), "Cycle ends today");
    assert_eq!(days_left_text(Some(1)), "1 day left");
    assert_eq!(days_left_text(None), "—");
}

#[wasm_bindgen_test]
async fn a_failing_source_shows_in_its_own_tiles_and_leaves_the_others_standing() {
    let data = OverviewData::new();
    filled(data);
    data.pools.update(|s| {
        s.progress.status = LoadStatus::Failed(ApiError::Status {
            status: 502,
            message: "The connectivity platform is not answering".into(),
        })
    });
    data.events
        .set(Source::off("Order events are not part of embedded views."));
    let host = mount(data, false);
    settle().await;
    assert_eq!(
        attr(&host, "[data-testid=tile-pools]", "data-state"),
        "failed"
    );
    assert!(
        text(&host, "[data-testid=tile-pools] [data-testid=tile-error]").contains("not answering")
    );
    assert_eq!(
        text(
            &host,
            "[data-testid=tile-running] [data-testid=tile-figure]"
        ),
        "3"
    );
    // In an embed frame nothing links, and the events tile is left out.
    assert!(host.query_selector(".tile-link").unwrap().is_none());
    assert!(
        host.query_selector("[data-testid=tile-events]")
            .unwrap()
            .is_none()
    );
    assert!(
        host.query_selector("[data-testid=top-row] a")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn tiles_wait_grow_and_say_when_there_are_no_running_plans() {
    let data = OverviewData::new();
    let host = mount(data, true);
    settle().await;
    assert_eq!(
        attr(&host, "[data-testid=tile-running]", "data-state"),
        "loading"
    );
    assert_eq!(
        attr(&host, "[data-testid=tile-running]", "aria-busy"),
        "true"
    );
    // A page in: the figure shows, marked as growing.
    data.fleet.update(|s| {
        s.progress = PagesProgress {
            done: 1,
            total: 3,
            status: LoadStatus::Loading,
        };
    });
    support::wait_until("the tile to show its first page", || {
        attr(&host, "[data-testid=tile-running]", "data-state") == "partial"
    })
    .await;
    assert!(
        text(
            &host,
            "[data-testid=tile-running] [data-testid=tile-figure]"
        )
        .contains("so far")
    );
    // Every page in, and nothing runs.
    data.fleet
        .update(|s| s.progress.status = LoadStatus::Complete);
    settle().await;
    assert_eq!(
        text(
            &host,
            "[data-testid=tile-running] [data-testid=tile-detail]"
        ),
        "No running plans"
    );
    assert!(
        host.query_selector("[data-testid=top-empty]")
            .unwrap()
            .is_some()
    );
    assert!(
        host.query_selector("[data-testid=closest-empty]")
            .unwrap()
            .is_some()
    );
    // A token that may see no pools gets no pools tile.
    data.pools
        .set(Source::off("Your token names no traffic pools."));
    settle().await;
    assert!(
        host.query_selector("[data-testid=tile-pools]")
            .unwrap()
            .is_none()
    );
}

#[wasm_bindgen_test]
fn the_top_chart_has_one_bar_a_device_in_one_unit_coloured_by_level() {
    let mut tally = FleetTally::default();
    let orders = running(&[
        ("89852000000000000011", 1000, 950),
        ("89852000000000000022", 4096, 2048),
    ]);
    tally.add_all(&orders, t(NOW));
    let top = tally.top_by_use(10);
    let option: Value = serde_json::to_value(top_devices_chart(&top)).unwrap();
    let bars = &option["series"][0]["data"];
    assert_eq!(bars[0]["value"], 2.0, "2048 MB in GB");
    assert_eq!(bars[1]["value"], 0.93);
    assert_eq!(bars[1]["itemStyle"]["color"], "#ef4444", "95 % is critical");
    assert_eq!(option["xAxis"]["name"], "GB");
    assert_eq!(option["yAxis"]["data"][0], "…00000022");
    assert_eq!(axis_label("12345"), "12345");
}

#[wasm_bindgen_test]
fn a_dashboard_token_reads_everything_an_embed_token_its_devices_and_pools() {
    let session = |devices: Option<Vec<&str>>, pools: Option<Vec<&str>>, kind| Session {
        name: "n".into(),
        role: Role::Viewer,
        kind,
        devices: devices.map(|d| d.into_iter().map(str::to_owned).collect()),
        pools: pools.map(|p| p.into_iter().map(str::to_owned).collect()),
        expires_at: None,
        limits: None,
    };
    let all = dashboard_scope(Some(&session(None, None, TokenKind::Dashboard)));
    assert_eq!(
        (all.devices, all.pools_off, all.events_off),
        (None, None, None)
    );
    let limited = dashboard_scope(Some(&session(
        Some(vec!["1"]),
        Some(vec![]),
        TokenKind::Dashboard,
    )));
    assert!(
        limited.pools_off.is_some(),
        "no pools named: none asked for"
    );
    let embed = embed_scope(&session(
        Some(vec!["1", "2"]),
        Some(vec!["P"]),
        TokenKind::Embed,
    ));
    assert_eq!(embed.devices, Some(vec!["1".to_owned(), "2".to_owned()]));
    assert!(embed.pools_off.is_none() && embed.events_off.is_some());
    assert!(
        embed_scope(&session(Some(vec!["1"]), None, TokenKind::Embed))
            .pools_off
            .is_some()
    );
}

#[wasm_bindgen_test]
fn the_orders_list_keeps_the_usage_filter_in_the_url() {
    let query = |pairs: &[(&str, &str)]| {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        OrdersQuery::from_lookup(|k| map.get(k).cloned())
    };
    let q = query(&[("status", "2"), ("usage", "80"), ("page", "2")]);
    assert_eq!(q.usage, Some(80));
    assert!(q.is_filtered());
    assert_eq!(q.to_query_string(), "?page=2&status=2&usage=80");
    assert_eq!(q.with_usage(None).to_query_string(), "?status=2");
    assert_eq!(q.filters_only(), query(&[("status", "2"), ("usage", "80")]));
    for bad in ["0", "-5", "x", "1001"] {
        assert_eq!(query(&[("usage", bad)]).usage, None, "{bad}");
    }
    assert_eq!(
        orders_href(Some(OrderStatus::Paused), None),
        "/orders?status=5"
    );
    assert_eq!(device_href("8985 2"), "/devices/8985%202");
}

/// A list of `pages` pages of which page `refuse` answers 429 once and page `fail` fails.
async fn read(
    pages: u64,
    refuse: Option<u64>,
    fail: Option<u64>,
) -> (Vec<u64>, Result<(), ApiError>, u32) {
    let refused = Rc::new(Cell::new(0u32));
    let seen = Rc::new(RefCell::new(Vec::new()));
    let cancel = CancelToken::new();
    let asked = refused.clone();
    let fetch = move |page: u64, _signal| {
        let asked = asked.clone();
        async move {
            support::sleep(5).await;
            if Some(page) == refuse && asked.get() == 0 {
                asked.set(1);
                return Err(ApiError::Status {
                    status: 429,
                    message: "Too many requests".into(),
                });
            }
            if Some(page) == fail {
                return Err(ApiError::Network("gone".into()));
            }
            Ok(page)
        }
    };
    let sink = seen.clone();
    let result = every_page(
        fetch,
        |_: &u64| (2..=pages).collect(),
        &cancel,
        |page| sink.borrow_mut().push(page),
    )
    .await;
    let mut seen = seen.take();
    seen.sort_unstable();
    (seen, result, refused.get())
}

#[wasm_bindgen_test]
async fn every_page_is_read_a_429_is_waited_out_and_a_failure_stops_the_read() {
    let (seen, result, _) = read(9, None, None).await;
    assert_eq!((seen, result), ((1..=9).collect(), Ok(())));
    let (seen, result, refused) = read(5, Some(3), None).await;
    assert_eq!(
        (seen, result, refused),
        ((1..=5).collect(), Ok(()), 1),
        "page 3 asked again"
    );
    let (seen, result, _) = read(30, None, Some(2)).await;
    assert_eq!(result, Err(ApiError::Network("gone".into())));
    assert!(seen.len() < 30, "the read stopped: {seen:?}");
}

#[wasm_bindgen_test]
fn a_childs_failure_stops_only_itself_while_the_parents_cancel_stops_all() {
    let parent = CancelToken::new();
    let (a, b) = (parent.child(), parent.child());
    a.cancel();
    assert!(a.is_cancelled() && !b.is_cancelled() && !parent.is_cancelled());
    parent.cancel();
    assert!(b.is_cancelled());
    assert!(
        parent.child().is_cancelled(),
        "a child of a cancelled load starts cancelled"
    );
    assert_eq!(TileState::Loading.name(), "loading");
}

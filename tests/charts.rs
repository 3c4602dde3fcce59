//! Browser tests of the chart layer: the option builders' series and data, and the
//! `<Chart>` component drawing a canvas, replacing (not merging) options, pacing redraws, and
//! disposing its ECharts instance on unmount. ECharts itself is loaded into the test page from the npm
//! package (`node_modules/echarts`), so run `npm ci` first.
#![cfg(target_arch = "wasm32")]

use charming::component::Axis;
use charming::element::AxisType;
use charming::series::Bar;
use cmp_api::{Envelope, TrafficPool, TrafficPoolPage};
use cmp_dashboard::pools::chart_options::{pool_usage_chart, pool_usage_summary};
use cmp_dashboard::ui::charts::Chart;
use cmp_dashboard::ui::charts::echarts;
use cmp_dashboard::ui::usage_level::UsageLevel;
use leptos::prelude::*;
use serde_json::Value;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::{sleep, wait_until};

/// Three pools as the upstream sends them: 25 %, 85 % and 97 % used.
const POOLS: &str = r#"{"code":"0000","message":"成功","success":true,"data":{"total":3,"rows":[
  {"totalQuotaByte":"400","usedByte":"100","trafficPoolStartTime":"2025-11-01 00:00:00",
   "trafficPoolEndTime":"2025-11-30 23:59:59","trafficPoolId":"CTP1","trafficPoolName":"Monthly"},
  {"totalQuotaByte":"1000","usedByte":"850","trafficPoolStartTime":"2025-11-01 00:00:00",
   "trafficPoolEndTime":"2025-11-30 23:59:59","trafficPoolId":"CTP2","trafficPoolName":"Fleet"},
  {"totalQuotaByte":"1000","usedByte":"970","trafficPoolStartTime":"2025-11-01 00:00:00",
   "trafficPoolEndTime":"2025-11-30 23:59:59","trafficPoolId":"CTP3","trafficPoolName":""}]}}"#;

fn pools() -> Vec<TrafficPool> {
    cmp_api::decode::<Envelope<TrafficPoolPage>>(POOLS)
        .unwrap()
        .data
        .unwrap()
        .rows
}

fn json(chart: &charming::Chart) -> Value {
    serde_json::to_value(chart).unwrap()
}

#[wasm_bindgen_test]
fn usage_chart_stacks_used_and_remaining_per_pool() {
    let chart = json(&pool_usage_chart(&pools()));
    let series = chart["series"].as_array().unwrap();
    assert_eq!(series.len(), 2);
    assert_eq!(series[0]["name"], "Used");
    assert_eq!(series[1]["name"], "Remaining");
    assert_eq!(series[0]["stack"], series[1]["stack"]);
    let used: Vec<f64> = series[0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["value"].as_f64().unwrap())
        .collect();
    assert_eq!(used, vec![25.0, 85.0, 97.0]);
    let remaining: Vec<f64> = series[1]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect();
    assert_eq!(remaining, vec![75.0, 15.0, 3.0]);
    // Bars take the warning colours; a blank name falls back to the pool id.
    let colors: Vec<&str> = series[0]["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["itemStyle"]["color"].as_str().unwrap())
        .collect();
    let levels = [
        UsageLevel::Normal,
        UsageLevel::Warning,
        UsageLevel::Critical,
    ];
    assert_eq!(colors, levels.map(UsageLevel::color).to_vec());
    assert_eq!(
        chart["yAxis"]["data"],
        serde_json::json!(["Monthly", "Fleet", "CTP3"])
    );
}

#[wasm_bindgen_test]
fn usage_chart_of_no_pools_has_no_bars() {
    let chart = json(&pool_usage_chart(&[]));
    for series in chart["series"].as_array().unwrap() {
        assert!(
            series
                .get("data")
                .is_none_or(|d| d.as_array().unwrap().is_empty())
        );
    }
    assert_eq!(pool_usage_summary(&[]), "No traffic pools to chart.");
}

#[wasm_bindgen_test]
fn summary_names_every_pool_with_its_share() {
    let summary = pool_usage_summary(&pools());
    for part in [
        "Monthly 25.0 % used",
        "Fleet 85.0 % used",
        "CTP3 97.0 % used",
    ] {
        assert!(summary.contains(part), "{summary}");
    }
}

#[wasm_bindgen_test]
fn long_names_are_cut_on_the_axis_but_kept_in_the_summary() {
    let long = "Enterprise shared pool (monthly, EU and APAC)";
    let mut pools = pools();
    pools[0].traffic_pool_name = long.into();
    let chart = json(&pool_usage_chart(&pools));
    let label = chart["yAxis"]["data"][0].as_str().unwrap();
    assert!(label.ends_with('…'), "{label}");
    assert!(label.chars().count() < long.chars().count());
    assert!(long.starts_with(label.trim_end_matches('…')));
    assert!(pool_usage_summary(&pools).contains(long));
}

/// Puts the ECharts build from npm into the test page once.
fn load_echarts() {
    if echarts::is_loaded() {
        return;
    }
    let document = web_sys::window().unwrap().document().unwrap();
    let script = document.create_element("script").unwrap();
    script.set_text_content(Some(include_str!(
        "../node_modules/echarts/dist/echarts.min.js"
    )));
    document.head().unwrap().append_child(&script).unwrap();
    assert!(
        echarts::is_loaded(),
        "the ECharts script did not define `echarts`"
    );
}

/// Lets mount effects run, and the draw each schedules as a task of its own.
async fn settle() {
    for _ in 0..4 {
        leptos::task::tick().await;
    }
    sleep(0).await;
}

/// Mounts a chart of `option` in a sized host; returns the host and the unmount handle.
fn mount(option: RwSignal<charming::Chart>) -> (web_sys::HtmlElement, impl Sized) {
    mount_waiting(option, RwSignal::new(false))
}

/// [`mount`], with the chart's `wait` prop.
fn mount_waiting(
    option: RwSignal<charming::Chart>,
    wait: RwSignal<bool>,
) -> (web_sys::HtmlElement, impl Sized) {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    host.set_attribute("style", "width: 480px; height: 300px")
        .unwrap();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), move || {
        view! { <Chart option=option summary="Three pools, one near its quota" wait=wait /> }
    });
    (host, handle)
}

/// How many draws the charts on this page have finished (the `chart-drawn` marks).
fn draws() -> u32 {
    js_sys::eval("performance.getEntriesByName('chart-drawn', 'mark').length")
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

fn series_count(element: &web_sys::Element) -> u32 {
    let option = echarts::instance(element).unwrap().get_option();
    let series = js_sys::Reflect::get(&option, &JsValue::from_str("series")).unwrap();
    series.unchecked_into::<js_sys::Array>().length()
}

#[wasm_bindgen_test]
async fn chart_draws_a_canvas_and_disposes_on_unmount() {
    load_echarts();
    let option = RwSignal::new(pool_usage_chart(&pools()));
    let (host, handle) = mount(option);
    settle().await;
    let element = host.query_selector("[data-testid=chart]").unwrap().unwrap();
    assert!(element.query_selector("canvas").unwrap().is_some());
    assert!(echarts::instance(&element).is_some());
    assert_eq!(
        element.get_attribute("aria-label").as_deref(),
        Some("Three pools, one near its quota")
    );
    drop(handle);
    assert!(
        echarts::instance(&element).is_none(),
        "instance left behind"
    );
}

#[wasm_bindgen_test]
async fn redraw_with_fewer_series_leaves_none_behind() {
    load_echarts();
    let option = RwSignal::new(pool_usage_chart(&pools()));
    let (host, _handle) = mount(option);
    settle().await;
    let element = host.query_selector("[data-testid=chart]").unwrap().unwrap();
    assert_eq!(series_count(&element), 2);
    let smaller = charming::Chart::new()
        .x_axis(Axis::new().type_(AxisType::Category).data(vec!["a", "b"]))
        .y_axis(Axis::new().type_(AxisType::Value))
        .series(Bar::new().name("Only").data(vec![1.0, 2.0]));
    option.set(smaller);
    wait_until("the redraw with one series", || series_count(&element) == 1).await;
    assert!(
        host.query_selector("[data-testid=chart-unavailable]")
            .unwrap()
            .is_none()
    );
}

fn bars(n: usize) -> charming::Chart {
    let mut chart = charming::Chart::new()
        .x_axis(Axis::new().type_(AxisType::Category).data(vec!["a", "b"]))
        .y_axis(Axis::new().type_(AxisType::Value));
    for i in 0..n {
        chart = chart.series(Bar::new().name(format!("S{i}")).data(vec![1.0, 2.0]));
    }
    chart
}

#[wasm_bindgen_test]
async fn a_burst_of_changes_is_paced_and_ends_on_the_last() {
    load_echarts();
    let option = RwSignal::new(bars(1));
    let (host, _handle) = mount(option);
    settle().await;
    let element = host.query_selector("[data-testid=chart]").unwrap().unwrap();
    assert_eq!(
        series_count(&element),
        1,
        "the first option is drawn at once"
    );
    let before = draws();
    // Ten changes, each seen by the chart's effect, faster than the redraw gap: like pages of
    // data arriving while the first draw is still fresh.
    for n in 2..=11 {
        option.set(bars(n));
        settle().await;
    }
    wait_until("the last option drawn", || series_count(&element) == 11).await;
    sleep(300).await;
    // Once, unless the machine stalled the test past a redraw gap between two changes.
    let drawn = draws() - before;
    assert!(
        (1..=3).contains(&drawn),
        "ten quick changes drew {drawn} times; paced, they draw once or twice"
    );
    assert_eq!(series_count(&element), 11);
}

#[wasm_bindgen_test]
async fn a_waiting_chart_draws_only_once_told_to() {
    load_echarts();
    let option = RwSignal::new(bars(2));
    let wait = RwSignal::new(true);
    let (host, _handle) = mount_waiting(option, wait);
    settle().await;
    let element = host.query_selector("[data-testid=chart]").unwrap().unwrap();
    // A change while waiting is not drawn either.
    option.set(bars(3));
    sleep(200).await;
    assert!(echarts::instance(&element).is_none(), "drawn while waiting");
    // Meanwhile the summary still speaks for the chart.
    assert_eq!(
        element.get_attribute("aria-label").as_deref(),
        Some("Three pools, one near its quota")
    );
    wait.set(false);
    wait_until("the draw once the wait ends", || {
        echarts::instance(&element).is_some()
    })
    .await;
    assert_eq!(series_count(&element), 3, "the latest option is drawn");
}

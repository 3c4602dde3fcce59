//! Browser tests of the usage module: page planning, the concurrency limiter and its
//! cancel, folding pages into the state, the range URL state, the sessions order and CSV,
//! and the chart option builders fed from the aggregated records.
#![cfg(target_arch = "wasm32")]

use cmp_api::aggregate::aggregate;
use cmp_api::{Bytes, CdrPage, CdrRecord, CmpTime};
use cmp_dashboard::devices::usage::chart_options::{
    country_entries, cumulative_chart, daily_chart, network_entries, operator_entries, scaled,
    share_chart, unit_for,
};
use cmp_dashboard::devices::usage::range::UsageRange;
use cmp_dashboard::devices::usage::sessions::csv::{CSV_HEADER, sessions_csv};
use cmp_dashboard::devices::usage::sessions::sort::{SessionSort, sorted_indices};
use cmp_dashboard::devices::usage::state::{LoadStatus, UsageState};
use cmp_dashboard::load::limiter::{CancelToken, run_bounded};
use cmp_dashboard::load::pages::{effective_page_size, page_count, remaining_pages};
use serde_json::Value;
use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::wait_until;

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

fn record(start: &str, end: Option<&str>, bytes: u64, network: &str, mcc: &str) -> CdrRecord {
    CdrRecord {
        data: Bytes(bytes),
        imsi: "440039980621656".into(),
        mcc: mcc.into(),
        mnc: "10".into(),
        network: network.into(),
        session_started_at: Some(t(start)),
        session_ended_at: end.map(t),
        sim_id: "89852202310161621658".into(),
        ..Default::default()
    }
}

/// Pending once (waking itself), then ready: lets other fetches run in between.
struct YieldNow(bool);

impl Future for YieldNow {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

#[wasm_bindgen_test]
fn planning_asks_for_every_page_after_the_first() {
    assert_eq!(page_count(22_345, 1000), 23);
    assert_eq!(remaining_pages(22_345, 1000), (2..=23).collect::<Vec<_>>());
    assert_eq!(page_count(2000, 1000), 2);
    assert_eq!(remaining_pages(2000, 1000), vec![2]);
    assert_eq!(page_count(0, 1000), 1);
    assert!(remaining_pages(0, 1000).is_empty());
    assert!(remaining_pages(999, 1000).is_empty());
    // A platform that serves 100 when asked for 1000 is planned at 100 a page.
    assert_eq!(effective_page_size(1000, 100, 5000), 100);
    assert_eq!(effective_page_size(1000, 40, 40), 1000);
    assert_eq!(effective_page_size(1000, 0, 0), 1000);
}

#[wasm_bindgen_test]
async fn limiter_never_runs_more_than_its_bound() {
    for limit in [1usize, 3, 4] {
        let running = Rc::new(Cell::new(0usize));
        let peak = Rc::new(Cell::new(0usize));
        let mut seen = Vec::new();
        let cancel = CancelToken::new();
        let fetch = |page: u64| {
            let (running, peak) = (running.clone(), peak.clone());
            async move {
                running.set(running.get() + 1);
                peak.set(peak.get().max(running.get()));
                for _ in 0..(page % 3 + 1) {
                    YieldNow(false).await;
                }
                running.set(running.get() - 1);
                page * 10
            }
        };
        run_bounded((1..=12).collect(), limit, &cancel, fetch, |page, out| {
            assert_eq!(out, page * 10);
            seen.push(page);
        })
        .await;
        assert!(peak.get() <= limit, "limit {limit}, peak {}", peak.get());
        assert_eq!(peak.get(), limit, "the bound is used, not just respected");
        seen.sort_unstable();
        assert_eq!(seen, (1..=12).collect::<Vec<_>>());
    }
}

#[wasm_bindgen_test]
async fn cancel_stops_further_fetches_and_aborts_the_signal() {
    let started = Rc::new(Cell::new(0u64));
    let started_at_cancel = Rc::new(Cell::new(None::<u64>));
    let cancel = CancelToken::new();
    let signal = cancel.signal().unwrap();
    let mut finished = 0;
    let fetch = |page: u64| {
        let started = started.clone();
        async move {
            started.set(started.get() + 1);
            YieldNow(false).await;
            page
        }
    };
    run_bounded((1..=40).collect(), 4, &cancel, fetch, |_, _| {
        finished += 1;
        if finished == 3 {
            cancel.cancel();
            started_at_cancel.set(Some(started.get()));
        }
    })
    .await;
    let at_cancel = started_at_cancel.get().unwrap();
    assert_eq!(started.get(), at_cancel, "no fetch started after cancel");
    assert!(at_cancel < 40);
    assert!(cancel.is_cancelled());
    assert!(signal.aborted());
}

#[wasm_bindgen_test]
fn pages_fold_into_the_same_summary_as_all_records_at_once() {
    let records = vec![
        record(
            "2026-11-01 10:00:00",
            Some("2026-11-01 10:10:00"),
            5_000,
            "4G",
            "440",
        ),
        record("2026-11-02 09:00:00", None, 7_000, "5G", "460"),
        record(
            "2026-11-02 11:00:00",
            Some("2026-11-02 11:00:30"),
            1_500,
            "4G",
            "440",
        ),
    ];
    let mut state = UsageState::starting((t("2026-11-01 00:00:00"), t("2026-11-03 00:00:00")));
    state.pages_total = 2;
    state.add_page(CdrPage {
        data: records[2..].to_vec(),
        total_count: 3,
        ..Default::default()
    });
    state.add_page(CdrPage {
        data: records[..2].to_vec(),
        total_count: 3,
        ..Default::default()
    });
    assert_eq!(state.summary, aggregate(&records));
    assert_eq!(state.summary.total, Bytes(13_500));
    assert_eq!(state.records.len(), 3);
    assert_eq!(state.progress_text(), "2 of 2 pages");
    state.status = LoadStatus::Cancelled;
    assert!(!state.is_partial(), "every page arrived");
    state.pages_total = 5;
    assert!(state.is_partial());
}

#[wasm_bindgen_test]
fn range_lives_in_the_query_and_is_validated() {
    let today = t("2026-11-29 15:00:00");
    let last = UsageRange::from_lookup(|k| (k == "range").then(|| "90".into()));
    assert_eq!(last, UsageRange::Last(90));
    assert_eq!(last.to_query_string(), "?range=90");
    let (start, end) = last.dates(today).unwrap();
    assert_eq!(
        (start.iso_date(), end.iso_date()),
        ("2026-09-01".into(), "2026-11-29".into())
    );
    let (start, _) = UsageRange::Last(180).dates(today).unwrap();
    assert_eq!(end.days_since_epoch() - start.days_since_epoch(), 179);
    assert_eq!(
        UsageRange::from_lookup(|k| (k == "range").then(|| "13".into())),
        UsageRange::default()
    );
    let custom = UsageRange::from_lookup(|k| match k {
        "from" => Some("2026-11-01".into()),
        "to" => Some("2026-11-10".into()),
        _ => None,
    });
    assert_eq!(custom.to_query_string(), "?from=2026-11-01&to=2026-11-10");
    assert!(custom.dates(today).is_ok());
    let reversed = UsageRange::Custom {
        from: "2026-11-10".into(),
        to: "2026-11-01".into(),
    };
    let message = reversed.dates(today).unwrap_err().to_string();
    assert!(message.contains("before the start date"), "{message}");
}

#[wasm_bindgen_test]
fn sessions_sort_by_start_and_export_as_csv() {
    let records = vec![
        record("2026-11-02 09:00:00", None, 7_000, "5G", "460"),
        CdrRecord {
            session_started_at: None,
            ..record("2026-11-01 00:00:00", None, 1, "4G", "")
        },
        record(
            "2026-11-01 10:00:00",
            Some("2026-11-01 10:10:00"),
            5_000,
            "4G",
            "440",
        ),
    ];
    assert_eq!(
        sorted_indices(&records, SessionSort::NewestFirst),
        vec![0, 2, 1]
    );
    assert_eq!(
        sorted_indices(&records, SessionSort::OldestFirst),
        vec![2, 0, 1]
    );
    assert_eq!(
        sorted_indices(&records, SessionSort::LargestFirst),
        vec![0, 2, 1]
    );

    let mut tricky = record(
        "2026-11-01 10:00:00",
        Some("2026-11-01 10:10:00"),
        5_000,
        "4G",
        "440",
    );
    tricky.plan_id = Some("LP \"big\", monthly".into());
    tricky.msisdn = Some("=1+2".into());
    let csv = sessions_csv([&tricky, &records[0]]);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(
        lines[1],
        "2026-11-01 10:00:00,2026-11-01 10:10:00,600,5000,4G,440,10,Japan,440039980621656,'=1+2,\"LP \"\"big\"\", monthly\""
    );
    assert_eq!(
        lines[2],
        "2026-11-02 09:00:00,,,7000,5G,460,10,China,440039980621656,,"
    );
    assert_eq!(lines.len(), 4, "header, two rows, and the final line end");
    assert_eq!(cmp_api::csv::cell("plain"), "plain");
}

fn series_data(chart: &charming::Chart, index: usize) -> Vec<Value> {
    let json = serde_json::to_value(chart).unwrap();
    json["series"][index]["data"].as_array().unwrap().clone()
}

#[wasm_bindgen_test]
fn chart_builders_plot_the_aggregated_data() {
    let mb = 1024 * 1024;
    let records = vec![
        record(
            "2026-11-01 10:00:00",
            Some("2026-11-01 10:10:00"),
            3 * mb,
            "4G",
            "440",
        ),
        record("2026-11-01 12:00:00", None, mb / 2, "5G", "460"),
        record("2026-11-03 08:00:00", None, 2 * mb, "4G", "440"),
    ];
    let summary = aggregate(&records);
    let (start, end) = (t("2026-11-01 00:00:00"), t("2026-11-04 00:00:00"));

    let daily = daily_chart(&summary, start, end);
    let (unit, per) = unit_for(Bytes(3 * mb + mb / 2));
    assert_eq!(unit, "MB");
    let expected: Vec<f64> = summary
        .daily_series(start, end)
        .iter()
        .map(|(_, b)| scaled(*b, per))
        .collect();
    assert_eq!(expected, vec![3.5, 0.0, 2.0, 0.0]);
    let plotted: Vec<f64> = series_data(&daily, 0)
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(plotted, expected);
    let json = serde_json::to_value(&daily).unwrap();
    // charming writes a single axis as an object, several as a list.
    let x_axis = if json["xAxis"].is_array() {
        &json["xAxis"][0]
    } else {
        &json["xAxis"]
    };
    assert_eq!(x_axis["data"][2], "2026-11-03");

    let cumulative = cumulative_chart(&summary, start, end);
    let running: Vec<f64> = series_data(&cumulative, 0)
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(running, vec![3.5, 3.5, 5.5, 5.5]);

    let networks = network_entries(&summary);
    assert_eq!(networks[0], ("4G".to_owned(), Bytes(5 * mb)));
    let pie = series_data(&share_chart("Network", &networks), 0);
    assert_eq!(pie[0]["name"], "4G");
    assert_eq!(pie[0]["value"].as_f64(), Some(5.0));
    assert_eq!(pie[1]["name"], "5G");
    let countries = country_entries(&summary);
    let names: Vec<&str> = countries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["Japan", "China"]);
}

#[wasm_bindgen_test]
fn operator_share_chart_names_each_operator() {
    let mb = 1024 * 1024;
    let on = |mcc: &str, mnc: &str, bytes: u64| CdrRecord {
        mnc: mnc.into(),
        ..record("2026-11-01 10:00:00", None, bytes, "4G", mcc)
    };
    let summary = aggregate(&[
        on("520", "03", 6 * mb),
        on("460", "00", 2 * mb),
        on("460", "07", mb),
        on("460", "42", mb / 2),
    ]);
    let operators = operator_entries(&summary);
    let names: Vec<&str> = operators.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, vec!["AIS Thailand", "China Mobile", "China 460-42"]);
    let pie = series_data(&share_chart("Operator", &operators), 0);
    assert_eq!(pie.len(), 3);
    assert_eq!(pie[0]["name"], "AIS Thailand");
    assert_eq!(pie[0]["value"].as_f64(), Some(6.0));
    assert_eq!(
        pie[1]["value"].as_f64(),
        Some(3.0),
        "both China Mobile codes"
    );
    assert_eq!(pie[2]["value"].as_f64(), Some(0.5));
}

#[wasm_bindgen_test]
fn only_a_device_page_with_a_valid_id_names_a_device() {
    use cmp_dashboard::devices::usage::early::device_of_path;
    let id = "89852202310161621658";
    assert_eq!(
        device_of_path(&format!("/devices/{id}")).as_deref(),
        Some(id)
    );
    assert_eq!(
        device_of_path(&format!("/devices/{id}/")).as_deref(),
        Some(id)
    );
    assert_eq!(device_of_path("/devices"), None);
    assert_eq!(device_of_path("/devices/"), None);
    assert_eq!(device_of_path("/devices/not-an-id"), None);
    assert_eq!(device_of_path(&format!("/embed/devices/{id}/usage")), None);
    assert_eq!(device_of_path(&format!("/devices/{id}/usage")), None);
}

fn address(path: &str) -> leptos_router::location::Url {
    use leptos_router::location::{BrowserUrl, LocationProvider};
    BrowserUrl::parse(&format!("http://localhost{path}")).unwrap()
}

/// Mounting sets up the app's task executor, which runs the early load as in the app.
fn start_executor() {
    let document = web_sys::window().unwrap().document().unwrap();
    let host = document.create_element("div").unwrap();
    leptos::mount::mount_to(host.unchecked_into(), || ()).forget();
}

#[wasm_bindgen_test]
async fn a_cold_device_page_starts_its_load_early_and_hands_it_over_once() {
    use cmp_dashboard::devices::usage::early::{start_at, take};
    use cmp_dashboard::devices::usage::plan::page_query;
    use cmp_dashboard::devices::usage::range::today;
    use leptos::prelude::WithUntracked;
    start_executor();
    let id = "89852202310161621658";
    let week = UsageRange::Last(7).dates(today()).unwrap();
    assert_eq!(page_query(week, 1).page_no, Some(1));
    assert_eq!(page_query(week, 1).received_start_time, week.0.iso_date());
    assert_eq!(page_query(week, 1).received_end_by, week.1.iso_date());

    start_at(&address(&format!("/devices/{id}?range=7")));
    let load = take(id, week).expect("the load started early");
    assert!(take(id, week).is_none(), "handed over twice");
    assert!(load.state.with_untracked(UsageState::is_running));
    // The test server has no platform behind it: page 1 fails, and the adopted state shows
    // it as any failed page 1.
    wait_until("page 1's failure", || {
        load.state
            .with_untracked(|s| matches!(s.status, LoadStatus::Failed(_)))
    })
    .await;

    // A page for other dates does not adopt it, and the early load is stopped.
    start_at(&address(&format!("/devices/{id}?range=7")));
    let month = UsageRange::Last(30).dates(today()).unwrap();
    assert!(take(id, month).is_none());
    assert!(
        take(id, week).is_none(),
        "dropped once another was asked for"
    );

    // An address that names no device, or no valid dates, starts nothing (and so leaves
    // the waiting load alone).
    start_at(&address(&format!("/devices/{id}?range=7")));
    start_at(&address("/devices"));
    start_at(&address(&format!(
        "/devices/{id}?from=2026-13-01&to=2026-13-02"
    )));
    let waiting = take(id, week).expect("still the week's load");
    waiting.cancel.cancel();
}

#[wasm_bindgen_test]
fn only_the_first_route_data_call_looks_at_the_address() {
    use cmp_dashboard::devices::usage::early::{start, take};
    use cmp_dashboard::devices::usage::range::today;
    start_executor();
    let id = "89852202310161621658";
    let window = web_sys::window().unwrap();
    let history = window.history().unwrap();
    let before = window.location().href().unwrap();
    let visit = |path: &str| {
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .unwrap();
        start();
        history
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
            .unwrap();
    };
    let week = UsageRange::Last(7).dates(today()).unwrap();
    visit(&format!("/devices/{id}?range=7"));
    let first = take(id, week).expect("the first call starts a load");
    first.cancel.cancel();
    visit(&format!("/devices/{id}?range=7"));
    assert!(take(id, week).is_none(), "a later call starts nothing");
}

#[wasm_bindgen_test]
fn today_is_the_platforms_date_in_the_zone_the_session_announced() {
    use cmp_api::proxy_api::{Role, Session, SessionLimits, TokenKind};
    use cmp_api::time::UtcOffset;
    use cmp_dashboard::devices::usage::range::today;
    use cmp_dashboard::session::platform_clock::{learn_from, offset, remember, stored};
    let now = || js_sys::Date::now() as i64;
    let east = UtcOffset::from_minutes(14 * 60).unwrap();
    let west = UtcOffset::from_minutes(-12 * 60).unwrap();

    remember(east);
    let (before, day, after) = (now(), today(), now());
    assert!(
        day == east.today(before) || day == east.today(after),
        "{day}"
    );
    assert_eq!(stored(), Some(east), "kept for the next cold start");
    remember(west);
    let west_day = today();
    // UTC+14 and UTC−12 are 26 hours apart: never on the same date.
    let apart = day.days_since_epoch() - west_day.days_since_epoch();
    assert!((1..=2).contains(&apart), "{day} vs {west_day}");
    // The "last 180 days" preset is exactly the platform's history.
    let (start, end) = UsageRange::Last(180).dates(today()).unwrap();
    assert_eq!(end, west_day);
    assert_eq!(start, cmp_api::validate::cdr_earliest(west_day));

    // The session's limits set it; a session without limits leaves it.
    let mut session = Session {
        name: "ops".into(),
        role: Role::Viewer,
        kind: TokenKind::Dashboard,
        devices: None,
        pools: None,
        expires_at: None,
        limits: Some(SessionLimits {
            max_bulk_devices: 10,
            platform_utc_offset_minutes: 480,
        }),
    };
    learn_from(&session);
    assert_eq!(offset().to_string(), "UTC+08:00");
    session.limits = None;
    learn_from(&session);
    assert_eq!(offset().to_string(), "UTC+08:00");
    remember(UtcOffset::UTC);
    assert_eq!(stored(), Some(UtcOffset::UTC));
}

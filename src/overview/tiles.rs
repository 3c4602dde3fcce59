//! The Overview's tiles, each on its source: devices with a running plan, orders by status,
//! data used this cycle, devices near and at their plan's limit, the traffic pools and the
//! last day's order events. Counts and volumes read through cmp-api's formatters.

use super::links::{EVENTS_HREF, orders_href, running_orders_href};
use super::pools_tile::PoolsTile;
use super::sources::{OverviewData, Source, TileState};
use super::tile::Tile;
use cmp_api::fleet::{AT_LIMIT_PERCENT, NEAR_LIMIT_PERCENT, StatusCounts};
use cmp_api::{OrderStatus, format_count};
use leptos::prelude::*;
use leptos_router::components::A;

/// Every tile of `data`; `links` off in an embed frame.
#[component]
pub fn OverviewTiles(
    /// The sources.
    data: OverviewData,
    /// Whether tiles lead to the dashboard's lists.
    links: bool,
) -> impl IntoView {
    let link = move |href: String| links.then_some(href);
    let fleet_state = Memo::new(move |_| data.fleet.with(Source::state));
    let counts_state = Memo::new(move |_| data.counts.with(Source::state));
    let events_state = Memo::new(move |_| data.events.with(Source::state));
    let fleet = data.fleet;
    let running = Signal::derive(move || fleet.with(|s| s.value.running_devices() as u64));
    let no_plans = |words: &'static str| {
        Signal::derive(move || {
            if running.get() == 0 {
                "No running plans".to_owned()
            } else {
                words.to_owned()
            }
        })
    };
    view! {
        <div class="overview-tiles" data-testid="overview-tiles">
            <div class="tile-grid">
                <Tile
                    title="Devices with a running plan"
                    state=fleet_state
                    figure=Signal::derive(move || format_count(running.get()))
                    detail=Signal::derive(move || fleet.with(|s| match s.value.running_orders {
                        0 => "No running plans".to_owned(),
                        1 => "1 running order".to_owned(),
                        n => format!("{} running orders", format_count(n)),
                    }))
                    href=link(running_orders_href(None))
                    test_id="tile-running"
                />
                <Tile
                    title="Data used this cycle"
                    state=fleet_state
                    figure=Signal::derive(move || fleet.with(|s| s.value.cycle_used.human()))
                    detail=no_plans("across the running plans")
                    href=link(running_orders_href(None))
                    test_id="tile-data"
                />
                <ThresholdTile
                    data
                    links
                    percent=NEAR_LIMIT_PERCENT
                    title="At 80 % of their plan or more"
                    words=("devices this cycle", "No device is near its limit")
                    level="tile-warn"
                    test_id="tile-near-limit"
                />
                <ThresholdTile
                    data
                    links
                    percent=AT_LIMIT_PERCENT
                    title="At 100 % or over"
                    words=("devices used their plan's data", "No device is over its limit")
                    level="tile-critical"
                    test_id="tile-at-limit"
                />
                // An embed token reads no events: its Overview leaves the tile out.
                <Show when=move || !matches!(events_state.get(), TileState::Off(_))>
                    <Tile
                        title="Order events, last 24 h"
                        state=events_state
                        figure=Signal::derive(move || data.events.with(|s| {
                            let count = format_count(s.value.count);
                            if s.value.complete { count } else { format!("{count}+") }
                        }))
                        detail=Signal::derive(move || data.events.with(|s| match s.value.count {
                            0 => "No order changed in the last day".to_owned(),
                            _ => "order-status pushes received".to_owned(),
                        }))
                        href=link(EVENTS_HREF.to_owned())
                        test_id="tile-events"
                    />
                </Show>
            </div>
            <div class="tile-grid tile-grid-wide">
                <Tile
                    title="Orders by status"
                    state=counts_state
                    figure=Signal::derive(move || format_count(data.counts.with(|s| s.value.total())))
                    detail=Signal::derive(move || "orders in all".to_owned())
                    href=link(orders_href(None, None))
                    test_id="tile-statuses"
                >
                    <StatusBreakdown counts=data.counts links />
                </Tile>
                <PoolsTile data links />
            </div>
        </div>
    }
}

/// The devices whose share of a running plan is `percent` or more, leading to the running
/// orders at that share; in the level's colour when there are any.
#[component]
fn ThresholdTile(
    data: OverviewData,
    links: bool,
    percent: f64,
    title: &'static str,
    /// What the figure counts, and the words when it is 0.
    words: (&'static str, &'static str),
    /// The tile's class when the figure is not 0.
    level: &'static str,
    test_id: &'static str,
) -> impl IntoView {
    let state = Memo::new(move |_| data.fleet.with(Source::state));
    let count = Memo::new(move |_| {
        data.fleet
            .with(|s| s.value.devices_at_least(percent) as u64)
    });
    let (some, none) = words;
    view! {
        <Tile
            title
            state
            figure=Signal::derive(move || format_count(count.get()))
            detail=Signal::derive(move || if count.get() == 0 { none } else { some }.to_owned())
            href=links.then(|| running_orders_href(Some(percent as u32)))
            tone=Signal::derive(move || if count.get() > 0 { level } else { "" })
            test_id
        />
    }
}

/// The count of each status, each leading to the orders list filtered by it.
#[component]
fn StatusBreakdown(counts: RwSignal<Source<StatusCounts>>, links: bool) -> impl IntoView {
    let statuses = [
        (OrderStatus::Started, "Running"),
        (OrderStatus::NotStarted, "Waiting to start"),
        (OrderStatus::Paused, "Paused"),
        (OrderStatus::Ended, "Ended or cancelled"),
    ];
    let rows = statuses
        .into_iter()
        .map(|(status, words)| {
            let code = status.code().to_owned();
            let count = {
                let status = status.clone();
                move || format_count(counts.with(|s| s.value.of(&status)))
            };
            let label = if links {
                view! { <A href=orders_href(Some(status), None)>{words}</A> }.into_any()
            } else {
                words.into_any()
            };
            view! {
                <li data-status=code>
                    <span class="status-dot" aria-hidden="true"></span>
                    {label}
                    <span class="tile-count" data-testid="status-count">{count}</span>
                </li>
            }
        })
        .collect_view();
    let other = move || {
        let n = counts.with(|s| s.value.other);
        (n > 0).then(|| {
            view! {
                <li data-status="other">
                    <span class="status-dot" aria-hidden="true"></span>
                    "Other"
                    <span class="tile-count" data-testid="status-count">{format_count(n)}</span>
                </li>
            }
        })
    };
    view! { <ul class="tile-breakdown" data-testid="status-breakdown">{rows}{other}</ul> }
}

//! The ten devices that used the most data this cycle, as a bar chart (each bar opens the
//! device) and as a list beside it with each device's share of its plan.

use super::chart_options::{top_devices_chart, top_devices_summary};
use super::links::device_href;
use super::sources::{OverviewData, Source};
use super::tile::{Section, no_figure_yet};
use crate::pools::figures::percent_text;
use crate::ui::charts::Chart;
use cmp_api::fleet::{DeviceUse, LIST_LENGTH};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// The top devices of `data`; `links` off in an embed frame.
#[component]
pub fn TopDevices(
    /// The sources.
    data: OverviewData,
    /// Whether bars and rows open the device's page.
    links: bool,
) -> impl IntoView {
    let state = Memo::new(move |_| data.fleet.with(Source::state));
    let top = Memo::new(move |_| data.fleet.with(|s| s.value.top_by_use(LIST_LENGTH)));
    let option = Signal::derive(move || top.with(|devices| top_devices_chart(devices)));
    let summary = Signal::derive(move || top.with(|devices| top_devices_summary(devices)));
    let navigate = use_navigate();
    let on_click = links.then(|| {
        Callback::new(move |index: usize| {
            if let Some(device) = top.with_untracked(|devices| devices.get(index).cloned()) {
                navigate(&device_href(&device.device_id), Default::default());
            }
        })
    });
    let height = move || format!("{}px", 48 + 30 * top.with(Vec::len).max(1));
    // ECharts' first draw holds the main thread for ~100 ms: it waits until every order page
    // is in, so no long task comes between pages (the list beside it grows meanwhile).
    let wait = Signal::derive(move || !state.get().is_settled());
    let body = move || {
        if let Some(waiting) = no_figure_yet(&state.get()) {
            return waiting;
        }
        if top.with(Vec::is_empty) {
            return view! {
                <p class="overview-empty" data-testid="top-empty">
                    "No running plan has used data this cycle yet."
                </p>
            }
            .into_any();
        }
        view! {
            <div class="overview-split">
                <div class="overview-chart" style:height=height>
                    <Chart option summary height="100%" wait on_click />
                </div>
                <ol class="overview-list" data-testid="top-list">
                    {move || top.get().into_iter().map(|device| top_row(device, links)).collect_view()}
                </ol>
            </div>
        }
        .into_any()
    };
    view! {
        <Section title="Most data used this cycle" id="top-devices" state>
            {body}
        </Section>
    }
}

/// One device of the list: its id (a link), the data it used, its share of its plan.
fn top_row(device: DeviceUse, links: bool) -> impl IntoView {
    let share = device.percent.map_or_else(|| "—".to_owned(), percent_text);
    view! {
        <li data-testid="top-row">
            <span class="mono overview-device">{device_name(&device.device_id, links)}</span>
            <span class="overview-figure" data-testid="top-used">{device.used.human()}</span>
            <span class="overview-share muted">{share}</span>
        </li>
    }
}

/// A device's id, as a link to its page when `links`.
pub fn device_name(id: &str, links: bool) -> AnyView {
    let id = id.to_owned();
    if links {
        view! { <A href=device_href(&id)>{id}</A> }.into_any()
    } else {
        id.into_any()
    }
}

//! `/`: the Overview. Answers "is my fleet all right?" at a glance, from the platform's own
//! pages read in the browser: tiles, the devices that used the most data this cycle and the
//! ones closest to their limit, each leading to the matching filtered list or device page.
//! A progress bar with Cancel while pages arrive; each tile shows as soon as its source is in.

use super::closest::ClosestToLimit;
use super::handle::use_overview;
use super::load::Scope;
use super::sources::{OverviewData, TileState};
use super::tiles::OverviewTiles;
use super::top_devices::TopDevices;
use crate::api::Session;
use crate::load::tied::TiedLoad;
use crate::session::info::use_session;
use crate::session::platform_clock;
use crate::ui::LoadProgress;
use leptos::prelude::*;

/// What a dashboard token's Overview reads: the whole order list (the proxy limits a
/// device-scoped token's to its devices), the pools unless the token names none, the events.
pub fn dashboard_scope(session: Option<&Session>) -> Scope {
    let no_pools = session.is_some_and(|s| s.pools.as_ref().is_some_and(Vec::is_empty));
    Scope {
        devices: None,
        pools_off: no_pools.then_some("Your token names no traffic pools."),
        events_off: None,
    }
}

/// The Overview page.
#[component]
pub fn OverviewPage() -> impl IntoView {
    // The chart waits for the orders; ECharts can arrive meanwhile.
    crate::ui::charts::echarts::prefetch();
    let session = use_session();
    // Once the session has answered (a failed answer reads everything; the proxy refuses
    // what the token may not see, and that tile says so).
    let scope = Memo::new(move |_| {
        session
            .get()
            .map(|answer| dashboard_scope(answer.and_then(Result::ok).as_ref()))
    });
    let (data, tied) = use_overview(scope.into());
    view! {
        <section class="page overview" aria-labelledby="overview-title" data-testid="overview">
            <div class="page-head">
                <h1 id="overview-title">"Overview"</h1>
                <p class="muted">
                    {move || format!(
                        "Your fleet at a glance, read from the platform's order and pool pages. \
                         Cycles and dates are platform time ({}).",
                        platform_clock::offset()
                    )}
                </p>
            </div>
            <OverviewProgress data tied />
            <OverviewSections data links=true />
        </section>
    }
}

/// The tiles, the top devices and the closest to their limit (the page's and the embed's).
#[component]
pub fn OverviewSections(
    /// The sources.
    data: OverviewData,
    /// Whether tiles, bars and rows lead to the dashboard's lists and pages.
    links: bool,
) -> impl IntoView {
    view! {
        <OverviewTiles data links />
        <div class="overview-columns">
            <TopDevices data links />
            <ClosestToLimit data links />
        </div>
    }
}

/// The progress bar and Cancel while pages arrive; then when the figures were read, with
/// Reload (and a note when a Cancel left them partial).
#[component]
pub fn OverviewProgress(
    /// The sources.
    data: OverviewData,
    /// Cancel and Reload.
    tied: TiedLoad,
) -> impl IntoView {
    let states = Memo::new(move |_| data.states());
    let running = Memo::new(move |_| states.with(|s| !s.iter().all(|t| t.is_settled())));
    let cancelled = Memo::new(move |_| states.with(|s| s.contains(&TileState::Cancelled)));
    let done = Signal::derive(move || data.pages().0);
    let total = Signal::derive(move || data.pages().1);
    let settled = move || {
        let read_at = data.now.get();
        let words = if cancelled.get() {
            "Cancelled: the figures marked partial cover the pages that arrived."
        } else {
            "Read"
        };
        view! {
            <div class="overview-read" data-testid="overview-read">
                <span class="muted">{format!("{words} (platform time {} {:02}:{:02}).", read_at.iso_date(), read_at.hour, read_at.minute)}</span>
                <button type="button" class="button button-quiet" data-testid="overview-reload"
                    on:click=move |_| tied.reload.run(())>
                    "Reload"
                </button>
            </div>
        }
    };
    view! {
        <div class="overview-progress" data-status=move || if running.get() { "loading" } else { "complete" }
            data-testid="overview-status">
            <Show when=move || running.get() fallback=settled>
                <LoadProgress done total label="Reading orders, pools and events:"
                    on_cancel=tied.cancel test_id="overview-progress" cancel_test_id="overview-cancel" />
            </Show>
        </div>
    }
}

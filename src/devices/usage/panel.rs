//! The usage section of a device page: the range controls, then a load of every CDR page of
//! the range (restarted when the range changes, cancelled when the page is left), with its
//! progress, totals, charts and sessions.

use super::charts::UsageCharts;
use super::handle::UsageLoad;
use super::progress::UsageProgress;
use super::range::{UsageRange, today};
use super::range_picker::UsageRangePicker;
use super::sessions::table::SessionsTable;
use super::totals::UsageTotals;
use crate::session::platform_clock;
use crate::ui::ErrorView;
use cmp_api::CmpTime;
use leptos::prelude::*;

/// Usage of `device_id` over `range`; `on_range` is called when the person picks another.
#[component]
pub fn UsagePanel(
    /// The device (a validated ICCID).
    device_id: String,
    /// The range, from the URL.
    #[prop(into)]
    range: Signal<UsageRange>,
    /// Called with a new range (the page puts it in the URL).
    #[prop(into)]
    on_range: Callback<UsageRange>,
) -> impl IntoView {
    // The charts wait for the first page of data; ECharts can arrive meanwhile.
    crate::ui::charts::echarts::prefetch();
    // The platform's date: it moves when the session brings the platform's zone.
    let platform_today = Memo::new(move |_| today());
    let dates = Memo::new(move |_| range.with(|r| r.dates(platform_today.get())));
    let UsageLoad {
        state,
        retry,
        cancel: on_cancel,
        failed_early,
    } = UsageLoad::start(device_id.clone(), dates);

    let body = move || {
        match dates.get() {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="usage-invalid">{error.to_string()}</p>
        }
        .into_any(),
        Ok((start, end)) => {
            if let Some(error) = failed_early.get() {
                return view! { <ErrorView error on_retry=retry /> }.into_any();
            }
            let device_id = device_id.clone();
            view! {
                <UsageProgress state on_cancel on_retry=retry />
                <UsageTotals state />
                <UsageCharts state start end />
                <SessionsTable state device_id />
            }
            .into_any()
        }
    }
    };
    // The dates asked for and how far the load got, as attributes for scripts and tests
    // that must compare the page with the platform's own records.
    let day = move |pick: fn((CmpTime, CmpTime)) -> CmpTime| {
        dates.get().ok().map(|span| pick(span).iso_date())
    };
    let status = move || state.with(|s| s.status.name());
    view! {
        <section class="device-usage" aria-labelledby="usage-title" data-testid="usage-section"
            data-from=move || day(|(start, _)| start) data-to=move || day(|(_, end)| end)
            data-status=status>
            <h2 id="usage-title">"Usage"</h2>
            <p class="muted">
                {move || format!("Usage records for the {}. ", range.with(UsageRange::label))}
                {move || format!(
                    "Times are the platform's local time ({}), as sent by the upstream.",
                    platform_clock::offset()
                )}
            </p>
            <UsageRangePicker current=range today=platform_today on_change=on_range />
            {body}
        </section>
    }
}

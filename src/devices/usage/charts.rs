//! The five usage charts, redrawn as pages arrive: bytes per day, the running total, and
//! the shares by network, by country and by operator.

use super::chart_options::{
    country_entries, cumulative_chart, daily_chart, daily_summary, network_entries,
    operator_entries, share_chart, share_summary,
};
use super::state::{LoadStatus, UsageState};
use crate::ui::charts::Chart;
use cmp_api::CmpTime;
use leptos::prelude::*;

/// The charts of `state` over `start`..=`end`.
#[component]
pub fn UsageCharts(
    /// The load.
    #[prop(into)]
    state: Signal<UsageState>,
    /// First day of the range.
    start: CmpTime,
    /// Last day of the range.
    end: CmpTime,
) -> impl IntoView {
    // Nothing to draw before page 1; drawing empty charts then only delays the other pages.
    let waiting = Memo::new(move |_| state.with(|s| s.status == LoadStatus::Starting));
    let daily = Signal::derive(move || state.with(|s| daily_chart(&s.summary, start, end)));
    let cumulative =
        Signal::derive(move || state.with(|s| cumulative_chart(&s.summary, start, end)));
    let daily_text = Signal::derive(move || state.with(|s| daily_summary(&s.summary, start, end)));
    let cumulative_text = Signal::derive(move || {
        state.with(|s| {
            format!(
                "Running total of data used, reaching {}.",
                s.summary.total.human()
            )
        })
    });
    let networks = Memo::new(move |_| state.with(|s| network_entries(&s.summary)));
    let countries = Memo::new(move |_| state.with(|s| country_entries(&s.summary)));
    let operators = Memo::new(move |_| state.with(|s| operator_entries(&s.summary)));
    let network_chart = Signal::derive(move || networks.with(|e| share_chart("Network", e)));
    let country_chart = Signal::derive(move || countries.with(|e| share_chart("Country", e)));
    let operator_chart = Signal::derive(move || operators.with(|e| share_chart("Operator", e)));
    let network_text = Signal::derive(move || networks.with(|e| share_summary("network", e)));
    let country_text = Signal::derive(move || countries.with(|e| share_summary("country", e)));
    let operator_text = Signal::derive(move || operators.with(|e| share_summary("operator", e)));
    view! {
        <div class="usage-charts">
            <section class="usage-chart usage-chart-wide" data-testid="usage-chart-daily">
                <h3>"Data per day"</h3>
                <Chart option=daily summary=daily_text wait=waiting />
            </section>
            <section class="usage-chart usage-chart-wide" data-testid="usage-chart-cumulative">
                <h3>"Cumulative data"</h3>
                <Chart option=cumulative summary=cumulative_text wait=waiting />
            </section>
            <div class="usage-shares">
                <section class="usage-chart" data-testid="usage-chart-network">
                    <h3>"By network"</h3>
                    <Chart option=network_chart summary=network_text height="280px" wait=waiting />
                </section>
                <section class="usage-chart" data-testid="usage-chart-country">
                    <h3>"By country"</h3>
                    <Chart option=country_chart summary=country_text height="280px" wait=waiting />
                </section>
                <section class="usage-chart" data-testid="usage-chart-operator">
                    <h3>"By operator"</h3>
                    <Chart option=operator_chart summary=operator_text height="280px" wait=waiting />
                </section>
            </div>
        </div>
    }
}

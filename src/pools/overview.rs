//! The chart above the pool cards: share of quota used per pool, as stacked bars.

use super::chart_options::{pool_usage_chart, pool_usage_summary};
use crate::ui::charts::Chart;
use cmp_api::TrafficPool;
use leptos::prelude::*;

/// Draws the pools of the page shown; stays mounted across pages, so paging redraws it.
#[component]
pub fn PoolOverview(
    /// The pools to chart.
    #[prop(into)]
    pools: Signal<Vec<TrafficPool>>,
) -> impl IntoView {
    let option = Signal::derive(move || pools.with(|p| pool_usage_chart(p)));
    let summary = Signal::derive(move || pools.with(|p| pool_usage_summary(p)));
    // About 36 px a bar plus room for the legend, so long pages do not squash the bars.
    let height = move || format!("{}px", 64 + 36 * pools.with(Vec::len).max(1));
    view! {
        <section class="pool-overview" aria-labelledby="pool-overview-title">
            <h2 id="pool-overview-title">"Usage by pool"</h2>
            <div class="pool-overview-chart" style:height=height>
                <Chart option summary height="100%" />
            </div>
        </section>
    }
}

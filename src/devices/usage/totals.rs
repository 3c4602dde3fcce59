//! The usage totals: bytes (human units), records, sessions and open sessions.

use super::state::UsageState;
use leptos::prelude::*;

/// Four figures over the records that arrived so far.
#[component]
pub fn UsageTotals(
    /// The load.
    #[prop(into)]
    state: Signal<UsageState>,
) -> impl IntoView {
    let total = move || state.with(|s| cmp_api::format_bytes(s.summary.total.0));
    let exact = move || state.with(|s| s.summary.total.0);
    let records = move || state.with(|s| s.summary.records.to_string());
    let sessions = move || state.with(|s| s.summary.sessions.count.to_string());
    let open = move || state.with(|s| s.summary.sessions.open.to_string());
    view! {
        <dl class="usage-totals">
            <div class="usage-figure">
                <dt>"Data used"</dt>
                <dd data-testid="usage-total" data-bytes=exact title=move || format!("{} bytes", exact())>
                    {total}
                </dd>
            </div>
            <div class="usage-figure">
                <dt>"Records"</dt>
                <dd data-testid="usage-records">{records}</dd>
            </div>
            <div class="usage-figure">
                <dt>"Sessions"</dt>
                <dd data-testid="usage-sessions">{sessions}</dd>
            </div>
            <div class="usage-figure">
                <dt>"Open sessions"</dt>
                <dd data-testid="usage-open">{open}</dd>
            </div>
        </dl>
    }
}

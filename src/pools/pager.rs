//! Paging for the Pools page: Prev / Next, `Page 1 of 2 · 25 pools`, and the page size.

use super::query::PoolsQuery;
use crate::ui::paging::PAGE_SIZES;
use leptos::prelude::*;

/// Paging controls; `on_change` receives the page and size to show next.
#[component]
pub fn PoolPager(
    /// The page and size shown.
    query: PoolsQuery,
    /// Pools across all pages.
    total: u64,
    /// Called with the state to go to.
    #[prop(into)]
    on_change: Callback<PoolsQuery>,
) -> impl IntoView {
    let last = total.div_ceil(query.size.max(1)).max(1);
    let current = query.page;
    let noun = if total == 1 { "pool" } else { "pools" };
    let info = format!("Page {current} of {last} · {total} {noun}");
    let go_to = move |page| on_change.run(PoolsQuery { page, ..query });
    let sizes = PAGE_SIZES
        .iter()
        .map(|&size| {
            view! { <option value=size.to_string() selected={size == query.size}>{size.to_string()}</option> }
        })
        .collect_view();
    let set_size = move |ev| {
        let size = event_target_value(&ev).parse().unwrap_or(query.size);
        on_change.run(PoolsQuery { page: 1, size });
    };
    view! {
        <nav class="pager" aria-label="Pages">
            <button type="button" class="button button-quiet" disabled={current <= 1} on:click=move |_| go_to(current - 1)>
                "‹ Prev"
            </button>
            <span data-testid="page-info" aria-live="polite">{info}</span>
            <button type="button" class="button button-quiet" disabled={current >= last} on:click=move |_| go_to(current + 1)>
                "Next ›"
            </button>
            <label class="pager-size">
                "Per page "
                <select on:change=set_size>{sizes}</select>
            </label>
        </nav>
    }
}

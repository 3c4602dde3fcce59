//! Paging for the Pools page: Prev / Next, `Page 1 of 2 · 25 pools`, and the page size.

use super::query::PoolsQuery;
use crate::ui::paging::page_size_options;
use crate::ui::{PageNoun, page_info_text};
use cmp_api::PageInfo;
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
    let info = page_info_text(
        &PageInfo {
            cur_page_no: current,
            page_size: query.size,
            total_count: total,
            total_pages: last,
        },
        PageNoun::POOLS,
    );
    let go_to = move |page| on_change.run(PoolsQuery { page, ..query });
    let sizes = page_size_options(move || query.size);
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

//! Prev / Next paging with a `Page 1 of 4 · 61 packages` line, for every paged list.

use crate::catalogue::{PageNoun, page_info_text};
use cmp_api::PageInfo;
use leptos::prelude::*;

/// Paging controls for `info`; `on_page` receives the page to go to.
#[component]
pub fn Pager(
    /// The paging block of the page shown.
    info: PageInfo,
    /// What the list counts, for the paging line.
    noun: PageNoun,
    /// The navigation landmark's label, e.g. "Order pages".
    #[prop(default = "Pages")]
    label: &'static str,
    /// Called with the page number to show next.
    #[prop(into)]
    on_page: Callback<u64>,
) -> impl IntoView {
    let current = info.cur_page_no.max(1);
    let last = info.total_pages.max(1);
    view! {
        <nav class="pager" aria-label=label>
            <button
                type="button"
                class="button button-quiet"
                disabled={current <= 1}
                on:click=move |_| on_page.run(current - 1)
            >
                "‹ Prev"
            </button>
            <span data-testid="page-info" aria-live="polite">{page_info_text(&info, noun)}</span>
            <button
                type="button"
                class="button button-quiet"
                disabled={current >= last}
                on:click=move |_| on_page.run(current + 1)
            >
                "Next ›"
            </button>
        </nav>
    }
}

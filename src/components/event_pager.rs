//! Prev / Next through the stored event history, with `Page 1 of 3 · 120 events`.

use cmp_api::PageInfo;
use leptos::prelude::*;

/// Paging controls for `info`; `on_page` receives the page to go to.
#[component]
pub fn EventPager(
    /// The paging block of the history page shown.
    info: PageInfo,
    /// Called with the page number to show next.
    #[prop(into)]
    on_page: Callback<u64>,
) -> impl IntoView {
    let current = info.cur_page_no.max(1);
    let last = info.total_pages.max(1);
    let noun = if info.total_count == 1 {
        "event"
    } else {
        "events"
    };
    let text = format!(
        "Page {current} of {last} · {} stored {noun}",
        info.total_count
    );
    view! {
        <nav class="pager" aria-label="Event history pages">
            <button
                type="button"
                class="button button-quiet"
                disabled={current <= 1}
                on:click=move |_| on_page.run(current - 1)
            >
                "‹ Newer"
            </button>
            <span data-testid="page-info" aria-live="polite">{text}</span>
            <button
                type="button"
                class="button button-quiet"
                disabled={current >= last}
                on:click=move |_| on_page.run(current + 1)
            >
                "Older ›"
            </button>
        </nav>
    }
}

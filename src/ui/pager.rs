//! Prev / Next paging with a `Page 1 of 4 · 61 packages` line, for every paged list.

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

/// What a paging line counts, in the singular and the plural ("1 order", "61 orders").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNoun {
    /// The word for one item.
    pub one: &'static str,
    /// The word for any other count.
    pub many: &'static str,
}

impl PageNoun {
    /// Catalogue packages.
    pub const PACKAGES: PageNoun = PageNoun {
        one: "package",
        many: "packages",
    };
    /// Package orders.
    pub const ORDERS: PageNoun = PageNoun {
        one: "order",
        many: "orders",
    };
    /// Traffic pools.
    pub const POOLS: PageNoun = PageNoun {
        one: "pool",
        many: "pools",
    };
    /// Stored order-status events.
    pub const EVENTS: PageNoun = PageNoun {
        one: "stored event",
        many: "stored events",
    };
}

/// The paging line, e.g. `Page 1 of 4 · 61 packages`.
pub fn page_info_text(info: &PageInfo, noun: PageNoun) -> String {
    let noun = if info.total_count == 1 {
        noun.one
    } else {
        noun.many
    };
    format!(
        "Page {} of {} · {} {noun}",
        info.cur_page_no.max(1),
        info.total_pages.max(1),
        info.total_count
    )
}

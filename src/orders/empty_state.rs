//! What the orders list says when it has nothing to show, and the one action that would
//! show something (clear the filters, go back to page 1); the paged list and the list
//! filtered by data used share it.

use super::query::OrdersQuery;
use leptos::prelude::*;

/// The empty state, saying what to change to see orders.
pub fn empty_state(query: &OrdersQuery, go: Callback<OrdersQuery>) -> impl IntoView {
    let (text, action) = if query.is_filtered() {
        (
            "No orders match these filters. Check the device id or order code, or clear the filters.",
            "Clear filters",
        )
    } else if query.page > 1 {
        (
            "This page is past the last order. Go back to the first page.",
            "Go to page 1",
        )
    } else {
        (
            "There are no package orders yet. Admins can order packages for devices with Bulk order.",
            "",
        )
    };
    let reset = query.with_filters("", "", None).with_usage(None);
    view! {
        <div class="notice notice-empty" data-testid="empty" role="status">
            <p class="notice-title">"No orders to show"</p>
            <p class="notice-text">{text}</p>
            {(!action.is_empty()).then(|| view! {
                <button type="button" class="button" on:click=move |_| go.run(reset.clone())>{action}</button>
            })}
        </div>
    }
}

//! A coloured badge for an order's status: running in green, waiting in amber, ended and
//! paused in grey, with the status in words.

use cmp_api::OrderStatus;
use leptos::prelude::*;

/// The badge of an order with `status`.
#[component]
pub fn OrderStatusBadge(
    /// The order's status, if the platform gave one.
    status: Option<OrderStatus>,
) -> impl IntoView {
    let class = match &status {
        Some(OrderStatus::Started) => "badge badge-ok",
        Some(OrderStatus::NotStarted) => "badge badge-warn",
        _ => "badge badge-muted",
    };
    let label = status.map_or_else(|| "not stated".to_owned(), |s| s.label());
    view! { <span class=class data-testid="order-status">{label}</span> }
}

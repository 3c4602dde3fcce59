//! One row of the events table.

use crate::api::events::OrderEvent;
use leptos::prelude::*;

/// When the proxy received the event, the platform's time, order, device, IMSIs, operation
/// in words and sequence number.
#[component]
pub fn EventRow(
    /// The event to show.
    event: OrderEvent,
) -> impl IntoView {
    let imsis = event.imsis().join(", ");
    let label = event.operation_label();
    let code = event.operation.code().to_owned();
    let received = received_words(&event.received_at);
    view! {
        <tr data-testid="event-row">
            <td class="event-time" data-testid="event-received">{received}</td>
            <td class="event-time" data-testid="event-platform-time">{event.time.clone()}</td>
            <td class="mono" data-testid="event-order">{event.orderid.clone()}</td>
            <td class="mono" data-testid="event-device">{event.assetid.clone()}</td>
            <td class="mono event-imsi">{imsis}</td>
            <td data-testid="event-operation" title=format!("Operation {code}")>{label}</td>
            <td class="num" data-testid="event-seq">{event.seq}</td>
        </tr>
    }
}

/// `2026-11-29T23:00:00Z` as `2026-11-29 23:00:00`: the column says UTC once.
fn received_words(received_at: &str) -> String {
    received_at.trim_end_matches('Z').replacen('T', " ", 1)
}

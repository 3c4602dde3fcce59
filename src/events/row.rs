//! One row of the events table.

use crate::api::events::OrderEvent;
use leptos::prelude::*;

/// The event's time, order, device, IMSIs, operation in words and sequence number.
#[component]
pub fn EventRow(
    /// The event to show.
    event: OrderEvent,
) -> impl IntoView {
    let imsis = event.imsis().join(", ");
    let label = event.operation_label();
    let code = event.operation.code().to_owned();
    let received = format!("Received {} (UTC)", event.received_at);
    view! {
        <tr data-testid="event-row">
            <td class="event-time" title=received>{event.time.clone()}</td>
            <td class="mono" data-testid="event-order">{event.orderid.clone()}</td>
            <td class="mono" data-testid="event-device">{event.assetid.clone()}</td>
            <td class="mono event-imsi">{imsis}</td>
            <td data-testid="event-operation" title=format!("Operation {code}")>{label}</td>
            <td class="num" data-testid="event-seq">{event.seq}</td>
        </tr>
    }
}

//! The events table: newest first, one row per event.

use super::row::EventRow;
use crate::api::events::OrderEvent;
use leptos::prelude::*;

/// A table of `events` in the order given.
#[component]
pub fn EventTable(
    /// The events to list, newest first.
    #[prop(into)]
    events: Signal<Vec<OrderEvent>>,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Order events, scrollable">
            <table class="data-table events-table" data-testid="events-table">
                <caption class="visually-hidden">
                    "Order status events, newest first: when the proxy received each one (UTC), and the time the platform sent with it, which is the order's creation time."
                </caption>
                <thead>
                    <tr>
                        <th scope="col">"Received (UTC)"</th>
                        <th scope="col" title="The push's time: the order's creation time, in the platform's time zone">
                            "Order created"
                        </th>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Device"</th>
                        <th scope="col">"IMSIs"</th>
                        <th scope="col">"Operation"</th>
                        <th scope="col" class="num">"#"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || events.get()
                        key=|event| event.seq
                        children=|event| view! { <EventRow event /> }
                    />
                </tbody>
            </table>
        </div>
    }
}

//! The Events page's filter: one box matching order ids and devices.

use super::query::EventsQuery;
use leptos::prelude::*;

/// The filter box. `on_change` gets the new state and whether it should replace the
/// current history entry (typing on) rather than add one.
#[component]
pub fn EventFilter(
    /// The state shown, read from the URL.
    #[prop(into)]
    query: Signal<EventsQuery>,
    /// Called with `(new state, replace history entry)`.
    #[prop(into)]
    on_change: Callback<(EventsQuery, bool)>,
) -> impl IntoView {
    let set_text = move |text: String| {
        let current = query.get_untracked();
        // The first keystroke adds a history entry; later ones replace it, so Back returns
        // to the unfiltered list rather than one letter at a time.
        let replace = current.is_filtered();
        let next = EventsQuery { q: text, ..current };
        on_change.run((next, replace));
    };
    let clear = move |_| {
        let current = query.get_untracked();
        on_change.run((
            EventsQuery {
                q: String::new(),
                ..current
            },
            false,
        ));
    };
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field field-grow">
                <label for="event-filter">"Order or device"</label>
                <input
                    id="event-filter"
                    type="search"
                    placeholder="Order id or device id (part of it is enough)"
                    autocomplete="off"
                    prop:value=move || query.get().q
                    on:input=move |ev| set_text(event_target_value(&ev))
                />
            </div>
            <Show when=move || query.get().is_filtered()>
                <button type="button" class="button button-quiet filters-clear" on:click=clear>
                    "Clear filter"
                </button>
            </Show>
        </form>
    }
}

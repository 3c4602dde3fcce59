//! The page for addresses the dashboard does not have.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// Says the address is unknown and links back to the catalogue.
#[component]
pub fn NotFound() -> impl IntoView {
    let path = use_location().pathname;
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <p class="not-found-code" aria-hidden="true">"404"</p>
            <h1 id="not-found-title">"Page not found"</h1>
            <p class="muted">
                "There is no page at " <code>{move || path.get()}</code>
                ". Check the address, or go to the package catalogue."
            </p>
            <A href="/packages" attr:class="button">"Go to Packages"</A>
        </section>
    }
}

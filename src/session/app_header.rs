//! The top bar: product name, navigation, the live indicator, the alerts bell, and who is
//! signed in.

use crate::alerts::AlertBell;
use crate::api::Session;
use crate::events::LiveIndicator;
use crate::session::auth::Auth;
use crate::session::info::{known_session, use_session};
use leptos::prelude::*;
use leptos_router::components::A;

/// Header with the product name, the page links and the session's name, role and Sign out.
#[component]
pub fn AppHeader() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let session = use_session();
    let who = move || {
        known_session(session).map(|Session { name, role, .. }| {
            view! {
                <span class="session" data-testid="session">
                    <span class="session-name">{name}</span>
                    <span class="badge badge-role">{role.as_str()}</span>
                </span>
            }
        })
    };
    view! {
        <header class="app-header">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">"◆"</span>
                "CMP Console"
            </a>
            // Signed out, the links would only lead back to the sign-in form.
            <Show when=move || auth.token.get().is_some()>
                <nav class="app-nav" aria-label="Main">
                    <A href="/" exact=true>"Overview"</A>
                    <A href="/packages">"Packages"</A>
                    // A token limited to devices that names no pools cannot show any.
                    <Show when=move || !known_session(session).is_some_and(|s| s.pools.as_ref().is_some_and(Vec::is_empty))>
                        <A href="/pools">"Pools"</A>
                    </Show>
                    <A href="/orders">"Orders"</A>
                    <A href="/devices">"Devices"</A>
                    <A href="/events">"Events"</A>
                    <A href="/alerts">"Alerts"</A>
                </nav>
            </Show>
            <div class="header-end">
                <Show when=move || auth.token.get().is_some()>
                    {use_context::<crate::events::LiveEvents>().map(|live| view! { <LiveIndicator status=live.status holds_stream=live.holds_stream /> })}
                    <AlertBell />
                </Show>
                {who}
                <Show when=move || auth.token.get().is_some()>
                    <button type="button" class="button button-quiet" on:click=move |_| auth.sign_out()>
                        "Sign out"
                    </button>
                </Show>
            </div>
        </header>
    }
}

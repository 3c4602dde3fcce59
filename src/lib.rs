//! # cmp-dashboard
//!
//! The browser console for the CMP partner API: a Leptos client-side app built by Trunk,
//! talking only to `cmp-proxy` (same origin, bearer token) and decoding answers with the
//! shared `cmp-api` types.
//!
//! ## Layout
//! [`App`] (the shell and the route table) is all this file holds. Each feature folder holds
//! its pages, components, URL query state and logic; files import downward only (features
//! use `ui`, `api` and `early`, never the route table).
//! - [`overview`]: the fleet at a glance (`/`), built from every order and pool page.
//! - [`packages`]: the catalogue (`/packages`), searched and filtered in the browser.
//! - [`orders`]: the orders (`/orders`) and their actions; the bulk order (`/orders/new`).
//! - [`devices`]: device lookup (`/devices`) and one device (`/devices/:id`), with its usage
//!   over a date range: the CDR load, totals, charts and sessions.
//! - [`pools`]: the traffic pools (`/pools`): chart, cards and projections.
//! - [`events`]: live order-status events, the Events page (`/events`), the toasts.
//! - [`alerts`]: usage alerts (`/alerts`): the alerts the proxy fired and the rules.
//! - [`embed`]: the pages partner portals embed (`/embed/...`), mounted instead of [`App`].
//! - [`session`]: signing in, the session and its role, the app header.
//! - [`ui`]: generic pieces: pager, dialogs, error view, loading skeleton, chart host.
//! - [`api`]: one typed async function per proxy endpoint, [`api::ApiError`], the token.
//! - [`early`]: the slot a page's first request waits in when started before its code.
//! - [`load`]: loads of many pages: bounded, paced, cancellable, with progress.
//! - [`marks`]: Performance API marks the browser benchmarks read.
//! - `split`: the pages as wasm split points (the `split` feature).

pub mod alerts;
pub mod api;
pub mod devices;
pub mod early;
pub mod embed;
pub mod events;
pub mod load;
pub mod marks;
pub mod orders;
pub mod overview;
pub mod packages;
pub mod pools;
pub mod session;
mod split;
pub mod ui;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use session::auth::{self, Auth};
use session::{AppHeader, SignIn};
use ui::NotFound;

/// Starts, before the app's first render, what the page at `path` needs first: its group's
/// wasm chunk and its early request (with the `split` feature, see `split::start_route`;
/// without it every page is in the main module and this only signs a `#token=` link in).
/// The caller mounts the app in a later task, so these fetches are on the wire while the
/// first render runs.
pub fn start_page_early(path: &str) {
    // An Err means the executor is already set, which is what is wanted.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    if embed::is_embed_path(path) {
        #[cfg(feature = "split")]
        split::start_embed();
        return;
    }
    // The early requests need the token a `#token=` link brings; App reads it again.
    auth::take_token_from_fragment();
    #[cfg(feature = "split")]
    split::start_route(path);
}

/// The whole app: header, and either the sign-in form or the routed page.
#[component]
pub fn App() -> impl IntoView {
    auth::take_token_from_fragment();
    let auth = Auth::from_storage();
    auth::follow_token_links(auth);
    provide_context(auth);
    session::info::provide_session(auth);
    let live = events::provide_live_events(auth);
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <AppHeader />
            <main id="main" class="app-main" tabindex="-1">
                <Show when=move || auth.token.get().is_some() fallback=SignIn>
                    <Routes fallback=NotFound>
                        <Route path=path!("/") view=split::page!(Overview, overview::OverviewPage) />
                        <Route path=path!("/packages") view=split::page!(Packages, packages::PackagesPage) />
                        <Route path=path!("/pools") view=split::page!(Pools, pools::PoolsPage) />
                        <Route path=path!("/orders/new") view=split::page!(BulkOrder, orders::bulk::BulkOrderPage) />
                        <Route path=path!("/orders") view=split::page!(Orders, orders::OrdersPage) />
                        <Route path=path!("/devices") view=split::page!(Devices, devices::DevicesPage) />
                        <Route path=path!("/devices/:id") view=split::page!(DeviceDetail, devices::DeviceDetailPage) />
                        <Route path=path!("/events") view=split::page!(Events, events::EventsPage) />
                        <Route path=path!("/alerts") view=split::page!(Alerts, alerts::AlertsPage) />
                    </Routes>
                </Show>
            </main>
            <events::ToastRegion live />
        </Router>
    }
}

//! Pages that partner portals embed in their own site (`/embed/...`), without the app's
//! header, navigation, live events or toasts, authorised by an embed token from the URL
//! fragment that is kept in the frame's memory only.
//!
//! ## Layout
//! - [`EmbedApp`]: the route table of the embed pages, mounted instead of [`crate::App`].
//! - [`frame`]: theme, accent, title and height reporting around every page.
//! - [`options`]: the query-string options (`theme`, `accent`, `hide_title`, `range`).
//! - [`token`]: the frame's token, taken from `#token=`.
//! - [`resize`]: the `cmp-embed:resize` message to the parent page.
//! - [`refusal`]: expired, invalid and out-of-scope links in words.
//! - [`device_usage`], [`device_status`], [`pool_gauge`], [`orders`], [`overview`]: the
//!   pages.

pub mod device_status;
pub mod device_usage;
pub mod frame;
pub mod options;
pub mod orders;
pub mod overview;
pub mod pool_gauge;
pub mod refusal;
pub mod resize;
pub mod token;

use frame::EmbedFrame;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

/// Whether `path` is one of the embed pages (so the app mounts [`EmbedApp`]).
pub fn is_embed_path(path: &str) -> bool {
    path == "/embed" || path.starts_with("/embed/")
}

/// The embed pages, each inside an [`EmbedFrame`].
#[component]
pub fn EmbedApp() -> impl IntoView {
    let has_token = token::take_from_fragment();
    token::reload_on_new_token();
    view! {
        <Router>
            <EmbedFrame has_token>
                <Routes fallback=EmbedNotFound>
                    <Route path=path!("/embed/devices/:id/usage") view=crate::split::page!(EmbedDeviceUsage, device_usage::DeviceUsageEmbed) />
                    <Route path=path!("/embed/devices/:id") view=crate::split::page!(EmbedDeviceStatus, device_status::DeviceStatusEmbed) />
                    <Route path=path!("/embed/pools/:id") view=crate::split::page!(EmbedPoolGauge, pool_gauge::PoolGaugeEmbed) />
                    <Route path=path!("/embed/orders") view=crate::split::page!(EmbedOrders, orders::OrdersEmbed) />
                    <Route path=path!("/embed/overview") view=crate::split::page!(EmbedOverview, overview::OverviewEmbed) />
                </Routes>
            </EmbedFrame>
        </Router>
    }
}

/// An `/embed/...` address that names no embed page.
#[component]
fn EmbedNotFound() -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert" data-testid="embed-not-found">
            <p class="notice-title">"This embed address is not known"</p>
            <p class="notice-text">
                "Embeddable views are /embed/devices/ID/usage, /embed/devices/ID, /embed/pools/ID, \
                 /embed/orders?device_id=ID and /embed/overview. Check the address the page uses."
            </p>
        </div>
    }
}

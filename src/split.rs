//! Pages as wasm split points. Built with the `split` feature (the release build is, see
//! `scripts/split-wasm.sh`), each group of pages below is one split function, which
//! `wasm-split` moves out of the main module into chunks fetched when a page of the group is
//! first opened: a cold load downloads the shell and one group, not every page.
//!
//! Pages are grouped rather than split one by one because wasm-split gives every set of split
//! points that shares code a chunk of its own: eleven split points made ~140 chunks (a
//! hundred requests for the device page); five groups make about 25 chunks, most of them a
//! few hundred bytes, of which a cold page fetches about ten.
//!
//! A page may name an `early` start (`packages::prefetch::start`,
//! `devices::usage::early::start`) that its route's `data()` runs before the group's chunk
//! has arrived, leaving the page's first request in a [`crate::early::EarlySlot`].
//!
//! Without the feature (component tests, `cargo check`) the route table names the pages
//! directly and this module declares nothing.

/// The view a route shows: a page's lazy route with the `split` feature, else the page itself.
#[cfg(feature = "split")]
macro_rules! page {
    ($lazy:ident, $page:path) => {
        ::leptos_router::Lazy::<$crate::split::$lazy>::new()
    };
}
/// The view a route shows: a page's lazy route with the `split` feature, else the page itself.
#[cfg(not(feature = "split"))]
macro_rules! page {
    ($lazy:ident, $page:path) => {
        $page
    };
}
pub(crate) use page;

#[cfg(feature = "split")]
pub use groups::*;

#[cfg(feature = "split")]
mod groups {
    use crate::ui::{PageCodeError, reload_page};
    use leptos::prelude::*;
    use leptos::wasm_split::SplitLoaderError;
    use leptos_router::LazyRoute;

    /// The page number that makes a group's split point load its chunk and build nothing.
    const PRELOAD: u8 = u8::MAX;

    /// Declares, for one group, its split point (a function choosing the page by number,
    /// since a split point's arguments cross a C ABI) and a lazy route per page. The split
    /// point is `fallible`: a chunk that cannot be fetched (a dropped connection, or a tab
    /// older than the deployed build) shows [`PageCodeError`] instead of aborting the app.
    macro_rules! page_group {
        ($group:ident { $($lazy:ident => $page:path $({ early: $early:path })?),* $(,)? }) => {
            #[::leptos::wasm_split::wasm_split($group, wasm_split_path = ::leptos::wasm_split, fallible)]
            fn $group(page: u8) -> Result<AnyView, SplitLoaderError> {
                if page == PRELOAD {
                    return Ok(().into_any());
                }
                let mut index = 0u8;
                $(
                    if page == index {
                        use $page as Page;
                        return Ok(view! { <Page /> }.into_any());
                    }
                    index += 1;
                )*
                let _ = index;
                unreachable!("page {page} is not in {}", stringify!($group))
            }

            page_group!(@routes $group, 0u8, $($lazy => $page $({ early: $early })?),*);
        };
        (@routes $group:ident, $index:expr, $lazy:ident => $page:path $({ early: $early:path })? $(, $($rest:tt)*)?) => {
            page_group!(@route $group, $index, $lazy, $page, $($early)?);
            page_group!(@routes $group, $index + 1u8, $($($rest)*)?);
        };
        (@routes $group:ident, $index:expr,) => {};
        // `early` runs in the route's `data()`, before the group's chunk has arrived.
        (@route $group:ident, $index:expr, $lazy:ident, $page:path, $($early:path)?) => {
            #[doc = concat!("The lazily loaded `", stringify!($page), "`.")]
            #[derive(Debug)]
            pub struct $lazy;

            impl LazyRoute for $lazy {
                fn data() -> Self {
                    $($early();)?
                    $lazy
                }

                async fn view(_this: Self) -> AnyView {
                    $group($index).await.unwrap_or_else(|_| {
                        view! { <PageCodeError on_reload=reload_page /> }.into_any()
                    })
                }
            }
        };
    }

    /// Starts what the app page at `path` will need before the app's first render: its
    /// group's chunk and the page's `early` request. Both would otherwise begin only once
    /// the first render (the header, the router, ~45 ms on a cold load) is done, and the
    /// page then waits for them. [`crate::start_page_early`] calls it and mounts the app in
    /// a later task, so these fetches are on the wire while the first render runs.
    pub fn start_route(path: &str) {
        let path = path.trim_end_matches('/');
        if crate::api::token::stored_token().is_none() {
            // Signed out: the sign-in form shows, not the page.
            return;
        }
        match path {
            "" => spawn_preload(overview_pages(PRELOAD)),
            "/packages" => {
                spawn_preload(catalogue_pages(PRELOAD));
                crate::packages::prefetch::start();
            }
            "/pools" | "/devices" => spawn_preload(device_pages(PRELOAD)),
            _ if path.starts_with("/devices/") => {
                spawn_preload(device_pages(PRELOAD));
                crate::devices::usage::early::start();
            }
            "/orders" | "/orders/new" | "/events" | "/alerts" => {
                spawn_preload(order_pages(PRELOAD))
            }
            _ => {}
        }
    }

    /// Starts the embed pages' chunk before the embed's first render (see [`start_route`]).
    pub fn start_embed() {
        spawn_preload(embed_pages(PRELOAD));
    }

    /// Loads a chunk in the background. A failure is left to the route, which asks again
    /// when it renders and shows [`PageCodeError`] if the chunk still cannot be had.
    fn spawn_preload(load: impl Future<Output = Result<AnyView, SplitLoaderError>> + 'static) {
        leptos::task::spawn_local(async move {
            let _ = load.await;
        });
    }

    page_group!(catalogue_pages {
        Packages => crate::packages::PackagesPage { early: crate::packages::prefetch::start },
    });
    page_group!(overview_pages {
        Overview => crate::overview::OverviewPage,
    });
    page_group!(device_pages {
        Devices => crate::devices::DevicesPage,
        DeviceDetail => crate::devices::DeviceDetailPage { early: crate::devices::usage::early::start },
        Pools => crate::pools::PoolsPage,
    });
    page_group!(order_pages {
        Orders => crate::orders::OrdersPage,
        BulkOrder => crate::orders::bulk::BulkOrderPage,
        Events => crate::events::EventsPage,
        Alerts => crate::alerts::AlertsPage,
    });
    page_group!(embed_pages {
        EmbedDeviceUsage => crate::embed::device_usage::DeviceUsageEmbed,
        EmbedDeviceStatus => crate::embed::device_status::DeviceStatusEmbed,
        EmbedPoolGauge => crate::embed::pool_gauge::PoolGaugeEmbed,
        EmbedOrders => crate::embed::orders::OrdersEmbed,
        EmbedOverview => crate::embed::overview::OverviewEmbed,
    });
}

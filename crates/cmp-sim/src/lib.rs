//! # cmp-sim
//!
//! A stateful simulator of the CMP partner API described in the team's shared
//! `cmp-api-spec.md`: the same paths, bodies and envelope as the upstream, a deterministic
//! world built from a seed, an order state machine on a simulated clock, order-status
//! pushes with retries, request signing, fault injection and a state file.
//!
//! ## Layout
//! - this file: [`app`] (the router) and [`run`] (serve it with the background work).
//! - `main.rs`: the `cmp-sim` binary and its flags.
//! - [`config`]: [`SimConfig`] and [`SimError`], and the base path the API is served under.
//! - [`state`]: the shared [`SimState`]: world, clock, order book, fault rules; every
//!   change to an order goes through it.
//! - [`world/`](world): the deterministic world: devices, traffic pools, the package
//!   catalogue, the orders at start, and CDRs generated lazily per (device, day).
//! - [`rng`]: the seeded random source the world and the error-rate faults draw from.
//! - [`orders/`](orders): the order record, the pure lifecycle state machine producing
//!   every push, the order book (the state file) and push delivery to the webhook.
//! - [`api/`](api): the nine upstream operations at the spec's paths, the signature check
//!   guarding them, and the rendering of records as the upstream's response models.
//! - [`faults/`](faults): fault rules and the middleware that injects them.
//! - [`admin`]: the `/_sim/...` endpoints (clock, platform-side order events, faults,
//!   pushes and how they go out, a look at the world).
//! - [`error`]: [`error::ApiError`], the business error codes below, body and paging input.
//!
//! ## Error codes
//! Business errors answer HTTP 200 with `success: false` and one of these codes:
//!
//! | code | meaning |
//! |---|---|
//! | `0000` | success |
//! | `1001` | authentication failed: signature missing, wrong, access code unknown, or timestamp more than 10 minutes from the simulator's wall clock |
//! | `1002` | bad request: body not a JSON object, a required field missing or empty, a field of the wrong kind |
//! | `1003` | `page_no` / `page_size` not a whole number ≥ 1 |
//! | `1004` | `page_size` too large (queryOrder and getTrafficPoolInfo: 100; syncPackages and CDRs: 1000) |
//! | `2001` | unknown device |
//! | `2002` | unknown order |
//! | `2003` | unknown package |
//! | `2004` | obsolete package |
//! | `3001` | the order's state does not allow it (cancel a started order, end early an order that has not started, open a started one, anything on an ended one) |
//! | `3002` | the order is unpaid, so it cannot be opened |
//! | `3003` | the order is an OTA secondary plan, so it cannot be opened by request |
//! | `3004` | cycle counts out of range (renew a prepaid order, above the package maximum, below its minimum) |
//! | `4001` | CDR date not `YYYY-MM-DD` |
//! | `4002` | CDR range starts more than 180 days ago (today is day 1) |
//! | `4003` | CDR range reversed |
//! | `5001` | `subscribed_count` above the traffic pool's limit |
//! | `9001` | an injected fault (`error_rate`) |
//!
//! In batchOrderPackages, per-device failures (`2001`, `3003`) appear in each
//! `device_order` entry's `error` while the envelope is `0000`.

pub mod admin;
pub mod api;
pub mod config;
pub mod error;
pub mod faults;
pub mod orders;
pub mod rng;
pub mod state;
pub mod world;

pub use config::{SimConfig, SimError};
pub use state::SimState;
pub use world::HEAVY_DEVICE_ID;

use axum::Router;
use axum::middleware::from_fn_with_state;
use std::future::Future;
use std::time::Duration;

/// The simulator's router: the `/cmp-api` operations (behind faults and signing) under the
/// configured base path, and the `/_sim` admin endpoints, which are the simulator's own and
/// always at the root. With a base path such as `/gw`, `/cmp-api/...` is not found (404),
/// as on a platform reached through a gateway.
pub fn app(state: SimState) -> Router {
    let api = api::routes()
        .route_layer(from_fn_with_state(
            state.clone(),
            api::signature::check_signature,
        ))
        .route_layer(from_fn_with_state(
            state.clone(),
            faults::inject::inject_faults,
        ));
    // Nesting hands the inner routes (and the signature and fault layers, which read the
    // operation from the path) the path without the base.
    let api = match state.config().base_path.as_str() {
        "" => api,
        base => Router::new().nest(base, api),
    };
    api.merge(admin::routes())
        .fallback(not_found)
        .with_state(state)
}

async fn not_found() -> (axum::http::StatusCode, axum::Json<cmp_api::Envelope<()>>) {
    let body = cmp_api::Envelope::fail(
        "404",
        "no such operation: see the spec for the paths under /cmp-api",
    );
    (axum::http::StatusCode::NOT_FOUND, axum::Json(body))
}

/// Serves [`app`] on `listener` and runs the background work (push delivery with retries,
/// expiry on the clock) until `shutdown` completes.
pub async fn run(
    listener: tokio::net::TcpListener,
    state: SimState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut tasks = Vec::new();
    if let Some(url) = state.config().push_url.clone() {
        tasks.push(tokio::spawn(orders::push_delivery::deliver(
            state.clone(),
            url,
        )));
    }
    let ticker = state.clone();
    tasks.push(tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            // Expires orders whose time has come even when nobody is calling.
            ticker.with_book(|_, _| ());
        }
    }));
    let result = axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await;
    for t in tasks {
        t.abort();
    }
    result
}

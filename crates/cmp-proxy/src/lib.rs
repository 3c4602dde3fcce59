//! # cmp-proxy
//!
//! The cmp-dashboard server. It forwards the SPA's `/cmp-api/...` calls to the CMP upstream
//! (or an embedded simulator), signing each one, and adds what a browser must not do itself:
//! who-may-do-what, CORS, the order-status webhook with a durable event log, live events
//! (SSE), an audit log of mutations, and serving the built SPA.
//!
//! ## Layout
//! - [`config`]: settings from the environment and `--config FILE`.
//! - [`upstream`], [`retry`], [`reply`]: the signing HTTP client, timeouts and retries, and
//!   the answers it reads; [`cache`]: read answers reused for a moment.
//! - [`forward`], [`scope`]: `/cmp-api/*` with access control per role and device.
//! - [`tokens`], [`auth`]: bearer tokens (hashed) and `/api/session`.
//! - [`embed`], [`clock`]: partner-portal embed tokens (JWTs) and the time they are judged by;
//!   [`embed_cli`]: the `cmp-proxy embed-token` command that mints them.
//! - [`store`], [`webhook`], [`events`], [`audit`]: the SQLite store, `/hooks`, `/api/events`, `/api/audit`.
//! - [`cors`], [`spa`], [`health`], [`request_id`]: browser rules, files, probes, log ids.
//! - [`guard`], [`rate`], [`input`], [`serve`]: input hardening (body size and time, rate and
//!   stream limits per identity, paging and bulk limits, header timeout).
//! - [`embedded`]: the in-process simulator; [`startup`]: wiring it all from a [`Config`].

pub mod audit;
pub mod auth;
pub mod cache;
pub mod clock;
pub mod config;
pub mod cors;
pub mod embed;
pub mod embed_cli;
#[cfg(feature = "embedded-sim")]
pub mod embedded;
pub mod error;
pub mod events;
pub mod forward;
pub mod guard;
pub mod health;
pub mod input;
pub mod paging;
pub mod rate;
pub mod reply;
pub mod request_id;
pub mod retry;
pub mod scope;
pub mod secret;
pub mod serve;
pub mod spa;
pub mod startup;
pub mod state;
pub mod store;
pub mod tokens;
pub mod upstream;
pub mod webhook;

pub use config::{Config, ConfigError};
pub use error::ApiError;
pub use secret::Secret;
pub use startup::{GeneratedTokens, Prepared, StartError, prepare};
pub use state::AppState;
pub use tokens::{Identity, Role, TokenSet, TokenStore};

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{any, get, post};
use std::future::Future;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// The proxy's routes and middleware.
pub fn app(state: AppState) -> Router {
    let max_body = state.config.limits.max_body_bytes;
    Router::new()
        .route("/cmp-api/{*rest}", any(forward::forward))
        .route("/api/session", get(auth::session))
        .route("/api/events", get(events::events))
        .route("/api/events/history", get(events::history))
        .route("/api/audit", get(audit::audit))
        .route("/hooks/order-status/{secret}", post(webhook::order_status))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .fallback(spa::serve)
        .layer(DefaultBodyLimit::max(max_body))
        .layer(from_fn_with_state(state.clone(), guard::per_identity))
        .layer(from_fn_with_state(state.clone(), guard::read_body))
        .layer(from_fn_with_state(state.clone(), cors::cors))
        .layer(from_fn_with_state(state.clone(), spa::security_headers))
        // Brotli's own default (quality 11) takes seconds for a 1,000-record CDR page
        // (260 KB); 4 takes milliseconds and is within 7 % of 5's size (bench/RESULTS.md §5).
        // Named here rather than left to tower-http's default, which has changed before.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .layer(from_fn(request_id::request_id))
        .with_state(state)
}

/// Serves [`app`] on an already-bound listener until `shutdown` completes, re-reading the
/// tokens file in the background; open event streams are ended at shutdown. Clients get
/// `CMP_HEADER_TIMEOUT_MS` to send their request headers (see [`serve`]).
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let watcher = tokio::spawn(state.tokens.clone().watch());
    let closing = state.closing.clone();
    let header_timeout = state.config.limits.header_timeout;
    let result = serve::serve(listener, app(state), header_timeout, async move {
        shutdown.await;
        let _ = closing.send(true);
    })
    .await;
    watcher.abort();
    result
}

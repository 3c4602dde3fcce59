//! # cmp-proxy
//!
//! The cmp-dashboard server. It forwards the SPA's `/cmp-api/...` calls to the CMP upstream
//! (or an embedded simulator), signing each one, and adds what a browser must not do itself:
//! who-may-do-what, CORS, the order-status webhook with a durable event log, live events
//! (SSE), an audit log of mutations, and serving the built SPA.
//!
//! ## Layout
//! The top level holds what ties the rest together: [`app`] and [`run`] here, [`state`] (what
//! every handler gets), [`error`] (the error envelope), [`startup`] (wiring a [`Config`]),
//! and `main.rs`, the `cmp-proxy` binary.
//! Every behaviour lives in a folder named after it:
//! - [`config`]: settings from the environment and `--config FILE`.
//! - [`upstream`]: the signing client to the platform, retries, answers, the read cache, and
//!   the in-process simulator.
//! - [`access`]: tokens, embed tokens, `/api/session`, and who may make which `/cmp-api` call.
//! - [`forward`]: `/cmp-api/*` checked, authorised, signed and forwarded (or rebuilt for
//!   scoped tokens); mutations audited.
//! - [`alerts`]: usage alerts: the rules, their evaluation (scheduled, and on each push),
//!   `/api/alerts`.
//! - [`events`]: the order-status webhook, live events (SSE), their history, the audit log.
//! - [`store`]: events, dead letters and the audit log, in SQLite or PostgreSQL.
//! - [`http`]: the server loop, request ids, CORS, security headers, body and rate limits per
//!   token, probes.
//! - [`metrics`]: counters and latency histograms for operators, at `GET /metrics`.
//! - [`spa`]: the built SPA's files (with their precompressed siblings), and `index.html`
//!   with its CSP for client routes.

pub mod access;
pub mod alerts;
pub mod config;
pub mod error;
pub mod events;
pub mod forward;
pub mod http;
pub mod metrics;
pub mod spa;
pub mod startup;
pub mod state;
pub mod store;
pub mod upstream;

pub use access::identity::{Identity, Role};
pub use access::secret::Secret;
pub use access::tokens::{TokenSet, TokenStore};
pub use config::{Config, ConfigError};
pub use error::ApiError;
pub use startup::{GeneratedTokens, Prepared, StartError, prepare};
pub use state::AppState;

use axum::Router;
use axum::routing::{any, get, post, put};
use events::{audit_log, history, live, webhook};
use http::health;
use std::future::Future;
use tokio::net::TcpListener;

/// The proxy's routes and middleware.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/cmp-api/{*rest}", any(forward::forward))
        .route("/api/session", get(access::session::session))
        .route("/api/events", get(live::events))
        .route("/api/events/history", get(history::history))
        .route("/api/audit", get(audit_log::audit))
        .route(
            "/api/alerts/rules",
            get(alerts::rules_api::list).post(alerts::rules_api::create),
        )
        .route(
            "/api/alerts/rules/{id}",
            put(alerts::rules_api::update).delete(alerts::rules_api::delete),
        )
        .route("/api/alerts", get(alerts::alerts_api::list))
        .route(
            "/api/alerts/{id}/ack",
            post(alerts::alerts_api::acknowledge),
        )
        .route(
            "/api/alerts/{id}/deliveries",
            get(alerts::alerts_api::deliveries),
        )
        .route("/hooks/order-status/{secret}", post(webhook::order_status))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::endpoint::metrics))
        .fallback(spa::serve)
        // Request id, metrics, compression, security headers, CORS, body and identity budgets
        // (see http::edge for why one layer).
        .layer(http::edge::EdgeLayer::new(state.clone()))
        .with_state(state)
}

/// Serves [`app`] over plain HTTP on an already-bound listener until `shutdown` completes
/// (see [`run_with_tls`]).
pub async fn run(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    run_with_tls(listener, state, None, shutdown).await
}

/// Serves [`app`] on an already-bound listener, over TLS with HTTP/2 when `tls` is given,
/// until `shutdown` completes, re-reading the tokens file, evaluating the alert rules and
/// sending their webhooks in the background; open event streams are ended at shutdown. Clients get `CMP_HEADER_TIMEOUT_MS` to send their request
/// headers (see [`http::serve_loop`]).
pub async fn run_with_tls(
    listener: TcpListener,
    state: AppState,
    tls: Option<tokio_rustls::TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let watcher = tokio::spawn(state.tokens.clone().watch());
    let evaluator = tokio::spawn(alerts::evaluate::schedule(state.clone()));
    let webhooks = tokio::spawn(alerts::webhooks::deliver(state.clone()));
    let closing = state.closing.clone();
    let header_timeout = state.config.limits.header_timeout;
    let result = http::serve_loop::serve(listener, app(state), header_timeout, tls, async move {
        shutdown.await;
        let _ = closing.send(true);
    })
    .await;
    watcher.abort();
    evaluator.abort();
    webhooks.abort();
    result
}

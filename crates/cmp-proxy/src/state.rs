//! The shared state every handler gets: configuration, the upstream client, tokens, the
//! store, the webhook's path secret, the clock embed tokens and CDR dates are judged by, and
//! the metrics.

use crate::access::clock::Clock;
use crate::access::secret::Secret;
use crate::access::tokens::TokenStore;
use crate::config::Config;
use crate::http::identity_budgets::{RateLimiter, StreamSlots};
use crate::metrics::Metrics;
use crate::store::Store;
use crate::upstream::Upstream;
use std::ops::Deref;
use std::sync::Arc;

/// Everything a request needs; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

/// The parts of [`AppState`].
pub struct Inner {
    /// The settings.
    pub config: Config,
    /// The upstream client (real upstream or embedded simulator).
    pub upstream: Upstream,
    /// The tokens in force.
    pub tokens: TokenStore,
    /// Events, dead letters and the audit log.
    pub store: Store,
    /// The webhook's path secret; `None` disables the webhook.
    pub hook_secret: Option<Secret>,
    /// Flips to `true` when the server shuts down, so endless streams (SSE) end.
    pub closing: tokio::sync::watch::Sender<bool>,
    /// Requests per identity (`CMP_RATE_LIMIT_PER_SEC`, `CMP_RATE_LIMIT_BURST`).
    pub rate: RateLimiter,
    /// Open live streams per identity (`CMP_MAX_STREAMS_PER_TOKEN`).
    pub streams: StreamSlots,
    /// The time embed tokens and the CDR history's days are checked against, on every
    /// request (frozen in tests).
    pub clock: Clock,
    /// What operators watch (`GET /metrics`).
    pub metrics: Arc<Metrics>,
}

impl AppState {
    /// Assembles the state; `upstream` gets the read cache and the signature-refusal codes
    /// `config` asks for.
    pub fn new(
        config: Config,
        upstream: Upstream,
        tokens: TokenStore,
        store: Store,
        hook_secret: Option<Secret>,
    ) -> AppState {
        let (closing, _) = tokio::sync::watch::channel(false);
        let limits = &config.limits;
        let rate = RateLimiter::new(limits.rate_per_sec, limits.rate_burst);
        let streams = StreamSlots::new(limits.max_streams_per_token);
        let metrics = Arc::new(Metrics::default());
        let upstream = upstream
            .with_cache(config.cache)
            .with_auth_codes(&config.upstream_auth_codes)
            .with_metrics(metrics.clone());
        AppState(Arc::new(Inner {
            config,
            upstream,
            tokens,
            store,
            hook_secret,
            closing,
            rate,
            streams,
            clock: Clock::default(),
            metrics,
        }))
    }
}

impl AppState {
    /// Today on the platform: the date in its zone (`CMP_UPSTREAM_TZ`) by [`Inner::clock`].
    pub fn platform_today(&self) -> cmp_api::CmpTime {
        self.config.upstream_tz.today(self.clock.now() * 1000)
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

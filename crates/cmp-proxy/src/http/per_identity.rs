//! Middleware that keeps one caller from taking more than its share: `/cmp-api` and `/api`
//! calls are charged to the caller's token (its kind and hash, see
//! [`crate::access::caller::BudgetKey`]), a token bucket of requests (429 with
//! `Retry-After`) and a cap on its open live streams (bookkeeping in
//! [`crate::http::identity_budgets`]). Requests without a valid token are not charged here;
//! the handlers refuse them.

use crate::access::caller::{Authenticated, authenticate_with_budget};
use crate::error::ApiError;
use crate::http::identity_budgets::{StreamSlot, retry_after_secs};
use crate::metrics::Metrics;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

/// Charges `/cmp-api` and `/api` calls to the caller: rate limit, and a slot per live stream.
pub async fn per_identity<N, F>(state: &AppState, mut req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    let path = req.uri().path();
    if !(path.starts_with("/cmp-api/") || path.starts_with("/api/")) {
        return next(req).await;
    }
    let is_stream = path == "/api/events";
    let query_token = if is_stream {
        token_in_query(req.uri().query())
    } else {
        None
    };
    let Ok((who, budget)) = authenticate_with_budget(state, req.headers(), query_token.as_deref())
    else {
        return next(req).await;
    };
    if let Err(wait) = state.rate.take(budget.as_str(), Instant::now()) {
        tracing::info!(who = %who.name, "rate limit reached; refused");
        state.metrics.budget_refusals.inc(&["rate_limited"]);
        let retry_after = retry_after_secs(wait);
        return ApiError::TooFast { retry_after }.into_response();
    }
    if !is_stream {
        // Resolved from the header alone (no query token here): exactly what `Caller` would
        // resolve again, so the handler takes it instead of hashing the token a second time.
        req.extensions_mut().insert(Authenticated(who));
        return next(req).await;
    }
    let Some(slot) = state.streams.acquire(budget.as_str()) else {
        tracing::info!(who = %who.name, "live stream limit reached; refused");
        state.metrics.budget_refusals.inc(&["too_many_streams"]);
        return ApiError::TooManyStreams {
            max: state.streams.max(),
        }
        .into_response();
    };
    let response = next(req).await;
    if !response.status().is_success() {
        return response;
    }
    let open = OpenStream::new(state.metrics.clone());
    response.map(|body| hold_while_streaming(body, slot, open))
}

/// The body, keeping `slot` (and the open-streams gauge's count) until the client or the
/// server ends the stream.
fn hold_while_streaming(body: Body, slot: StreamSlot, open: OpenStream) -> Body {
    Body::from_stream(body.into_data_stream().map(move |chunk| {
        let _held = (&slot, &open);
        chunk
    }))
}

/// One live stream in the open-streams gauge, taken out when dropped.
struct OpenStream(Arc<Metrics>);

impl OpenStream {
    fn new(metrics: Arc<Metrics>) -> OpenStream {
        metrics.open_streams.add(1);
        OpenStream(metrics)
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.open_streams.add(-1);
    }
}

/// The `token` query parameter (how `EventSource` sends it).
fn token_in_query(query: Option<&str>) -> Option<String> {
    let url = reqwest::Url::parse(&format!("http://local/?{}", query?)).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

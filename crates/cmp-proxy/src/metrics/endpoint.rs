//! `GET /metrics`: the Prometheus text exposition, for an admin dashboard token only (the
//! figures name routes and operations, which is more than a customer needs to see).
//! Prometheus sends the token with `authorization: { credentials: … }` in its scrape config.

use crate::access::caller::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

/// The exposition's media type (text format 0.0.4).
const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Answers the metrics to an admin token.
pub async fn metrics(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    caller.require_admin("reading the metrics")?;
    let mut text = state.metrics.render();
    super::store::render(&mut text, &state.store);
    Ok(([(header::CONTENT_TYPE, CONTENT_TYPE)], text))
}

//! Middleware that keeps one client from taking more than its share: every request body is
//! read up to `CMP_MAX_BODY_BYTES` within `CMP_BODY_TIMEOUT_MS` (answered 413 / 408 in the
//! error envelope otherwise), and API calls are charged to the caller's identity: a token
//! bucket of requests (429 with `Retry-After`) and a cap on its open live streams.
//! Requests without a valid token are not charged here; the handlers refuse them.

use crate::access::caller::{Authenticated, authenticate};
use crate::error::ApiError;
use crate::http::identity_budgets::{StreamSlot, retry_after_secs};
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::time::Instant;

/// Reads the whole body, within the size and time limits, before the handler sees it.
pub async fn read_body(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limits = &state.config.limits;
    let max = limits.max_body_bytes;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return ApiError::BodyTooLarge { max }.into_response();
    }
    let (parts, body) = req.into_parts();
    let read = tokio::time::timeout(limits.body_timeout, collect(body, max)).await;
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(e)) => return e.into_response(),
        Err(_) => {
            tracing::info!("request body not received in time; refused");
            let secs = limits.body_timeout.as_secs().max(1);
            return ApiError::BodyTimeout { secs }.into_response();
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn collect(body: Body, max: usize) -> Result<Bytes, ApiError> {
    let mut stream = body.into_data_stream();
    let mut buf = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::BadRequest("the request body could not be read; send it again".into())
        })?;
        if buf.len() + chunk.len() > max {
            return Err(ApiError::BodyTooLarge { max });
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// Charges `/cmp-api` and `/api` calls to the caller: rate limit, and a slot per live stream.
pub async fn per_identity(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if !(path.starts_with("/cmp-api/") || path.starts_with("/api/")) {
        return next.run(req).await;
    }
    let is_stream = path == "/api/events";
    let query_token = if is_stream {
        token_in_query(req.uri().query())
    } else {
        None
    };
    let Ok(who) = authenticate(&state, req.headers(), query_token.as_deref()) else {
        return next.run(req).await;
    };
    if let Err(wait) = state.rate.take(&who.name, Instant::now()) {
        tracing::info!(who = %who.name, "rate limit reached; refused");
        let retry_after = retry_after_secs(wait);
        return ApiError::TooFast { retry_after }.into_response();
    }
    if !is_stream {
        // Resolved from the header alone (no query token here): exactly what `Caller` would
        // resolve again, so the handler takes it instead of hashing the token a second time.
        req.extensions_mut().insert(Authenticated(who));
        return next.run(req).await;
    }
    let Some(slot) = state.streams.acquire(&who.name) else {
        tracing::info!(who = %who.name, "live stream limit reached; refused");
        return ApiError::TooManyStreams {
            max: state.streams.max(),
        }
        .into_response();
    };
    let response = next.run(req).await;
    if !response.status().is_success() {
        return response;
    }
    response.map(|body| hold_while_streaming(body, slot))
}

/// The body, keeping `slot` until the client or the server ends the stream.
fn hold_while_streaming(body: Body, slot: StreamSlot) -> Body {
    Body::from_stream(body.into_data_stream().map(move |chunk| {
        let _held = &slot;
        chunk
    }))
}

/// The `token` query parameter (how `EventSource` sends it).
fn token_in_query(query: Option<&str>) -> Option<String> {
    let url = reqwest::Url::parse(&format!("http://local/?{}", query?)).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == "token")
        .map(|(_, v)| v.into_owned())
}

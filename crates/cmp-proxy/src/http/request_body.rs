//! Middleware that reads every request body up to `CMP_MAX_BODY_BYTES` within
//! `CMP_BODY_TIMEOUT_MS` before any handler sees it, whether it declares a `Content-Length`
//! or is chunked; otherwise 413 / 408 in the error envelope.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::future::Future;

/// Reads the whole body, within the size and time limits, before the handler sees it.
pub async fn read_body<N, F>(state: &AppState, req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
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
    next(Request::from_parts(parts, Body::from(bytes))).await
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

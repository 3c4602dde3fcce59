//! A request id for every request: taken from a sane `X-Request-Id` header or made up,
//! attached to every log line of the request (a tracing span) and echoed in the response.
//! The logged path hides the webhook's secret and never includes the query (tokens).

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::response::Response;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;
use tracing::Instrument;

static COUNTER: AtomicU64 = AtomicU64::new(1);

/// The response header carrying the id.
pub const HEADER: &str = "x-request-id";

/// The path as logged: the webhook's secret segment is replaced.
pub fn loggable_path(path: &str) -> String {
    match path.strip_prefix("/hooks/order-status/") {
        Some(_) => "/hooks/order-status/[redacted]".into(),
        None => path.chars().take(200).collect(),
    }
}

/// The middleware (the outermost step of [`crate::http::edge`]).
pub async fn request_id<N, F>(mut req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    let given = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    let id = match given {
        Some(v) => v.to_owned(),
        None => format!("r{:06}", COUNTER.fetch_add(1, Ordering::Relaxed)),
    };
    if let Ok(v) = HeaderValue::from_str(&id) {
        req.headers_mut().insert(HEADER, v);
    }
    let span = tracing::info_span!("request", id = %id, method = %req.method(), path = %loggable_path(req.uri().path()));
    let started = Instant::now();
    let mut response = next(req).instrument(span.clone()).await;
    span.in_scope(|| {
        tracing::info!(
            status = response.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "request finished"
        )
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, v);
    }
    response
}

//! Counts and times every request by its route template (`/api/events/history`, not the
//! path a caller typed, so the label set stays the size of the route table), method and
//! status. Files of the SPA and unknown paths share the route label `fallback`.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request};
use axum::http::Method;
use axum::response::Response;
use std::future::Future;
use std::time::Instant;

/// The middleware: records the answer's status and how long it took to produce.
pub async fn count<N, F>(state: &AppState, req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    // The template is shared (`MatchedPath` holds an `Arc<str>`): no copy per request.
    let matched = req.extensions().get::<MatchedPath>().cloned();
    let route = matched.as_ref().map_or("fallback", MatchedPath::as_str);
    let method = method_label(req.method());
    let started = Instant::now();
    let response = next(req).await;
    let status = response.status().as_u16().to_string();
    state.metrics.requests.inc(&[route, method, &status]);
    state
        .metrics
        .request_seconds
        .observe(&[route], started.elapsed().as_secs_f64());
    response
}

/// The method, or `other` for anything outside the usual few (a caller picks the method).
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        _ => "other",
    }
}

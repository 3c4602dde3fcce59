//! Every step a request passes through around its handler, as one tower layer: request id,
//! metrics, compression, security headers, CORS, the body read within its limits and the
//! charge to the caller's identity, in that order (outermost first), then axum's body limit
//! for the extractors.
//!
//! Why one layer: axum wraps each route in every layer and boxes it, and each `from_fn`
//! layer clones the boxed service below it per request, so seven layers cloned a chain of
//! boxes (each with the state) dozens of times per request: ~20k instructions of the
//! forwarding path's ~166k (bench/HISTORY.md, rounds 6 and 7). Here the steps are plain async
//! functions, each given the next as a closure: one future, one clone of the route below.

use crate::http::{compression, cors, per_identity, request_body, request_id, security_headers};
use crate::metrics::requests;
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Request};
use axum::response::Response;
use futures_util::future::BoxFuture;
use std::convert::Infallible;
use std::task::{Context, Poll};
use tower::{Layer, Service, ServiceExt};

/// The layer: put it on the router once, with the state and the request body limit.
#[derive(Clone)]
pub struct EdgeLayer {
    state: AppState,
    body_limit: DefaultBodyLimit,
}

impl EdgeLayer {
    /// The layer for `state`, whose `CMP_MAX_BODY_BYTES` also bounds axum's extractors.
    pub fn new(state: AppState) -> EdgeLayer {
        let body_limit = DefaultBodyLimit::max(state.config.limits.max_body_bytes);
        EdgeLayer { state, body_limit }
    }
}

impl<S> Layer<S> for EdgeLayer {
    type Service = Edge<<DefaultBodyLimit as Layer<S>>::Service>;

    fn layer(&self, inner: S) -> Self::Service {
        Edge {
            state: self.state.clone(),
            inner: self.body_limit.layer(inner),
        }
    }
}

/// One route wrapped in the steps.
#[derive(Clone)]
pub struct Edge<S> {
    state: AppState,
    inner: S,
}

impl<S> Service<Request> for Edge<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Response, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        // The route below is awaited ready (`oneshot`) when the request reaches it.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let state = self.state.clone();
        let inner = self.inner.clone();
        Box::pin(async move { Ok(steps(&state, req, inner).await) })
    }
}

/// The steps in order, then the route.
async fn steps<S>(state: &AppState, req: Request, route: S) -> Response
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    request_id::request_id(req, |req| {
        requests::count(state, req, |req| {
            compression::compress(req, |req| {
                security_headers::security_headers(state, req, |req| {
                    cors::cors(state, req, |req| {
                        request_body::read_body(state, req, |req| {
                            per_identity::per_identity(state, req, |req| async move {
                                match route.oneshot(req).await {
                                    Ok(response) => response,
                                    Err(never) => match never {},
                                }
                            })
                        })
                    })
                })
            })
        })
    })
    .await
}

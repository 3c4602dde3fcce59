//! Middleware on the `/cmp-api` routes: fault injection (outermost) and signature checks.

use crate::error::{self, ApiError};
use crate::faults::FaultKind;
use crate::state::{SimState, wall_ms};
use axum::Json;
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use cmp_api::{Envelope, Operation};
use serde_json::{Map, Value};
use std::pin::Pin;
use std::task::{Context, Poll};

/// Largest request body read for signature checks.
const MAX_BODY: usize = 2 * 1024 * 1024;

/// Applies the fault rules that match this request's operation.
pub async fn inject_faults(State(state): State<SimState>, req: Request, next: Next) -> Response {
    let route = Operation::from_path(req.uri().path()).map_or("other", |(op, _)| op.name());
    let decision = state.faults().decide(route);
    if decision.delay_ms > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(decision.delay_ms)).await;
    }
    let injected = || {
        Json(Envelope::<()>::fail(
            error::INJECTED,
            "the platform is temporarily unable to process the request (injected fault); try again",
        ))
    };
    match decision.fault {
        None | Some(FaultKind::Latency { .. }) => next.run(req).await,
        Some(FaultKind::ErrorRate { .. }) => injected().into_response(),
        Some(FaultKind::Http500) => (StatusCode::INTERNAL_SERVER_ERROR, injected()).into_response(),
        Some(FaultKind::Http429 { retry_after }) => {
            let mut r = (StatusCode::TOO_MANY_REQUESTS, injected()).into_response();
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
            r
        }
        Some(FaultKind::Malformed) => (
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"code":"0000","data":{"page":{"cur_page_no":1,"#,
        )
            .into_response(),
        Some(FaultKind::Drop) => Response::new(Body::new(Broken)),
    }
}

/// A body that fails at once, so the server aborts the connection mid-answer.
struct Broken;

impl http_body::Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected dropped connection",
        ))))
    }
}

/// Rejects requests whose signature is missing, wrong or stale, when signing is configured.
pub async fn check_signature(State(state): State<SimState>, req: Request, next: Next) -> Response {
    let (Some(code), Some(secret)) = (&state.config().access_code, &state.config().secret) else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let (params, body) = if parts.method == Method::GET {
        let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let sim =
            Operation::from_path(parts.uri.path()).and_then(|(_, sim)| sim.map(str::to_owned));
        let params = cmp_api::sign::get_params(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            sim.as_deref(),
        );
        (params, Body::empty())
    } else {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return ApiError::new(
                error::BAD_REQUEST,
                "the request body is too large or could not be read",
            )
            .into_response();
        };
        let params = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        (params, Body::from(bytes))
    };
    if let Err(e) = cmp_api::sign::verify(&params, code, secret, wall_ms()) {
        return ApiError::new(error::AUTH, format!("authentication failed: {e}")).into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

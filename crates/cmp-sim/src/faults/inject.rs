//! The fault-injection middleware on the `/cmp-api` routes (the outermost layer): it asks
//! the fault rules about each request and delays it, or answers in its place with an
//! injected error, a malformed body or a dropped connection, or marks it
//! ([`CdrInnerFailure`]) for the CDR handler to answer with a failed inner status.

use crate::error;
use crate::faults::rules::FaultKind;
use crate::state::SimState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use cmp_api::{Envelope, Operation};
use std::pin::Pin;
use std::task::{Context, Poll};

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
        Some(FaultKind::CdrInnerFailure { inner_code }) => {
            // The platform checks the request (signature, device, dates) before its CDR
            // query fails, so the handler answers: a bad request still gets its own error.
            let mut req = req;
            req.extensions_mut().insert(CdrInnerFailure { inner_code });
            next.run(req).await
        }
    }
}

/// A request extension: answer this CDR request, if valid, with a failed inner status.
#[derive(Debug, Clone)]
pub struct CdrInnerFailure {
    /// The inner status code to answer.
    pub inner_code: String,
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

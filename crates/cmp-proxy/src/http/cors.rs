//! CORS: only the same origin and `CMP_ALLOWED_ORIGINS` may call from a browser. Preflights
//! are answered here; a request from any other origin is refused with 403.

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use std::future::Future;

/// Whether `origin` is the origin the request was sent to: judged from the request's
/// authority, which HTTP/2 sends as `:authority` (in the URI) instead of a `Host` header.
pub fn is_same_origin(origin: &str, uri: &Uri, headers: &HeaderMap) -> bool {
    let host = uri
        .authority()
        .map(|a| a.as_str())
        .or_else(|| headers.get(header::HOST).and_then(|h| h.to_str().ok()));
    let Some(host) = host else {
        return false;
    };
    origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"))
        .is_some_and(|rest| rest.eq_ignore_ascii_case(host))
}

/// The CORS middleware.
pub async fn cors<N, F>(state: &AppState, req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned)
    else {
        return next(req).await;
    };
    let same = is_same_origin(&origin, req.uri(), req.headers());
    if !same && !state.config.allowed_origins.iter().any(|o| o == &origin) {
        tracing::info!(origin = %origin, "cross-origin request refused");
        return ApiError::Forbidden(format!(
            "requests from {origin} are not allowed; the operator can add it to CMP_ALLOWED_ORIGINS"
        ))
        .into_response();
    }
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type, last-event-id"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next(req).await
    };
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&origin) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
    }
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after, x-request-id"),
    );
    h.append(header::VARY, HeaderValue::from_static("origin"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_origin_is_read_from_host_or_from_an_http2_authority() {
        let mut host = HeaderMap::new();
        host.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8443"));
        let path: Uri = "/app.js".parse().unwrap();
        assert!(is_same_origin("https://127.0.0.1:8443", &path, &host));
        assert!(!is_same_origin("https://evil.example", &path, &host));
        // HTTP/2: no Host header, the authority is in the URI.
        let h2: Uri = "https://127.0.0.1:8443/app.js".parse().unwrap();
        assert!(is_same_origin(
            "https://127.0.0.1:8443",
            &h2,
            &HeaderMap::new()
        ));
        assert!(!is_same_origin(
            "https://127.0.0.1:9999",
            &h2,
            &HeaderMap::new()
        ));
        assert!(!is_same_origin(
            "https://127.0.0.1:8443",
            &path,
            &HeaderMap::new()
        ));
    }
}

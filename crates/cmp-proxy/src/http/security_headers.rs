//! The security headers on every response: `X-Content-Type-Options`, `Referrer-Policy`, and
//! the Content-Security-Policy unless a handler set its own (the SPA's `index.html` adds the
//! hashes of its inline scripts). Only the `/embed/*` pages may be framed, by the sources in
//! `CMP_FRAME_ANCESTORS`; every other page says `frame-ancestors 'none'` and
//! `X-Frame-Options: DENY`.

use crate::state::AppState;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::future::Future;
use std::sync::OnceLock;

/// `frame-ancestors` of every page that is not an embed page: no one may frame it.
pub const NO_FRAMING: &str = "'none'";

/// Whether `path` is one of the pages partner portals may frame (`/embed` and below).
pub fn is_embed_path(path: &str) -> bool {
    path == "/embed" || path.starts_with("/embed/")
}

/// The `frame-ancestors` sources for a request to `path`.
pub fn frame_ancestors_for<'a>(state: &'a AppState, path: &str) -> &'a str {
    if is_embed_path(path) {
        &state.config.frame_ancestors
    } else {
        NO_FRAMING
    }
}

/// The Content-Security-Policy; `script_hashes` are `'sha256-…'` sources of inline scripts.
pub fn csp(frame_ancestors: &str, script_hashes: &[String]) -> String {
    let mut script = String::from("'self' 'wasm-unsafe-eval'");
    for h in script_hashes {
        script.push(' ');
        script.push_str(h);
    }
    format!(
        "default-src 'self'; script-src {script}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors {frame_ancestors}"
    )
}

/// Adds the security headers to every response (the CSP unless a handler set one) and
/// forbids framing everywhere but the embed pages.
pub async fn security_headers<N, F>(state: &AppState, req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    let embed = is_embed_path(req.uri().path());
    let frame_ancestors = frame_ancestors_for(state, req.uri().path());
    let mut response = next(req).await;
    let h = response.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // For browsers that ignore CSP frame-ancestors; embed pages rely on the CSP alone,
    // since X-Frame-Options cannot name a list of partner origins.
    if !embed {
        h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        let policy = match frame_ancestors {
            NO_FRAMING => Some(no_framing_csp().clone()),
            partners => HeaderValue::from_str(&csp(partners, &[])).ok(),
        };
        if let Some(v) = policy {
            h.insert(header::CONTENT_SECURITY_POLICY, v);
        }
    }
    response
}

/// The CSP of every response that is not an embed page, built once: it goes out with every
/// API answer, which formatted and validated it anew each time.
fn no_framing_csp() -> &'static HeaderValue {
    static POLICY: OnceLock<HeaderValue> = OnceLock::new();
    POLICY.get_or_init(|| {
        HeaderValue::from_str(&csp(NO_FRAMING, &[])).expect("the CSP is a valid header value")
    })
}

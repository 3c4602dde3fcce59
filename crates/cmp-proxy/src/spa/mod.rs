//! Serving the built SPA from `CMP_DIST_DIR`: its files, `index.html` for client routes,
//! and a 503 page when the SPA is not built. API paths never fall back to the SPA.
//!
//! ## Layout
//! - this module: the fallback handler, which decides between a file, `index.html`, the
//!   not-built page and 404.
//! - [`files`]: every file but `index.html`, through tower-http's `ServeDir` with the
//!   precompressed siblings the build writes, with cache lifetimes by name.
//! - [`index`]: `index.html`, with the CSP that admits its inline loader.

pub mod files;
pub mod index;

pub use index::inline_script_hashes;

use crate::error::ApiError;
use crate::http::security_headers::frame_ancestors_for;
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};

/// Path prefixes that are never SPA routes.
pub const API_PREFIXES: [&str; 4] = ["/cmp-api", "/api", "/hooks", "/_sim"];

/// The file under `dist` a URL path names, if the path is safe.
fn resolve(dist: &Path, url_path: &str) -> Option<PathBuf> {
    let mut out = dist.to_path_buf();
    for seg in url_path.split('/').filter(|s| !s.is_empty()) {
        if seg.starts_with('.') || seg.contains(['\\', '%', ':']) {
            return None;
        }
        out.push(seg);
    }
    Some(out)
}

/// The fallback handler: files, then `index.html` for client routes.
pub async fn serve(State(state): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_owned();
    if API_PREFIXES
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
    {
        return ApiError::NotFound(format!("{path} does not exist")).into_response();
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return ApiError::NotFound(format!("{path} does not exist for {}", req.method()))
            .into_response();
    }
    let dist = &state.config.dist_dir;
    let Some(file) = resolve(dist, &path) else {
        return not_found();
    };
    if path != "/" && file.is_file() {
        if file.file_name().is_some_and(|name| name == "index.html") {
            return index_page(&state, &file, &path, req.headers()).await;
        }
        return files::serve(dist, req).await.unwrap_or_else(not_found);
    }
    let looks_like_file = path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'));
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    if path == "/" || (!looks_like_file && wants_html) {
        let index = dist.join("index.html");
        if !index.is_file() {
            return not_built();
        }
        return index_page(&state, &index, &path, req.headers()).await;
    }
    not_found()
}

/// `index.html` (at `file`) as the page at `path`: embed pages may be framed.
async fn index_page(state: &AppState, file: &Path, path: &str, headers: &HeaderMap) -> Response {
    index::serve(file, headers, frame_ancestors_for(state, path))
        .await
        .unwrap_or_else(|_| not_found())
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found",
    )
        .into_response()
}

fn not_built() -> Response {
    let page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>cmp-dashboard: not built</title></head>\
<body><h1>The dashboard's web app has not been built</h1><p>The server is running, but the directory set by \
<code>CMP_DIST_DIR</code> (default <code>dist</code>) has no <code>index.html</code>. Build the app with \
<code>make run</code> (or <code>trunk build --release</code>), then reload this page.</p></body></html>";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        page,
    )
        .into_response()
}

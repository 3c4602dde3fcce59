//! The SPA's files other than `index.html`, through tower-http's [`ServeDir`]: the
//! precompressed sibling the browser accepts (`app.wasm.br`, `app.wasm.gz`, written by the
//! build) or else the file itself, `Last-Modified` and `304`, ranges. Names with a content
//! hash (Trunk's) are cached for a year as immutable, everything else is revalidated.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use std::convert::Infallible;
use std::path::Path;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// `Cache-Control` of a hashed asset.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether a file name carries a content hash as Trunk writes it (`app-3f2a…9c_bg.wasm`).
pub fn is_hashed(name: &str) -> bool {
    name.split(['-', '_', '.'])
        .any(|part| part.len() >= 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Serves the file `req` names under `dist` (the caller checked the path is safe and names
/// a file); `None` when it is gone after all.
pub async fn serve(dist: &Path, req: Request) -> Option<Response> {
    let name = req.uri().path().rsplit('/').next().unwrap_or("").to_owned();
    let served: Result<_, Infallible> = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(req)
        .await;
    let Ok(response) = served;
    let mut response = response.map(Body::new);
    if response.status() == StatusCode::NOT_FOUND {
        return None;
    }
    let h = response.headers_mut();
    // Which sibling was sent depends on Accept-Encoding; the compression layer leaves a
    // response alone that already names it.
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    let lifetime = if is_hashed(&name) {
        IMMUTABLE
    } else {
        "no-cache"
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(lifetime));
    if h.contains_key(header::CONTENT_TYPE) {
        // mime_guess's types, with the charset of text types said as before.
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(&name)),
        );
    }
    Some(response)
}

/// The `Content-Type` of a file named `name`, by its extension.
fn content_type(name: &str) -> &'static str {
    let extension = name.rsplit_once('.').map_or("", |(_, e)| e);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

//! Serving the built SPA from `CMP_DIST_DIR`: files with cache lifetimes (immutable for
//! Trunk's hashed names, `no-cache` otherwise), precompressed siblings (`app.wasm.br`,
//! `app.wasm.gz`, written by the build) when the browser accepts them, `index.html` for
//! client routes, a 503 page when the SPA is not built, and the security headers including
//! the CSP. Only the `/embed/*` pages may be framed, by the sources in
//! `CMP_FRAME_ANCESTORS`; every other page says `frame-ancestors 'none'` and
//! `X-Frame-Options: DENY`.

use crate::error::ApiError;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::SystemTime;

/// Path prefixes that are never SPA routes.
pub const API_PREFIXES: [&str; 4] = ["/cmp-api", "/api", "/hooks", "/_sim"];

/// `Cache-Control` of a hashed asset.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

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

/// CSP sources (`'sha256-…'`) for every inline `<script>` of an HTML page, so Trunk's
/// inline loader runs under a CSP without `'unsafe-inline'`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") && !body[..close].trim().is_empty() {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            out.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    out
}

/// Whether a file name carries a content hash as Trunk writes it (`app-3f2a…9c_bg.wasm`).
pub fn is_hashed(name: &str) -> bool {
    name.split(['-', '_', '.'])
        .any(|part| part.len() >= 16 && part.chars().all(|c| c.is_ascii_hexdigit()))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
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
        return serve_file(&file, req.headers(), frame_ancestors_for(&state, &path)).await;
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
        return serve_file(&index, req.headers(), frame_ancestors_for(&state, &path)).await;
    }
    not_found()
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let named = parts
                .next()
                .is_some_and(|name| name.eq_ignore_ascii_case(coding));
            let refused = parts.any(|p| {
                p.strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q == 0.0)
            });
            named && !refused
        })
}

/// The precompressed sibling of `file` the browser accepts, best first: its bytes and coding.
/// Compressing at build time at the highest level costs nothing per request, where the
/// compression layer would spend hundreds of milliseconds on the wasm of every cold load.
async fn precompressed(file: &Path, headers: &HeaderMap) -> Option<(Vec<u8>, &'static str)> {
    for (suffix, coding) in [("br", "br"), ("gz", "gzip")] {
        if !accepts(headers, coding) {
            continue;
        }
        let mut name = file.as_os_str().to_owned();
        name.push(".");
        name.push(suffix);
        if let Ok(bytes) = tokio::fs::read(PathBuf::from(name)).await {
            return Some((bytes, coding));
        }
    }
    None
}

async fn serve_file(file: &Path, headers: &HeaderMap, frame_ancestors: &str) -> Response {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let is_index = name == "index.html";
    // index.html is read whole below (its CSP needs the inline scripts), so it stays plain.
    let sibling = if is_index {
        None
    } else {
        precompressed(file, headers).await
    };
    let (bytes, coding) = match sibling {
        Some((bytes, coding)) => (bytes, Some(coding)),
        None => match tokio::fs::read(file).await {
            Ok(bytes) => (bytes, None),
            Err(_) => return not_found(),
        },
    };
    let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, content_type(file))
        .header(header::VARY, "accept-encoding");
    if let Some(coding) = coding {
        // The compression layer leaves a response that already has an encoding alone.
        builder = builder.header(header::CONTENT_ENCODING, coding);
    }
    builder = builder.header(
        header::CACHE_CONTROL,
        if !is_index && is_hashed(name) {
            IMMUTABLE
        } else {
            "no-cache"
        },
    );
    // index.html's CSP names the hashes of its inline scripts. A 304 must carry the same
    // policy: browsers replace the cached page's headers with the 304's, and a policy
    // without the hashes would block Trunk's loader on every revalidated visit (and one
    // without the embed page's frame-ancestors would stop the partner's frame).
    let index_csp = is_index.then(|| {
        let hashes = inline_script_hashes(&String::from_utf8_lossy(&bytes));
        csp(frame_ancestors, &hashes)
    });
    if let Some(m) = modified {
        if not_modified_since(headers, m) {
            let mut not_modified = Response::builder().status(StatusCode::NOT_MODIFIED);
            if let Some(policy) = &index_csp {
                not_modified = not_modified.header(header::CONTENT_SECURITY_POLICY, policy);
            }
            return not_modified.body(Body::empty()).unwrap_or_default();
        }
        builder = builder.header(header::LAST_MODIFIED, httpdate::fmt_http_date(m));
    }
    if let Some(policy) = index_csp {
        builder = builder.header(header::CONTENT_SECURITY_POLICY, policy);
    }
    builder
        .body(Body::from(bytes))
        .unwrap_or_else(|_| not_found())
}

fn not_modified_since(headers: &HeaderMap, modified: SystemTime) -> bool {
    let Some(since) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Ok(since) = httpdate::parse_http_date(since) else {
        return false;
    };
    // HTTP dates have whole seconds; compare at that precision.
    let secs = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    };
    secs(modified) <= secs(since)
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

/// Adds the security headers to every response (the CSP unless a handler set one) and
/// forbids framing everywhere but the embed pages.
pub async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let embed = is_embed_path(req.uri().path());
    let frame_ancestors = frame_ancestors_for(&state, req.uri().path());
    let mut response = next.run(req).await;
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

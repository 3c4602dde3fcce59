//! `index.html`, for `/` and every client route: read whole, because its
//! Content-Security-Policy names the hash of each inline script (Trunk's loader), so the
//! loader runs without `'unsafe-inline'`. A `304` carries the same policy.

use crate::http::security_headers::csp;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::SystemTime;

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

/// `index.html` at `file`, as a page whose framing is `frame_ancestors`; `304` when the
/// browser's copy is current. Fails only when the file cannot be read.
pub async fn serve(
    file: &Path,
    headers: &HeaderMap,
    frame_ancestors: &str,
) -> std::io::Result<Response> {
    let bytes = tokio::fs::read(file).await?;
    let modified = std::fs::metadata(file).and_then(|m| m.modified()).ok();
    // The CSP names the hashes of the inline scripts. A 304 must carry the same policy:
    // browsers replace the cached page's headers with the 304's, and a policy without the
    // hashes would block Trunk's loader on every revalidated visit (and one without the
    // embed page's frame-ancestors would stop the partner's frame).
    let hashes = inline_script_hashes(&String::from_utf8_lossy(&bytes));
    let policy = csp(frame_ancestors, &hashes);
    let mut builder = Response::builder()
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::VARY, "accept-encoding")
        .header(header::CACHE_CONTROL, "no-cache");
    if let Some(m) = modified {
        if not_modified_since(headers, m) {
            return Ok(Response::builder()
                .status(StatusCode::NOT_MODIFIED)
                .header(header::CONTENT_SECURITY_POLICY, policy)
                .body(Body::empty())
                .unwrap_or_default());
        }
        builder = builder.header(header::LAST_MODIFIED, httpdate::fmt_http_date(m));
    }
    Ok(builder
        .header(header::CONTENT_SECURITY_POLICY, policy)
        .body(Body::from(bytes))
        .unwrap_or_default())
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

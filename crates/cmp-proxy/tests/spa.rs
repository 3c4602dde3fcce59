//! Serving the SPA (files, cache lifetimes, client-route fallback, the not-built page,
//! compression, security headers with the CSP) and CORS (preflight allowed and denied).

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::*;
use std::path::Path;

const INLINE: &str =
    "import init from '/app-0123456789abcdef.js';init('/app-0123456789abcdef_bg.wasm');";

fn build_dist(root: &Path) {
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    let index = format!(
        "<!doctype html><html><head><script type=\"module\">{INLINE}</script></head><body></body></html>"
    );
    std::fs::write(dist.join("index.html"), index).unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef.js"),
        "export default function init() {}\n".repeat(200),
    )
    .unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm"),
        [0u8, 97, 115, 109],
    )
    .unwrap();
    std::fs::write(dist.join("echarts.min.js"), "var echarts = {};").unwrap();
}

fn get(uri: &str, accept: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn files_client_routes_and_cache_lifetimes() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state(dir.path()).await;

    let (status, h, body) = send(&state, get("/app-0123456789abcdef_bg.wasm", "*/*")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body, [0u8, 97, 115, 109]);

    let (_, h, _) = send(&state, get("/echarts.min.js", "*/*")).await;
    assert_eq!(
        h[header::CACHE_CONTROL],
        "no-cache",
        "unhashed files are revalidated"
    );

    for route in ["/", "/devices/89852000000000000001", "/orders?page=2"] {
        let (status, h, body) = send(&state, get(route, "text/html,application/xhtml+xml")).await;
        assert_eq!(status, StatusCode::OK, "{route}");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache");
        assert!(String::from_utf8(body).unwrap().contains("<!doctype html>"));
    }
    let (status, _, _) = send(&state, get("/missing.js", "*/*")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&state, get("/../Cargo.toml", "text/html")).await;
    assert_ne!(status, StatusCode::OK);
    let (status, h, _) = send(&state, get("/api/nothing", "text/html")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        h[header::CONTENT_TYPE],
        "application/json",
        "API paths never fall back to the SPA"
    );
}

#[tokio::test]
async fn security_headers_and_a_csp_that_admits_the_trunk_loader() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state(dir.path()).await;
    let (_, h, _) = send(&state, get("/", "text/html")).await;
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(
        !csp.contains("'unsafe-inline' 'sha256")
            && !csp.contains("script-src 'self' 'unsafe-inline'")
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    let hashes = cmp_proxy::spa::inline_script_hashes(&format!(
        "<script type=\"module\">{INLINE}</script><script src=\"/x.js\"></script>"
    ));
    assert_eq!(hashes.len(), 1, "only inline scripts are hashed");
    assert!(csp.contains(&hashes[0]));
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
    let (_, h, _) = send(&state, request("GET", "/healthz", None, None)).await;
    assert_eq!(
        h[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff",
        "API answers carry the headers too"
    );
}

#[tokio::test]
async fn a_revalidated_index_keeps_the_csp_that_admits_its_loader() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state(dir.path()).await;
    let (_, first, _) = send(&state, get("/orders?order=A", "text/html")).await;
    let revalidate = Request::builder()
        .uri("/orders?order=A")
        .header(header::ACCEPT, "text/html")
        .header(
            header::IF_MODIFIED_SINCE,
            first[header::LAST_MODIFIED].clone(),
        )
        .body(Body::empty())
        .unwrap();
    let (status, again, _) = send(&state, revalidate).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    // Browsers take the 304's headers for the cached page: without the hash, the
    // inline loader is blocked and a second visit to the same URL shows a blank page.
    assert_eq!(
        again[header::CONTENT_SECURITY_POLICY],
        first[header::CONTENT_SECURITY_POLICY]
    );
}

#[tokio::test]
async fn assets_are_compressed_when_the_browser_accepts_it() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state(dir.path()).await;
    for encoding in ["br", "gzip"] {
        let req = Request::builder()
            .uri("/app-0123456789abcdef.js")
            .header(header::ACCEPT_ENCODING, encoding)
            .body(Body::empty())
            .unwrap();
        let (status, h, body) = send(&state, req).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(h[header::CONTENT_ENCODING], encoding);
        assert!(body.len() < 6600 / 4, "{encoding}: {} bytes", body.len());
    }
}

#[tokio::test]
async fn precompressed_siblings_are_served_as_the_browser_accepts_them() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let dist = dir.path().join("dist");
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.br"), b"built-br").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef_bg.wasm.gz"), b"built-gz").unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let cases: [(&str, Option<&str>, &[u8]); 4] = [
        ("gzip, deflate, br, zstd", Some("br"), b"built-br"),
        ("gzip", Some("gzip"), b"built-gz"),
        ("br;q=0, gzip", Some("gzip"), b"built-gz"),
        ("identity", None, &[0u8, 97, 115, 109]),
    ];
    for (accept_encoding, coding, expected) in cases {
        let req = Request::builder()
            .uri("/app-0123456789abcdef_bg.wasm")
            .header(header::ACCEPT_ENCODING, accept_encoding)
            .body(Body::empty())
            .unwrap();
        let (status, h, body) = send(&state, req).await;
        assert_eq!(status, StatusCode::OK, "{accept_encoding}");
        assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
        assert_eq!(
            h.get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap()),
            coding,
            "{accept_encoding}"
        );
        assert_eq!(
            body, expected,
            "{accept_encoding}: sent as built, not compressed again"
        );
        assert_eq!(h[header::VARY], "accept-encoding");
    }
}

#[tokio::test]
async fn an_unbuilt_spa_says_how_to_build_it() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = fake_state(dir.path()).await;
    let (status, h, body) = send(&state, get("/devices", "text/html")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(
        h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(String::from_utf8(body).unwrap().contains("make run"));
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method("OPTIONS")
        .uri("/cmp-api/package/syncPackages")
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization, content-type",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_allows_configured_and_same_origins_only() {
    let dir = tempfile::tempdir().unwrap();
    let (state, seen) = fake_state(dir.path()).await;
    for origin in ["https://portal.example", "http://127.0.0.1:8080"] {
        let (status, h, _) = send(&state, preflight(origin)).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{origin}");
        assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], origin);
        let allowed = h[header::ACCESS_CONTROL_ALLOW_HEADERS].to_str().unwrap();
        assert!(allowed.contains("authorization") && allowed.contains("content-type"));
    }
    let (status, h, body) = send(&state, preflight("https://evil.example")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!h.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("CMP_ALLOWED_ORIGINS")
    );

    let mut req = request(
        "POST",
        "/cmp-api/package/syncPackages",
        Some(ADMIN),
        Some(serde_json::json!({})),
    );
    req.headers_mut()
        .insert(header::ORIGIN, "https://evil.example".parse().unwrap());
    assert_eq!(send(&state, req).await.0, StatusCode::FORBIDDEN);
    assert!(
        seen.paths().is_empty(),
        "a refused origin's request never reaches the upstream"
    );
    let mut req = request(
        "POST",
        "/cmp-api/package/syncPackages",
        Some(ADMIN),
        Some(serde_json::json!({})),
    );
    req.headers_mut()
        .insert(header::ORIGIN, "https://portal.example".parse().unwrap());
    let (status, h, _) = send(&state, req).await;
    assert_eq!(
        (
            status,
            h[header::ACCESS_CONTROL_ALLOW_ORIGIN].to_str().unwrap()
        ),
        (StatusCode::OK, "https://portal.example")
    );
}

//! Who may frame which page: `/embed/*` carries `frame-ancestors` from
//! `CMP_FRAME_ANCESTORS` (default `'self'`) and no `X-Frame-Options`, also on a 304; every
//! other page and API answer says `frame-ancestors 'none'` and `X-Frame-Options: DENY`.

mod common;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use common::*;

const PORTALS: &str = "https://portal.example https://*.partner.example";

fn build_dist(root: &std::path::Path) {
    let dist = root.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><html><head><script type=\"module\">init()</script></head></html>",
    )
    .unwrap();
}

fn page(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::ACCEPT, "text/html")
        .body(Body::empty())
        .unwrap()
}

fn framing(h: &HeaderMap) -> (String, Option<String>) {
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    let ancestors = csp
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("frame-ancestors "))
        .unwrap_or_else(|| panic!("no frame-ancestors in {csp}"));
    let xfo = h
        .get(header::X_FRAME_OPTIONS)
        .map(|v| v.to_str().unwrap().to_owned());
    (ancestors.to_owned(), xfo)
}

#[tokio::test]
async fn embed_pages_may_be_framed_by_the_configured_portals_only() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state_with(dir.path(), &[("CMP_FRAME_ANCESTORS", PORTALS)]).await;
    for uri in [
        "/embed/devices/89852000000000000001/usage?theme=dark",
        "/embed/devices/89852000000000000001",
        "/embed/pools/P1",
        "/embed/orders?device_id=89852000000000000001",
    ] {
        let (status, h, body) = send(&state, page(uri)).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(
            String::from_utf8(body)
                .unwrap()
                .starts_with("<!doctype html>")
        );
        assert_eq!(framing(&h), (PORTALS.to_owned(), None), "{uri}");
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("'sha256-"), "the loader stays allowed: {csp}");
    }
    for uri in [
        "/",
        "/packages",
        "/devices/89852000000000000001",
        "/embedded",
        "/healthz",
    ] {
        let (_, h, _) = send(&state, page(uri)).await;
        assert_eq!(
            framing(&h),
            ("'none'".to_owned(), Some("DENY".to_owned())),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn by_default_only_the_same_origin_may_frame_embed_pages() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state(dir.path()).await;
    let (_, h, _) = send(&state, page("/embed/pools/P1")).await;
    assert_eq!(framing(&h), ("'self'".to_owned(), None));
}

#[tokio::test]
async fn a_revalidated_embed_page_keeps_its_frame_ancestors() {
    let dir = tempfile::tempdir().unwrap();
    build_dist(dir.path());
    let (state, _) = fake_state_with(dir.path(), &[("CMP_FRAME_ANCESTORS", PORTALS)]).await;
    for (uri, allowed) in [("/embed/pools/P1", PORTALS), ("/packages", "'none'")] {
        let (_, first, _) = send(&state, page(uri)).await;
        let mut again = page(uri);
        again.headers_mut().insert(
            header::IF_MODIFIED_SINCE,
            first[header::LAST_MODIFIED].clone(),
        );
        let (status, h, _) = send(&state, again).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED, "{uri}");
        // The browser keeps the 304's headers for the cached page: they must still let
        // the partner frame the embed page, and still forbid framing the rest.
        assert_eq!(framing(&h).0, allowed, "{uri}");
        assert_eq!(framing(&h), framing(&first), "{uri}");
        assert_eq!(
            h[header::CONTENT_SECURITY_POLICY],
            first[header::CONTENT_SECURITY_POLICY]
        );
    }
}

//! Response compression (gzip or brotli, as the client accepts), through tower-http's
//! `Compression` at brotli quality 4. A request without `Accept-Encoding` skips that wrapper:
//! its answer would go out as is anyway, and the wrapper's body and future cost the
//! forwarding path instructions on every such request (API clients, probes, load tools). The
//! answer still gets the `Vary: accept-encoding` the wrapper would have added, so caches see
//! the same headers either way.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use std::convert::Infallible;
use std::future::Future;
use tower::ServiceExt;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::{Compression, CompressionLevel};

/// Brotli's own default (quality 11) takes seconds for a 1,000-record CDR page (260 KB); 4
/// takes milliseconds and is within 7 % of 5's size (bench/HISTORY.md §5). Named here rather
/// than left to tower-http's default, which has changed before.
pub const QUALITY: CompressionLevel = CompressionLevel::Precise(4);

/// Compresses the answer of `next` when the request accepts an encoding.
pub async fn compress<N, F>(req: Request, next: N) -> Response
where
    N: FnOnce(Request) -> F,
    F: Future<Output = Response>,
{
    if !req.headers().contains_key(header::ACCEPT_ENCODING) {
        let mut response = next(req).await;
        vary_as_compression_would(&mut response);
        return response;
    }
    let mut next = Some(next);
    let service = tower::service_fn(move |req: Request| {
        let next = next.take();
        async move {
            let next = next.expect("the compression service is called once per request");
            Ok::<_, Infallible>(next(req).await)
        }
    });
    match Compression::new(service)
        .quality(QUALITY)
        .oneshot(req)
        .await
    {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

/// What tower-http's `Compression` does to an answer it does not compress for a client that
/// accepts no encoding: it adds `Vary: accept-encoding` when the answer is one it would have
/// compressed (not already encoded, not a range, and its default predicate agrees: large
/// enough, not gRPC, an image or an event stream) and no `Vary` names it yet.
fn vary_as_compression_would(response: &mut Response) {
    let headers = response.headers();
    let would_compress = !headers.contains_key(header::CONTENT_ENCODING)
        && !headers.contains_key(header::CONTENT_RANGE)
        && DefaultPredicate::new().should_compress(response);
    let named = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .any(|v| contains_ignore_ascii_case(v.as_bytes(), b"accept-encoding"));
    if would_compress && !named {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
}

/// Whether `needle` occurs in `haystack`, ASCII case ignored (as tower-http checks `Vary`).
fn contains_ignore_ascii_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderMap;
    use tower::Layer;
    use tower_http::compression::CompressionLayer;

    fn answer(content_type: &str, body: &'static str, vary: Option<&str>) -> Response {
        let mut r = Response::new(Body::from(body));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(content_type).unwrap(),
        );
        if let Some(v) = vary {
            r.headers_mut()
                .insert(header::VARY, HeaderValue::from_str(v).unwrap());
        }
        r
    }

    /// The headers tower-http's wrapper gives `made` for a request without Accept-Encoding.
    async fn through_the_wrapper(made: fn() -> Response) -> HeaderMap {
        let service =
            tower::service_fn(move |_req: Request| async move { Ok::<_, Infallible>(made()) });
        let layered = CompressionLayer::new().quality(QUALITY).layer(service);
        let response = layered.oneshot(Request::new(Body::empty())).await.unwrap();
        response.headers().clone()
    }

    #[tokio::test]
    async fn without_accept_encoding_the_headers_are_the_wrappers() {
        const BIG: &str = "{\"code\":\"0000\",\"data\":{\"a long enough answer\":\"yes\"}}";
        let cases: [fn() -> Response; 6] = [
            || answer("application/json", BIG, None),
            || answer("application/json", "{}", None),
            || answer("image/png", BIG, None),
            || answer("text/event-stream", BIG, None),
            || answer("application/json", BIG, Some("origin")),
            || answer("application/json", BIG, Some("Accept-Encoding")),
        ];
        let mut varied = 0;
        for made in cases {
            let ours = compress(Request::new(Body::empty()), |_req| async move { made() }).await;
            assert_eq!(ours.headers(), &through_the_wrapper(made).await);
            varied += usize::from(ours.headers().get(header::VARY).is_some());
        }
        // Not vacuous: the large JSON answers carry `Vary` (one had it already); the small
        // one, the image and the event stream do not.
        assert_eq!(varied, 3);
    }

    #[tokio::test]
    async fn with_accept_encoding_the_answer_is_compressed() {
        let mut req = Request::new(Body::empty());
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
        let big = "x".repeat(4096);
        let r = compress(req, |_req| async move { Response::new(Body::from(big)) }).await;
        assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(r.headers()[header::VARY], "accept-encoding");
    }
}

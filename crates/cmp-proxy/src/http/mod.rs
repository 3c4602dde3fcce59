//! The HTTP layer every request passes through, whatever it asks for: the server loop,
//! request ids, CORS, security headers, body and rate limits per identity, and the probes.
//!
//! ## Layout
//! - [`serve_loop`]: the server loop with a header read timeout and graceful shutdown.
//! - [`edge`]: the steps below as one layer around every route, in their order.
//! - [`tls`]: HTTPS with HTTP/2 from `CMP_TLS_CERT` / `CMP_TLS_KEY` (rustls, ALPN).
//! - [`request_id`]: an id per request, on every log line and in the response.
//! - [`cors`]: the same origin and `CMP_ALLOWED_ORIGINS` only; preflights answered here.
//! - [`compression`]: gzip or brotli for clients that accept them.
//! - [`security_headers`]: nosniff, no referrer, the CSP, framing only for `/embed/*`.
//! - [`request_body`]: every request body read within its size and time limits.
//! - [`per_identity`]: `/cmp-api` and `/api` calls charged to the caller's token.
//! - [`identity_budgets`]: the request rate and live-stream bookkeeping per identity (pure).
//! - [`health`]: `GET /healthz` and `GET /readyz`.

pub mod compression;
pub mod cors;
pub mod edge;
pub mod health;
pub mod identity_budgets;
pub mod per_identity;
pub mod request_body;
pub mod request_id;
pub mod security_headers;
pub mod serve_loop;
pub mod tls;

//! The upstream CMP platform as the proxy sees it: one signing HTTP client, its retries, the
//! answers it reads, the read cache under it, and the simulator that stands in for the
//! platform when no `CMP_UPSTREAM_URL` is set.
//!
//! ## Layout
//! - [`client`]: [`Upstream`], the pooled client that signs, times out and retries.
//! - [`transport`]: how a request travels: [`plain_http`] (hyper, its own keep-alive pool)
//!   for `http://`, reqwest for `https://`.
//! - [`address`]: where each operation goes: the upstream URL's path kept as a prefix.
//! - [`refusals`]: the upstream's HTTP errors and refused signatures as the proxy's errors.
//! - [`retry`]: when and how long to wait before asking again (pure).
//! - [`request`]: [`UpstreamRequest`], a request before signing (a POST body or the CDR GET).
//! - [`reply`]: [`UpstreamReply`], an answer with its envelope `code` and `message` read.
//! - [`envelope_scan`]: the one pass that checks an answer and finds those (no serde).
//! - [`inner_status`]: the CDR answer's own status, which can fail under an outer success.
//! - [`read_cache`]: read answers reused for a moment, emptied by every change.
//! - [`in_process_sim`]: cmp-sim started in this process (feature `embedded-sim`).

pub mod address;
pub mod client;
pub mod envelope_scan;
#[cfg(feature = "embedded-sim")]
pub mod in_process_sim;
pub mod inner_status;
pub mod plain_http;
pub mod read_cache;
pub mod refusals;
pub mod reply;
pub mod request;
pub mod retry;
pub mod transport;

pub use client::Upstream;
pub use reply::UpstreamReply;
pub use request::UpstreamRequest;

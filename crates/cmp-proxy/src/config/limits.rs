//! The input-hardening settings as the server uses them: body size, devices per bulk order,
//! per-token request rate and live streams, and how long a client may take to send its
//! headers and body. Their names, defaults and ranges are rows of [`super::settings`].

use std::time::Duration;

/// Limits on what one client may send and hold open.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Largest request body accepted, bytes (`CMP_MAX_BODY_BYTES`, default 262144).
    pub max_body_bytes: usize,
    /// Most devices in one batchOrderPackages (`CMP_MAX_BULK_DEVICES`, default 1000).
    pub max_bulk_devices: usize,
    /// Requests per second a token may sustain (`CMP_RATE_LIMIT_PER_SEC`, default 20; 0 = no limit).
    pub rate_per_sec: f64,
    /// Requests a token may send at once above the sustained rate (`CMP_RATE_LIMIT_BURST`, default 100).
    pub rate_burst: u32,
    /// Live event streams one token may hold open (`CMP_MAX_STREAMS_PER_TOKEN`, default 8).
    pub max_streams_per_token: usize,
    /// Time a client has to send a request's headers (`CMP_HEADER_TIMEOUT_MS`, default 10000).
    pub header_timeout: Duration,
    /// Time a client has to send a request's body (`CMP_BODY_TIMEOUT_MS`, default 30000).
    pub body_timeout: Duration,
}

//! The input-hardening settings: body size, devices per bulk order, per-token request rate
//! and live streams, and how long a client may take to send its headers and body. Each has
//! a default that the SPA and the journeys stay well inside.

use super::{ConfigError, invalid};
use std::time::Duration;

/// The hardening settings, by environment name (file keys: lower case without `CMP_`).
pub const LIMIT_SETTINGS: [&str; 7] = [
    "CMP_MAX_BODY_BYTES",
    "CMP_MAX_BULK_DEVICES",
    "CMP_RATE_LIMIT_PER_SEC",
    "CMP_RATE_LIMIT_BURST",
    "CMP_MAX_STREAMS_PER_TOKEN",
    "CMP_HEADER_TIMEOUT_MS",
    "CMP_BODY_TIMEOUT_MS",
];

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

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: 256 * 1024,
            max_bulk_devices: 1000,
            rate_per_sec: 20.0,
            rate_burst: 100,
            max_streams_per_token: 8,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
        }
    }
}

fn whole(
    value: Option<&str>,
    name: &'static str,
    default: u64,
    range: std::ops::RangeInclusive<u64>,
    unit: &str,
) -> Result<u64, ConfigError> {
    match value {
        None => Ok(default),
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| {
                invalid(
                    name,
                    format!(
                        "use a whole number of {unit} from {} to {}",
                        range.start(),
                        range.end()
                    ),
                )
            }),
    }
}

impl Limits {
    /// Reads the limits through `get` (the merged file and environment values).
    pub(super) fn read<'a>(
        get: impl Fn(&'static str) -> Option<&'a str>,
    ) -> Result<Limits, ConfigError> {
        let d = Limits::default();
        let rate_per_sec = match get("CMP_RATE_LIMIT_PER_SEC") {
            None => d.rate_per_sec,
            Some(v) => v
                .parse::<f64>()
                .ok()
                .filter(|r| r.is_finite() && (0.0..=100_000.0).contains(r))
                .ok_or_else(|| {
                    invalid(
                        "CMP_RATE_LIMIT_PER_SEC",
                        "use requests per second from 0 (no limit) to 100000, e.g. 20 or 0.5",
                    )
                })?,
        };
        let ms = |name, default: Duration| {
            whole(
                get(name),
                name,
                default.as_millis() as u64,
                1..=3_600_000,
                "milliseconds",
            )
            .map(Duration::from_millis)
        };
        Ok(Limits {
            max_body_bytes: whole(
                get("CMP_MAX_BODY_BYTES"),
                "CMP_MAX_BODY_BYTES",
                d.max_body_bytes as u64,
                1024..=64 * 1024 * 1024,
                "bytes",
            )? as usize,
            max_bulk_devices: whole(
                get("CMP_MAX_BULK_DEVICES"),
                "CMP_MAX_BULK_DEVICES",
                d.max_bulk_devices as u64,
                1..=100_000,
                "devices",
            )? as usize,
            rate_per_sec,
            rate_burst: whole(
                get("CMP_RATE_LIMIT_BURST"),
                "CMP_RATE_LIMIT_BURST",
                u64::from(d.rate_burst),
                1..=1_000_000,
                "requests",
            )? as u32,
            max_streams_per_token: whole(
                get("CMP_MAX_STREAMS_PER_TOKEN"),
                "CMP_MAX_STREAMS_PER_TOKEN",
                d.max_streams_per_token as u64,
                1..=100_000,
                "streams",
            )? as usize,
            header_timeout: ms("CMP_HEADER_TIMEOUT_MS", d.header_timeout)?,
            body_timeout: ms("CMP_BODY_TIMEOUT_MS", d.body_timeout)?,
        })
    }
}

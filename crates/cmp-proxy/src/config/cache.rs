//! The read-cache settings: how long the upstream's read answers are reused and how much
//! memory they may take (see [`crate::upstream::read_cache`]).

use super::{ConfigError, invalid};
use crate::upstream::read_cache::CacheLimits;
use std::time::Duration;

/// The cache settings, by environment name (file keys: lower case without `CMP_`).
pub const CACHE_SETTINGS: [&str; 2] = ["CMP_CACHE_TTL_MS", "CMP_CACHE_MAX_BYTES"];

/// Default reuse time. Two seconds covers what repeats in practice (a reload, the same page
/// open in several tabs or by several people, a scoped token's per-device order queries)
/// while no answer is older than a glance: changes made through this proxy and order-status
/// pushes empty the cache at once, so only changes made elsewhere can show up to 2 s late.
pub const DEFAULT_TTL: Duration = Duration::from_millis(2000);

/// Default room for cached answers (a 1,000-record CDR page is a few hundred KB).
pub const DEFAULT_MAX_BYTES: usize = 32 * 1024 * 1024;

/// Most answers kept at once, whatever their size.
pub const MAX_ENTRIES: usize = 4096;

/// Reads the cache settings through `get` (the merged file and environment values).
pub(super) fn read<'a>(
    get: impl Fn(&'static str) -> Option<&'a str>,
) -> Result<CacheLimits, ConfigError> {
    let ttl_ms = match get("CMP_CACHE_TTL_MS") {
        None => DEFAULT_TTL.as_millis() as u64,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|ms| *ms <= 600_000)
            .ok_or_else(|| {
                invalid(
                    "CMP_CACHE_TTL_MS",
                    "use milliseconds from 0 (no cache) to 600000, e.g. 2000",
                )
            })?,
    };
    let max_bytes = match get("CMP_CACHE_MAX_BYTES") {
        None => DEFAULT_MAX_BYTES,
        Some(v) => v
            .parse::<u64>()
            .ok()
            .filter(|n| (64 * 1024..=4 * 1024 * 1024 * 1024).contains(n))
            .map(|n| n as usize)
            .ok_or_else(|| {
                invalid(
                    "CMP_CACHE_MAX_BYTES",
                    "use a whole number of bytes from 65536 to 4294967296, e.g. 33554432",
                )
            })?,
    };
    Ok(CacheLimits {
        ttl: Duration::from_millis(ttl_ms),
        max_entries: MAX_ENTRIES,
        max_bytes,
    })
}

//! When and how long to wait before trying an upstream query again. Pure, so tested here.

use axum::http::{HeaderMap, StatusCode, header};
use std::time::{Duration, SystemTime};

/// Attempts for a query (the first try included). Mutations get exactly one.
pub const QUERY_ATTEMPTS: u32 = 3;
/// The longest wait between attempts, whatever `Retry-After` asks for.
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// The first backoff step; each further attempt doubles it.
pub const BASE_WAIT: Duration = Duration::from_millis(150);

/// Whether an upstream HTTP status is worth another attempt of a query.
pub fn retryable_status(status: StatusCode) -> bool {
    status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS
}

/// The wait before attempt `attempt + 1` (attempt counts from 1), honouring `Retry-After`
/// (seconds or an HTTP date), capped at [`MAX_WAIT`].
pub fn wait_before_next(attempt: u32, headers: Option<&HeaderMap>, now: SystemTime) -> Duration {
    let backoff = BASE_WAIT * 2u32.saturating_pow(attempt.saturating_sub(1));
    let asked = headers.and_then(|h| retry_after(h, now));
    asked.unwrap_or(backoff).min(MAX_WAIT)
}

/// The `Retry-After` header as a duration from `now`, if present and readable.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = text.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with_retry_after(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::RETRY_AFTER, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let now = SystemTime::now();
        assert_eq!(wait_before_next(1, None, now), BASE_WAIT);
        assert_eq!(wait_before_next(2, None, now), BASE_WAIT * 2);
        assert_eq!(wait_before_next(30, None, now), MAX_WAIT);
    }

    #[test]
    fn retry_after_seconds_and_dates_are_honoured_within_the_cap() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(
            wait_before_next(1, Some(&with_retry_after("1")), now),
            Duration::from_secs(1)
        );
        assert_eq!(
            wait_before_next(1, Some(&with_retry_after("3600")), now),
            MAX_WAIT
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(1));
        assert_eq!(
            retry_after(&with_retry_after(&date), now),
            Some(Duration::from_secs(1))
        );
        assert_eq!(retry_after(&with_retry_after("soon"), now), None);
    }

    #[test]
    fn which_statuses_are_retried() {
        assert!(retryable_status(StatusCode::BAD_GATEWAY));
        assert!(retryable_status(StatusCode::TOO_MANY_REQUESTS));
        assert!(!retryable_status(StatusCode::BAD_REQUEST));
        assert!(!retryable_status(StatusCode::OK));
    }
}

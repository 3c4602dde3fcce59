//! Per-identity budgets: a token bucket of requests ([`RateLimiter`]) and a count of open
//! live streams ([`StreamSlots`]). Pure bookkeeping (the clock is passed in), so tested here;
//! the middleware that applies them is in [`crate::http::per_identity`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Identities tracked before full (idle) buckets are forgotten, so the map stays small.
const MAX_TRACKED: usize = 4096;

/// A token bucket per identity: `burst` requests at once, refilled at `rate` per second.
#[derive(Debug)]
pub struct RateLimiter {
    rate: f64,
    burst: f64,
    buckets: Mutex<HashMap<String, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    fn refilled(self, now: Instant, rate: f64, burst: f64) -> f64 {
        let earned = now.saturating_duration_since(self.at).as_secs_f64() * rate;
        (self.tokens + earned).min(burst)
    }
}

impl RateLimiter {
    /// A limiter allowing `rate_per_sec` sustained (0 = no limit) and `burst` at once.
    pub fn new(rate_per_sec: f64, burst: u32) -> RateLimiter {
        RateLimiter {
            rate: rate_per_sec,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::default(),
        }
    }

    /// Takes one request from `key`'s bucket at `now`, or says how long until one is free.
    pub fn take(&self, key: &str, now: Instant) -> Result<(), Duration> {
        if self.rate <= 0.0 {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(key) {
            let (rate, burst) = (self.rate, self.burst);
            buckets.retain(|_, b| b.refilled(now, rate, burst) < burst);
        }
        let bucket = buckets.entry(key.to_owned()).or_insert(Bucket {
            tokens: self.burst,
            at: now,
        });
        bucket.tokens = bucket.refilled(now, self.rate, self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(Duration::from_secs_f64((1.0 - bucket.tokens) / self.rate))
        }
    }
}

/// Whole seconds for a `Retry-After` header: the wait rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

/// Open live streams per identity, at most `max` each.
#[derive(Debug, Clone)]
pub struct StreamSlots {
    max: usize,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

/// One open stream; dropping it (when the stream ends) frees the slot.
#[derive(Debug)]
pub struct StreamSlot {
    key: String,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

impl StreamSlots {
    /// Slots allowing `max` open streams per identity.
    pub fn new(max: usize) -> StreamSlots {
        StreamSlots {
            max,
            open: Arc::default(),
        }
    }

    /// The most streams one identity may hold.
    pub fn max(&self) -> usize {
        self.max
    }

    /// A slot for `key`, or `None` when it already holds the maximum.
    pub fn acquire(&self, key: &str) -> Option<StreamSlot> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(key.to_owned()).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(StreamSlot {
            key: key.to_owned(),
            open: self.open.clone(),
        })
    }

    /// Streams `key` holds now.
    pub fn count(&self, key: &str) -> usize {
        let open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.get(key).copied().unwrap_or(0)
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_allowed_then_the_rate_refills_it() {
        let limiter = RateLimiter::new(2.0, 3);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(limiter.take("a", t0), Ok(()));
        }
        let wait = limiter.take("a", t0).unwrap_err();
        assert_eq!(wait, Duration::from_millis(500));
        assert_eq!(retry_after_secs(wait), 1);
        // Another identity has its own bucket.
        assert_eq!(limiter.take("b", t0), Ok(()));
        // Half a second later one request is allowed again, not two.
        let t1 = t0 + Duration::from_millis(500);
        assert_eq!(limiter.take("a", t1), Ok(()));
        assert!(limiter.take("a", t1).is_err());
        // A long pause refills only up to the burst.
        let t2 = t1 + Duration::from_secs(60);
        for _ in 0..3 {
            assert_eq!(limiter.take("a", t2), Ok(()));
        }
        assert!(limiter.take("a", t2).is_err());
    }

    #[test]
    fn a_zero_rate_means_no_limit() {
        let limiter = RateLimiter::new(0.0, 1);
        let now = Instant::now();
        assert!((0..1000).all(|_| limiter.take("a", now).is_ok()));
    }

    #[test]
    fn slow_rates_ask_for_a_longer_wait() {
        let limiter = RateLimiter::new(0.25, 1);
        let now = Instant::now();
        limiter.take("a", now).unwrap();
        assert_eq!(retry_after_secs(limiter.take("a", now).unwrap_err()), 4);
    }

    #[test]
    fn stream_slots_are_counted_and_freed_on_drop() {
        let slots = StreamSlots::new(2);
        let a = slots.acquire("x").unwrap();
        let b = slots.acquire("x").unwrap();
        assert!(slots.acquire("x").is_none());
        assert!(
            slots.acquire("y").is_some(),
            "another identity is not affected"
        );
        drop(a);
        assert_eq!(slots.count("x"), 1);
        let _c = slots.acquire("x").unwrap();
        drop(b);
        assert_eq!(slots.count("x"), 1);
    }
}

//! A short-lived cache of the upstream's successful answers to read-only operations, so a
//! dashboard reopened, reloaded or watched by several people does not ask the platform the
//! same question again within `CMP_CACHE_TTL_MS`. It sits under the access checks: the
//! upstream's answer does not depend on the caller (the proxy signs every request with the
//! one secret), so answers are keyed by the operation and its canonical parameters, and
//! scope checks and rewrites run before and around every lookup as they would without it.
//! Any mutation the proxy forwards and every webhook push empty it; a read that was in flight
//! when it was emptied is not stored. Memory is bounded by entries and bytes.
//! Pure bookkeeping (the clock is passed in), so tested here; [`crate::upstream`] uses it.

use crate::upstream::reply::UpstreamReply;
use crate::upstream::request::UpstreamRequest;
use cmp_api::Operation;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long answers are kept and how much room they may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// How long an answer is reused (`CMP_CACHE_TTL_MS`); zero disables the cache.
    pub ttl: Duration,
    /// Most answers kept at once.
    pub max_entries: usize,
    /// Most bytes of answers (bodies and keys) kept at once (`CMP_CACHE_MAX_BYTES`).
    pub max_bytes: usize,
}

impl CacheLimits {
    /// No caching at all.
    pub fn disabled() -> CacheLimits {
        CacheLimits {
            ttl: Duration::ZERO,
            max_entries: 0,
            max_bytes: 0,
        }
    }
}

/// Most answers kept at once, whatever their size (not a setting).
pub const MAX_ENTRIES: usize = 4096;

/// The share of `max_bytes` one answer may take: a single huge page must not push out
/// everything else.
const LARGEST_SHARE: usize = 8;

/// The cache (shared by every clone of the upstream client).
#[derive(Debug)]
pub struct ReadCache {
    limits: CacheLimits,
    inner: Mutex<Entries>,
}

#[derive(Debug, Default)]
struct Entries {
    by_key: HashMap<String, Entry>,
    bytes: usize,
    /// Bumped by every invalidation; an answer is stored only if none happened meanwhile.
    generation: u64,
}

#[derive(Debug)]
struct Entry {
    reply: UpstreamReply,
    stored: Instant,
    size: usize,
}

/// Taken before asking the upstream, given back to [`ReadCache::store`] with its answer.
#[derive(Debug)]
pub struct Pending {
    key: String,
    generation: u64,
}

impl ReadCache {
    /// A cache with `limits` (a zero TTL makes every lookup miss and nothing stored).
    pub fn new(limits: CacheLimits) -> ReadCache {
        ReadCache {
            limits,
            inner: Mutex::default(),
        }
    }

    /// Whether answers are cached at all.
    pub fn enabled(&self) -> bool {
        !self.limits.ttl.is_zero() && self.limits.max_entries > 0 && self.limits.max_bytes > 0
    }

    /// The cached answer for `op`/`request` at `now`, or the [`Pending`] to store the
    /// upstream's answer with. `None` when the operation is not cached (mutations, or the
    /// cache is disabled).
    pub fn lookup(
        &self,
        op: Operation,
        request: &UpstreamRequest,
        now: Instant,
    ) -> Option<Result<UpstreamReply, Pending>> {
        if op.is_mutation() || !self.enabled() {
            return None;
        }
        let key = key(op, request);
        let mut entries = self.lock();
        let fresh = entries
            .by_key
            .get(&key)
            .filter(|e| now.saturating_duration_since(e.stored) < self.limits.ttl)
            .map(|e| e.reply.clone());
        Some(match fresh {
            Some(reply) => Ok(reply),
            None => {
                entries.remove(&key);
                Err(Pending {
                    key,
                    generation: entries.generation,
                })
            }
        })
    }

    /// Keeps `reply` for `pending`'s request if it is a success, fits, and nothing was
    /// invalidated since the request was sent.
    pub fn store(&self, pending: Pending, reply: &UpstreamReply, now: Instant) {
        let size = pending.key.len() + reply.body.len();
        if !reply.is_success() || size > self.limits.max_bytes / LARGEST_SHARE {
            return;
        }
        let mut entries = self.lock();
        if entries.generation != pending.generation {
            return;
        }
        entries.remove(&pending.key);
        entries.make_room(size, now, &self.limits);
        entries.bytes += size;
        entries.by_key.insert(
            pending.key,
            Entry {
                reply: reply.clone(),
                stored: now,
                size,
            },
        );
    }

    /// Forgets every answer, and any answer now in flight.
    pub fn invalidate(&self) {
        let mut entries = self.lock();
        entries.by_key.clear();
        entries.bytes = 0;
        entries.generation += 1;
    }

    /// Answers kept now (expired ones included until they are pushed out).
    pub fn len(&self) -> usize {
        self.lock().by_key.len()
    }

    /// Whether no answer is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes of answers kept now.
    pub fn bytes(&self) -> usize {
        self.lock().bytes
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Entries {
    fn remove(&mut self, key: &str) {
        if let Some(old) = self.by_key.remove(key) {
            self.bytes -= old.size;
        }
    }

    /// Drops expired answers, then the oldest, until one more of `size` bytes fits.
    fn make_room(&mut self, size: usize, now: Instant, limits: &CacheLimits) {
        let full =
            |e: &Entries| e.by_key.len() >= limits.max_entries || e.bytes + size > limits.max_bytes;
        if !full(self) {
            return;
        }
        let ttl = limits.ttl;
        self.by_key
            .retain(|_, e| now.saturating_duration_since(e.stored) < ttl);
        self.bytes = self.by_key.values().map(|e| e.size).sum();
        while full(self) {
            let Some(oldest) = self
                .by_key
                .iter()
                .min_by_key(|(_, e)| e.stored)
                .map(|(k, _)| k.clone())
            else {
                return;
            };
            self.remove(&oldest);
        }
    }
}

/// The operation and its parameters in one canonical text: JSON objects have sorted keys
/// (serde_json's map is ordered), and CDR query pairs are sorted.
fn key(op: Operation, request: &UpstreamRequest) -> String {
    match request {
        UpstreamRequest::Post(body) => {
            let json = serde_json::to_string(body).unwrap_or_default();
            format!("{} {json}", op.name())
        }
        UpstreamRequest::Cdr { sim_id, query } => {
            let mut pairs: Vec<_> = query.iter().collect();
            pairs.sort();
            let mut key = format!("{} {}:{sim_id}", op.name(), sim_id.len());
            for (k, v) in pairs {
                // Lengths first, so no value can imitate a separator.
                let _ = write!(key, " {}:{k}={}:{v}", k.len(), v.len());
            }
            key
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Bytes;
    use serde_json::{Map, Value, json};

    fn limits(ttl_ms: u64, max_entries: usize, max_bytes: usize) -> CacheLimits {
        CacheLimits {
            ttl: Duration::from_millis(ttl_ms),
            max_entries,
            max_bytes,
        }
    }

    fn reply(code: &str, filler: usize) -> UpstreamReply {
        let text = json!({"code": code, "data": "x".repeat(filler), "message": "m"}).to_string();
        UpstreamReply::parse(Bytes::from(text)).unwrap()
    }

    fn post(body: Value) -> UpstreamRequest {
        match body {
            Value::Object(map) => UpstreamRequest::Post(map),
            _ => UpstreamRequest::Post(Map::new()),
        }
    }

    fn cdr(sim: &str, pairs: &[(&str, &str)]) -> UpstreamRequest {
        UpstreamRequest::Cdr {
            sim_id: sim.into(),
            query: pairs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        }
    }

    /// Looks `request` up at `now` and, on a miss, stores `answer` for it.
    fn fill(cache: &ReadCache, request: &UpstreamRequest, answer: &UpstreamReply, now: Instant) {
        match cache.lookup(Operation::QueryOrder, request, now) {
            Some(Err(pending)) => cache.store(pending, answer, now),
            other => panic!("expected a miss, got {other:?}"),
        }
    }

    fn hit(cache: &ReadCache, request: &UpstreamRequest, now: Instant) -> bool {
        matches!(
            cache.lookup(Operation::QueryOrder, request, now),
            Some(Ok(_))
        )
    }

    #[test]
    fn an_answer_is_reused_until_its_ttl_has_passed() {
        let cache = ReadCache::new(limits(2000, 10, 1 << 20));
        let t0 = Instant::now();
        let query = post(json!({"page_no": 1}));
        fill(&cache, &query, &reply("0000", 10), t0);
        assert!(hit(&cache, &query, t0 + Duration::from_millis(1999)));
        assert!(!hit(&cache, &query, t0 + Duration::from_millis(2000)));
        assert!(
            cache.is_empty(),
            "the expired answer is dropped on the miss"
        );
    }

    #[test]
    fn refusals_mutations_and_a_zero_ttl_are_never_cached() {
        let cache = ReadCache::new(limits(2000, 10, 1 << 20));
        let now = Instant::now();
        let query = post(json!({"page_no": 1}));
        fill(&cache, &query, &reply("2001", 10), now);
        assert!(!hit(&cache, &query, now), "a refusal is not kept");
        assert!(
            cache
                .lookup(Operation::CancelPackage, &query, now)
                .is_none()
        );
        let off = ReadCache::new(limits(0, 10, 1 << 20));
        assert!(!off.enabled());
        assert!(off.lookup(Operation::QueryOrder, &query, now).is_none());
    }

    #[test]
    fn an_answer_in_flight_during_an_invalidation_is_not_kept() {
        let cache = ReadCache::new(limits(2000, 10, 1 << 20));
        let now = Instant::now();
        let query = post(json!({"page_no": 1}));
        let Some(Err(pending)) = cache.lookup(Operation::QueryOrder, &query, now) else {
            panic!("expected a miss");
        };
        cache.invalidate();
        cache.store(pending, &reply("0000", 10), now);
        assert!(cache.is_empty());
        fill(&cache, &query, &reply("0000", 10), now);
        assert!(hit(&cache, &query, now), "the next answer is kept again");
        cache.invalidate();
        assert!(!hit(&cache, &query, now));
        assert_eq!(cache.bytes(), 0);
    }

    #[test]
    fn entries_and_bytes_stay_bounded_and_the_oldest_goes_first() {
        let cache = ReadCache::new(limits(60_000, 3, 64 * 1024));
        let t0 = Instant::now();
        let queries: Vec<_> = (0..5).map(|n| post(json!({ "page_no": n }))).collect();
        for (n, q) in queries.iter().enumerate() {
            fill(
                &cache,
                q,
                &reply("0000", 10),
                t0 + Duration::from_millis(n as u64),
            );
        }
        assert_eq!(cache.len(), 3);
        let later = t0 + Duration::from_millis(10);
        assert!(!hit(&cache, &queries[0], later) && !hit(&cache, &queries[1], later));
        assert!(queries[2..].iter().all(|q| hit(&cache, q, later)));

        // Bytes: each answer is ~5 KB of 64 KB, so at most 12 fit whatever the entry cap.
        let cache = ReadCache::new(limits(60_000, 1000, 64 * 1024));
        for n in 0..40 {
            let q = post(json!({ "page_no": n }));
            fill(
                &cache,
                &q,
                &reply("0000", 5000),
                t0 + Duration::from_millis(n),
            );
            assert!(cache.bytes() <= 64 * 1024);
        }
        assert!((10..=12).contains(&cache.len()), "{} answers", cache.len());
        // One answer larger than an eighth of the room is not kept at all.
        let big = post(json!({"page_no": "big"}));
        fill(&cache, &big, &reply("0000", 9000), t0);
        assert!(!hit(&cache, &big, t0));
    }

    #[test]
    fn keys_are_canonical_but_tell_requests_apart() {
        let a = key(Operation::QueryOrder, &post(json!({"a": 1, "b": "x"})));
        let b = key(Operation::QueryOrder, &post(json!({"b": "x", "a": 1})));
        assert_eq!(a, b, "field order does not matter");
        assert_ne!(
            a,
            key(Operation::QueryDevice, &post(json!({"a": 1, "b": "x"})))
        );
        assert_ne!(
            a,
            key(Operation::QueryOrder, &post(json!({"a": 2, "b": "x"})))
        );
        let c1 = key(Operation::SimCdr, &cdr("S1", &[("p", "1"), ("q", "2")]));
        let c2 = key(Operation::SimCdr, &cdr("S1", &[("q", "2"), ("p", "1")]));
        assert_eq!(c1, c2, "query pair order does not matter");
        assert_ne!(
            c1,
            key(Operation::SimCdr, &cdr("S2", &[("p", "1"), ("q", "2")]))
        );
        assert_ne!(
            key(Operation::SimCdr, &cdr("S1", &[("p", "1 q:2")])),
            key(Operation::SimCdr, &cdr("S1", &[("p", "1"), ("q", "2")]))
        );
    }
}

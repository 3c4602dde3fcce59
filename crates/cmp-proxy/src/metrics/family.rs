//! Metric families kept in memory: counters and histograms keyed by their label values, and
//! gauges. Label sets are small and fixed by the code (routes, operations, outcomes), never
//! taken from what a caller sent, so the maps stay a few dozen entries.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};

/// Upper bounds of the latency buckets, in seconds: from a cached answer (under a
/// millisecond) to the longest upstream attempt the settings allow.
pub const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Counters of one family, by label values.
#[derive(Debug, Default)]
pub struct Counters(Mutex<BTreeMap<Vec<String>, u64>>);

impl Counters {
    /// Adds one to the counter with `labels`.
    pub fn inc(&self, labels: &[&str]) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let key: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
        *map.entry(key).or_insert(0) += 1;
    }

    /// Every counter, by label values.
    pub fn snapshot(&self) -> Vec<(Vec<String>, u64)> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.iter().map(|(k, v)| (k.clone(), *v)).collect()
    }
}

/// One histogram's counts: per bucket (not cumulative), the sum and the count.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Observed {
    /// Observations at or under each bound of [`LATENCY_BUCKETS`], not cumulative.
    pub buckets: [u64; LATENCY_BUCKETS.len()],
    /// Observations above the largest bound.
    pub above: u64,
    /// The sum of all observations, seconds.
    pub sum: f64,
    /// How many observations.
    pub count: u64,
}

/// Latency histograms of one family, by label values.
#[derive(Debug, Default)]
pub struct Histograms(Mutex<BTreeMap<Vec<String>, Observed>>);

impl Histograms {
    /// Records `seconds` in the histogram with `labels`.
    pub fn observe(&self, labels: &[&str], seconds: f64) {
        let mut map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let key: Vec<String> = labels.iter().map(|l| (*l).to_owned()).collect();
        let h = map.entry(key).or_default();
        match LATENCY_BUCKETS.iter().position(|b| seconds <= *b) {
            Some(i) => h.buckets[i] += 1,
            None => h.above += 1,
        }
        h.sum += seconds;
        h.count += 1;
    }

    /// Every histogram, by label values.
    pub fn snapshot(&self) -> Vec<(Vec<String>, Observed)> {
        let map = self.0.lock().unwrap_or_else(|p| p.into_inner());
        map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
    }
}

/// A value that goes up and down (open streams, whether the listener listens).
#[derive(Debug, Default)]
pub struct Gauge(AtomicI64);

impl Gauge {
    /// Adds `n` (negative to take away).
    pub fn add(&self, n: i64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Sets the value.
    pub fn set(&self, n: i64) {
        self.0.store(n, Ordering::Relaxed);
    }

    /// The current value.
    pub fn get(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_count_per_label_set() {
        let c = Counters::default();
        c.inc(&["a", "200"]);
        c.inc(&["a", "200"]);
        c.inc(&["b", "404"]);
        assert_eq!(
            c.snapshot(),
            [
                (vec!["a".to_owned(), "200".to_owned()], 2),
                (vec!["b".to_owned(), "404".to_owned()], 1)
            ]
        );
    }

    #[test]
    fn histograms_put_each_observation_in_one_bucket() {
        let h = Histograms::default();
        h.observe(&["x"], 0.0001);
        h.observe(&["x"], 0.003);
        h.observe(&["x"], 60.0);
        let (_, o) = &h.snapshot()[0];
        assert_eq!((o.buckets[0], o.buckets[2], o.above, o.count), (1, 1, 1, 3));
        assert!((o.sum - 60.0031).abs() < 1e-9);
    }
}

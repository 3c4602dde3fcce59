//! The store's families: the fan-out of live events (lag, listener reconnects, whether the
//! listener listens, events published) and the database pool's state. They live with the
//! store ([`crate::store::live::FanoutStats`], [`crate::store::PoolState`]) and are read at
//! each scrape.

use super::family::Counters;
use super::{gauge, header, histograms};
use crate::store::Store;
use std::fmt::Write;

/// Appends the store's families to `out`.
pub fn render(out: &mut String, store: &Store) {
    let stats = store.fanout_stats();
    histograms(
        out,
        "cmp_proxy_fanout_lag_seconds",
        "Time from an event's insert (the database's clock, just before its commit) to its publishing to this replica's live streams; PostgreSQL only.",
        &[],
        &stats.lag,
    );
    counter(
        out,
        "cmp_proxy_fanout_published_total",
        "Events published to this replica's live streams.",
        &stats.published,
    );
    counter(
        out,
        "cmp_proxy_fanout_listener_reconnects_total",
        "Times the events listener got its database connection back after losing it (PostgreSQL).",
        &stats.reconnects,
    );
    let Some(pool) = store.pool_state() else {
        return;
    };
    gauge(
        out,
        "cmp_proxy_fanout_listener_up",
        "1 while the events listener holds its database connection and listens, else 0.",
        stats.listening.get(),
    );
    let as_gauge = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    for (name, help, value) in [
        (
            "cmp_proxy_db_pool_max_size",
            "Database connections this replica's pool may hold.",
            pool.max_size,
        ),
        (
            "cmp_proxy_db_pool_size",
            "Database connections the pool holds now, in use or idle.",
            pool.size,
        ),
        (
            "cmp_proxy_db_pool_available",
            "Idle database connections in the pool.",
            pool.available,
        ),
        (
            "cmp_proxy_db_pool_waiting",
            "Requests waiting for a database connection.",
            pool.waiting,
        ),
    ] {
        gauge(out, name, help, as_gauge(value));
    }
}

/// A counter without labels, shown as 0 before its first count.
fn counter(out: &mut String, name: &str, help: &str, family: &Counters) {
    header(out, name, help, "counter");
    let total: u64 = family.snapshot().iter().map(|(_, n)| n).sum();
    let _ = writeln!(out, "{name} {total}");
}

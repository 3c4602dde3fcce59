//! The replica storm: three real `cmp-proxy` binaries on one throwaway PostgreSQL, pushes
//! spread across them by concurrent senders while two replicas are SIGKILLed and restarted
//! and then PostgreSQL itself is stopped and started again (same data, same port), with
//! followers of live events attached to different replicas. Afterwards:
//! - every acknowledged push is in the table exactly once, and none is missing (senders
//!   retry refused connections, resets and 503s on the next replica, as a platform behind a
//!   load balancer would);
//! - every follower (which reconnects with `Last-Event-ID` to the next replica when its
//!   stream ends) heard every event once, in the table's order: the same order for all;
//! - the replica that was never killed published each event once, and its listener
//!   reconnected after the database came back.
//!
//! `make test` runs a short storm (600 pushes, 8 senders, paced so the faults land while
//! pushes are in flight); `bench/replicas.sh` runs it with 10,000 pushes from 32 senders,
//! and `fanout_bench` (ignored here) for its pushes/s and fan-out latency figures. Sizes
//! come from `CMP_REPLICA_STORM_*` (see [`Plan::from_env`]).

mod common;
mod storm_support;

use common::postgres::{PgDatabase, PgServer, client as db_client, database_on};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use storm_support::proxy::{ADMIN_TOKEN, ProxyProcess, Storage, VIEWER_TOKEN};
use storm_support::senders::{Outcome, SendPlan, Tally, order_id, send_all};
use storm_support::sse::Follower;
use storm_support::{GIVE_UP, START_LIMIT, client, history_total};
use tempfile::TempDir;

/// How long followers may take to hear the last event once the senders are done.
const CATCH_UP: Duration = Duration::from_secs(60);

/// How big the storm is (environment, else the short storm of `make test`).
#[derive(Debug, Clone, Copy)]
struct Plan {
    /// `CMP_REPLICA_STORM_PUSHES`, default 600.
    pushes: usize,
    /// `CMP_REPLICA_STORM_SENDERS`, default 8.
    senders: usize,
    /// `CMP_REPLICA_STORM_FOLLOWERS`, default 4 (spread over the replicas).
    followers: usize,
    /// `CMP_REPLICA_STORM_PACE_MS`, default 40: least time between two pushes of a sender.
    pace: Duration,
    /// `CMP_REPLICA_STORM_DOWNTIME_MS`, default 300: a killed replica's time down.
    downtime: Duration,
    /// `CMP_REPLICA_STORM_DB_DOWNTIME_MS`, default 1,000: the database's time down.
    db_downtime: Duration,
}

fn env_number(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {v:?}")),
        Err(_) => default,
    }
}

impl Plan {
    fn from_env() -> Plan {
        let n = |name, default| env_number(&format!("CMP_REPLICA_STORM_{name}"), default);
        Plan {
            pushes: n("PUSHES", 600) as usize,
            senders: n("SENDERS", 8).max(1) as usize,
            followers: n("FOLLOWERS", 4) as usize,
            pace: Duration::from_millis(n("PACE_MS", 40)),
            downtime: Duration::from_millis(n("DOWNTIME_MS", 300)),
            db_downtime: Duration::from_millis(n("DB_DOWNTIME_MS", 1_000)),
        }
    }
}

/// `n` replicas on `db`, each with a work directory of its own, all healthy.
async fn start_replicas(
    n: usize,
    db: &PgDatabase,
    http: &reqwest::Client,
) -> (Vec<ProxyProcess>, Vec<TempDir>) {
    let dirs: Vec<TempDir> = (0..n).map(|_| tempfile::tempdir().unwrap()).collect();
    let mut replicas: Vec<ProxyProcess> = dirs
        .iter()
        .map(|d| ProxyProcess::start_with(d.path(), Storage::Database(db.url())))
        .collect();
    for r in &mut replicas {
        r.wait_healthy(http, START_LIMIT).await;
    }
    (replicas, dirs)
}

/// The table's events in order, as (seq, order id), and the number of dead letters.
async fn table(db: &PgDatabase) -> (Vec<(u64, String)>, i64) {
    let client = db_client(db).await;
    let rows = client
        .query("SELECT seq, orderid FROM events ORDER BY seq", &[])
        .await
        .unwrap();
    let events = rows
        .iter()
        .map(|r| (r.get::<_, i64>(0) as u64, r.get::<_, String>(1)))
        .collect();
    let dead: i64 = client
        .query_one("SELECT COUNT(*) FROM dead_letters", &[])
        .await
        .unwrap()
        .get(0);
    (events, dead)
}

/// The value of the sample `name` (no labels) in `proxy`'s `/metrics`.
async fn metric(proxy: &ProxyProcess, http: &reqwest::Client, name: &str) -> f64 {
    let text = http
        .get(format!("{}/metrics", proxy.base_url()))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .expect("metrics request")
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in the metrics:\n{text}"))
}

/// One fault of the storm.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// SIGKILL replica `i`, then start it again after the downtime.
    Kill(usize),
    /// Stop PostgreSQL (fast shutdown), then start it again on the same data and port.
    RestartDatabase,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_replica_storm() {
    let plan = Plan::from_env();
    let server = Arc::new(PgServer::start());
    let db = database_on(&server).await;
    let http = client();
    let (mut replicas, _dirs) = start_replicas(3, &db, &http).await;
    let bases: Vec<String> = replicas.iter().map(ProxyProcess::base_url).collect();
    let followers: Vec<Follower> = (0..plan.followers)
        .map(|f| Follower::start(bases.clone(), f, 0, VIEWER_TOKEN))
        .collect();
    for f in &followers {
        assert!(f.wait_connected(Duration::from_secs(10)).await);
    }

    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let sending = tokio::spawn(send_all(
        http.clone(),
        SendPlan {
            urls: replicas.iter().map(ProxyProcess::hook_url).collect(),
            pushes: plan.pushes,
            senders: plan.senders,
            pace: plan.pace,
            give_up: GIVE_UP,
        },
        tally.clone(),
    ));
    let mut faults = Vec::new();
    let mut db_down = Duration::ZERO;
    let planned = [Fault::Kill(1), Fault::Kill(2), Fault::RestartDatabase];
    for (k, fault) in planned.into_iter().enumerate() {
        let threshold = plan.pushes * (k + 1) / (planned.len() + 1);
        while tally.acked.load(Ordering::Relaxed) < threshold && !sending.is_finished() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        if sending.is_finished() {
            break;
        }
        match fault {
            Fault::Kill(i) => {
                replicas[i].kill();
                tokio::time::sleep(plan.downtime).await;
                replicas[i].start_again();
                replicas[i].wait_healthy(&http, START_LIMIT).await;
            }
            Fault::RestartDatabase => {
                let down = Instant::now();
                let s = server.clone();
                tokio::task::spawn_blocking(move || s.stop()).await.unwrap();
                tokio::time::sleep(plan.db_downtime).await;
                let s = server.clone();
                tokio::task::spawn_blocking(move || s.start_again())
                    .await
                    .unwrap();
                db_down = down.elapsed();
            }
        }
        faults.push(fault);
    }
    let outcomes = sending.await.expect("the senders panicked");
    let storm_time = started.elapsed();

    let failures: Vec<&String> = outcomes
        .iter()
        .filter_map(|o| match o {
            Outcome::Failed(why) => Some(why),
            Outcome::Acked { .. } => None,
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} pushes were never acknowledged, e.g. {:?}",
        failures.len(),
        plan.pushes,
        &failures[..failures.len().min(5)]
    );
    assert_eq!(
        faults, planned,
        "every fault landed while pushes were in flight"
    );
    assert!(
        tally.failed_attempts.load(Ordering::Relaxed) > 0,
        "no sender noticed a fault"
    );

    // Every acknowledged push stored exactly once, nothing else stored.
    let (events, dead_letters) = table(&db).await;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for (_, order) in &events {
        *counts.entry(order.as_str()).or_default() += 1;
    }
    let wrong: Vec<(String, u32)> = (0..plan.pushes)
        .map(order_id)
        .map(|id| {
            let n = counts.get(id.as_str()).copied().unwrap_or(0);
            (id, n)
        })
        .filter(|(_, n)| *n != 1)
        .collect();
    assert!(
        wrong.is_empty(),
        "acknowledged pushes not stored exactly once (order id, times stored): {:?}",
        &wrong[..wrong.len().min(10)]
    );
    assert_eq!(events.len(), plan.pushes, "no event the storm did not send");
    assert_eq!(dead_letters, 0);
    assert_eq!(history_total(&replicas[0], &http).await, plan.pushes as u64);

    // Every follower heard every event once, in the table's order.
    let last = events.last().map_or(0, |(seq, _)| *seq);
    let mut logs = Vec::new();
    for f in followers {
        let caught_up = f.wait_for(last, CATCH_UP).await;
        let log = f.stop().await;
        assert!(
            caught_up,
            "a follower stopped at {:?} of {last}",
            log.heard.last().map(|h| h.seq)
        );
        logs.push(log);
    }
    for (f, log) in logs.iter().enumerate() {
        let heard: Vec<(u64, String)> = log
            .heard
            .iter()
            .map(|h| (h.seq, h.orderid.clone()))
            .collect();
        if heard != events {
            let first_difference = heard
                .iter()
                .zip(&events)
                .position(|(a, b)| a != b)
                .unwrap_or(heard.len().min(events.len()));
            panic!(
                "follower {f} heard {} events, the table has {}; they differ from position \
                 {first_difference}: heard {:?}, table {:?}",
                heard.len(),
                events.len(),
                heard.get(first_difference),
                events.get(first_difference)
            );
        }
    }
    // The followers that started on the killed replicas lost their stream and resumed.
    for (f, log) in logs.iter().enumerate() {
        if f % 3 != 0 {
            assert!(
                log.breaks >= 1 && log.streams >= 2,
                "follower {f} (on a killed replica) never reconnected: {log:?}"
            );
        }
    }

    // The replica never killed published each event once; its listener came back.
    let published = metric(&replicas[0], &http, "cmp_proxy_fanout_published_total").await;
    let reconnects = metric(
        &replicas[0],
        &http,
        "cmp_proxy_fanout_listener_reconnects_total",
    )
    .await;
    assert_eq!(published, plan.pushes as f64);
    assert!(reconnects >= 1.0, "the listener did not reconnect");
    assert_eq!(
        metric(&replicas[0], &http, "cmp_proxy_fanout_listener_up").await,
        1.0
    );

    let streams: Vec<usize> = logs.iter().map(|l| l.streams).collect();
    println!(
        "replica storm: {} pushes from {} senders over 3 replicas (paced {} ms), replicas 1 and 2 \
         SIGKILLed and restarted ({} ms down each), PostgreSQL stopped and started again ({} ms \
         down): all acknowledged and stored exactly once; {} attempts failed and were retried \
         ({} pushes needed a retry); {} followers heard all {} events once in the table's order \
         (streams opened per follower: {streams:?}); the listener of replica 0 reconnected \
         {reconnects} times; storm {:.1} s",
        plan.pushes,
        plan.senders,
        plan.pace.as_millis(),
        plan.downtime.as_millis(),
        db_down.as_millis(),
        tally.failed_attempts.load(Ordering::Relaxed),
        tally.retried_pushes.load(Ordering::Relaxed),
        logs.len(),
        events.len(),
        storm_time.as_secs_f64()
    );
}

/// Pushes/s and fan-out latency (push acknowledged → event at a follower of another
/// replica; with one replica, of that replica) without faults, for `bench/replicas.sh`:
/// `CMP_BENCH_REPLICAS` replicas (default 3), `CMP_REPLICA_STORM_PUSHES` and `…_SENDERS`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: bench/replicas.sh runs it"]
async fn fanout_bench() {
    let plan = Plan::from_env();
    let n = env_number("CMP_BENCH_REPLICAS", 3).max(1) as usize;
    let server = Arc::new(PgServer::start());
    let db = database_on(&server).await;
    let http = client();
    let (replicas, _dirs) = start_replicas(n, &db, &http).await;
    let bases: Vec<String> = replicas.iter().map(ProxyProcess::base_url).collect();
    // One follower per replica.
    let followers: Vec<Follower> = (0..n)
        .map(|r| Follower::start(bases.clone(), r, 0, VIEWER_TOKEN))
        .collect();
    for f in &followers {
        assert!(f.wait_connected(Duration::from_secs(10)).await);
    }
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let outcomes = send_all(
        http.clone(),
        SendPlan {
            urls: replicas.iter().map(ProxyProcess::hook_url).collect(),
            pushes: plan.pushes,
            senders: plan.senders,
            pace: Duration::ZERO,
            give_up: GIVE_UP,
        },
        tally.clone(),
    )
    .await;
    let elapsed = started.elapsed();
    let (events, _) = table(&db).await;
    let last = events.last().map_or(0, |(seq, _)| *seq);
    let mut logs = Vec::new();
    for f in followers {
        assert!(f.wait_for(last, CATCH_UP).await, "a follower fell behind");
        logs.push(f.stop().await);
    }
    let arrivals: Vec<HashMap<&str, Instant>> = logs
        .iter()
        .map(|log| {
            log.heard
                .iter()
                .map(|h| (h.orderid.as_str(), h.at))
                .collect()
        })
        .collect();
    let mut latencies: Vec<f64> = Vec::with_capacity(plan.pushes);
    // The event may reach the other replica's stream before the 200 reaches the sender:
    // counted as 0 ms, and how often it happened is reported.
    let mut before_ack = 0;
    for (i, outcome) in outcomes.iter().enumerate() {
        let Outcome::Acked { replica, at, .. } = outcome else {
            panic!("push {i} was not acknowledged: {outcome:?}");
        };
        let other = (replica + 1) % n;
        let heard = arrivals[other]
            .get(order_id(i).as_str())
            .unwrap_or_else(|| panic!("push {i} never reached the follower of replica {other}"));
        if heard < at {
            before_ack += 1;
        }
        latencies.push(heard.saturating_duration_since(*at).as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    let quantile = |q: f64| latencies[((latencies.len() - 1) as f64 * q).round() as usize];
    println!(
        "bench: replicas={n} pushes={} senders={} pushes_per_s={:.0} fanout_p50_ms={:.2} fanout_p99_ms={:.2} before_ack_pct={:.0}",
        plan.pushes,
        plan.senders,
        plan.pushes as f64 / elapsed.as_secs_f64(),
        quantile(0.5),
        quantile(0.99),
        100.0 * before_ack as f64 / plan.pushes as f64
    );
}

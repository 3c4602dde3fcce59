//! A webhook storm against the real proxy binary: concurrent senders push order-status
//! events while the proxy is killed with SIGKILL and restarted on the same port and data
//! directory; afterwards the store is read directly to count what was kept.
//!
//! The scale comes from the environment so `bench/storm.sh` runs the same code bigger:
//! `CMP_STORM_PUSHES` (default 1,000), `CMP_STORM_SENDERS` (16), `CMP_STORM_KILLS` (1),
//! `CMP_STORM_DOWNTIME_MS` (200: how long the proxy stays dead before it is started again).
//!
//! The replica storm (`tests/replica_storm.rs`) uses the same pieces on PostgreSQL: several
//! [`proxy::ProxyProcess`]es on one database, [`senders`] spreading pushes over them, and
//! [`sse`] followers of live events that resume on another replica.
#![allow(dead_code)]

pub mod proxy;
pub mod senders;
pub mod sse;

use proxy::ProxyProcess;
use rusqlite::{Connection, OpenFlags};
use senders::{Outcome, SendPlan, Tally};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// How long a restarted proxy may take to answer `/healthz`.
pub const START_LIMIT: Duration = Duration::from_secs(60);
/// How long one push is retried before the storm reports it as lost.
pub const GIVE_UP: Duration = Duration::from_secs(120);

/// How big the storm is.
#[derive(Debug, Clone, Copy)]
pub struct StormPlan {
    /// Pushes sent, each with its own order id.
    pub pushes: usize,
    /// Concurrent senders.
    pub senders: usize,
    /// SIGKILL + restart cycles, spread evenly over the acknowledged count.
    pub kills: usize,
    /// Time between a kill and the next start, when senders meet refused connections.
    pub downtime: Duration,
}

fn env_number(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {v:?}")),
        Err(_) => default,
    }
}

impl StormPlan {
    /// The plan from `CMP_STORM_*`, defaulting to the small storm `make test` runs.
    pub fn from_env() -> StormPlan {
        StormPlan {
            pushes: env_number("CMP_STORM_PUSHES", 1_000),
            senders: env_number("CMP_STORM_SENDERS", 16).max(1),
            kills: env_number("CMP_STORM_KILLS", 1),
            downtime: Duration::from_millis(env_number("CMP_STORM_DOWNTIME_MS", 200) as u64),
        }
    }
}

/// What happened during a storm.
#[derive(Debug)]
pub struct StormReport {
    /// The outcome of push `i` at index `i`.
    pub outcomes: Vec<Outcome>,
    /// Proxy processes killed with SIGKILL while pushes were in flight.
    pub kills: usize,
    /// Attempts that were not answered 200.
    pub failed_attempts: usize,
    /// Pushes that needed more than one attempt.
    pub retried_pushes: usize,
    /// From the first push to the last acknowledgement.
    pub duration: Duration,
}

/// Runs the storm against `proxy` (already healthy), killing it `plan.kills` times.
pub async fn run_storm(
    proxy: &mut ProxyProcess,
    client: &reqwest::Client,
    plan: StormPlan,
) -> StormReport {
    let tally = Arc::new(Tally::default());
    let started = Instant::now();
    let sending = tokio::spawn(senders::send_all(
        client.clone(),
        SendPlan {
            urls: vec![proxy.hook_url()],
            pushes: plan.pushes,
            senders: plan.senders,
            pace: Duration::ZERO,
            give_up: GIVE_UP,
        },
        tally.clone(),
    ));
    let mut kills = 0;
    for k in 1..=plan.kills {
        let threshold = plan.pushes * k / (plan.kills + 1);
        while tally.acked.load(Ordering::Relaxed) < threshold && !sending.is_finished() {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        if sending.is_finished() {
            break;
        }
        proxy.kill();
        kills += 1;
        tokio::time::sleep(plan.downtime).await;
        proxy.start_again();
        proxy.wait_healthy(client, START_LIMIT).await;
    }
    let outcomes = sending.await.expect("the senders panicked");
    StormReport {
        outcomes,
        kills,
        failed_attempts: tally.failed_attempts.load(Ordering::Relaxed),
        retried_pushes: tally.retried_pushes.load(Ordering::Relaxed),
        duration: started.elapsed(),
    }
}

/// How many times each order id is in the `events` table, and the number of dead letters,
/// read from the SQLite file directly (read-only; the proxy may still be running).
pub fn stored_counts(db: &Path) -> (HashMap<String, u32>, u64) {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("open {} read-only: {e}", db.display()));
    let mut stmt = conn
        .prepare("SELECT orderid, COUNT(*) FROM events GROUP BY orderid")
        .unwrap();
    let counts = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
        .unwrap()
        .collect::<Result<HashMap<_, _>, _>>()
        .unwrap();
    let dead: i64 = conn
        .query_row("SELECT COUNT(*) FROM dead_letters", [], |r| r.get(0))
        .unwrap();
    (counts, dead as u64)
}

/// `total_count` of `/api/events/history` as the proxy reports it.
pub async fn history_total(proxy: &ProxyProcess, client: &reqwest::Client) -> u64 {
    let answer: serde_json::Value = client
        .get(format!(
            "{}/api/events/history?page_no=1&page_size=1",
            proxy.base_url()
        ))
        .bearer_auth(proxy::VIEWER_TOKEN)
        .send()
        .await
        .expect("history request")
        .json()
        .await
        .expect("history answer is JSON");
    answer["data"]["page"]["total_count"]
        .as_u64()
        .unwrap_or_else(|| panic!("history answer without total_count: {answer}"))
}

/// A client like a platform's: short timeouts so a killed proxy is noticed quickly.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("build the HTTP client")
}

//! Concurrent senders of order-status pushes that retry every push until it is answered
//! 200, as the platform does: connection refused or reset, timeouts, 5xx and 429 are
//! retried; any other answer is a refusal the storm reports. With several replicas, push
//! `i` goes first to replica `i mod n` and each retry to the next one, as a load balancer
//! that skips a replica that failed would send it.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Operation codes of the spec's push table, cycled through by the storm.
const OPERATIONS: [&str; 9] = [
    "1001", "1002", "1003", "1004", "1005", "1007", "1008", "1009", "1010",
];
/// First and longest pause between two attempts of one push.
const FIRST_BACKOFF: Duration = Duration::from_millis(10);
const MAX_BACKOFF: Duration = Duration::from_millis(200);

/// The order id of push number `i`: unique, so every push can be counted in the store.
pub fn order_id(i: usize) -> String {
    format!("STORM-{i:06}")
}

/// The body of push number `i`, as the spec shows it.
pub fn push_body(i: usize) -> String {
    let day_second = i % 86_400;
    serde_json::json!({
        "assetid": format!("89852000000{i:09}"),
        "imsi": format!("20404{i:010}"),
        "operation": OPERATIONS[i % OPERATIONS.len()],
        "orderid": order_id(i),
        "time": format!(
            "2024-05-01 {:02}:{:02}:{:02}",
            day_second / 3600,
            day_second / 60 % 60,
            day_second % 60
        ),
    })
    .to_string()
}

/// What the senders saw, updated while they run.
#[derive(Default)]
pub struct Tally {
    /// Pushes answered 200.
    pub acked: AtomicUsize,
    /// Attempts that were not answered 200 (and were retried).
    pub failed_attempts: AtomicUsize,
    /// Pushes that needed more than one attempt.
    pub retried_pushes: AtomicUsize,
    next: AtomicUsize,
}

/// How one push ended.
#[derive(Debug)]
pub enum Outcome {
    /// Answered 200.
    Acked {
        /// Attempts it took.
        attempts: u32,
        /// The replica (index into the URLs) that answered 200.
        replica: usize,
        /// When the 200 arrived.
        at: Instant,
    },
    /// Answered with a status that must not be retried, or never answered 200 in time.
    Failed(String),
}

/// How the senders send.
#[derive(Debug, Clone)]
pub struct SendPlan {
    /// The webhook URL of each replica.
    pub urls: Vec<String>,
    /// Pushes `0..pushes`.
    pub pushes: usize,
    /// Concurrent senders.
    pub senders: usize,
    /// The least time between the starts of two pushes of one sender (zero: none), so a
    /// short storm lasts long enough for its faults to land while pushes are in flight.
    pub pace: Duration,
    /// A push not acknowledged within this time of its first attempt is reported failed.
    pub give_up: Duration,
}

/// Sends pushes `0..plan.pushes` from `plan.senders` concurrent tasks; the outcome of
/// push `i` is at index `i`. A push not acknowledged within `give_up` of its first
/// attempt is reported as failed rather than retried forever.
pub async fn send_all(client: reqwest::Client, plan: SendPlan, tally: Arc<Tally>) -> Vec<Outcome> {
    let pushes = plan.pushes;
    let plan = Arc::new(plan);
    let mut tasks = Vec::with_capacity(plan.senders);
    for _ in 0..plan.senders {
        let (client, plan, tally) = (client.clone(), plan.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = tally.next.fetch_add(1, Ordering::Relaxed);
                if i >= plan.pushes {
                    return done;
                }
                let started = Instant::now();
                let outcome = send_one(&client, &plan, i, &tally).await;
                done.push((i, outcome));
                if let Some(rest) = plan.pace.checked_sub(started.elapsed()) {
                    tokio::time::sleep(rest).await;
                }
            }
        }));
    }
    let mut outcomes: Vec<Option<Outcome>> = (0..pushes).map(|_| None).collect();
    for task in tasks {
        for (i, outcome) in task.await.expect("a sender task panicked") {
            outcomes[i] = Some(outcome);
        }
    }
    outcomes
        .into_iter()
        .map(|o| o.expect("every push is taken by one sender"))
        .collect()
}

async fn send_one(client: &reqwest::Client, plan: &SendPlan, i: usize, tally: &Tally) -> Outcome {
    let body = push_body(i);
    let started = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    let mut attempts = 0;
    loop {
        let replica = (i + attempts) % plan.urls.len();
        attempts += 1;
        let answer = client
            .post(&plan.urls[replica])
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await;
        let status = answer.as_ref().map(|r| r.status()).ok();
        match status {
            Some(s) if s == reqwest::StatusCode::OK => {
                tally.acked.fetch_add(1, Ordering::Relaxed);
                if attempts > 1 {
                    tally.retried_pushes.fetch_add(1, Ordering::Relaxed);
                }
                return Outcome::Acked {
                    attempts: attempts as u32,
                    replica,
                    at: Instant::now(),
                };
            }
            Some(s) if s.is_server_error() || s == reqwest::StatusCode::TOO_MANY_REQUESTS => {}
            Some(s) => {
                let text = match answer {
                    Ok(r) => r.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                return Outcome::Failed(format!("{} refused with {s}: {text}", order_id(i)));
            }
            // Refused, reset or timed out: the proxy is down or died mid-request.
            None => {}
        }
        tally.failed_attempts.fetch_add(1, Ordering::Relaxed);
        if started.elapsed() > plan.give_up {
            return Outcome::Failed(format!(
                "{} not acknowledged after {attempts} attempts in {:?}",
                order_id(i),
                plan.give_up
            ));
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

//! Concurrent senders of order-status pushes that retry every push until it is answered
//! 200, as the platform does: connection refused or reset, timeouts, 5xx and 429 are
//! retried; any other answer is a refusal the storm reports.

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
    /// Answered 200 after this many attempts.
    Acked(u32),
    /// Answered with a status that must not be retried, or never answered 200 in time.
    Failed(String),
}

/// Sends pushes `0..pushes` from `senders` concurrent tasks to `url`; the outcome of
/// push `i` is at index `i`. A push not acknowledged within `give_up` of its first
/// attempt is reported as failed rather than retried forever.
pub async fn send_all(
    client: reqwest::Client,
    url: String,
    pushes: usize,
    senders: usize,
    give_up: Duration,
    tally: Arc<Tally>,
) -> Vec<Outcome> {
    let mut tasks = Vec::with_capacity(senders);
    for _ in 0..senders {
        let (client, url, tally) = (client.clone(), url.clone(), tally.clone());
        tasks.push(tokio::spawn(async move {
            let mut done = Vec::new();
            loop {
                let i = tally.next.fetch_add(1, Ordering::Relaxed);
                if i >= pushes {
                    return done;
                }
                let outcome = send_one(&client, &url, i, give_up, &tally).await;
                done.push((i, outcome));
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

async fn send_one(
    client: &reqwest::Client,
    url: &str,
    i: usize,
    give_up: Duration,
    tally: &Tally,
) -> Outcome {
    let body = push_body(i);
    let started = Instant::now();
    let mut backoff = FIRST_BACKOFF;
    let mut attempts = 0;
    loop {
        attempts += 1;
        let answer = client
            .post(url)
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
                return Outcome::Acked(attempts);
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
        if started.elapsed() > give_up {
            return Outcome::Failed(format!(
                "{} not acknowledged after {attempts} attempts in {give_up:?}",
                order_id(i)
            ));
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

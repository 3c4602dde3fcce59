//! Outbound webhooks: a worker per process sends each alert's deliveries from the store's
//! outbox ([`crate::store::outbox`]). It claims due rows under a lease ([`LEASE`]), posts each
//! body signed ([`webhook_signature`]: `X-CMP-Signature` over `X-CMP-Timestamp` and the body,
//! with `CMP_ALERT_WEBHOOK_SECRET`) to an address the allow-list accepts now
//! ([`super::allow`]), and writes the outcome in one transaction with its log entry: a 2xx
//! marks the delivery done for good; anything else is tried again after 1 s, 2 s, 4 s, …
//! (at most an hour apart) until 24 hours after the alert fired, then given up.
//!
//! Exactly once is not possible over HTTP: a receiver that took a body but whose 2xx never
//! arrived (or a process killed between the two) gets it again. Every attempt of one
//! delivery carries the same `X-CMP-Delivery` id, so such a receiver can drop the repeat.

use super::allow;
use crate::access::secret::random_hex;
use crate::state::AppState;
use crate::store::now_ms;
use crate::store::outbox::{Attempt, Claimed, Next};
use cmp_api::proxy_api::alert::{
    AttemptOutcome, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_signature,
};
use std::time::Duration;

/// How long a claimed delivery is this worker's; longer than an attempt can take.
pub const LEASE: Duration = Duration::from_secs(60);
/// How often the worker looks for due deliveries.
pub const POLL: Duration = Duration::from_secs(1);
/// How long one attempt may take.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// The wait after the first failed attempt; it doubles up to [`MAX_RETRY`].
pub const FIRST_RETRY: Duration = Duration::from_secs(1);
/// The longest wait between two attempts.
pub const MAX_RETRY: Duration = Duration::from_secs(3600);
/// How long after an alert fired its deliveries are tried.
pub const GIVE_UP_AFTER: Duration = Duration::from_secs(24 * 3600);
/// Deliveries claimed at once (sent concurrently).
const BATCH: u64 = 16;

/// The wait after failed attempt number `attempt` (from 1).
pub fn backoff(attempt: u32) -> Duration {
    let doublings = attempt.saturating_sub(1).min(20);
    (FIRST_RETRY * 2u32.pow(doublings)).min(MAX_RETRY)
}

/// Sends due deliveries until the task is aborted.
pub async fn deliver(state: AppState) {
    let worker = format!("worker-{}", random_hex(8));
    let mut tick = tokio::time::interval(POLL);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let due = match state
            .store
            .claim_deliveries(now_ms(), LEASE, &worker, BATCH)
            .await
        {
            Ok(due) => due,
            Err(e) => {
                tracing::warn!(error = %e, "alert webhooks: the outbox cannot be read now");
                continue;
            }
        };
        let sends = due.into_iter().map(|c| send(&state, &worker, c));
        futures_util::future::join_all(sends).await;
    }
}

/// One attempt of `claimed`, its outcome written.
async fn send(state: &AppState, worker: &str, claimed: Claimed) {
    let number = claimed.attempts + 1;
    let (status, mut outcome, mut detail) = attempt(state, &claimed).await;
    let now = now_ms();
    let deadline = claimed
        .created_ms
        .saturating_add(GIVE_UP_AFTER.as_millis() as i64);
    let next = if outcome == AttemptOutcome::Delivered {
        Next::Delivered
    } else if now >= deadline {
        outcome = AttemptOutcome::GaveUp;
        detail.push_str("; no 2xx within 24 hours of the alert: no more attempts");
        Next::GaveUp
    } else {
        Next::Retry(
            now.saturating_add(backoff(number).as_millis() as i64)
                .min(deadline),
        )
    };
    let label = crate::store::outbox::outcome_label(outcome);
    state.metrics.alert_deliveries.inc(&[label]);
    match outcome {
        AttemptOutcome::Delivered => tracing::info!(
            delivery = claimed.id,
            alert = claimed.alert_id,
            attempt = number,
            "alert webhook delivered"
        ),
        _ => {
            tracing::warn!(delivery = claimed.id, alert = claimed.alert_id, attempt = number, outcome = label, detail = %detail, "alert webhook not delivered")
        }
    }
    let record = Attempt {
        outbox_id: claimed.id,
        alert_id: claimed.alert_id,
        worker: worker.to_owned(),
        attempt: number,
        status,
        outcome,
        detail,
        next,
    };
    match state.store.record_attempt(record).await {
        Ok(true) => {}
        Ok(false) => tracing::warn!(
            delivery = claimed.id,
            "alert webhook: the lease ran out before the outcome was written; another worker may send it again"
        ),
        // The lease runs out and the delivery is tried again: at least once, never lost.
        Err(e) => {
            tracing::error!(delivery = claimed.id, error = %e, "alert webhook: the outcome could not be written")
        }
    }
}

/// Posts `claimed` if it may be sent: the status, outcome and what happened.
async fn attempt(state: &AppState, claimed: &Claimed) -> (Option<u16>, AttemptOutcome, String) {
    let Some(secret) = &state.config.alert_webhook_secret else {
        let why =
            "not sent: CMP_ALERT_WEBHOOK_SECRET is not set, and alerts are never sent unsigned";
        return (None, AttemptOutcome::Refused, why.into());
    };
    let target = match allow::resolve(&state.config.alert_webhook_allow, &claimed.url).await {
        Ok(target) => target,
        Err(why) => return (None, AttemptOutcome::Refused, format!("not sent: {why}")),
    };
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(5))
        .timeout(SEND_TIMEOUT)
        // Connect to the addresses the allow-list judged, not to a second lookup's.
        .resolve_to_addrs(&target.host, &target.addrs)
        .build();
    let client = match client {
        Ok(c) => c,
        Err(e) => return (None, AttemptOutcome::Failed, format!("no HTTP client: {e}")),
    };
    let timestamp = (now_ms() / 1000).to_string();
    let signature = webhook_signature(
        secret.expose().as_bytes(),
        &timestamp,
        claimed.body.as_bytes(),
    );
    let sent = client
        .post(&claimed.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header(reqwest::header::USER_AGENT, "cmp-proxy alerts")
        .header(TIMESTAMP_HEADER, &timestamp)
        .header(SIGNATURE_HEADER, signature)
        .header(DELIVERY_HEADER, claimed.id.to_string())
        .body(claimed.body.clone())
        .send()
        .await;
    match sent {
        Ok(r) if r.status().is_success() => (
            Some(r.status().as_u16()),
            AttemptOutcome::Delivered,
            format!("the receiver answered HTTP {}", r.status().as_u16()),
        ),
        Ok(r) => (
            Some(r.status().as_u16()),
            AttemptOutcome::Failed,
            format!("the receiver answered HTTP {}", r.status().as_u16()),
        ),
        Err(e) if e.is_timeout() => (
            None,
            AttemptOutcome::Failed,
            format!("no answer within {} s", SEND_TIMEOUT.as_secs()),
        ),
        Err(e) if e.is_connect() => (
            None,
            AttemptOutcome::Failed,
            "the receiver cannot be reached".into(),
        ),
        Err(e) => (
            None,
            AttemptOutcome::Failed,
            format!("the request failed: {e}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_double_from_a_second_up_to_an_hour() {
        let waits: Vec<u64> = (1..=14).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(
            waits,
            [
                1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 3600, 3600
            ]
        );
        assert_eq!(backoff(u32::MAX), MAX_RETRY);
    }
}

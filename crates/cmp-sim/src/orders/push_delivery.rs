//! Order-status push delivery: every transition's push is queued and POSTed to the push URL
//! in order, retried with exponential backoff until a 2xx answer (at-least-once).

use crate::state::{SimState, wall_ms};
use bytes::Bytes;
use cmp_api::OrderStatusPush;
use http_body_util::Full;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Duration;

/// The longest wait between two attempts.
const MAX_BACKOFF_MS: u64 = 60_000;
/// How long one attempt may take.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);

/// The wait after `attempts` failed attempts: base, 2×base, 4×base… capped at a minute.
pub fn backoff_ms(base_ms: u64, attempts: u32) -> u64 {
    base_ms
        .saturating_mul(1u64 << attempts.saturating_sub(1).min(20))
        .min(MAX_BACKOFF_MS)
}

/// Delivers queued pushes to `url` until the task is dropped.
pub async fn deliver(state: SimState, url: String) {
    let client: Client<HttpConnector, Full<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    loop {
        let head = state.lock().outbox.front().cloned();
        let Some(pending) = head else {
            state.0.push_ready.notified().await;
            continue;
        };
        let wait = pending.not_before_ms - wall_ms();
        if wait > 0 {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
                () = state.0.push_ready.notified() => {}
            }
            continue;
        }
        let ok = send(&client, &url, &pending.push).await;
        let mut book = state.lock();
        if book.outbox.front() != Some(&pending) {
            continue;
        }
        if ok {
            book.outbox.pop_front();
            book.delivered += 1;
        } else if let Some(front) = book.outbox.front_mut() {
            front.attempts += 1;
            front.not_before_ms =
                wall_ms() + backoff_ms(state.config().push_retry_base_ms, front.attempts) as i64;
            tracing::warn!(orderid = %front.push.orderid, attempts = front.attempts, "push not acknowledged; will retry");
        }
        state.save_now(&book);
    }
}

async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    url: &str,
    push: &OrderStatusPush,
) -> bool {
    let Ok(body) = serde_json::to_vec(push) else {
        return false;
    };
    let request = hyper::Request::post(url)
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)));
    let Ok(request) = request else { return false };
    match tokio::time::timeout(ATTEMPT_TIMEOUT, client.request(request)).await {
        Ok(Ok(response)) => response.status().is_success(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(100, 1), 100);
        assert_eq!(backoff_ms(100, 2), 200);
        assert_eq!(backoff_ms(100, 4), 800);
        assert_eq!(backoff_ms(100, 40), MAX_BACKOFF_MS);
    }
}

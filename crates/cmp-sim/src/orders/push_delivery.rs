//! Order-status push delivery: every transition's push is queued and POSTed to the push URL
//! in order, retried with exponential backoff until a 2xx answer (at-least-once), in the
//! encoding the push settings name at that attempt. With redeliveries set, an acknowledged
//! push stays at the head of the queue and is POSTed again that many times, as by a
//! platform that never saw the acknowledgement, before the next push goes.

use crate::orders::book::Book;
use crate::orders::push_settings::PushEncoding;
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
        let settings = state.push_settings();
        let ok = send(&client, &url, &pending.push, settings.encoding).await;
        let mut book = state.lock();
        if book.outbox.front() != Some(&pending) {
            continue;
        }
        if ok {
            acknowledged(&mut book, settings.redeliveries);
        } else if let Some(front) = book.outbox.front_mut() {
            front.attempts += 1;
            front.not_before_ms =
                wall_ms() + backoff_ms(state.config().push_retry_base_ms, front.attempts) as i64;
            tracing::warn!(orderid = %front.push.orderid, attempts = front.attempts, "push not acknowledged; will retry");
        }
        state.save_now(&book);
    }
}

/// Counts the acknowledgement of the outbox's head, then drops it or, while redeliveries
/// are due, keeps it to send again at once. The first acknowledgement fixes how many
/// redeliveries follow (`redeliveries`, the setting at that moment).
fn acknowledged(book: &mut Book, redeliveries: u32) {
    let Some(front) = book.outbox.front_mut() else {
        return;
    };
    if front.acknowledged {
        front.redeliveries_left = front.redeliveries_left.saturating_sub(1);
        book.redelivered += 1;
    } else {
        front.acknowledged = true;
        front.redeliveries_left = redeliveries;
        book.delivered += 1;
    }
    if front.redeliveries_left == 0 {
        book.outbox.pop_front();
    } else {
        front.attempts = 0;
        front.not_before_ms = 0;
    }
}

async fn send(
    client: &Client<HttpConnector, Full<Bytes>>,
    url: &str,
    push: &OrderStatusPush,
    encoding: PushEncoding,
) -> bool {
    let request = hyper::Request::post(url)
        .header(hyper::header::CONTENT_TYPE, encoding.content_type())
        .body(Full::new(Bytes::from(encoding.body(push))));
    let Ok(request) = request else { return false };
    match tokio::time::timeout(ATTEMPT_TIMEOUT, client.request(request)).await {
        Ok(Ok(response)) => response.status().is_success(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book_with_one_push() -> Book {
        let mut book = Book::fresh(0, 0);
        book.outbox
            .push_back(crate::orders::book::Pending::new(OrderStatusPush {
                assetid: "8985".into(),
                imsi: "204".into(),
                operation: cmp_api::PushOperation::Paused,
                orderid: "ORDER_1".into(),
                time: cmp_api::CmpTime::from_seconds(0),
            }));
        book
    }

    #[test]
    fn acknowledged_pushes_leave_unless_redeliveries_are_due() {
        let mut book = book_with_one_push();
        acknowledged(&mut book, 0);
        assert_eq!(
            (book.outbox.len(), book.delivered, book.redelivered),
            (0, 1, 0)
        );

        let mut book = book_with_one_push();
        acknowledged(&mut book, 2);
        assert_eq!(
            (book.outbox.len(), book.delivered, book.redelivered),
            (1, 1, 0)
        );
        // A later change of the setting does not change the count already fixed.
        acknowledged(&mut book, 0);
        assert_eq!(
            (book.outbox.len(), book.delivered, book.redelivered),
            (1, 1, 1)
        );
        acknowledged(&mut book, 0);
        assert_eq!(
            (book.outbox.len(), book.delivered, book.redelivered),
            (0, 1, 2)
        );
    }

    #[test]
    fn backoff_doubles_and_caps() {
        assert_eq!(backoff_ms(100, 1), 100);
        assert_eq!(backoff_ms(100, 2), 200);
        assert_eq!(backoff_ms(100, 4), 800);
        assert_eq!(backoff_ms(100, 40), MAX_BACKOFF_MS);
    }
}

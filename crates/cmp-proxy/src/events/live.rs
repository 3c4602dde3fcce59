//! Live events: `GET /api/events` (Server-Sent Events, replaying what a client missed from
//! the store before going live, with no gap and no duplicate). Alerts come on the same
//! stream as named events (`event: alert`, `data:` the alert, no `id:` so `Last-Event-ID`
//! stays the order events' number) each time one fires, resolves or is acknowledged, for
//! the alerts the token may see; they are live only (the Alerts page reads
//! `GET /api/alerts` when its stream opens). Listeners of the default `message` event never
//! see them.
//!
//! **Why the handover holds, on either engine.** A stream subscribes to the store's live
//! events first, then replays from the table until it finds nothing more, then takes live
//! events, dropping any whose number it already sent. That needs only what
//! [`crate::store::live`] guarantees: an event is published after its commit, once, in
//! sequence order, and numbers commit in order. Then an event committed before the last
//! replay read is in the replay (and, if published late, dropped as seen), and one committed
//! after it is published after the subscription, so it arrives live. With PostgreSQL the
//! publisher is the replica's listener, whichever replica stored the event, so
//! `Last-Event-ID` resumes against any replica: the table and the order are the same.

use crate::access::caller::{authenticate, dashboard_only};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::alerts::AlertScope;
use crate::store::{OrderEvent, Store};
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use cmp_api::proxy_api::alert::{ALERT_SSE_EVENT, Alert};
use futures_util::Stream;
use serde::Deserialize;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::watch;

/// How often a comment line keeps idle connections open.
pub const HEARTBEAT: Duration = Duration::from_secs(15);
/// Events read from the store per replay batch.
const REPLAY_BATCH: u64 = 500;

/// Query parameters of `/api/events`.
#[derive(Debug, Default, Deserialize)]
pub struct EventsQuery {
    /// The token, since `EventSource` cannot set headers.
    pub token: Option<String>,
    /// Replay events after this sequence number (like `Last-Event-ID`).
    pub since: Option<String>,
}

/// `GET /api/events`.
pub async fn events(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventsQuery>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let who = authenticate(&state, &headers, q.token.as_deref())?;
    dashboard_only(&who, "following live events")?;
    let last_id = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .or(q.since.as_deref());
    let since = match last_id.map(str::trim).filter(|s| !s.is_empty()) {
        None => state.store.last_seq().await?,
        Some(s) => s.parse::<u64>().map_err(|_| {
            ApiError::BadRequest("Last-Event-ID (or since) must be an event number".into())
        })?,
    };
    // Subscribe before reading the store: whatever is committed after the read arrives live.
    let live = state.store.subscribe();
    let alerts = state.store.subscribe_alerts();
    let closing = state.closing.subscribe();
    let feed = Both {
        scope: AlertScope::of(&who),
        alerts,
        events: Feed {
            store: state.store.clone(),
            devices: who.devices,
            last: since,
            pending: VecDeque::new(),
            live,
            closing,
            replaying: true,
        },
    };
    let stream = futures_util::stream::unfold(feed, |mut feed| async move {
        feed.next_item().await.map(|item| (Ok(item.to_sse()), feed))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(HEARTBEAT)))
}

/// The order events of a stream, and the alerts the token may see.
struct Both {
    events: Feed,
    alerts: broadcast::Receiver<Arc<Alert>>,
    scope: AlertScope,
}

struct Feed {
    store: Store,
    devices: Option<Vec<String>>,
    last: u64,
    pending: VecDeque<OrderEvent>,
    live: broadcast::Receiver<OrderEvent>,
    closing: watch::Receiver<bool>,
    replaying: bool,
}

/// What the stream sends next.
enum Item {
    Event(OrderEvent),
    Alert(Arc<Alert>),
}

impl Item {
    fn to_sse(&self) -> Event {
        match self {
            Item::Event(e) => to_sse(e),
            Item::Alert(a) => Event::default()
                .event(ALERT_SSE_EVENT)
                .data(serde_json::to_string(a.as_ref()).unwrap_or_else(|_| "{}".into())),
        }
    }
}

impl Both {
    /// The next order event, or an alert the token may see when one comes first. Order
    /// events go first when both are ready (a replayed or queued event is ready at once).
    /// Waiting for an event is given up safely when an alert comes, even mid-replay: the
    /// feed keeps its place in its fields (`last`, `pending`, `replaying`), not in the
    /// future, so the next call reads again from where it was.
    async fn next_item(&mut self) -> Option<Item> {
        loop {
            let alert = tokio::select! {
                biased;
                e = self.events.next() => return e.map(Item::Event),
                a = self.alerts.recv() => a,
            };
            match alert {
                Ok(a) if self.scope.covers(&a) => return Some(Item::Alert(a)),
                Ok(_) | Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

impl Feed {
    async fn next(&mut self) -> Option<OrderEvent> {
        loop {
            if *self.closing.borrow() {
                return None;
            }
            if let Some(e) = self.pending.pop_front() {
                self.last = self.last.max(e.seq);
                return Some(e);
            }
            if self.replaying {
                match self
                    .store
                    .events_after(self.last, self.devices.clone(), REPLAY_BATCH)
                    .await
                {
                    Ok(batch) if !batch.is_empty() => {
                        self.pending.extend(batch);
                        continue;
                    }
                    Ok(_) => self.replaying = false,
                    Err(e) => {
                        tracing::error!(error = %e, "event replay failed; closing the stream");
                        return None;
                    }
                }
            }
            let received = tokio::select! {
                r = self.live.recv() => r,
                _ = self.closing.changed() => return None,
            };
            match received {
                Ok(e) if e.seq <= self.last => {}
                Ok(e)
                    if self
                        .devices
                        .as_ref()
                        .is_some_and(|d| !d.contains(&e.assetid)) =>
                {
                    self.last = e.seq
                }
                Ok(e) => self.pending.push_back(e),
                // Fell behind the live channel: catch up from the store, which has everything.
                Err(RecvError::Lagged(_)) => self.replaying = true,
                Err(RecvError::Closed) => return None,
            }
        }
    }
}

fn to_sse(e: &OrderEvent) -> Event {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    Event::default().id(e.seq.to_string()).data(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmp_api::OrderStatusPush;

    const DAY: Duration = Duration::from_secs(86_400);

    fn push(n: u32) -> OrderStatusPush {
        let body = format!(
            r#"{{"assetid":"D","imsi":"1","operation":"1005","orderid":"O{n}","time":"2024-05-01 10:00:00"}}"#
        );
        serde_json::from_str(&body).unwrap()
    }

    #[tokio::test]
    async fn events_both_replayed_and_received_live_are_sent_once() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let (_closing_tx, closing) = watch::channel(false);
        let live = store.subscribe();
        for n in 1..=3 {
            store.insert_event(push(n), DAY).await.unwrap();
        }
        // Events 1..=3 are both in the store and queued on the live channel.
        let mut feed = Feed {
            store: store.clone(),
            devices: None,
            last: 1,
            pending: VecDeque::new(),
            live,
            closing,
            replaying: true,
        };
        let mut seqs = vec![
            feed.next().await.unwrap().seq,
            feed.next().await.unwrap().seq,
        ];
        // Past the replay: what is queued live was sent already; only 4 is new.
        feed.replaying = false;
        store.insert_event(push(4), DAY).await.unwrap();
        seqs.push(feed.next().await.unwrap().seq);
        assert_eq!(seqs, [2, 3, 4]);
    }
}

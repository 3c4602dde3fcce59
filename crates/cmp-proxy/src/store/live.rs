//! Live events within this process: every new event goes to this process's listeners (the
//! SSE streams of [`crate::events::live`]) through [`Fanout::publish`], once each, in
//! sequence order. Who publishes depends on the engine:
//! - **SQLite** (one process): the insert, right after its commit, while it still holds the
//!   connection under which the event got its number;
//! - **PostgreSQL** (replicas): not the insert, but one listener task per replica
//!   (`postgres/listen.rs`) that `LISTEN`s for the `NOTIFY` each insert sends before its
//!   commit and then reads the events after the last one it published from the table. So a
//!   replica publishes the events every replica stored, committed, in the one global order of
//!   their sequence numbers; a lost connection is caught up from the table by that number.
//!
//! Either way a listener sees only committed events, in order, never one twice, which is
//! what the replay-then-live handover of an SSE stream relies on (it drops what it already
//! sent by sequence number).

use super::OrderEvent;
use crate::metrics::family::{Counters, Gauge, Histograms};
use std::sync::Arc;
use tokio::sync::broadcast;

/// Events a slow listener may fall behind by before it must catch up from the store.
const BACKLOG: usize = 1024;

/// The in-process publisher of new events; cheap to clone.
#[derive(Clone)]
pub struct Fanout {
    sender: broadcast::Sender<OrderEvent>,
    stats: Arc<FanoutStats>,
}

/// What operators watch of the fan-out (rendered at `/metrics` by [`crate::metrics`]).
#[derive(Debug, Default)]
pub struct FanoutStats {
    /// Seconds from an event's insert (by the database's clock, just before its commit) to
    /// its publishing here; PostgreSQL only (SQLite publishes at the commit).
    pub lag: Histograms,
    /// Times the listener got its database connection back after losing it.
    pub reconnects: Counters,
    /// 1 while the listener holds its connection and listens, else 0 (PostgreSQL only).
    pub listening: Gauge,
    /// Events published to this process's listeners.
    pub published: Counters,
}

impl Fanout {
    /// A publisher without listeners.
    pub fn new() -> Fanout {
        let (sender, _) = broadcast::channel(BACKLOG);
        Fanout {
            sender,
            stats: Arc::default(),
        }
    }

    /// Sends a stored event to every listener; call in sequence order, once per event.
    pub fn publish(&self, event: OrderEvent) {
        self.stats.published.inc(&[]);
        // No listener is not an error: nobody is watching.
        let _ = self.sender.send(event);
    }

    /// Listens to events published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.sender.subscribe()
    }

    /// The fan-out's figures.
    pub fn stats(&self) -> &FanoutStats {
        &self.stats
    }
}

impl Default for Fanout {
    fn default() -> Self {
        Fanout::new()
    }
}

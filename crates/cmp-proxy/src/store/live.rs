//! Live events within this process: every event this process stores goes to its listeners
//! (the SSE streams of [`crate::events::live`]), in sequence order, because each engine
//! publishes while it still holds the lock under which the event got its number.
//!
//! This is the seam for fan-out across replicas. Today a replica's browsers see live only
//! what that replica stored (and the rest when they reconnect, from the table). Cross-replica
//! fan-out adds a `NOTIFY` carrying the event's `seq` inside the insert's transaction, and one
//! dedicated connection per replica that `LISTEN`s, fetches the events after the last `seq`
//! it published (so a dropped connection catches up) and calls [`Fanout::publish`] for them,
//! instead of the insert calling it. Listeners keep using [`Fanout::subscribe`] unchanged.

use super::OrderEvent;
use tokio::sync::broadcast;

/// Events a slow listener may fall behind by before it must catch up from the store.
const BACKLOG: usize = 1024;

/// The in-process publisher of new events.
#[derive(Clone)]
pub struct Fanout {
    sender: broadcast::Sender<OrderEvent>,
}

impl Fanout {
    /// A publisher without listeners.
    pub fn new() -> Fanout {
        let (sender, _) = broadcast::channel(BACKLOG);
        Fanout { sender }
    }

    /// Sends a stored event to every listener; call in sequence order.
    pub fn publish(&self, event: OrderEvent) {
        // No listener is not an error: nobody is watching.
        let _ = self.sender.send(event);
    }

    /// Listens to events published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.sender.subscribe()
    }
}

impl Default for Fanout {
    fn default() -> Self {
        Fanout::new()
    }
}

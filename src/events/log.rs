//! The session's live events: newest first, each sequence number once, at most
//! [`MAX_EVENTS`] kept so a long-open tab does not grow without end.

use crate::api::events::OrderEvent;

/// How many live events a session keeps.
pub const MAX_EVENTS: usize = 500;

/// Adds `event` to `events` (newest first by sequence number), dropping the oldest past
/// `bound`. Returns `false` when that sequence number was already there (a replay).
pub fn record(events: &mut Vec<OrderEvent>, event: OrderEvent, bound: usize) -> bool {
    // Events normally arrive in order, so the position is almost always 0.
    let at = events.partition_point(|e| e.seq > event.seq);
    if events.get(at).is_some_and(|e| e.seq == event.seq) {
        return false;
    }
    events.insert(at, event);
    events.truncate(bound);
    true
}

/// The first history page with the live events newer than it on top, newest first.
/// Live events the stored page already holds are not repeated.
pub fn merge_newest(live: &[OrderEvent], stored: &[OrderEvent]) -> Vec<OrderEvent> {
    let newest_stored = stored.iter().map(|e| e.seq).max().unwrap_or(0);
    live.iter()
        .filter(|e| e.seq > newest_stored)
        .chain(stored)
        .cloned()
        .collect()
}

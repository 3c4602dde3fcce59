//! The order events of the last day, counted from the proxy's stored events, which come
//! newest first a page at a time: pages are read until one reaches an event older than the
//! day, or the last page.

use crate::proxy_api::EventPage;
use crate::time::CmpTime;

/// How far back "recent" events go, in hours.
pub const RECENT_EVENTS_HOURS: i64 = 24;

/// The recent events counted so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentEvents {
    /// Events received at or after the start of the window.
    pub count: u64,
    /// Whether an older event (or the end of the stored events) was reached, so no later
    /// page can add to the count.
    pub complete: bool,
}

impl RecentEvents {
    /// The start of the window ending at `now` (UTC, as the proxy stamps events).
    pub fn window_start(now: CmpTime) -> CmpTime {
        now.add_seconds(-RECENT_EVENTS_HOURS * 3600)
    }

    /// Folds in `page` (newest first) of the events received since `since`; returns whether
    /// the next page is still needed. An event whose time cannot be read is not counted
    /// and does not end the count.
    pub fn add_page(&mut self, page: &EventPage, since: CmpTime) -> bool {
        for event in &page.events {
            match event.received_time() {
                Some(at) if at < since => {
                    self.complete = true;
                    return false;
                }
                Some(_) => self.count += 1,
                None => {}
            }
        }
        let last = page.events.is_empty() || page.page.cur_page_no >= page.page.total_pages;
        self.complete = last;
        !last
    }
}

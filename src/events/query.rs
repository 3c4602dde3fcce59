//! The Events page's state in the URL query: `?page=2&q=L2019`, so a filtered view can be
//! bookmarked and restored with Back.

use crate::api::events::OrderEvent;

/// Events a history page holds.
pub const EVENTS_PAGE_SIZE: u64 = 50;

/// Which history page, and the order id or device to show events of.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventsQuery {
    /// History page, from 1 (live events are added on page 1 only).
    pub page: u64,
    /// Text matched against order ids and devices (empty: all events).
    pub q: String,
}

impl EventsQuery {
    /// Reads the state; bad values fall back to defaults, since URLs are edited by hand.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> EventsQuery {
        let page = get("page")
            .and_then(|p| p.trim().parse().ok())
            .filter(|p| *p >= 1)
            .unwrap_or(1);
        EventsQuery {
            page,
            q: get("q").unwrap_or_default(),
        }
    }

    /// The query string (with a leading `?`, or empty), leaving out defaults.
    pub fn to_query_string(&self) -> String {
        let mut pairs = Vec::new();
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        if !self.q.trim().is_empty() {
            pairs.push(format!("q={}", js_sys::encode_uri_component(self.q.trim())));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }

    /// Whether a filter is set.
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty()
    }

    /// Whether `event`'s order id or device contains the filter text (case-insensitive).
    pub fn matches(&self, event: &OrderEvent) -> bool {
        let q = self.q.trim().to_lowercase();
        q.is_empty()
            || event.orderid.to_lowercase().contains(&q)
            || event.assetid.to_lowercase().contains(&q)
    }
}

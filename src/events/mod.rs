//! Order-status events: live for a signed-in session through one `EventSource` on
//! `/api/events` per browser and token (held by one tab, relayed to the others), which
//! reconnects with backoff and resumes after the last event seen; the shared state the
//! header, the Events page, the toasts and other pages read; and the Events page
//! (`/events`) over the stored history.
//!
//! ## Layout
//! - [`LiveEvents`]: the shared state; [`provide_live_events`] starts it once in `App`,
//!   [`use_live_events`] reads it anywhere below (`service.rs`; the stream in `client.rs`;
//!   the group of tabs that shares one stream in [`tabs`], left and joined again around the
//!   back/forward cache and freezing by `page_lifecycle.rs`).
//! - [`LiveStatus`] and [`Backoff`]: the connection state and the reconnection delays.
//! - [`record`], [`merge_newest`]: the bounded, newest-first event list (`log.rs`).
//! - [`EventsPage`]: the page; [`EventsQuery`] its filter and page in the URL.
//! - [`EventFilter`], [`EventTable`], [`EventRow`]: the page's filter box and table.
//! - [`LiveIndicator`]: the header's connection dot.
//! - [`Toasts`]: short notices for new events and alerts that fire; [`ToastRegion`] and
//!   [`ToastList`] show them.
//!
//! Alerts arrive on the same stream as named `alert` events, are relayed like order events
//! (without numbers: they are live only) and are shown by `crate::alerts` (the bell, the
//! Alerts page) through [`LiveEvents::last_alert`] and [`LiveEvents::alert_changes`].

mod client;
mod filter;
mod live_indicator;
mod log;
mod page;
mod page_lifecycle;
mod query;
mod row;
mod service;
mod status;
mod table;
pub mod tabs;
mod toast_region;
mod toasts;

pub use crate::api::events::OrderEvent;
pub use client::Sink;
pub use filter::EventFilter;
pub use live_indicator::LiveIndicator;
pub use log::{MAX_EVENTS, merge_newest, record};
pub use page::EventsPage;
pub use query::{EVENTS_PAGE_SIZE, EventsQuery};
pub use row::EventRow;
pub use service::{LiveEvents, is_firing, provide_live_events, use_live_events};
pub use status::{Backoff, LiveStatus};
pub use table::EventTable;
pub use toast_region::{ToastList, ToastRegion};
pub use toasts::{MAX_TOASTS, TOAST_LIFETIME, Toast, Toasts};

//! Live order-status events for a signed-in session: one `EventSource` on `/api/events`
//! that reconnects with backoff and resumes after the last event seen, and the shared
//! state the header, the Events page, the toasts and other pages read.
//!
//! ## Layout
//! - [`LiveEvents`]: the shared state; [`provide_live_events`] starts it once in `App`,
//!   [`use_live_events`] reads it anywhere below.
//! - [`LiveStatus`] and [`Backoff`]: the connection state and the reconnection delays.
//! - [`record`]: the bounded, newest-first event list.
//! - [`EventsQuery`]: the Events page's filter and page in the URL.
//! - [`Toasts`]: short notices for new events.

mod client;
mod log;
mod page_lifecycle;
mod query;
mod service;
mod status;
mod toasts;

pub use crate::api::events::LiveEvent;
pub use log::{MAX_EVENTS, merge_newest, record};
pub use query::{EVENTS_PAGE_SIZE, EventsQuery};
pub use service::{LiveEvents, provide_live_events, use_live_events};
pub use status::{Backoff, LiveStatus};
pub use toasts::{MAX_TOASTS, TOAST_LIFETIME, Toast, Toasts};

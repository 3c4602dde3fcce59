//! The proxy's own API (`/api/...`), as both cmp-proxy writes it and the SPA reads it: one
//! definition per message, so the two sides cannot drift apart.
//!
//! ## Layout
//! - [`session`]: `GET /api/session` — who a token belongs to ([`Role`], [`TokenKind`]) and
//!   the limits worth checking in the browser.
//! - [`event`]: one stored order-status event ([`OrderEvent`], the SSE `data:` and a history
//!   item) and a page of them ([`EventPage`]).
//! - [`error`]: the envelope the proxy answers its own errors in.
//! - [`alert_rule`]: usage alert rules, written in the Alerts page and checked the same way
//!   by the SPA and the proxy.
//! - [`alert`]: the alerts those rules fire (`/api/alerts`, the SSE `alert` event).

pub mod alert;
pub mod alert_rule;
pub mod error;
pub mod event;
pub mod session;

pub use error::{RefusedField, error_envelope, field_refusal};
pub use event::{
    EVENTS_HISTORY_PATH, EVENTS_STREAM_PATH, EventPage, MAX_EVENT_PAGE_SIZE, OrderEvent,
};
pub use session::{Role, SESSION_PATH, Session, SessionLimits, TokenKind};

//! What happened, in and out: the platform's order-status pushes arrive at the webhook and
//! are stored, then go out to browsers live (SSE) and as history; the audit log of the
//! changes made through the proxy is read here too. The tables are in [`crate::store`].
//!
//! ## Layout
//! - [`webhook`]: `POST /hooks/order-status/{secret}`, stored before it is acknowledged.
//! - [`push_body`]: a push's body read as JSON or as form fields.
//! - [`live`]: `GET /api/events` (SSE: replay, then live, no gap, no duplicate).
//! - [`history`]: `GET /api/events/history`, stored events a page at a time.
//! - [`audit_log`]: `GET /api/audit`, the audit log a page at a time (admins only).
//! - [`paging`]: `page_no`/`page_size` of the proxy's own lists.

pub mod audit_log;
pub mod history;
pub mod live;
pub mod paging;
pub mod push_body;
pub mod webhook;

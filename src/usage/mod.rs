//! A device's usage over a date range: every CDR page fetched with bounded concurrency and
//! a Cancel, summed as pages arrive, and turned into charts, totals and a sessions table.
//!
//! ## Layout
//! - [`range`]: the date range as URL state (`?range=30` or `?from=&to=`).
//! - [`plan`]: each page's query, and which pages to fetch after the first.
//! - [`limiter`]: run at most N fetches at a time, stoppable by a [`limiter::CancelToken`].
//! - [`state`]: what has arrived so far ([`state::UsageState`]).
//! - [`early`]: a cold device page's load, started before the page's code arrives and
//!   adopted by the page.
//! - [`load`]: the load itself, writing into a signal.
//! - [`handle`]: a load tied to a component ([`handle::UsageLoad`]): retry, cancel, cleanup.
//! - [`charts`]: option builders for the four usage charts.
//! - [`sessions`]: sorting and paging of the sessions table, and its CSV export.

pub mod charts;
pub mod early;
pub mod handle;
pub mod limiter;
pub mod load;
pub mod plan;
pub mod range;
pub mod sessions;
pub mod state;

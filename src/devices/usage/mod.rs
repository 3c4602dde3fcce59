//! A device's usage over a date range: every CDR page fetched with bounded concurrency and
//! a Cancel, summed as pages arrive, and turned into totals, charts and a sessions table.
//! The device page and the embedded usage view show it.
//!
//! ## Layout
//! - [`range`]: the date range as URL state (`?range=30` or `?from=&to=`), and today.
//! - [`plan`]: each page's query (which pages to fetch after the first, and the bounded,
//!   cancellable fetching itself, are [`crate::load`]'s, shared with the other page loads).
//! - [`state`]: what has arrived so far ([`state::UsageState`]).
//! - [`load`]: the load itself, writing into a signal.
//! - [`early`]: a cold device page's load, started before the page's code arrives and
//!   adopted by the page.
//! - [`handle`]: a load tied to a component ([`handle::UsageLoad`]): retry, cancel, cleanup.
//! - [`panel`]: the device page's usage section: range controls, progress, totals, charts
//!   and sessions.
//! - [`range_picker`]: the preset and custom range controls.
//! - [`progress`]: the progress bar with Cancel, and the partial-figures note.
//! - [`totals`]: bytes, records, sessions and open sessions.
//! - [`charts`]: the five usage charts; [`chart_options`] builds what they draw.
//! - [`sessions`]: the sessions table, its order and paging, and its CSV export.

pub mod chart_options;
pub mod charts;
pub mod early;
pub mod handle;
pub mod load;
pub mod panel;
pub mod plan;
pub mod progress;
pub mod range;
pub mod range_picker;
pub mod sessions;
pub mod state;
pub mod totals;

//! Loads of many pages, shared by the features that read a whole list: the usage load
//! (every CDR page of a range), the Overview (every order and pool page) and the orders
//! list's "≥ N % used" filter. Nothing here knows a feature.
//!
//! ## Layout
//! - [`limiter`]: run at most N fetches at a time, stoppable by a [`CancelToken`].
//! - [`pages`]: how many pages a list takes and which to ask for after page 1.
//! - [`every_page`]: read every page, paced to the proxy's rate limit (429s waited out).
//! - [`batch`]: hand arriving pages to the view at most once per interval.
//! - [`status`]: [`LoadStatus`] and [`PagesProgress`], as the progress bars show them.
//! - [`tied`]: a load tied to a component: restarted on a new key or Reload, stopped by
//!   Cancel or unmounting.
//! - [`wait`]: an awaitable timer.

pub mod batch;
pub mod every_page;
pub mod limiter;
pub mod pages;
pub mod status;
pub mod tied;
pub mod wait;

pub use limiter::{CancelToken, run_bounded};
pub use status::{LoadStatus, PagesProgress, pages_text};

//! Traffic pools (`/pools`): the enterprise's shared data quotas, a page at a time, as a
//! chart of the share used per pool and one card per pool with its projection.
//!
//! ## Layout
//! - [`PoolsPage`]: the page ([`page`]).
//! - [`query`]: the page and page size in the URL.
//! - [`overview`]: the chart above the cards; [`chart_options`] builds what it draws.
//! - [`card`]: one pool: share used, volumes, period, time left, burn rate, projection.
//! - [`figures`]: how a pool's figures read (percent, period, volumes, name); the figures
//!   themselves are `cmp_api::pool_figures`, shared with the embedded gauge.
//! - [`pager`]: Prev / Next and the page size.
//! - [`every_pool`]: every pool, page by page (the Overview's pools tile).
//! - [`skeleton`]: the cards' shapes while pools load.

pub mod card;
pub mod chart_options;
pub mod every_pool;
pub mod figures;
pub mod overview;
pub mod page;
pub mod pager;
pub mod query;
pub mod skeleton;

pub use page::PoolsPage;

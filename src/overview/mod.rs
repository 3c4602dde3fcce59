//! The Overview (`/`, and `/embed/overview` for an embed token): is the fleet all right?
//! Tiles for devices with a running plan, orders by status, data used this cycle, devices
//! at 80 % and 100 % of their plan, the traffic pools and the last day's order events; the
//! ten devices that used the most data (chart and list) and the ones closest to their limit.
//! Everything is read in the browser from the platform's own pages, paced and cancellable,
//! and folded by `cmp_api::fleet` as pages arrive.
//!
//! ## Layout
//! - [`OverviewPage`]: the page ([`page`]), with its progress line and sections.
//! - [`sources`]: each source's figures and progress, and how a tile built on it stands.
//! - [`load`]: reading every source; [`handle`]: the load tied to the page, and its marks.
//! - [`tile`]: one tile; [`tiles`]: the tiles; [`pools_tile`]: the pools tile.
//! - [`top_devices`]: the top ten by use, with [`chart_options`] for its chart.
//! - [`closest`]: the devices closest to their limit, with days left in the cycle.
//! - [`links`]: where tiles, bars and rows lead.

pub mod chart_options;
pub mod closest;
pub mod handle;
pub mod links;
pub mod load;
pub mod page;
pub mod pools_tile;
pub mod sources;
pub mod tile;
pub mod tiles;
pub mod top_devices;

pub use page::OverviewPage;

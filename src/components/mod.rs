//! Reusable pieces of the dashboard, one component per file.

pub mod event_filter;
pub mod event_row;
pub mod event_table;
pub mod live_indicator;
pub mod pool_card;
pub mod pool_overview;
pub mod pool_pager;
pub mod pool_skeleton;
pub mod toast_region;

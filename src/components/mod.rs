//! Reusable pieces of the dashboard, one component per file.

pub mod event_filter;
pub mod event_row;
pub mod event_table;
pub mod live_indicator;
pub mod toast_region;

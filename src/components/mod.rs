//! Reusable pieces of the dashboard, one component per file.

pub mod device_flags;
pub mod device_id_field;
pub mod device_lifecycle;
pub mod device_order;
pub mod device_overview;
pub mod device_profiles;
pub mod event_filter;
pub mod event_row;
pub mod event_table;
pub mod live_indicator;
pub mod pool_card;
pub mod pool_overview;
pub mod pool_pager;
pub mod pool_skeleton;
pub mod sessions_export;
pub mod sessions_table;
pub mod toast_region;
pub mod usage_charts;
pub mod usage_panel;
pub mod usage_progress;
pub mod usage_range_picker;
pub mod usage_totals;

//! One module per page of the dashboard.

pub mod bulk_order;
pub mod device_detail;
pub mod devices;
pub mod events;
pub mod orders;
pub mod pools;

//! One module per page of the dashboard.

pub mod device_detail;
pub mod devices;
pub mod events;
pub mod pools;

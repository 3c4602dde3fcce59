//! The bulk order (`/orders/new`, admins only): one package for many devices, the list
//! checked line by line before anything is sent, sent once, each device's result shown and
//! downloadable.
//!
//! ## Layout
//! - [`BulkOrderPage`]: the page, and its form [`page::BulkOrderForm`].
//! - [`package_picker`]: choosing the package from the catalogue.
//! - [`devices`]: the device list, typed, pasted or read from a file, and its problems.
//! - [`options`]: activation and the subscribed count.
//! - [`results`]: the per-device results and their CSV.

pub mod devices;
pub mod options;
pub mod package_picker;
pub mod page;
pub mod results;

pub use page::BulkOrderPage;

//! Devices: looking one up by its ICCID or, for MiFi, module and SoC devices, its own id
//! (`/devices`), and one device (`/devices/:id`) — its flags, lifecycle and current order,
//! and a SIM's usage over a date range ([`usage`]).
//!
//! ## Layout
//! - [`DevicesPage`]: the lookup page ([`lookup_page`]).
//! - [`DeviceDetailPage`]: the device page ([`detail_page`]).
//! - [`id_field`]: the checked device-id form both pages use.
//! - [`id_hint`]: what is said of an id that is not an ICCID (also in the embeds).
//! - [`overview`]: a known device at a glance (also the embedded status card): its
//!   [`flags`], its [`lifecycle`] timeline and its current [`order`] with the order's
//!   [`profiles`].
//! - [`usage`]: every CDR of a range, loaded, summed and shown as totals, charts and sessions.

pub mod detail_page;
pub mod flags;
pub mod id_field;
pub mod id_hint;
pub mod lifecycle;
pub mod lookup_page;
pub mod order;
pub mod overview;
pub mod profiles;
pub mod usage;

pub use detail_page::DeviceDetailPage;
pub use lookup_page::DevicesPage;

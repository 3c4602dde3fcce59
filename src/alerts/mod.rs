//! Usage alerts: the Alerts page (`/alerts`) with the alerts the proxy fired (open or all,
//! paged, acknowledged by admins, each with its webhook delivery log) and the rules that
//! fire them (admins write them here).
//!
//! ## Layout
//! - [`AlertsPage`]: the page; [`AlertsQuery`] its filter and page in the URL.
//! - [`AlertList`], [`AlertRow`]: the alerts; [`SubjectLink`] what one is about,
//!   [`DeliveryLog`] its webhook deliveries, [`figures`] and [`time`] its numbers and times.
//! - [`rules`]: the rules' list and form.
//! - [`AlertBell`]: the header's open-alert count, kept current by the live stream.
//! - `live.rs`: what the page and the bell follow of the live stream.

mod alert_list;
mod alert_row;
mod bell;
mod delivery_log;
pub mod figures;
mod live;
mod page;
mod query;
pub mod rules;
mod subject;
pub mod time;

pub use alert_list::AlertList;
pub use alert_row::AlertRow;
pub use bell::AlertBell;
pub use delivery_log::DeliveryLog;
pub use page::AlertsPage;
pub use query::{ALERTS_PAGE_SIZE, AlertsQuery};
pub use subject::SubjectLink;

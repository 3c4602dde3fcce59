//! Package orders (`/orders`): the list, filtered and paged in the URL query, and what an
//! admin may do to an order (activate, cancel, end early), each after a confirmation; and
//! the bulk order (`/orders/new`) in [`bulk`].
//!
//! ## Layout
//! - [`OrdersPage`]: the page ([`page`]).
//! - [`query`]: the page's URL state and the queryOrder request it stands for.
//! - [`filters`]: the filter bar (device, order code, status, usage, page size).
//! - [`usage_list`]: the list filtered by usage, read whole in the browser.
//! - [`empty_state`]: what an empty list says, and the action that shows orders again.
//! - [`every_order`]: every order a request matches, page by page (also the Overview's).
//! - [`list`]: the orders table and the dialog of the action picked.
//! - [`row`]: one order as a row, with its refuelling packages.
//! - [`status_badge`]: an order's status as a coloured badge.
//! - [`actions`]: which actions an order's state allows, in words, and their buttons.
//! - [`action_dialog`]: the confirmation that sends one action once.
//! - [`outcome`]: the last action's outcome.
//! - [`bulk`]: one package ordered for many devices.

pub mod action_dialog;
pub mod actions;
pub mod bulk;
pub mod empty_state;
pub mod every_order;
pub mod filters;
pub mod list;
pub mod outcome;
pub mod page;
pub mod query;
pub mod row;
pub mod status_badge;
pub mod usage_list;

pub use page::OrdersPage;

//! Orders: the simulator's record of each order, the pure state machine that moves it and
//! produces every order-status push, the order book that holds them (the state file), and
//! the delivery of queued pushes to the webhook.
//!
//! ## Layout
//! - [`record`]: [`record::Order`] and its status, started windows, refuels; expiry dates.
//! - [`lifecycle`]: `(order, event, now) → (new order, push)` or a rule error; nothing else
//!   produces a push operation.
//! - [`book`]: [`book::Book`], every order plus the clock offset and the outbox of
//!   [`book::Pending`] pushes; saved and restored as the state file.
//! - [`push_delivery`]: POSTs the outbox in order to the push URL, retrying with backoff,
//!   and delivers acknowledged pushes again when asked to.
//! - [`push_settings`]: how pushes go out (JSON or form body, redeliveries), changeable at
//!   run time.
//! - [`bursts`]: data used on demand (`POST /_sim/devices/{id}/use`), counted in usage.

pub mod book;
pub mod bursts;
pub mod lifecycle;
pub mod push_delivery;
pub mod push_settings;
pub mod record;

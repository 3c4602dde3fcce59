//! One live stream per browser and token: the tabs signed in with one token form a group;
//! the one holding the group's Web Lock leads, alone opens the `EventSource`, and relays
//! each event, its connection state and the last event number over the group's
//! `BroadcastChannel`. When the leader leaves (closed, hidden for the back/forward cache,
//! frozen, signed out) it releases the lock, the next tab in line is granted it and opens
//! the stream after the last event number it has seen; every tab shows each event once.
//! Where the browser has no Web Locks (old browsers; plain HTTP to a host other than
//! localhost, not a secure context) every tab keeps its own stream, as before.
//!
//! ## Layout
//! - [`relay`]: the rules, as a pure state machine over inputs and actions (tested natively).
//! - [`message`]: what the tabs post on the channel (JSON text).
//! - [`group_name`]: the lock and channel name, from a hash of the token.
//! - `web_lock.rs`, `channel.rs`: thin bindings to `navigator.locks` and `BroadcastChannel`.
//! - [`group`]: the glue: [`TabGroup::join`] with the stream to open and what to show.

mod channel;
pub mod group;
pub mod group_name;
pub mod message;
pub mod relay;
mod web_lock;

pub use group::{LiveStream, Report, Streams, TabGroup};
pub use group_name::group_name;
pub use message::Message;
pub use relay::{Action, Input, Relay, Role};

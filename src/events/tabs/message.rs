//! What tabs of one token say to each other on their `BroadcastChannel`, as JSON text:
//! the leader relays each event, each alert (the stream's named `alert` events) and its
//! connection state with the last event number; a tab that joins asks for the state. Text that is not one of these (another version of the
//! app, another sender) is ignored, never an error. Serde's default, externally tagged form
//! (`{"status":{…}}`, `"hello"`): an internally tagged one would add its buffering decoder
//! to the app's wasm for four messages.

use crate::api::alerts::AlertNotice;
use crate::api::events::OrderEvent;
use crate::events::status::LiveStatus;
use serde::{Deserialize, Serialize};

/// One message between the tabs of one token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Message {
    /// An event the leader received from the stream (leader → followers).
    Event {
        /// The event, as the proxy sent it.
        event: OrderEvent,
    },
    /// The leader's connection state and the newest event number it has passed on, which
    /// is where a follower that takes over resumes (leader → followers).
    Status {
        /// Where the leader's stream stands.
        status: LiveStatus,
        /// The last event number relayed or resumed after; `None` before the first.
        cursor: Option<u64>,
    },
    /// An alert the leader received (fired, resolved or acknowledged; leader → followers).
    /// Alerts carry no event number: they are live only, shown as they come.
    Alert {
        /// The alert, as the proxy sent it.
        alert: AlertNotice,
    },
    /// A tab joined and asks the leader for its [`Message::Status`] (follower → leader).
    Hello,
}

impl Message {
    /// The message as the text posted on the channel.
    pub fn encode(&self) -> String {
        // Serialising these plain types cannot fail; an empty text would only be ignored.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a posted text; `None` for anything that is not a message of this version.
    pub fn decode(text: &str) -> Option<Message> {
        serde_json::from_str(text).ok()
    }
}

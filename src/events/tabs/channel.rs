//! The group's `BroadcastChannel`: posts [`Message`]s as text to the other tabs of the
//! origin that opened the same name (never back to this one), and hands theirs over.

use super::message::Message;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;
use web_sys::{BroadcastChannel, MessageEvent};

/// An open channel; dropping it closes it both ways.
pub struct Channel {
    channel: BroadcastChannel,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    /// Opens the channel `name`; `on_message` gets every message of the others. `None`
    /// where the browser has no `BroadcastChannel`.
    pub fn open(name: &str, on_message: impl Fn(Message) + 'static) -> Option<Channel> {
        let channel = BroadcastChannel::new(name).ok()?;
        let handler = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Some(message) = event
                .data()
                .as_string()
                .as_deref()
                .and_then(Message::decode)
            {
                on_message(message);
            }
        });
        channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
        Some(Channel {
            channel,
            _on_message: handler,
        })
    }

    /// Posts `message` to the other tabs; a closed channel drops it.
    pub fn post(&self, message: &Message) {
        let _ = self.channel.post_message(&message.encode().into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        // The handler goes with this value, so the channel must stop calling it first.
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

//! What the Alerts page and the bell follow of the live stream: a number that changes
//! whenever an alert fires, resolves or is acknowledged, or the stream connects again (it
//! may have missed some while down), so they fetch again.

use crate::events::{LiveEvents, LiveStatus};
use leptos::prelude::*;

/// Ticks on every live alert and every reconnection; 0 without the live service.
pub fn alert_changes() -> Signal<u64> {
    let Some(live) = use_context::<LiveEvents>() else {
        return Signal::stored(0);
    };
    let connected = Memo::new(move |_| live.status.get() == LiveStatus::Connected);
    let reconnections = Memo::new(move |count: Option<&u64>| {
        let count = count.copied().unwrap_or(0);
        if connected.get() { count + 1 } else { count }
    });
    Signal::derive(move || live.alert_changes.get() + reconnections.get())
}

//! The header's live-connection indicator: a coloured dot and a word.

use super::status::LiveStatus;
use leptos::prelude::*;

/// Shows `status` as "Live", "Reconnecting…", "Offline" (or "Connecting…" at first).
#[component]
pub fn LiveIndicator(
    /// The connection state to show.
    #[prop(into)]
    status: Signal<LiveStatus>,
) -> impl IntoView {
    let class = move || format!("live-indicator {}", status.get().class());
    let title = move || match status.get() {
        LiveStatus::Connected => "Order events arrive as they happen",
        LiveStatus::Connecting => "Connecting to the live event stream",
        LiveStatus::Reconnecting => "The live event stream dropped; trying again",
        LiveStatus::Offline => "No live events: the server is not answering, or you are signed out",
    };
    view! {
        <span class=class role="status" data-testid="live-indicator" title=title>
            <span class="live-dot" aria-hidden="true"></span>
            <span class="live-text">{move || status.get().label()}</span>
        </span>
    }
}

//! The header's live-connection indicator: a coloured dot and a word.

use super::status::LiveStatus;
use leptos::prelude::*;

/// Shows `status` as "Live", "Reconnecting…", "Offline" (or "Connecting…" at first).
/// With `holds_stream`, `data-holds-stream` says whether this tab holds the stream or
/// follows the tab that does (the same either way for people; tests and support read it).
#[component]
pub fn LiveIndicator(
    /// The connection state to show.
    #[prop(into)]
    status: Signal<LiveStatus>,
    /// Whether this tab holds the stream, if known.
    #[prop(optional, into)]
    holds_stream: Option<Signal<bool>>,
) -> impl IntoView {
    let holds = move || holds_stream.map(|h| h.get().to_string());
    let class = move || format!("live-indicator {}", status.get().class());
    let title = move || match status.get() {
        LiveStatus::Connected => "Order events arrive as they happen",
        LiveStatus::Connecting => "Connecting to the live event stream",
        LiveStatus::Reconnecting => "The live event stream dropped; trying again",
        LiveStatus::Offline => "No live events: the server is not answering, or you are signed out",
    };
    view! {
        <span class=class role="status" data-testid="live-indicator" data-holds-stream=holds title=title>
            <span class="live-dot" aria-hidden="true"></span>
            <span class="live-text">{move || status.get().label()}</span>
        </span>
    }
}

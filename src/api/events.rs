//! The proxy's order-status events: decoding one from the live stream, the history call,
//! and the stream's address. The event and page types are cmp-api's, the ones the proxy
//! writes.

use super::{ApiError, get_json_under, owner_signal};
use cmp_api::Envelope;
use cmp_api::proxy_api::{EVENTS_HISTORY_PATH, EVENTS_STREAM_PATH, MAX_EVENT_PAGE_SIZE};
pub use cmp_api::proxy_api::{EventPage, OrderEvent};

/// Reads one event from the JSON of an SSE `data:` line.
pub fn decode_event(text: &str) -> Result<OrderEvent, ApiError> {
    serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
}

/// Fetches page `page_no` (from 1) of the stored events, newest first; leaving the page
/// aborts it.
pub async fn event_history(page_no: u64, page_size: u64) -> Result<EventPage, ApiError> {
    event_history_under(page_no, page_size, owner_signal().as_ref()).await
}

/// [`event_history`] under the caller's abort `signal` (a load of several pages).
pub async fn event_history_under(
    page_no: u64,
    page_size: u64,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<EventPage, ApiError> {
    let size = page_size.clamp(1, MAX_EVENT_PAGE_SIZE);
    let path = format!("{EVENTS_HISTORY_PATH}?page_no={page_no}&page_size={size}");
    let envelope: Envelope<EventPage> = get_json_under(&path, signal).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// The stream's address for `token`; with `since`, the proxy first replays the events
/// after that sequence number (a new `EventSource` cannot send `Last-Event-ID` itself).
pub fn stream_url(token: &str, since: Option<u64>) -> String {
    let token = String::from(js_sys::encode_uri_component(token));
    match since {
        Some(seq) => format!("{EVENTS_STREAM_PATH}?token={token}&since={seq}"),
        None => format!("{EVENTS_STREAM_PATH}?token={token}"),
    }
}

//! The proxy's order-status events: one stored event as `/api/events` (SSE) and
//! `/api/events/history` send it, the history call, and the stream's address.

use super::{ApiError, get_json};
use cmp_api::{Envelope, PageInfo, PushOperation};
use serde::Deserialize;

/// Path of the Server-Sent Events stream.
pub const STREAM_PATH: &str = "/api/events";

/// Largest history page the proxy serves.
pub const MAX_HISTORY_PAGE_SIZE: u64 = 100;

/// One order-status event as the proxy stored it (the SSE `data:` and a history item).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LiveEvent {
    /// Sequence number, increasing from 1 (also the SSE `id:`).
    #[serde(deserialize_with = "cmp_api::lenient::num::deserialize")]
    pub seq: u64,
    /// When the proxy received it (UTC, ISO 8601).
    #[serde(default)]
    pub received_at: String,
    /// The device (asset id).
    #[serde(default)]
    pub assetid: String,
    /// IMSIs, comma-separated.
    #[serde(default)]
    pub imsi: String,
    /// What happened; unknown codes are kept as `Unknown(code)`.
    pub operation: PushOperation,
    /// The order.
    #[serde(default)]
    pub orderid: String,
    /// The event's time as the platform wrote it (no zone).
    #[serde(default)]
    pub time: String,
}

impl LiveEvent {
    /// Reads one event from the JSON of an SSE `data:` line.
    pub fn from_json(text: &str) -> Result<LiveEvent, ApiError> {
        serde_json::from_str(text).map_err(|e| ApiError::Decode(e.to_string()))
    }

    /// The IMSIs as a list.
    pub fn imsis(&self) -> Vec<&str> {
        self.imsi
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The operation in words; unknown codes show their number.
    pub fn operation_label(&self) -> String {
        self.operation.label()
    }

    /// A sentence for a notification, e.g. `Order L2019… was enabled`.
    pub fn sentence(&self) -> String {
        match &self.operation {
            PushOperation::Unknown(code) => {
                format!("Order {} changed (operation {code})", self.orderid)
            }
            known => format!("Order {} was {}", self.orderid, known.label()),
        }
    }
}

/// One page of the stored events, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct EventPage {
    /// Where this page sits.
    #[serde(default)]
    pub page: PageInfo,
    /// The events on it.
    #[serde(default)]
    pub events: Vec<LiveEvent>,
}

/// Fetches page `page_no` (from 1) of the stored events, newest first.
pub async fn event_history(page_no: u64, page_size: u64) -> Result<EventPage, ApiError> {
    let size = page_size.clamp(1, MAX_HISTORY_PAGE_SIZE);
    let path = format!("/api/events/history?page_no={page_no}&page_size={size}");
    let envelope: Envelope<EventPage> = get_json(&path).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// The stream's address for `token`; with `since`, the proxy first replays the events
/// after that sequence number (a new `EventSource` cannot send `Last-Event-ID` itself).
pub fn stream_url(token: &str, since: Option<u64>) -> String {
    let token = String::from(js_sys::encode_uri_component(token));
    match since {
        Some(seq) => format!("{STREAM_PATH}?token={token}&since={seq}"),
        None => format!("{STREAM_PATH}?token={token}"),
    }
}

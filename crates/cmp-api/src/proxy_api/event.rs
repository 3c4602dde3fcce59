//! One order-status event as the proxy stored it — the SSE `data:` of `/api/events` and an
//! item of `/api/events/history` — and a page of them.

use crate::{PageInfo, PushOperation};
use serde::{Deserialize, Serialize};

/// Path of the Server-Sent Events stream.
pub const EVENTS_STREAM_PATH: &str = "/api/events";

/// Path of the stored events, newest first, paged.
pub const EVENTS_HISTORY_PATH: &str = "/api/events/history";

/// Largest page of stored events the proxy serves.
pub const MAX_EVENT_PAGE_SIZE: u64 = 100;

/// One stored order-status event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderEvent {
    /// Sequence number, increasing from 1 (also the SSE `id:`).
    #[serde(deserialize_with = "crate::lenient::num::deserialize")]
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
    /// The operation in words, as the proxy labelled it when storing.
    #[serde(default)]
    pub operation_label: String,
    /// The order.
    #[serde(default)]
    pub orderid: String,
    /// The push's `time` as the platform wrote it (no zone): the spec's "order creation
    /// time", so [`OrderEvent::received_at`] is when this event happened.
    #[serde(default)]
    pub time: String,
}

impl OrderEvent {
    /// When the proxy received it, as a UTC time (`received_at` is ISO 8601, e.g.
    /// `2026-11-30T12:34:56Z`, fractions of a second ignored); `None` when unreadable.
    pub fn received_time(&self) -> Option<crate::CmpTime> {
        let text = self.received_at.trim().trim_end_matches('Z');
        let text = text.split('.').next().unwrap_or(text);
        text.replacen('T', " ", 1).parse().ok()
    }

    /// The IMSIs as a list.
    pub fn imsis(&self) -> Vec<&str> {
        crate::model::push::split_imsis(&self.imsi)
    }

    /// The operation in words; an operation the spec does not list reads "operation N".
    pub fn operation_label(&self) -> String {
        crate::model::push::operation_words(&self.operation)
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

/// One page of the stored events, newest first (the `data` of `/api/events/history`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventPage {
    /// Where this page sits.
    #[serde(default)]
    pub page: PageInfo,
    /// The events on it.
    #[serde(default)]
    pub events: Vec<OrderEvent>,
}

//! The order-status push the platform POSTs to our webhook.

use crate::codes::PushOperation;
use crate::time::CmpTime;
use serde::{Deserialize, Serialize};

/// Body of an order-status push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrderStatusPush {
    /// The device (asset id).
    #[serde(with = "crate::lenient::opt_text_required")]
    pub assetid: String,
    /// IMSIs, comma-separated.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub imsi: String,
    /// What happened.
    pub operation: PushOperation,
    /// The order.
    #[serde(with = "crate::lenient::opt_text_required")]
    pub orderid: String,
    /// When (the spec says "order creation time"; it is the event's time in practice).
    pub time: CmpTime,
}

impl OrderStatusPush {
    /// The IMSIs as a list.
    pub fn imsis(&self) -> Vec<&str> {
        split_imsis(&self.imsi)
    }

    /// The key that makes two deliveries the same event: order, operation and time.
    pub fn dedup_key(&self) -> String {
        format!("{}|{}|{}", self.orderid, self.operation.code(), self.time)
    }
}

/// The IMSIs of a push's comma-separated `imsi` field, trimmed, empty entries dropped.
pub fn split_imsis(imsi: &str) -> Vec<&str> {
    imsi.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

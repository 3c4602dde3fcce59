//! Usage alerts as the proxy fires and keeps them (`/api/alerts`, the SSE `alert` event of
//! `/api/events`), written by cmp-proxy and read by the SPA. An alert fires once per rule,
//! subject and cycle ([`Alert::cycle`]), stays open while its condition holds and resolves
//! when it clears; people acknowledge it.

use crate::{PageInfo, PushOperation};
use serde::{Deserialize, Serialize};

/// Path of the alerts, newest first, paged (`?state=open|all&page_no=&page_size=`).
pub const ALERTS_PATH: &str = "/api/alerts";

/// The SSE event type (`event: alert`) under which `/api/events` sends an alert each time
/// it fires, resolves or is acknowledged; order events keep the default `message` type.
pub const ALERT_SSE_EVENT: &str = "alert";

/// Largest page of alerts the proxy serves.
pub const MAX_ALERT_PAGE_SIZE: u64 = 100;

/// Path that acknowledges alert `id` (`POST`).
pub fn alert_ack_path(id: u64) -> String {
    format!("{ALERTS_PATH}/{id}/ack")
}

/// Path of alert `id`'s webhook deliveries (`GET`).
pub fn alert_deliveries_path(id: u64) -> String {
    format!("{ALERTS_PATH}/{id}/deliveries")
}

/// Whether an alert's condition still holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// Fired and not yet cleared.
    Open,
    /// The condition cleared (or, for an order push, someone acknowledged it).
    Resolved,
}

/// What an alert is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AlertSubject {
    /// A device's plan (the order whose cycle is counted).
    Device {
        /// The device.
        device_id: String,
        /// Its order whose use crossed the threshold.
        order_code: String,
    },
    /// A traffic pool.
    Pool {
        /// The pool's id.
        pool_id: String,
        /// Its name, as the platform gave it when the alert fired.
        #[serde(default)]
        pool_name: String,
    },
    /// An order the platform pushed a change of.
    Order {
        /// The order.
        order_code: String,
        /// Its device.
        device_id: String,
    },
}

impl AlertSubject {
    /// What makes two alerts of one rule and cycle the same subject.
    pub fn key(&self) -> String {
        match self {
            AlertSubject::Device {
                device_id,
                order_code,
            } => format!("device:{device_id}|{order_code}"),
            AlertSubject::Pool { pool_id, .. } => format!("pool:{pool_id}"),
            AlertSubject::Order { order_code, .. } => format!("order:{order_code}"),
        }
    }

    /// The device it concerns, if any (a token limited to some devices sees its own).
    pub fn device(&self) -> Option<&str> {
        match self {
            AlertSubject::Device { device_id, .. } | AlertSubject::Order { device_id, .. } => {
                Some(device_id)
            }
            AlertSubject::Pool { .. } => None,
        }
    }

    /// The pool it concerns, if any.
    pub fn pool(&self) -> Option<&str> {
        match self {
            AlertSubject::Pool { pool_id, .. } => Some(pool_id),
            _ => None,
        }
    }
}

/// The numbers behind an alert, as they were when it fired (what applies is set).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AlertFigures {
    /// Share used, percent (one decimal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
    /// The rule's threshold, percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u8>,
    /// Bytes used (this cycle, or of the pool's quota).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub used_bytes: Option<u64>,
    /// The cycle's volume or the pool's quota, bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_bytes: Option<u64>,
    /// When the pool runs out at its average rate so far, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runs_out_on: Option<String>,
    /// When the pool's period ends, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_ends_on: Option<String>,
    /// The pushed operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<PushOperation>,
    /// The stored order event that fired it (its sequence number in `/api/events`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_seq: Option<u64>,
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// The store's id, increasing.
    pub id: u64,
    /// The rule that fired it.
    pub rule_id: u64,
    /// The rule's name when it fired.
    pub rule_name: String,
    /// What it is about.
    pub subject: AlertSubject,
    /// The cycle it fired in: the first day of the order's cycle or the pool's period
    /// (`YYYY-MM-DD`), or `event N` for an order push. Once per rule, subject and cycle.
    pub cycle: String,
    /// Open or resolved.
    pub state: AlertState,
    /// When it fired, UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub fired_at: String,
    /// When it resolved.
    #[serde(default)]
    pub resolved_at: Option<String>,
    /// When someone acknowledged it.
    #[serde(default)]
    pub acknowledged_at: Option<String>,
    /// Who acknowledged it (the token's name).
    #[serde(default)]
    pub acknowledged_by: Option<String>,
    /// What happened, in a sentence for the bell, a toast or a message.
    pub sentence: String,
    /// The numbers behind it.
    #[serde(default)]
    pub figures: AlertFigures,
}

/// One page of alerts, newest first (the `data` of `GET /api/alerts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertPage {
    /// Where this page sits among the alerts the filter keeps.
    #[serde(default)]
    pub page: PageInfo,
    /// Open alerts the caller may see, whatever the filter (the bell's count).
    #[serde(default)]
    pub open: u64,
    /// The alerts on this page.
    #[serde(default)]
    pub alerts: Vec<Alert>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_alert_reads_back_as_written() {
        let alert = Alert {
            id: 7,
            rule_id: 2,
            rule_name: "Almost out".into(),
            subject: AlertSubject::Device {
                device_id: "8985".into(),
                order_code: "ORD-1".into(),
            },
            cycle: "2026-05-01".into(),
            state: AlertState::Open,
            fired_at: "2026-05-09T10:00:00Z".into(),
            resolved_at: None,
            acknowledged_at: None,
            acknowledged_by: None,
            sentence: "Device 8985 has used 82.5 % of its plan this cycle".into(),
            figures: AlertFigures {
                percent: Some(82.5),
                threshold: Some(80),
                ..Default::default()
            },
        };
        let value = serde_json::to_value(&alert).unwrap();
        assert_eq!(
            value["subject"],
            json!({"kind": "device", "device_id": "8985", "order_code": "ORD-1"})
        );
        assert_eq!(value["figures"], json!({"percent": 82.5, "threshold": 80}));
        assert_eq!(value["state"], "open");
        assert_eq!(serde_json::from_value::<Alert>(value).unwrap(), alert);
        assert_eq!(alert.subject.key(), "device:8985|ORD-1");
        assert_eq!(alert.subject.device(), Some("8985"));
        assert_eq!(alert_ack_path(7), "/api/alerts/7/ack");
    }
}

//! Usage alerts as the proxy fires and keeps them (`/api/alerts`, the SSE `alert` event of
//! `/api/events`), written by cmp-proxy and read by the SPA. An alert fires once per rule,
//! subject and cycle ([`Alert::cycle`]), stays open while its condition holds and resolves
//! when it clears; people acknowledge it.

use super::alert_rule::WebhookFormat;
use crate::{PageInfo, PushOperation};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

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

/// The header holding the Unix time (seconds, as text) an outbound webhook was signed at.
pub const TIMESTAMP_HEADER: &str = "X-CMP-Timestamp";
/// The header holding an outbound webhook's signature, `sha256=<hex>` (see [`webhook_signature`]).
pub const SIGNATURE_HEADER: &str = "X-CMP-Signature";
/// The header naming the delivery (the same on every attempt of one alert to one webhook),
/// so a receiver can drop a repeat.
pub const DELIVERY_HEADER: &str = "X-CMP-Delivery";

/// The signature of an outbound webhook: `sha256=` and the lower-case hex of
/// HMAC-SHA256(`secret`, `timestamp` + `.` + `body`), over the body's exact bytes.
pub fn webhook_signature(secret: &[u8], timestamp: &str, body: &[u8]) -> String {
    let digest = signing_mac(secret, timestamp, body).finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256={hex}")
}

/// Whether `signature` (the header as received) signs `timestamp` and `body` with `secret`,
/// compared in constant time. A receiver should also refuse an old `timestamp` (say, more
/// than 5 minutes from its clock) so a captured delivery cannot be replayed later.
pub fn verify_webhook_signature(
    secret: &[u8],
    timestamp: &str,
    body: &[u8],
    signature: &str,
) -> bool {
    let Some(hex) = signature.trim().strip_prefix("sha256=") else {
        return false;
    };
    let Some(sent) = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    signing_mac(secret, timestamp, body)
        .verify_slice(&sent)
        .is_ok()
}

fn signing_mac(secret: &[u8], timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// The JSON body of an outbound webhook (`format: json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlertNotice {
    /// What happened: `alert.fired`.
    pub event: String,
    /// The alert as it fired.
    pub alert: Alert,
}

/// The value of [`AlertNotice::event`] when an alert fires.
pub const ALERT_FIRED: &str = "alert.fired";

/// The body of a Slack-compatible incoming webhook (`format: slack`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlackText {
    /// The message.
    pub text: String,
}

impl Alert {
    /// What an outbound webhook of `format` posts about this alert, exactly.
    pub fn webhook_body(&self, format: WebhookFormat) -> String {
        match format {
            WebhookFormat::Json => serde_json::to_string(&AlertNotice {
                event: ALERT_FIRED.into(),
                alert: self.clone(),
            }),
            WebhookFormat::Slack => serde_json::to_string(&SlackText {
                text: format!("Alert “{}”: {}", self.rule_name, self.sentence),
            }),
        }
        .unwrap_or_default()
    }
}

/// Where an alert's delivery to one webhook stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not delivered yet; tried again at `next_try_at`.
    Pending,
    /// The receiver answered 2xx: never sent again.
    Delivered,
    /// Not delivered within 24 hours: no more attempts.
    GaveUp,
}

/// How one attempt went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptOutcome {
    /// The receiver answered 2xx.
    Delivered,
    /// Another answer, or none (refused, timed out, broken).
    Failed,
    /// Not sent: the host is not allowed (`CMP_ALERT_WEBHOOK_ALLOW`) or no signing secret.
    Refused,
    /// The last word: 24 hours passed without a 2xx.
    GaveUp,
}

/// One attempt in a delivery's log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryAttempt {
    /// 1 for the first attempt.
    pub attempt: u32,
    /// When, UTC `YYYY-MM-DDThh:mm:ssZ`.
    pub at: String,
    /// The receiver's HTTP status, when it answered.
    #[serde(default)]
    pub status: Option<u16>,
    /// How it went.
    pub outcome: AttemptOutcome,
    /// What happened, in words.
    pub detail: String,
    /// When the next attempt was due after this one.
    #[serde(default)]
    pub next_try_at: Option<String>,
}

/// An alert's delivery to one of its rule's webhooks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertDelivery {
    /// The delivery's id (the `X-CMP-Delivery` header).
    pub id: u64,
    /// Where it goes (cut to `scheme://host/…` for non-admins).
    pub url: String,
    /// The body's shape.
    pub format: WebhookFormat,
    /// Where it stands.
    pub state: DeliveryState,
    /// Attempts so far.
    pub attempts: u32,
    /// When the next attempt is due (pending only).
    #[serde(default)]
    pub next_try_at: Option<String>,
    /// When the receiver took it.
    #[serde(default)]
    pub delivered_at: Option<String>,
    /// Every attempt, oldest first.
    #[serde(default)]
    pub log: Vec<DeliveryAttempt>,
}

/// The `data` of `GET /api/alerts/{id}/deliveries`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AlertDeliveries {
    /// The alert.
    pub alert_id: u64,
    /// One per webhook of its rule when it fired.
    #[serde(default)]
    pub deliveries: Vec<AlertDelivery>,
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

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn unhex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// RFC 4231's HMAC-SHA256 test cases 1–4, 6 and 7 (case 5 truncates the output).
    #[test]
    fn hmac_sha256_meets_rfc_4231() {
        let cases: [(Vec<u8>, Vec<u8>, &str); 6] = [
            (vec![0x0b; 20], b"Hi There".to_vec(), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            (b"Jefe".to_vec(), b"what do ya want for nothing?".to_vec(), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (vec![0xaa; 20], vec![0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
            (unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"), vec![0xcd; 50], "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
            (vec![0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First".to_vec(), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
            (vec![0xaa; 131], b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.".to_vec(), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
        ];
        for (key, data, expected) in cases {
            let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&key).unwrap();
            mac.update(&data);
            assert_eq!(hex(&mac.finalize().into_bytes()), expected);
        }
    }

    #[test]
    fn a_signature_covers_timestamp_and_body_and_verifies() {
        // The README's example: what a receiver computes.
        let sig = webhook_signature(b"Jefe", "1700000000", br#"{"event":"alert.fired"}"#);
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(b"Jefe").unwrap();
        mac.update(br#"1700000000.{"event":"alert.fired"}"#);
        assert_eq!(sig, format!("sha256={}", hex(&mac.finalize().into_bytes())));
        assert!(verify_webhook_signature(
            b"Jefe",
            "1700000000",
            br#"{"event":"alert.fired"}"#,
            &sig
        ));
        assert!(!verify_webhook_signature(
            b"Jefe",
            "1700000001",
            br#"{"event":"alert.fired"}"#,
            &sig
        ));
        assert!(!verify_webhook_signature(
            b"Jefe",
            "1700000000",
            br#"{"event":"alert.fired" }"#,
            &sig
        ));
        assert!(!verify_webhook_signature(
            b"other",
            "1700000000",
            br#"{"event":"alert.fired"}"#,
            &sig
        ));
        assert!(!verify_webhook_signature(
            b"Jefe",
            "1700000000",
            b"x",
            "sha1=00"
        ));
        assert!(!verify_webhook_signature(
            b"Jefe",
            "1700000000",
            b"x",
            "sha256=zz"
        ));
    }
}

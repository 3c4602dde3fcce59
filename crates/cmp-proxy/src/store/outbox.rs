//! The webhook outbox: one row per alert and webhook, written in the alert's own transaction
//! (so an alert never exists without its deliveries, and a crash loses neither), then
//! claimed by a worker under a lease, sent, and its outcome written with the attempt's log
//! entry in one transaction. A 2xx marks the row delivered there, and only pending rows are
//! ever claimed, so a target never gets an alert again after it took it; a worker that dies
//! holding a lease leaves the row to be claimed again when the lease runs out. Each engine
//! implements it (`sqlite/outbox.rs`, `postgres/outbox.rs`).

use super::{StoreError, sequence, utc_at};
use cmp_api::proxy_api::alert::{AlertDelivery, AttemptOutcome, DeliveryAttempt, DeliveryState};
use cmp_api::proxy_api::alert_rule::WebhookFormat;
use std::time::{Duration, UNIX_EPOCH};

/// A delivery claimed for sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The outbox row (the `X-CMP-Delivery` header).
    pub id: u64,
    /// Its alert.
    pub alert_id: u64,
    /// Where it goes.
    pub url: String,
    /// The body's shape.
    pub format: WebhookFormat,
    /// Exactly what is posted.
    pub body: String,
    /// Attempts before this one.
    pub attempts: u32,
    /// When the alert fired, Unix ms (deliveries stop 24 h later).
    pub created_ms: i64,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Try again at this time, Unix ms.
    Retry(i64),
    /// The receiver took it.
    Delivered,
    /// No more attempts.
    GaveUp,
}

/// One attempt's outcome, to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// The outbox row.
    pub outbox_id: u64,
    /// Its alert.
    pub alert_id: u64,
    /// The worker that holds its lease.
    pub worker: String,
    /// Its number, from 1.
    pub attempt: u32,
    /// The receiver's status, when it answered.
    pub status: Option<u16>,
    /// How it went.
    pub outcome: AttemptOutcome,
    /// What happened, in words.
    pub detail: String,
    /// What follows.
    pub next: Next,
}

impl Attempt {
    /// The row's state after this attempt.
    pub(super) fn state(&self) -> &'static str {
        match self.next {
            Next::Retry(_) => "pending",
            Next::Delivered => "delivered",
            Next::GaveUp => "gave_up",
        }
    }

    /// When the next attempt is due (Unix ms; 0 when there is none).
    pub(super) fn next_ms(&self) -> i64 {
        match self.next {
            Next::Retry(at) => at,
            _ => 0,
        }
    }

    /// When the next attempt is due, as people read it.
    pub(super) fn next_at(&self) -> Option<String> {
        match self.next {
            Next::Retry(at) => Some(at_ms(at)),
            _ => None,
        }
    }
}

/// A Unix-ms time as `YYYY-MM-DDThh:mm:ssZ`.
pub(super) fn at_ms(ms: i64) -> String {
    utc_at(UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0)))
}

pub(super) fn format_name(format: WebhookFormat) -> &'static str {
    match format {
        WebhookFormat::Json => "json",
        WebhookFormat::Slack => "slack",
    }
}

pub(super) fn format_named(name: &str) -> WebhookFormat {
    if name == "slack" {
        WebhookFormat::Slack
    } else {
        WebhookFormat::Json
    }
}

/// An outcome as stored and as the metrics label it.
pub fn outcome_label(outcome: AttemptOutcome) -> &'static str {
    outcome_name(outcome)
}

pub(super) fn outcome_name(outcome: AttemptOutcome) -> &'static str {
    match outcome {
        AttemptOutcome::Delivered => "delivered",
        AttemptOutcome::Failed => "failed",
        AttemptOutcome::Refused => "refused",
        AttemptOutcome::GaveUp => "gave_up",
    }
}

fn outcome_named(name: &str) -> AttemptOutcome {
    match name {
        "delivered" => AttemptOutcome::Delivered,
        "refused" => AttemptOutcome::Refused,
        "gave_up" => AttemptOutcome::GaveUp,
        _ => AttemptOutcome::Failed,
    }
}

/// An outbox row as read for the delivery log.
pub(super) struct RowOfOutbox {
    pub id: i64,
    pub url: String,
    pub format: String,
    pub state: String,
    pub attempts: i64,
    pub next_try_ms: i64,
    pub delivered_at: Option<String>,
}

/// A log row.
pub(super) struct RowOfLog {
    pub outbox_id: i64,
    pub attempt: i64,
    pub at: String,
    pub status: Option<i64>,
    pub outcome: String,
    pub detail: String,
    pub next_try_at: Option<String>,
}

/// The deliveries of one alert from its outbox rows and their log, oldest first.
pub(super) fn deliveries(
    rows: Vec<RowOfOutbox>,
    log: Vec<RowOfLog>,
) -> Result<Vec<AlertDelivery>, StoreError> {
    Ok(rows
        .into_iter()
        .map(|r| {
            let state = match r.state.as_str() {
                "delivered" => DeliveryState::Delivered,
                "gave_up" => DeliveryState::GaveUp,
                _ => DeliveryState::Pending,
            };
            AlertDelivery {
                id: sequence(r.id),
                url: r.url,
                format: format_named(&r.format),
                state,
                attempts: u32::try_from(r.attempts).unwrap_or(0),
                next_try_at: (state == DeliveryState::Pending).then(|| at_ms(r.next_try_ms)),
                delivered_at: r.delivered_at,
                log: log
                    .iter()
                    .filter(|l| l.outbox_id == r.id)
                    .map(|l| DeliveryAttempt {
                        attempt: u32::try_from(l.attempt).unwrap_or(0),
                        at: l.at.clone(),
                        status: l.status.and_then(|s| u16::try_from(s).ok()),
                        outcome: outcome_named(&l.outcome),
                        detail: l.detail.clone(),
                        next_try_at: l.next_try_at.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

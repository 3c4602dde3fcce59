//! The simulator's own record of an order: everything the state machine needs, with the
//! package facts copied in so the machine stays pure (no catalogue look-ups).

use cmp_api::{OrderStatus, PackageType, PushOperation};
use serde::{Deserialize, Serialize};

/// Where an order is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Ordered, not started (upstream `1`).
    NotStarted,
    /// Running (upstream `2`).
    Started,
    /// Paused (upstream `5`).
    Paused,
    /// Ended, expired or cancelled (upstream `3`).
    Ended,
}

impl Status {
    /// Every status, for exhaustive tests.
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::Started,
        Status::Paused,
        Status::Ended,
    ];

    /// The upstream's code for this status.
    pub fn to_api(self) -> OrderStatus {
        match self {
            Status::NotStarted => OrderStatus::NotStarted,
            Status::Started => OrderStatus::Started,
            Status::Paused => OrderStatus::Paused,
            Status::Ended => OrderStatus::Ended,
        }
    }
}

/// One span of time during which the order was started (usage counts only inside these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Start, simulated seconds since the epoch.
    pub from: i64,
    /// End; `None` while still started.
    pub to: Option<i64>,
}

/// A refuelling package attached to a prepaid order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refuel {
    /// Its own order code.
    pub id: String,
    /// Extra volume, MB.
    pub flow_mb: u64,
    /// When it was ordered (simulated seconds).
    pub ordered_at: i64,
    /// `refpackage_status` code 1..=4.
    pub status: u8,
}

/// An order as the simulator keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Order code, e.g. `ORDER_1595320587633311744`.
    pub id: String,
    /// The device (ICCID).
    pub device_id: String,
    /// The package ordered.
    pub package_code: String,
    /// Lifecycle status.
    pub status: Status,
    /// Ordered cycles (periods).
    pub cycles: u32,
    /// The package's period type code, 1 (day) ..= 5 (year).
    pub period_type: u8,
    /// Prepaid package (no renewal) rather than postpaid.
    pub prepaid: bool,
    /// The package's limit on cycles; `None` means no limit.
    pub max_cycles: Option<u32>,
    /// The package's minimum cycles.
    pub min_cycles: u32,
    /// Paid; an unpaid order cannot be opened.
    pub paid: bool,
    /// Ordered for an OTA device: it can be enabled by a location report (1007).
    pub ota: bool,
    /// A secondary plan of an OTA device: it cannot be opened by request, only by OTA.
    pub secondary: bool,
    /// When it was ordered (simulated seconds since the epoch).
    pub ordered_at: i64,
    /// When it was first started.
    pub active_at: Option<i64>,
    /// When it expires (set once started).
    pub expire_at: Option<i64>,
    /// When it ended (expired, terminated or cancelled).
    pub ended_at: Option<i64>,
    /// Spans during which it was started.
    pub windows: Vec<Window>,
    /// Refuelling packages (prepaid orders only).
    pub refuels: Vec<Refuel>,
}

impl Order {
    /// The package's period type as the upstream enum.
    pub fn package_type(&self) -> PackageType {
        PackageType::from_code(&self.period_type.to_string())
    }
}

/// What the simulator tells the webhook after a transition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    /// The order after the event.
    pub order: Order,
    /// The push operation to deliver.
    pub push: PushOperation,
}

/// The expiry instant for an order started at `active_at` for `cycles` periods: the last
/// second of the day before the same date `cycles` periods later. The period arithmetic is cmp-api's ([`cmp_api::fleet::periods_after`]), which the SPA
/// uses to say how many days an order's cycle has left.
pub fn expiry(active_at: i64, period_type: u8, cycles: u32) -> i64 {
    let start = cmp_api::CmpTime::from_seconds(active_at);
    let kind = cmp_api::PackageType::from_code(&period_type.to_string());
    let n = cycles.max(1) as i32;
    cmp_api::fleet::periods_after(Some(&kind), start, n).seconds_since_epoch() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use cmp_api::CmpTime;

    #[test]
    fn expiry_ends_the_day_before_the_next_period() {
        let t: CmpTime = "2023-11-24 18:10:04".parse().unwrap();
        let end = CmpTime::from_seconds(expiry(t.seconds_since_epoch(), 2, 6));
        assert_eq!(end.to_string(), "2024-05-23 23:59:59");
        let day = CmpTime::from_seconds(expiry(t.seconds_since_epoch(), 1, 1));
        assert_eq!(day.to_string(), "2023-11-24 23:59:59");
    }
}

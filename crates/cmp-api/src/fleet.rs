//! A fleet at a glance, as the Overview shows it: orders by status, the devices with a
//! running plan and their data used this cycle, how close each is to its plan's limit and how
//! many days its cycle has left, the traffic pools by share used with the soonest projected
//! exhaustion, and the order events of the last day. Everything is folded from the upstream's
//! own pages (queryOrder, getTrafficPoolInfo) and the proxy's stored events as they arrive,
//! so the SPA can show each figure while later pages are still on their way. Pure and
//! incremental; "now" is always passed in.
//!
//! ## Layout
//! - this file: [`StatusCounts`], [`DeviceUse`] and the [`FleetTally`] that folds orders;
//!   [`usage_at_least`] for the orders list's "≥ N % used" filter.
//! - [`cycle`]: where an order's current cycle ends, and its days left.
//! - [`pools`]: the pools by share used, exhausted ones, the soonest projected exhaustion.
//! - [`events`]: counting the events of the last 24 hours from newest-first pages.

pub mod cycle;
pub mod events;
pub mod pools;

pub use cycle::{cycle_end, days_left_in_cycle, periods_after};
pub use events::{RECENT_EVENTS_HOURS, RecentEvents};
pub use pools::{PoolRow, PoolsSummary};

use crate::codes::OrderStatus;
use crate::model::order::PackageOrder;
use crate::time::CmpTime;
use crate::units::Bytes;
use std::collections::HashMap;

/// Share of a plan used from which a device counts as near its limit.
pub const NEAR_LIMIT_PERCENT: f64 = 80.0;
/// Share of a plan used from which a device counts as at (or over) its limit.
pub const AT_LIMIT_PERCENT: f64 = 100.0;
/// How many devices the Overview's top list and closest-to-limit list show.
pub const LIST_LENGTH: usize = 10;

/// How many orders are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// Ordered, not started yet.
    pub not_started: u64,
    /// Running.
    pub started: u64,
    /// Ended, expired or cancelled.
    pub ended: u64,
    /// Paused by the platform.
    pub paused: u64,
    /// With no status, or one the spec does not list.
    pub other: u64,
}

impl StatusCounts {
    /// Counts one order of `status`.
    pub fn add(&mut self, status: Option<&OrderStatus>) {
        *self.slot(status) += 1;
    }

    /// Sets the count of `status` (a per-status total the platform stated).
    pub fn set(&mut self, status: Option<&OrderStatus>, count: u64) {
        *self.slot(status) = count;
    }

    /// The count of `status`.
    pub fn of(&self, status: &OrderStatus) -> u64 {
        match status {
            OrderStatus::NotStarted => self.not_started,
            OrderStatus::Started => self.started,
            OrderStatus::Ended => self.ended,
            OrderStatus::Paused => self.paused,
            OrderStatus::Unknown(_) => self.other,
        }
    }

    /// Every order counted.
    pub fn total(&self) -> u64 {
        self.not_started + self.started + self.ended + self.paused + self.other
    }

    /// Counts from the platform's totals: `all` orders, and the total of each listed status
    /// (the spec's four); whatever is in none of them counts as [`StatusCounts::other`].
    pub fn from_totals(all: u64, per_status: &[(OrderStatus, u64)]) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for (status, n) in per_status {
            counts.set(Some(status), *n);
        }
        counts.other = all.saturating_sub(counts.total());
        counts
    }

    fn slot(&mut self, status: Option<&OrderStatus>) -> &mut u64 {
        match status {
            Some(OrderStatus::NotStarted) => &mut self.not_started,
            Some(OrderStatus::Started) => &mut self.started,
            Some(OrderStatus::Ended) => &mut self.ended,
            Some(OrderStatus::Paused) => &mut self.paused,
            Some(OrderStatus::Unknown(_)) | None => &mut self.other,
        }
    }
}

/// One device's running plans this cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceUse {
    /// The device.
    pub device_id: String,
    /// Data used this cycle across its running orders.
    pub used: Bytes,
    /// The largest share of a running order's cycle volume used, in percent (`None` when no
    /// running order states a volume). The orders list's "≥ N % used" filter reads orders
    /// the same way, so a device counted at ≥ 80 % has an order in that list.
    pub percent: Option<f64>,
    /// The end of the cycle of the order with that share (else of its first running order).
    pub cycle_end: Option<CmpTime>,
    /// Running orders of the device.
    pub orders: u32,
}

impl DeviceUse {
    /// Whole days left in the cycle at `now` (0 on its last day), if its end is known.
    pub fn days_left(&self, now: CmpTime) -> Option<i64> {
        self.cycle_end
            .map(|end| crate::pool_figures::days_left(end, now))
    }

    /// Whether its share is `percent` or more.
    pub fn at_least(&self, percent: f64) -> bool {
        self.percent.is_some_and(|p| p >= percent)
    }
}

/// The orders folded so far: counts by status, and the running orders per device.
#[derive(Debug, Clone, Default)]
pub struct FleetTally {
    /// Orders folded, by status.
    pub statuses: StatusCounts,
    /// Running orders folded.
    pub running_orders: u64,
    /// Data used this cycle across the running orders.
    pub cycle_used: Bytes,
    devices: HashMap<String, DeviceUse>,
}

impl FleetTally {
    /// Folds `orders` in, with cycles counted at `now` (platform time).
    pub fn add_all(&mut self, orders: &[PackageOrder], now: CmpTime) {
        for order in orders {
            self.add(order, now);
        }
    }

    /// Folds one order in.
    pub fn add(&mut self, order: &PackageOrder, now: CmpTime) {
        self.statuses.add(order.order_status.as_ref());
        if order.order_status != Some(OrderStatus::Started) {
            return;
        }
        let used = order.used_flow.unwrap_or_default().bytes();
        self.running_orders += 1;
        self.cycle_used += used;
        let Some(device_id) = order.device_id.as_deref().filter(|d| !d.is_empty()) else {
            return;
        };
        let percent = order.usage_percent();
        let end = cycle_end(order, now);
        let device = self
            .devices
            .entry(device_id.to_owned())
            .or_insert_with(|| DeviceUse {
                device_id: device_id.to_owned(),
                used: Bytes(0),
                percent: None,
                cycle_end: end,
                orders: 0,
            });
        device.used += used;
        device.orders += 1;
        if percent.is_some_and(|p| device.percent.is_none_or(|best| p > best)) {
            device.percent = percent;
            device.cycle_end = end;
        }
    }

    /// Devices with a running plan.
    pub fn running_devices(&self) -> usize {
        self.devices.len()
    }

    /// Devices whose share of a running plan is `percent` or more.
    pub fn devices_at_least(&self, percent: f64) -> usize {
        self.devices
            .values()
            .filter(|d| d.at_least(percent))
            .count()
    }

    /// The `n` devices that used the most data this cycle, most first (ties by device id);
    /// devices that used nothing are left out.
    pub fn top_by_use(&self, n: usize) -> Vec<DeviceUse> {
        let used = self.devices.values().filter(|d| d.used.0 > 0);
        first_n(used, n, |a, b| {
            b.used
                .cmp(&a.used)
                .then_with(|| a.device_id.cmp(&b.device_id))
        })
    }

    /// The `n` devices closest to their plan's limit: highest share first, then fewest days
    /// left, then device id. Devices whose plans state no volume are left out.
    pub fn closest_to_limit(&self, n: usize, now: CmpTime) -> Vec<DeviceUse> {
        let known = self.devices.values().filter(|d| d.percent.is_some());
        first_n(known, n, |a, b| {
            let share = |d: &DeviceUse| d.percent.unwrap_or_default();
            share(b)
                .total_cmp(&share(a))
                .then_with(|| {
                    let left = |d: &DeviceUse| d.days_left(now).unwrap_or(i64::MAX);
                    left(a).cmp(&left(b))
                })
                .then_with(|| a.device_id.cmp(&b.device_id))
        })
    }
}

/// The first `n` of `items` in the order `cmp` gives, copied out.
fn first_n<'a>(
    items: impl Iterator<Item = &'a DeviceUse>,
    n: usize,
    cmp: impl Fn(&DeviceUse, &DeviceUse) -> std::cmp::Ordering,
) -> Vec<DeviceUse> {
    let mut all: Vec<&DeviceUse> = items.collect();
    if all.len() > n && n > 0 {
        // Tens of thousands of devices: pick the first n before sorting only them.
        all.select_nth_unstable_by(n - 1, |a, b| cmp(a, b));
        all.truncate(n);
    }
    all.sort_by(|a, b| cmp(a, b));
    all.into_iter().take(n).cloned().collect()
}

/// Whether `order` has used `percent` or more of its cycle's volume (the orders list's
/// `usage=` filter); orders without a stated volume never match.
pub fn usage_at_least(order: &PackageOrder, percent: f64) -> bool {
    order.usage_percent().is_some_and(|p| p >= percent)
}

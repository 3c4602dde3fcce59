//! Where an order's current cycle ends. A postpaid order counts its use per cycle (a day, a
//! month, a quarter, half a year or a year, as its package type says) from its activation
//! day; a prepaid one counts from its start, so its cycle is the whole order, up to its
//! expiry. No cycle runs past the order's expiry date (the last day it runs).

use crate::codes::{BuyType, PackageType};
use crate::model::order::PackageOrder;
use crate::time::CmpTime;

/// Midnight of the day `n` periods of `kind` after `start`'s day: days for a day package,
/// 1, 3, 6 or 12 months for the others (the same day of the month, clamped to the month's
/// end). A package type the spec does not list counts in months, as the platform's
/// monthly plans do.
pub fn periods_after(kind: Option<&PackageType>, start: CmpTime, n: i32) -> CmpTime {
    let day = start.start_of_day();
    match kind {
        Some(PackageType::Day) => day.add_days(i64::from(n)),
        Some(PackageType::Quarter) => day.add_months(3 * n),
        Some(PackageType::HalfYear) => day.add_months(6 * n),
        Some(PackageType::Year) => day.add_months(12 * n),
        _ => day.add_months(n),
    }
}

/// The last second of the cycle of `order` that `now` falls in: for a postpaid order the
/// second before the next period boundary counted from its activation day, for a prepaid
/// one its expiry; never after the expiry date's last second. `None` when the order has
/// neither an activation nor an expiry date.
pub fn cycle_end(order: &PackageOrder, now: CmpTime) -> Option<CmpTime> {
    let expiry = order
        .expire_date
        .map(|day| day.start_of_day().add_seconds(86_399));
    let prepaid = order.buy_type == Some(BuyType::Prepaid);
    let Some(active) = order.active_date.filter(|_| !prepaid) else {
        return expiry;
    };
    let kind = order.package_type.as_ref();
    let end_of = |n: i32| periods_after(kind, active, n).add_seconds(-1);
    // Start just before the cycle `now` is in and step forward: a few steps at most.
    let mut n = periods_between(kind, active, now).saturating_sub(1).max(1);
    while end_of(n) < now {
        n += 1;
    }
    let end = end_of(n);
    Some(match expiry {
        Some(expiry) if expiry < end => expiry,
        _ => end,
    })
}

/// Whole calendar days left in `order`'s cycle at `now` (0 on its last day), if known.
pub fn days_left_in_cycle(order: &PackageOrder, now: CmpTime) -> Option<i64> {
    cycle_end(order, now).map(|end| crate::pool_figures::days_left(end, now))
}

/// Whole periods of `kind` from `start`'s day to `now`, rounded down (negative before it).
fn periods_between(kind: Option<&PackageType>, start: CmpTime, now: CmpTime) -> i32 {
    let months = (now.year - start.year) * 12 + i32::from(now.month) - i32::from(start.month);
    let days = now.days_since_epoch() - start.days_since_epoch();
    match kind {
        Some(PackageType::Day) => i32::try_from(days).unwrap_or(i32::MAX),
        Some(PackageType::Quarter) => months.div_euclid(3),
        Some(PackageType::HalfYear) => months.div_euclid(6),
        Some(PackageType::Year) => months.div_euclid(12),
        _ => months,
    }
}

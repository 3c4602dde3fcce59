//! Traffic pool arithmetic: share used, warning level, days left, burn rate and the date
//! the quota runs out at the current rate. Pure functions of the pool and "now", so they
//! are tested without a clock. Times are the platform's (the upstream sends no zone).

use cmp_api::units::percent;
use cmp_api::{Bytes, CmpTime, TrafficPool};

/// Share used from which a pool is shown as a warning.
pub const WARN_PERCENT: f64 = 80.0;
/// Share used from which a pool is shown as critical.
pub const CRITICAL_PERCENT: f64 = 95.0;

const SECONDS_PER_DAY: u128 = 86_400;

/// How close a pool is to its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageLevel {
    /// Below [`WARN_PERCENT`].
    Normal,
    /// From [`WARN_PERCENT`] to below [`CRITICAL_PERCENT`].
    Warning,
    /// [`CRITICAL_PERCENT`] and above.
    Critical,
}

impl UsageLevel {
    /// The level of a pool with `percent` of its quota used.
    pub fn of(percent: f64) -> UsageLevel {
        if percent >= CRITICAL_PERCENT {
            UsageLevel::Critical
        } else if percent >= WARN_PERCENT {
            UsageLevel::Warning
        } else {
            UsageLevel::Normal
        }
    }

    /// CSS class of the level (`usage-ok`, `usage-warn`, `usage-critical`).
    pub fn class(self) -> &'static str {
        match self {
            UsageLevel::Normal => "usage-ok",
            UsageLevel::Warning => "usage-warn",
            UsageLevel::Critical => "usage-critical",
        }
    }

    /// Bar colour in charts, readable on light and dark backgrounds.
    pub fn color(self) -> &'static str {
        match self {
            UsageLevel::Normal => "#3b82f6",
            UsageLevel::Warning => "#f59e0b",
            UsageLevel::Critical => "#ef4444",
        }
    }
}

/// When the quota runs out at the current rate, or why that cannot be said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// The pool has no period or no quota to project against.
    Unknown,
    /// The period has not begun.
    NotStarted,
    /// The period is over.
    Ended,
    /// Everything is used.
    Exhausted,
    /// Nothing used yet, so there is no rate.
    NoUsage,
    /// The quota is reached at this time, before the period ends.
    On(CmpTime),
    /// At this rate the quota lasts past the end of the period.
    NotAtThisRate,
}

impl Projection {
    /// The projection as a sentence for the pool card.
    pub fn text(&self) -> String {
        match self {
            Projection::Unknown => "No projection: the pool has no period or quota".to_owned(),
            Projection::NotStarted => "The period has not started".to_owned(),
            Projection::Ended => "The period has ended".to_owned(),
            Projection::Exhausted => "Quota used up".to_owned(),
            Projection::NoUsage => "Nothing used yet".to_owned(),
            Projection::On(at) => format!("Runs out around {} at this rate", at.iso_date()),
            Projection::NotAtThisRate => "Lasts the whole period at this rate".to_owned(),
        }
    }
}

/// Used, quota, share and level of a pool (missing numbers count as 0).
pub fn usage(pool: &TrafficPool) -> (Bytes, Bytes, f64) {
    let used = pool.used_byte.unwrap_or_default();
    let total = pool.total_quota_byte.unwrap_or_default();
    (used, total, percent(used, total))
}

/// A share as the cards write it: one decimal, e.g. `42.1 %`.
pub fn percent_text(share: f64) -> String {
    format!("{share:.1} %")
}

/// Whole calendar days from `now` to the period's last day (0 on the last day or after).
pub fn days_left(end: CmpTime, now: CmpTime) -> i64 {
    (end.days_since_epoch() - now.days_since_epoch()).max(0)
}

/// Average use per day since the period began; `None` before it began.
pub fn burn_per_day(used: Bytes, start: CmpTime, now: CmpTime) -> Option<Bytes> {
    let elapsed = u128::try_from(now.seconds_since_epoch() - start.seconds_since_epoch()).ok()?;
    if elapsed == 0 {
        return None;
    }
    let per_day = u128::from(used.0) * SECONDS_PER_DAY / elapsed;
    Some(Bytes(u64::try_from(per_day).unwrap_or(u64::MAX)))
}

/// When `total` is reached if use goes on at the average rate since `start`.
pub fn project(
    used: Bytes,
    total: Bytes,
    start: CmpTime,
    end: CmpTime,
    now: CmpTime,
) -> Projection {
    let elapsed = now.seconds_since_epoch() - start.seconds_since_epoch();
    if total.0 == 0 || end < start {
        Projection::Unknown
    } else if used >= total {
        Projection::Exhausted
    } else if elapsed <= 0 {
        Projection::NotStarted
    } else if now > end {
        Projection::Ended
    } else if used.0 == 0 {
        Projection::NoUsage
    } else {
        // remaining / (used / elapsed), in integers so huge quotas stay exact.
        let remaining = u128::from(total.0 - used.0);
        let needed = (remaining * elapsed as u128).div_ceil(u128::from(used.0));
        let until_end = (end.seconds_since_epoch() - now.seconds_since_epoch()) as u128;
        if needed > until_end {
            Projection::NotAtThisRate
        } else {
            Projection::On(now.add_seconds(needed as i64))
        }
    }
}

/// The projection for `pool` at `now`.
pub fn project_pool(pool: &TrafficPool, now: CmpTime) -> Projection {
    let (used, total, _) = usage(pool);
    match (pool.traffic_pool_start_time, pool.traffic_pool_end_time) {
        (Some(start), Some(end)) => project(used, total, start, end, now),
        _ => Projection::Unknown,
    }
}

/// Now, as the platform writes times (UTC: the simulator and the proxy run on UTC).
pub fn now() -> CmpTime {
    CmpTime::from_unix_millis(js_sys::Date::now() as i64)
}

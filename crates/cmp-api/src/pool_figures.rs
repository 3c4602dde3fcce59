//! A traffic pool's figures: used, quota, remaining and share used, the days left in its
//! period, the average use per day and when the quota runs out at that rate. Pure functions
//! of the pool and "now", so they are tested without a clock; the SPA's pool card and
//! embedded gauge show them, and alerts can project the same way. Times are the platform's
//! (the upstream sends no zone).

use crate::units::percent;
use crate::{Bytes, CmpTime, TrafficPool};

const SECONDS_PER_DAY: u128 = 86_400;

/// How much of a pool's quota is used (missing numbers count as 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PoolFigures {
    /// Bytes used.
    pub used: Bytes,
    /// The quota, bytes.
    pub total: Bytes,
    /// Bytes left (0 once the quota is used up or exceeded).
    pub remaining: Bytes,
    /// Share of the quota used, in percent (over 100 when exceeded, 0 without a quota).
    pub share: f64,
}

impl PoolFigures {
    /// The figures of `pool`.
    pub fn of(pool: &TrafficPool) -> PoolFigures {
        let used = pool.used_byte.unwrap_or_default();
        let total = pool.total_quota_byte.unwrap_or_default();
        PoolFigures {
            used,
            total,
            remaining: Bytes(total.0.saturating_sub(used.0)),
            share: percent(used, total),
        }
    }
}

/// Whole calendar days from `now` to the period's last day (0 on the last day or after).
pub fn days_left(end: CmpTime, now: CmpTime) -> i64 {
    (end.days_since_epoch() - now.days_since_epoch()).max(0)
}

/// How long a pool's period still runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLeft {
    /// The pool has no end date.
    NoEnd,
    /// The period is over.
    Ended,
    /// Whole calendar days to the last day ([`days_left`]): 0 on the last day.
    Days(i64),
}

/// How long a period ending at `end` still runs at `now`.
pub fn time_left(end: Option<CmpTime>, now: CmpTime) -> TimeLeft {
    match end {
        None => TimeLeft::NoEnd,
        Some(end) if now > end => TimeLeft::Ended,
        Some(end) => TimeLeft::Days(days_left(end, now)),
    }
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

/// `pool`'s average use per day from its period's start to `now` (to the period's end once
/// it is over); `None` without a start or before it.
pub fn pool_burn_per_day(pool: &TrafficPool, now: CmpTime) -> Option<Bytes> {
    let used = pool.used_byte.unwrap_or_default();
    let until = now.min(pool.traffic_pool_end_time.unwrap_or(now));
    pool.traffic_pool_start_time
        .and_then(|start| burn_per_day(used, start, until))
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
    /// The projection as a sentence (the pool card shows it).
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
    let PoolFigures { used, total, .. } = PoolFigures::of(pool);
    match (pool.traffic_pool_start_time, pool.traffic_pool_end_time) {
        (Some(start), Some(end)) => project(used, total, start, end, now),
        _ => Projection::Unknown,
    }
}

//! The traffic pools at a glance: each pool's figures and projection
//! ([`crate::pool_figures`]), the pools ordered by share used, how many have used up their
//! quota, and which runs out soonest at its current rate.

use crate::model::pool::TrafficPool;
use crate::pool_figures::{PoolFigures, Projection, project_pool};
use crate::time::CmpTime;

/// One pool with its figures and projection at a given time.
#[derive(Debug, Clone, PartialEq)]
pub struct PoolRow {
    /// The pool.
    pub pool: TrafficPool,
    /// Used, quota, remaining and share.
    pub figures: PoolFigures,
    /// When its quota runs out at the current rate.
    pub projection: Projection,
}

/// Every pool, most used first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PoolsSummary {
    /// The pools by share used, highest first (ties by id).
    pub rows: Vec<PoolRow>,
}

impl PoolsSummary {
    /// The summary of `pools` at `now` (platform time).
    pub fn of(pools: &[TrafficPool], now: CmpTime) -> PoolsSummary {
        let mut rows: Vec<PoolRow> = pools
            .iter()
            .map(|pool| PoolRow {
                figures: PoolFigures::of(pool),
                projection: project_pool(pool, now),
                pool: pool.clone(),
            })
            .collect();
        rows.sort_by(|a, b| {
            b.figures
                .share
                .total_cmp(&a.figures.share)
                .then_with(|| a.pool.traffic_pool_id.cmp(&b.pool.traffic_pool_id))
        });
        PoolsSummary { rows }
    }

    /// Pools whose quota is used up (or exceeded).
    pub fn exhausted(&self) -> usize {
        self.rows
            .iter()
            .filter(|row| row.projection == Projection::Exhausted)
            .count()
    }

    /// The pool projected to run out first, and when; `None` when none is projected to run
    /// out within its period.
    pub fn soonest_exhaustion(&self) -> Option<(&PoolRow, CmpTime)> {
        self.rows
            .iter()
            .filter_map(|row| match row.projection {
                Projection::On(at) => Some((row, at)),
                _ => None,
            })
            .min_by(|a, b| {
                a.1.cmp(&b.1)
                    .then_with(|| a.0.pool.traffic_pool_id.cmp(&b.0.pool.traffic_pool_id))
            })
    }
}

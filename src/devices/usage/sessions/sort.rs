//! The sessions table's logic: sort order and paging, as pure functions so the table stays
//! a thin view and tens of thousands of rows cost one sort.

use cmp_api::CdrRecord;
use std::cmp::Ordering;

/// Rows per page of the sessions table.
pub const SESSIONS_PAGE_SIZE: usize = 100;

/// How the sessions table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SessionSort {
    /// Latest start first (records without a start last).
    #[default]
    NewestFirst,
    /// Earliest start first (records without a start last).
    OldestFirst,
    /// Most bytes first.
    LargestFirst,
}

impl SessionSort {
    /// The order after clicking the start-time heading.
    pub fn toggle_start(self) -> SessionSort {
        match self {
            SessionSort::NewestFirst => SessionSort::OldestFirst,
            _ => SessionSort::NewestFirst,
        }
    }
}

/// Indices of `records` in the order `sort` asks for (ties keep arrival order).
pub fn sorted_indices(records: &[CdrRecord], sort: SessionSort) -> Vec<usize> {
    let mut order: Vec<usize> = (0..records.len()).collect();
    let by_start = |a: &CdrRecord, b: &CdrRecord| match (a.session_started_at, b.session_started_at)
    {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match sort {
        SessionSort::OldestFirst => order.sort_by(|&a, &b| by_start(&records[a], &records[b])),
        SessionSort::NewestFirst => order.sort_by(|&a, &b| {
            let (x, y) = (&records[a], &records[b]);
            match (x.session_started_at, y.session_started_at) {
                (Some(_), Some(_)) => by_start(y, x),
                _ => by_start(x, y),
            }
        }),
        SessionSort::LargestFirst => order.sort_by(|&a, &b| records[b].data.cmp(&records[a].data)),
    }
    order
}

/// Pages of the sessions table for `rows` rows (at least 1).
pub fn session_pages(rows: usize) -> usize {
    rows.div_ceil(SESSIONS_PAGE_SIZE).max(1)
}

//! Where the Overview's figures come from, each a source of its own so each tile shows as
//! soon as its source is in, and one failing source does not blank the others: the order
//! counts by status, the running orders folded into a [`FleetTally`], the traffic pools, and
//! the last day's order events.

use crate::api::ApiError;
use crate::load::{LoadStatus, PagesProgress};
use cmp_api::fleet::{FleetTally, RecentEvents, StatusCounts};
use cmp_api::{CmpTime, TrafficPool};
use leptos::prelude::*;

/// One source: what has arrived, its pages, and whether this token can read it at all.
#[derive(Debug, Clone, Default)]
pub struct Source<T> {
    /// The figures so far (all of them once complete).
    pub value: T,
    /// Pages read of how many, and how the read stands.
    pub progress: PagesProgress,
    /// Why this token cannot read the source (nothing is asked then).
    pub off: Option<&'static str>,
}

/// How a tile built on a source stands.
#[derive(Debug, Clone, PartialEq)]
pub enum TileState {
    /// Nothing has arrived yet.
    Loading,
    /// Part has arrived; the figure grows as pages come in.
    Partial,
    /// Every page is in.
    Ready,
    /// The read was cancelled; the figure covers what arrived.
    Cancelled,
    /// The read failed.
    Failed(ApiError),
    /// This token cannot read the source, and why.
    Off(&'static str),
}

impl TileState {
    /// A one-word name for the tile's `data-state` (tests and the bench read it).
    pub fn name(&self) -> &'static str {
        match self {
            TileState::Loading => "loading",
            TileState::Partial => "partial",
            TileState::Ready => "ready",
            TileState::Cancelled => "cancelled",
            TileState::Failed(_) => "failed",
            TileState::Off(_) => "off",
        }
    }

    /// Whether the tile's figure can be shown (complete or in part).
    pub fn has_figure(&self) -> bool {
        matches!(
            self,
            TileState::Partial | TileState::Ready | TileState::Cancelled
        )
    }

    /// Whether the source is done with, one way or another.
    pub fn is_settled(&self) -> bool {
        !matches!(self, TileState::Loading | TileState::Partial)
    }
}

impl<T> Source<T> {
    /// A source this token cannot read.
    pub fn off(why: &'static str) -> Self
    where
        T: Default,
    {
        Source {
            off: Some(why),
            ..Source::default()
        }
    }

    /// How a tile built on this source stands.
    pub fn state(&self) -> TileState {
        if let Some(why) = self.off {
            return TileState::Off(why);
        }
        match &self.progress.status {
            LoadStatus::Starting => TileState::Loading,
            LoadStatus::Loading if self.progress.done == 0 => TileState::Loading,
            LoadStatus::Loading => TileState::Partial,
            LoadStatus::Complete => TileState::Ready,
            LoadStatus::Cancelled => TileState::Cancelled,
            LoadStatus::Failed(error) => TileState::Failed(error.clone()),
        }
    }
}

/// Every source of one Overview, and the platform time its cycles are counted at.
#[derive(Debug, Clone, Copy)]
pub struct OverviewData {
    /// Orders by status.
    pub counts: RwSignal<Source<StatusCounts>>,
    /// The running orders, folded.
    pub fleet: RwSignal<Source<FleetTally>>,
    /// The traffic pools.
    pub pools: RwSignal<Source<Vec<TrafficPool>>>,
    /// The order events of the last 24 hours.
    pub events: RwSignal<Source<RecentEvents>>,
    /// Now on the platform, when the load started (days left and projections count from it).
    pub now: RwSignal<CmpTime>,
    /// Which load wrote the sources: a newer load's figures never mix with an older one's.
    pub generation: RwSignal<u64>,
}

impl OverviewData {
    /// Empty sources.
    pub fn new() -> OverviewData {
        OverviewData {
            counts: RwSignal::new(Source::default()),
            fleet: RwSignal::new(Source::default()),
            pools: RwSignal::new(Source::default()),
            events: RwSignal::new(Source::default()),
            now: RwSignal::new(CmpTime::default()),
            generation: RwSignal::new(0),
        }
    }

    /// Every source's state, in tile order (for the page's progress and marks).
    pub fn states(&self) -> [TileState; 4] {
        [
            self.counts.with(Source::state),
            self.fleet.with(Source::state),
            self.pools.with(Source::state),
            self.events.with(Source::state),
        ]
    }

    /// Pages read and pages to read, across the sources still being read or done.
    pub fn pages(&self) -> (u64, u64) {
        let sum = |(done, total): (u64, u64), p: &PagesProgress| (done + p.done, total + p.total);
        let mut pages = (0, 0);
        pages = self.counts.with(|s| sum(pages, &s.progress));
        pages = self.fleet.with(|s| sum(pages, &s.progress));
        pages = self.pools.with(|s| sum(pages, &s.progress));
        self.events.with(|s| sum(pages, &s.progress))
    }
}

impl Default for OverviewData {
    fn default() -> Self {
        OverviewData::new()
    }
}

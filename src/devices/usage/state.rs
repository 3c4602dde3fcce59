//! What a usage load has gathered so far: the running summary, the records themselves (for
//! the sessions table), the page progress and how the load ended.

pub use crate::load::LoadStatus;
use cmp_api::aggregate::UsageSummary;
use cmp_api::{CdrPage, CdrRecord, CmpTime};

/// The usage gathered for one device and range.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UsageState {
    /// First and last day of the range.
    pub range: Option<(CmpTime, CmpTime)>,
    /// Totals of the records that arrived.
    pub summary: UsageSummary,
    /// The records that arrived, in arrival order.
    pub records: Vec<CdrRecord>,
    /// Records the platform says the range holds.
    pub total_count: u64,
    /// Pages the range takes (known once page 1 arrived).
    pub pages_total: u64,
    /// Pages that arrived.
    pub pages_done: u64,
    /// How the load stands.
    pub status: LoadStatus,
}

impl UsageState {
    /// A load of `range` that has not received anything yet.
    pub fn starting(range: (CmpTime, CmpTime)) -> UsageState {
        UsageState {
            range: Some(range),
            ..UsageState::default()
        }
    }

    /// Folds in one page: its records are summed into the totals, then moved (not copied)
    /// to the end of [`UsageState::records`].
    pub fn add_page(&mut self, page: CdrPage) {
        self.summary.extend(&page.data);
        self.records.extend(page.data);
        self.pages_done += 1;
    }

    /// Whether some pages are missing because the load was cancelled or failed.
    pub fn is_partial(&self) -> bool {
        matches!(self.status, LoadStatus::Cancelled | LoadStatus::Failed(_))
            && self.pages_done < self.pages_total.max(1)
    }

    /// Whether requests are still running.
    pub fn is_running(&self) -> bool {
        self.status.is_running()
    }

    /// "12 of 23 pages".
    pub fn progress_text(&self) -> String {
        crate::load::pages_text(self.pages_done, self.pages_total)
    }
}

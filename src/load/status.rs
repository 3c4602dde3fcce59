//! How a load of many pages stands and how it ended, and its progress in pages; the usage
//! load and the Overview's loads show them the same way.

use crate::api::ApiError;

/// Where a load stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum LoadStatus {
    /// Waiting for the first page.
    #[default]
    Starting,
    /// Fetching the remaining pages.
    Loading,
    /// Every page arrived.
    Complete,
    /// Stopped by the Cancel button; what arrived is kept.
    Cancelled,
    /// A page failed; what arrived before is kept.
    Failed(ApiError),
}

impl LoadStatus {
    /// A one-word name (`starting`, `loading`, `complete`, `cancelled`, `failed`), as the
    /// pages' `data-status` attributes show it.
    pub fn name(&self) -> &'static str {
        match self {
            LoadStatus::Starting => "starting",
            LoadStatus::Loading => "loading",
            LoadStatus::Complete => "complete",
            LoadStatus::Cancelled => "cancelled",
            LoadStatus::Failed(_) => "failed",
        }
    }

    /// Whether requests are still running.
    pub fn is_running(&self) -> bool {
        matches!(self, LoadStatus::Starting | LoadStatus::Loading)
    }

    /// The status once the last page is in or the load stopped: Cancelled when `cancelled`,
    /// else Complete. A failure is kept as it is.
    pub fn ended(&self, cancelled: bool) -> LoadStatus {
        match self {
            LoadStatus::Failed(_) => self.clone(),
            _ if cancelled => LoadStatus::Cancelled,
            _ => LoadStatus::Complete,
        }
    }
}

/// Pages of one load: how many arrived of how many, and where it stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PagesProgress {
    /// Pages that arrived.
    pub done: u64,
    /// Pages the load takes (0 until the first page says).
    pub total: u64,
    /// How the load stands.
    pub status: LoadStatus,
}

impl PagesProgress {
    /// "12 of 23 pages", or that the first page is on its way.
    pub fn text(&self) -> String {
        pages_text(self.done, self.total)
    }
}

/// "12 of 23 pages" (the usage load's and the Overview's progress line), or "Fetching the
/// first page" while no page has said how many there are.
pub fn pages_text(done: u64, total: u64) -> String {
    if total == 0 {
        "Fetching the first page".to_owned()
    } else {
        format!("{done} of {total} pages")
    }
}

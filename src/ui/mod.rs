//! Generic pieces every feature uses; none of them knows a feature.
//!
//! ## Layout
//! - [`Pager`]: Prev / Next paging with its `Page 1 of 4 · 61 packages` line ([`PageNoun`]).
//! - [`paging`]: page number and page size as URL state, the same for every paged list,
//!   and the page-size choices.
//! - [`select_options`]: the `<option>` list of a `<select>`.
//! - [`usage_level`]: warning and critical levels of a share of a quota, and their colours.
//! - [`ConfirmDialog`]: the accessible modal confirmation.
//! - [`ErrorView`]: an error in words, with Retry.
//! - [`LoadingTable`]: the loading skeleton of a table.
//! - [`LoadProgress`]: the progress bar of a load of many pages, with Cancel.
//! - [`PageCodeError`]: a page whose code did not arrive, with [`reload_page`].
//! - [`NotFound`]: the page for addresses the dashboard does not have.
//! - [`download`]: a CSV the app built, offered as a file download.
//! - [`charts`]: the chart host: the [`charts::Chart`] component and the ECharts binding.

pub mod charts;
mod confirm_dialog;
pub mod download;
mod error_view;
mod load_progress;
mod loading_table;
mod not_found;
mod page_code_error;
mod pager;
pub mod paging;
pub mod select_options;
pub mod usage_level;

pub use confirm_dialog::ConfirmDialog;
pub use error_view::ErrorView;
pub use load_progress::LoadProgress;
pub use loading_table::LoadingTable;
pub use not_found::NotFound;
pub use page_code_error::{PageCodeError, reload_page};
pub use pager::{PageNoun, Pager, page_info_text};

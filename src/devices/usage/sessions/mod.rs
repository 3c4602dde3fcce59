//! The sessions of a usage load: a table of 100 rows a page out of tens of thousands,
//! sortable by start or size, and their CSV export.
//!
//! ## Layout
//! - [`sort`]: the order and paging of the rows, as pure functions.
//! - [`table`]: the sessions table.
//! - [`csv`]: the sessions as CSV text.
//! - [`export`]: the "Export CSV" button and its download.

pub mod csv;
pub mod export;
pub mod sort;
pub mod table;

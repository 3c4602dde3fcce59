//! The package catalogue (`/packages`): paged by the upstream, or searched and filtered
//! here over every package, with all state in the URL query.
//!
//! ## Layout
//! - [`PackagesPage`]: the page ([`page`]).
//! - [`query`]: the page's URL state ([`query::PackagesQuery`]) and what it matches.
//! - [`search`]: the filtered page cut from the whole catalogue; country suggestions.
//! - [`prefetch`]: the first catalogue request, started before the page's code arrives.
//! - [`filters`]: the search box, country, type and page-size controls.
//! - [`table`]: the catalogue table, one row per package.
//! - [`status_badge`]: a package's catalogue status as a coloured badge.

pub mod filters;
pub mod page;
pub mod prefetch;
pub mod query;
pub mod search;
pub mod status_badge;
pub mod table;

pub use page::PackagesPage;

//! Page number and page size as they live in the URL query (`?page=2&size=50`), the same
//! for every paged list: bad or missing values fall back to page 1 and the default size;
//! and the page-size choices of a `<select>`.

use super::select_options::select_options;
use leptos::prelude::*;

/// Page sizes people can pick.
pub const PAGE_SIZES: [u64; 4] = [10, 20, 50, 100];

/// Page size when the URL names none.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// Reads `page` (a whole number from 1) and `size` (one of [`PAGE_SIZES`]) from query
/// parameters looked up by `get`. Bad or missing values fall back to page 1 and the default
/// size rather than failing, since URLs are typed and edited by hand.
pub fn paging_from(get: &impl Fn(&str) -> Option<String>) -> (u64, u64) {
    let page = get("page")
        .and_then(|p| p.trim().parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let size = get("size")
        .and_then(|s| s.trim().parse().ok())
        .filter(|s| PAGE_SIZES.contains(s))
        .unwrap_or(DEFAULT_PAGE_SIZE);
    (page, size)
}

/// The `<option>`s of [`PAGE_SIZES`], the one `current()` returns selected.
pub fn page_size_options(
    current: impl Fn() -> u64 + Clone + Send + Sync + 'static,
) -> impl IntoView {
    select_options(PAGE_SIZES, u64::to_string, u64::to_string, move |size| {
        current() == *size
    })
}

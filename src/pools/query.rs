//! The Pools page's state in the URL query: which page and how many pools a page
//! (`?page=2&size=50`).

use crate::ui::paging::{DEFAULT_PAGE_SIZE, paging_from};

/// Which page of pools is shown, as kept in the URL query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolsQuery {
    /// Page number, from 1.
    pub page: u64,
    /// Pools a page, one of [`PAGE_SIZES`](crate::ui::paging::PAGE_SIZES).
    pub size: u64,
}

impl PoolsQuery {
    /// Reads `page` and `size`; bad or missing values fall back to page 1 and the default size.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> PoolsQuery {
        let (page, size) = paging_from(&get);
        PoolsQuery { page, size }
    }

    /// The query string (with `?`, or empty), leaving out defaults.
    pub fn to_query_string(self) -> String {
        let mut pairs = Vec::new();
        if self.page != 1 {
            pairs.push(format!("page={}", self.page));
        }
        if self.size != DEFAULT_PAGE_SIZE {
            pairs.push(format!("size={}", self.size));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        }
    }
}

//! `page_no`/`page_size` query parameters of the proxy's own lists, and where a page sits.

use crate::error::ApiError;
use serde::Deserialize;

/// Largest page the proxy's own lists serve.
pub const MAX_PAGE_SIZE: u64 = 100;

/// The paging query parameters (both optional).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Paging {
    /// Page from 1 (default 1).
    pub page_no: Option<String>,
    /// Items per page (default 20, at most 100).
    pub page_size: Option<String>,
}

impl Paging {
    /// The page number and size, checked.
    pub fn resolve(&self) -> Result<(u64, u64), ApiError> {
        let read =
            |v: &Option<String>, name: &str, default: u64, max: u64| -> Result<u64, ApiError> {
                match v.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
                    None => Ok(default),
                    Some(s) => s
                        .parse::<u64>()
                        .ok()
                        .filter(|n| (1..=max).contains(n))
                        .ok_or_else(|| {
                            ApiError::BadRequest(format!(
                                "{name} must be a whole number from 1 to {max}"
                            ))
                        }),
                }
            };
        Ok((
            read(&self.page_no, "page_no", 1, u32::MAX as u64)?,
            read(&self.page_size, "page_size", 20, MAX_PAGE_SIZE)?,
        ))
    }
}

/// Where page `page_no` of `page_size` sits among `total` items.
pub fn page_info(page_no: u64, page_size: u64, total: u64) -> cmp_api::PageInfo {
    cmp_api::PageInfo::new(page_no, page_size, total)
}

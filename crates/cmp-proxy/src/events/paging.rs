//! `page_no`/`page_size` query parameters of the proxy's own lists, and the envelope they
//! are answered in: `{"code":"0000","data":{"page":{...},"<items>":[...]},...}`.

use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

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

/// A success envelope holding one page of `items` under `key`.
pub fn page_envelope<T: Serialize>(
    key: &str,
    items: Vec<T>,
    page_no: u64,
    page_size: u64,
    total: u64,
) -> Value {
    let mut data = serde_json::Map::new();
    data.insert(
        "page".into(),
        json!(cmp_api::PageInfo::new(page_no, page_size, total)),
    );
    data.insert(key.into(), json!(items));
    json!({ "code": cmp_api::envelope::SUCCESS_CODE, "data": data, "message": "success", "success": true })
}

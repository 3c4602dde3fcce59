//! The query of each page of a usage load; how many pages there are and which to ask for
//! after page 1 is [`crate::load::pages`], shared with the other loads of every page.

use crate::api::cdr::CDR_PAGE_SIZE;
use cmp_api::{CdrQuery, CmpTime};

/// The query of page `page_no` of a usage load over `range`.
pub fn page_query(range: (CmpTime, CmpTime), page_no: u64) -> CdrQuery {
    CdrQuery {
        received_start_time: range.0.iso_date(),
        received_end_by: range.1.iso_date(),
        page_no: Some(page_no),
        page_size: Some(CDR_PAGE_SIZE),
    }
}

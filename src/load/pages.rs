//! Page planning for a load of every page: once page 1 says how many items the list holds,
//! how many pages there are and which others to ask for. Shared by the usage load (CDR
//! pages) and the loads of whole order and pool lists.

/// Pages needed for `total_count` records at `page_size` a page (at least 1, so an empty
/// range still counts as the one page that said so).
pub fn page_count(total_count: u64, page_size: u64) -> u64 {
    let size = page_size.max(1);
    total_count.div_ceil(size).max(1)
}

/// The pages still to fetch once page 1 has arrived: 2 through the last, in order.
pub fn remaining_pages(total_count: u64, page_size: u64) -> Vec<u64> {
    (2..=page_count(total_count, page_size)).collect()
}

/// The page size to plan with: `asked`, unless the first page came back shorter than asked
/// while more records exist, which means the platform caps pages at what it served.
pub fn effective_page_size(asked: u64, first_page_len: u64, total_count: u64) -> u64 {
    if first_page_len > 0 && first_page_len < asked && first_page_len < total_count {
        first_page_len
    } else {
        asked
    }
}

//! Client-side search over the whole catalogue: the upstream has no search or filter
//! parameters, so filtered views are cut from every package, fetched once per visit.

use crate::query::PackagesQuery;
use cmp_api::{Package, PackagePage, PageInfo};
use std::collections::BTreeSet;

/// The page `query` asks for, out of the packages that match its filters.
pub fn filtered_page(all: &[Package], query: &PackagesQuery) -> PackagePage {
    let matching: Vec<&Package> = all.iter().filter(|p| query.matches(p)).collect();
    let info = PageInfo::new(query.page, query.size, matching.len() as u64);
    let skip = (query.page.saturating_sub(1) * query.size) as usize;
    let package: Vec<Package> = matching
        .into_iter()
        .skip(skip)
        .take(query.size as usize)
        .cloned()
        .collect();
    PackagePage {
        page: info,
        sign: None,
        package_num: info.total_count,
        package,
    }
}

/// Every covered country name, sorted, for the country filter's suggestions.
pub fn country_names(packages: &[Package]) -> Vec<String> {
    let names: BTreeSet<&str> = packages.iter().flat_map(Package::countries).collect();
    names.into_iter().map(str::to_owned).collect()
}

/// What a paging line counts, in the singular and the plural ("1 order", "61 orders").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageNoun {
    /// The word for one item.
    pub one: &'static str,
    /// The word for any other count.
    pub many: &'static str,
}

impl PageNoun {
    /// Catalogue packages.
    pub const PACKAGES: PageNoun = PageNoun {
        one: "package",
        many: "packages",
    };
    /// Package orders.
    pub const ORDERS: PageNoun = PageNoun {
        one: "order",
        many: "orders",
    };
    /// Stored order-status events.
    pub const EVENTS: PageNoun = PageNoun {
        one: "stored event",
        many: "stored events",
    };
}

/// The paging line, e.g. `Page 1 of 4 · 61 packages`.
pub fn page_info_text(info: &PageInfo, noun: PageNoun) -> String {
    let noun = if info.total_count == 1 {
        noun.one
    } else {
        noun.many
    };
    format!(
        "Page {} of {} · {} {noun}",
        info.cur_page_no.max(1),
        info.total_pages.max(1),
        info.total_count
    )
}

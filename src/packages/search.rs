//! Client-side search over the whole catalogue: the upstream has no search or filter
//! parameters, so filtered views are cut from every package, fetched once per visit.

use crate::packages::query::PackagesQuery;
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

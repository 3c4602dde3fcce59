//! The package catalogue: one upstream page, or every page for client-side search.

use super::{ApiError, post_json};
use cmp_api::{Envelope, Operation, Package, PackagePage, SyncPackagesRequest};
use futures::{StreamExt, TryStreamExt};

/// Page size used when the whole catalogue is fetched for searching.
pub const CATALOGUE_PAGE_SIZE: u64 = 100;

/// How many catalogue pages are requested at the same time.
const CONCURRENT_PAGES: usize = 4;

/// Fetches page `page_no` (from 1) of the catalogue, `page_size` packages a page.
pub async fn sync_packages(page_no: u64, page_size: u64) -> Result<PackagePage, ApiError> {
    let request = SyncPackagesRequest {
        page_no: Some(page_no),
        page_size: Some(page_size),
        version: None,
    };
    let envelope: Envelope<PackagePage> =
        post_json(Operation::SyncPackages.path(), &request).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

/// Fetches every page of the catalogue, a few pages at a time, in catalogue order.
pub async fn all_packages() -> Result<Vec<Package>, ApiError> {
    let first = sync_packages(1, CATALOGUE_PAGE_SIZE).await?;
    let total_pages = first.page.total_pages;
    let mut packages = first.package;
    let rest: Vec<Vec<Package>> = futures::stream::iter(2..=total_pages)
        .map(|page_no| async move {
            sync_packages(page_no, CATALOGUE_PAGE_SIZE)
                .await
                .map(|page| page.package)
        })
        .buffered(CONCURRENT_PAGES)
        .try_collect()
        .await?;
    packages.extend(rest.into_iter().flatten());
    Ok(packages)
}

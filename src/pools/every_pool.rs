//! Every traffic pool, read page by page at the platform's largest page size
//! ([`crate::load::every_page`]: bounded, paced, cancellable), for the Overview's pools tile.

use crate::api::ApiError;
use crate::api::pools::traffic_pools_under;
use crate::load::CancelToken;
use crate::load::every_page::every_page;
use crate::load::pages::{effective_page_size, remaining_pages};
use cmp_api::TrafficPoolPage;
use web_sys::AbortSignal;

/// Pools asked for a page: the most the platform serves.
pub const POOLS_PAGE_SIZE: u64 = cmp_api::validate::MAX_PAGE_SIZE;

/// Reads every page of the traffic pools the token may see, handing each page to
/// `on_page` as it arrives; stops at the first failure or when `cancel` is cancelled.
pub async fn every_pool_page(
    cancel: &CancelToken,
    on_page: impl FnMut(TrafficPoolPage),
) -> Result<(), ApiError> {
    let fetch = |page_no: u64, signal: Option<AbortSignal>| async move {
        traffic_pools_under(page_no, POOLS_PAGE_SIZE, signal.as_ref()).await
    };
    every_page(fetch, later_pool_pages, cancel, on_page).await
}

/// The pages after page 1 of the pools: from the total the platform states (in pools).
pub fn later_pool_pages(first: &TrafficPoolPage) -> Vec<u64> {
    let served = first.rows.len() as u64;
    remaining_pages(
        first.total,
        effective_page_size(POOLS_PAGE_SIZE, served, first.total),
    )
}

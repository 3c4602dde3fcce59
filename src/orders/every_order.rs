//! Every order matching a queryOrder request, read page by page at the platform's largest
//! page size ([`crate::load::every_page`]: bounded, paced to the proxy's rate limit,
//! cancellable). The Overview folds them into its figures; the orders list's usage filter
//! keeps those used past a share of their cycle.

use crate::api::ApiError;
use crate::api::orders::query_orders_under;
use crate::load::CancelToken;
use crate::load::every_page::every_page;
use crate::load::pages::{effective_page_size, remaining_pages};
use cmp_api::{OrderPage, QueryOrderRequest};
use web_sys::AbortSignal;

/// Orders asked for a page: the most the platform serves.
pub const ORDERS_PAGE_SIZE: u64 = cmp_api::validate::MAX_PAGE_SIZE;

/// Reads every page of the orders `request` filters (its paging is replaced), handing each
/// page to `on_page` as it arrives; stops at the first failure or when `cancel` is
/// cancelled ([`ApiError::Aborted`]).
pub async fn every_order_page(
    request: QueryOrderRequest,
    cancel: &CancelToken,
    on_page: impl FnMut(OrderPage),
) -> Result<(), ApiError> {
    let fetch = |page_no: u64, signal: Option<AbortSignal>| {
        let request = QueryOrderRequest {
            page_no: Some(page_no),
            page_size: Some(ORDERS_PAGE_SIZE),
            ..request.clone()
        };
        async move { query_orders_under(&request, signal.as_ref()).await }
    };
    every_page(fetch, later_order_pages, cancel, on_page).await
}

/// The pages after page 1 of an order list: from the total the platform states, at the page
/// size it served (should it serve fewer than asked).
pub fn later_order_pages(first: &OrderPage) -> Vec<u64> {
    let total = first.page.total_count;
    let served = first.package_order.len() as u64;
    remaining_pages(total, effective_page_size(ORDERS_PAGE_SIZE, served, total))
}

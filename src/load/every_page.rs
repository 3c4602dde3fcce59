//! Reading every page of a paged list (the Overview's orders and pools, the orders list's
//! "≥ N % used" filter): page 1 says how many pages follow, then the others go at most
//! [`CONCURRENCY`] at a time ([`run_bounded`]), each handed over as it arrives.
//!
//! Paced to the proxy's budget: a long list can take more requests than a token may send at
//! once (beyond its burst the proxy answers 429), so a page refused with 429 is asked again
//! after a wait while the other pages wait their turn, and the read goes on at the rate the
//! proxy allows instead of failing. The first wait is a quarter of a second, doubling up to
//! 8 s (at most [`RATE_LIMIT_RETRIES`] times): the proxy's budget refills continuously (20
//! requests a second by default), so a quarter of a second frees a few requests, while its
//! `Retry-After`, in whole seconds, would say 1 s for a 50 ms wait (measured on 32,000
//! orders: 1 s waits made the slowest loads twice as long). Any other failure stops the
//! read, as Cancel does.

use super::limiter::{CancelToken, run_bounded};
use super::wait::sleep;
use crate::api::ApiError;
use std::cell::RefCell;
use std::future::Future;
use web_sys::AbortSignal;

/// Requests of one read in flight at once: enough to hide latency, few enough to stay
/// polite to the proxy's rate limit.
pub const CONCURRENCY: usize = 4;

/// How many times one page refused with 429 is asked again before the read fails.
pub const RATE_LIMIT_RETRIES: u32 = 6;

/// The first wait before asking again, milliseconds.
const FIRST_WAIT_MS: u32 = 250;

/// The longest wait before asking again, milliseconds.
const MAX_WAIT_MS: u32 = 8_000;

/// Fetches page 1 with `fetch` (given the page number and the read's abort signal), then
/// the pages `later_pages` names from it, at most [`CONCURRENCY`] at a time; `on_page` gets
/// each page as it arrives (page 1 first). Ends with the first failure, with
/// [`ApiError::Aborted`] once `cancel` is cancelled, else `Ok`. A failure cancels `cancel`,
/// so the pages in flight stop too.
pub async fn every_page<P, Fut>(
    fetch: impl Fn(u64, Option<AbortSignal>) -> Fut,
    later_pages: impl FnOnce(&P) -> Vec<u64>,
    cancel: &CancelToken,
    mut on_page: impl FnMut(P),
) -> Result<(), ApiError>
where
    Fut: Future<Output = Result<P, ApiError>>,
{
    let signal = cancel.signal();
    let fetch = |page_no: u64| fetch(page_no, signal.clone());
    let first = paced(&fetch, 1, cancel).await?;
    let rest = later_pages(&first);
    on_page(first);
    let failure = RefCell::new(None::<ApiError>);
    run_bounded(
        rest,
        CONCURRENCY,
        cancel,
        |page_no| paced(&fetch, page_no, cancel),
        |_, result| match result {
            Ok(page) => on_page(page),
            Err(error) => {
                let mut first_failure = failure.borrow_mut();
                if first_failure.is_none() && error != ApiError::Aborted {
                    *first_failure = Some(error);
                    cancel.cancel();
                }
            }
        },
    )
    .await;
    match failure.into_inner() {
        Some(error) => Err(error),
        None if cancel.is_cancelled() => Err(ApiError::Aborted),
        None => Ok(()),
    }
}

/// Page `page_no`, asked again after a wait while the proxy answers 429 (see the module).
pub async fn paced<P, Fut>(
    fetch: &impl Fn(u64) -> Fut,
    page_no: u64,
    cancel: &CancelToken,
) -> Result<P, ApiError>
where
    Fut: Future<Output = Result<P, ApiError>>,
{
    let mut wait_ms = FIRST_WAIT_MS;
    let mut retries = 0;
    loop {
        if cancel.is_cancelled() {
            return Err(ApiError::Aborted);
        }
        match fetch(page_no).await {
            Err(error) if is_rate_limited(&error) && retries < RATE_LIMIT_RETRIES => {
                retries += 1;
                sleep(wait_ms).await;
                wait_ms = (wait_ms * 2).min(MAX_WAIT_MS);
            }
            other => return other,
        }
    }
}

/// Whether `error` is the proxy's "too many requests" (its per-token budget).
pub fn is_rate_limited(error: &ApiError) -> bool {
    matches!(error, ApiError::Status { status: 429, .. })
}

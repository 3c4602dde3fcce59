//! The usage load: page 1 first (it says how many records the range holds), then the other
//! pages at most [`CONCURRENCY`] at a time, each folded into a [`UsageState`] signal as it
//! arrives. A [`CancelToken`] stops it; what arrived stays, marked partial.

use super::limiter::{CancelToken, run_bounded};
use super::plan::{effective_page_size, page_count, remaining_pages};
use super::state::{LoadStatus, UsageState};
use crate::api::ApiError;
use crate::api::cdr::{CDR_PAGE_SIZE, cdr_page};
use cmp_api::{CdrQuery, CmpTime};
use leptos::prelude::*;

/// CDR requests in flight at once: enough to hide latency, few enough to stay polite to
/// the proxy's rate limit.
pub const CONCURRENCY: usize = 4;

/// Fetches every CDR page of `device` for `range` into `state` until done, failed or
/// cancelled. `state` may be disposed meanwhile (the page was left): writes then do nothing.
pub async fn load_usage(
    device: String,
    range: (CmpTime, CmpTime),
    state: RwSignal<UsageState>,
    cancel: CancelToken,
) {
    let query = move |page_no| CdrQuery {
        received_start_time: range.0.iso_date(),
        received_end_by: range.1.iso_date(),
        page_no: Some(page_no),
        page_size: Some(CDR_PAGE_SIZE),
    };
    let signal = cancel.signal();
    let first = match cdr_page(&device, &query(1), signal.as_ref()).await {
        Ok(page) => page,
        Err(error) => {
            finish_with_error(state, &cancel, error);
            return;
        }
    };
    let total = first.total_count;
    // Should the platform serve smaller pages than asked, plan with the size it served.
    let size = effective_page_size(CDR_PAGE_SIZE, first.data.len() as u64, total);
    let _ = state.try_update(|s| {
        s.total_count = total;
        s.pages_total = page_count(total, size);
        s.add_page(first);
        s.status = LoadStatus::Loading;
    });
    let pages = remaining_pages(total, size);
    let fetch = |page_no: u64| {
        let (device, signal, query) = (device.clone(), signal.clone(), query(page_no));
        async move { cdr_page(&device, &query, signal.as_ref()).await }
    };
    let done = |_page_no: u64, result: Result<cmp_api::CdrPage, ApiError>| match result {
        Ok(page) => {
            let _ = state.try_update(|s| s.add_page(page));
        }
        Err(error) => finish_with_error(state, &cancel, error),
    };
    run_bounded(pages, CONCURRENCY, &cancel, fetch, done).await;
    let _ = state.try_update(|s| {
        if s.status == LoadStatus::Loading {
            s.status = if cancel.is_cancelled() {
                LoadStatus::Cancelled
            } else {
                LoadStatus::Complete
            };
        }
    });
}

/// Records a failed page (once) and stops the rest; an abort means Cancel was pressed.
fn finish_with_error(state: RwSignal<UsageState>, cancel: &CancelToken, error: ApiError) {
    if cancel.is_cancelled() || error == ApiError::Aborted {
        let _ = state.try_update(|s| {
            if s.is_running() {
                s.status = LoadStatus::Cancelled;
            }
        });
        return;
    }
    cancel.cancel();
    let _ = state.try_update(|s| s.status = LoadStatus::Failed(error));
}

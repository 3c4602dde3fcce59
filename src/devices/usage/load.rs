//! The usage load: page 1 first (it says how many records the range holds), then the other
//! pages at most [`CONCURRENCY`] at a time, folded into a [`UsageState`] signal as they
//! arrive — in batches ([`Batched`]), so the charts and the sessions table are
//! rebuilt a few times a second rather than once per page. A [`CancelToken`] stops it;
//! what arrived stays, marked partial.

use super::plan::page_query;
use super::state::{LoadStatus, UsageState};
use crate::api::ApiError;
use crate::api::cdr::{CDR_PAGE_SIZE, cdr_page};
use crate::load::batch::Batched;
use crate::load::every_page::CONCURRENCY;
use crate::load::pages::{effective_page_size, page_count, remaining_pages};
use crate::load::{CancelToken, run_bounded};
use cmp_api::{CdrPage, CmpTime};
use leptos::prelude::*;
use std::time::Duration;

/// Fetches every CDR page of `device` for `range` into `state` until done, failed or
/// cancelled. It needs no component: a cold device page starts it before its code has
/// arrived ([`super::early`]), and the page adopts `state` once it mounts.
pub async fn load_usage(
    device: String,
    range: (CmpTime, CmpTime),
    state: ArcRwSignal<UsageState>,
    cancel: CancelToken,
) {
    let query = move |page_no| page_query(range, page_no);
    let signal = cancel.signal();
    let first = match cdr_page(&device, &query(1), signal.as_ref()).await {
        Ok(page) => page,
        Err(error) => {
            finish_with_error(&state, &cancel, error);
            return;
        }
    };
    let total = first.total_count;
    // Should the platform serve smaller pages than asked, plan with the size it served.
    let size = effective_page_size(CDR_PAGE_SIZE, first.data.len() as u64, total);
    let sink = state.clone();
    let pending = Batched::new(
        REDRAW_INTERVAL,
        cancel.clone(),
        move |pages: Vec<CdrPage>| {
            let _ = sink.try_update(|s| pages.into_iter().for_each(|page| s.add_page(page)));
        },
    );
    let shown = state.clone();
    let show_first = async move {
        let _ = shown.try_update(|s| {
            s.total_count = total;
            s.pages_total = page_count(total, size);
            s.add_page(first);
            s.status = LoadStatus::Loading;
        });
    };
    let pages = remaining_pages(total, size);
    let fetch = |page_no: u64| {
        let (device, signal, query) = (device.clone(), signal.clone(), query(page_no));
        async move { cdr_page(&device, &query, signal.as_ref()).await }
    };
    let done = |_page_no: u64, result: Result<cmp_api::CdrPage, ApiError>| match result {
        Ok(page) => pending.push(page),
        Err(error) => {
            pending.flush();
            finish_with_error(&state, &cancel, error);
        }
    };
    // The other pages are asked for before page 1 is shown: showing it (the charts' first
    // draw, the sessions table) holds the main thread for a while, and the requests should
    // be on the wire meanwhile. `join!` polls in order, so the fetches start first.
    futures::join!(
        run_bounded(pages, CONCURRENCY, &cancel, fetch, done),
        show_first
    );
    // The pages still waiting and the final status reach the view in one update.
    let _ = state.try_update(|s| {
        pending.take().into_iter().for_each(|page| s.add_page(page));
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
fn finish_with_error(state: &ArcRwSignal<UsageState>, cancel: &CancelToken, error: ApiError) {
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

/// Every view of a usage load (five charts, the sessions table and its sort of every
/// record, the totals) is rebuilt on each write of its state, so arriving pages are
/// written at most once per this interval ([`Batched`]); the last ones go in when the load
/// ends. At 250 ms the rebuilds held the main thread long enough to delay the next
/// requests; 400 ms brought the 180-day chart from ~1.6 s to ~1.15 s on the bench machine (#8).
pub const REDRAW_INTERVAL: Duration = Duration::from_millis(400);

//! Starts a cold device page's usage while the page's code is still downloading: the first
//! CDR page of the range in the address, and ECharts. The release build fetches each group
//! of pages' wasm when a page of the group first opens (`src/split.rs`), and the device
//! page's group is the largest; without this, page 1 (which says how many pages follow) and
//! the chart library were only asked for once that code had arrived and the page had
//! mounted. The lazy route's `data()` calls [`start`]; the load takes the answer with
//! [`take`] when it asks for the same device and dates.

use crate::api::ApiError;
use crate::api::cdr::{CDR_PAGE_SIZE, cdr_page};
use crate::components::usage_panel::today;
use crate::split::address_on_first_call;
use crate::usage::range::UsageRange;
use cmp_api::{CdrPage, CdrQuery, CmpTime};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use std::cell::{Cell, RefCell};

type Answer = Result<CdrPage, ApiError>;
type EarlyAnswer = Shared<LocalBoxFuture<'static, Answer>>;
/// The device and the first and last day the early page was asked for.
type Key = (String, CmpTime, CmpTime);

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
    static EARLY: RefCell<Option<(Key, EarlyAnswer)>> = const { RefCell::new(None) };
}

/// The query of page `page_no` of a usage load over `range`.
pub fn page_query(range: (CmpTime, CmpTime), page_no: u64) -> CdrQuery {
    CdrQuery {
        received_start_time: range.0.iso_date(),
        received_end_by: range.1.iso_date(),
        page_no: Some(page_no),
        page_size: Some(CDR_PAGE_SIZE),
    }
}

/// The device id of a `/devices/:id` path, if the path is one and the id is valid.
pub fn device_of_path(path: &str) -> Option<String> {
    let id = path.strip_prefix("/devices/")?.trim_end_matches('/');
    cmp_api::validate::device_id(id).ok()
}

/// Asks for page 1 of the usage the address names and starts loading ECharts, once per app
/// start ([`address_on_first_call`]), when the address is a device page with a valid id and
/// dates.
pub fn start() {
    let Some(url) = address_on_first_call(&STARTED) else {
        return;
    };
    let Some(device) = device_of_path(url.path()) else {
        return;
    };
    let range = UsageRange::from_lookup(|key| url.search_params().get(key));
    let Ok(dates) = range.dates(today()) else {
        return;
    };
    crate::charts::echarts::prefetch();
    let query = page_query(dates, 1);
    let id = device.clone();
    let answer = async move { cdr_page(&id, &query, None).await }
        .boxed_local()
        .shared();
    leptos::task::spawn_local(answer.clone().map(|_| ()));
    EARLY.with(|early| *early.borrow_mut() = Some(((device, dates.0, dates.1), answer)));
}

/// The early page 1 for `device` over `range`, if one was started for exactly those. Taken
/// once: whatever the first load asks for, the early request is then forgotten.
pub fn take(device: &str, range: (CmpTime, CmpTime)) -> Option<EarlyAnswer> {
    EARLY.with(|early| match early.borrow_mut().take() {
        Some(((id, from, to), answer)) if id == device && (from, to) == range => Some(answer),
        _ => None,
    })
}

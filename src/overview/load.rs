//! The Overview's load: each source read on its own (a child of the load's
//! [`CancelToken`], so one failing stops only itself and Cancel stops them all), written into
//! [`OverviewData`] as pages arrive.
//!
//! - Orders by status: five one-order pages (all orders, and each status), whose totals are
//!   the counts; no need to read every order for them.
//! - The running orders (status 2): every page, folded into a [`FleetTally`], a few times
//!   a second ([`Batched`]). An embed token's queryOrder must name one of its devices, so
//!   for it each device's orders are read instead (and counted by status as they come).
//! - The traffic pools: every page.
//! - The order events: newest first, until one is older than 24 hours.

use super::sources::{OverviewData, Source};
use crate::api::ApiError;
use crate::api::events::event_history_under;
use crate::api::orders::query_orders_under;
use crate::load::batch::Batched;
use crate::load::every_page::{CONCURRENCY, paced};
use crate::load::{CancelToken, LoadStatus, run_bounded};
use crate::orders::every_order::{every_order_page, later_order_pages};
use crate::pools::every_pool::every_pool_page;
use cmp_api::fleet::{RecentEvents, StatusCounts};
use cmp_api::proxy_api::MAX_EVENT_PAGE_SIZE;
use cmp_api::{CmpTime, OrderPage, OrderStatus, QueryOrderRequest};
use leptos::prelude::*;
use std::cell::RefCell;
use std::time::Duration;

/// How often arriving order pages are folded into the figures on screen.
pub const REDRAW_INTERVAL: Duration = Duration::from_millis(400);

/// Most event pages read for the 24-hour count (10,000 events); beyond it the tile says
/// "at least".
pub const MAX_EVENT_PAGES: u64 = 100;

/// What one token's Overview reads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scope {
    /// An embed token's devices, whose orders are read one device at a time; `None` reads
    /// the whole order list (a dashboard token's, which the proxy limits to its devices).
    pub devices: Option<Vec<String>>,
    /// Why the pools are not read, if they are not.
    pub pools_off: Option<&'static str>,
    /// Why the events are not read, if they are not.
    pub events_off: Option<&'static str>,
}

/// Starts reading every source `scope` allows into `data`, counted at platform time `now`,
/// until done, failed or `cancel`led.
pub fn start(data: OverviewData, scope: &Scope, now: CmpTime, cancel: &CancelToken) {
    let generation = data.generation.get_untracked() + 1;
    data.generation.set(generation);
    data.now.set(now);
    data.counts.set(Source::default());
    data.fleet.set(Source::default());
    data.pools
        .set(scope.pools_off.map_or_else(Source::default, Source::off));
    data.events
        .set(scope.events_off.map_or_else(Source::default, Source::off));
    let load = Load { data, generation };
    use leptos::task::spawn_local;
    match scope.devices.clone() {
        None => {
            spawn_local(read_counts(load, cancel.child()));
            spawn_local(read_running(load, now, cancel.child()));
        }
        Some(devices) => spawn_local(read_devices(load, devices, now, cancel.child())),
    }
    if scope.pools_off.is_none() {
        spawn_local(read_pools(load, cancel.child()));
    }
    if scope.events_off.is_none() {
        let utc_now = CmpTime::from_unix_millis(js_sys::Date::now() as i64);
        spawn_local(read_events(
            load,
            RecentEvents::window_start(utc_now),
            cancel.child(),
        ));
    }
}

/// Writes into the sources of one load, and only while it is the newest.
#[derive(Clone, Copy)]
struct Load {
    data: OverviewData,
    generation: u64,
}

impl Load {
    fn write<T: Send + Sync + 'static>(
        self,
        source: RwSignal<Source<T>>,
        change: impl FnOnce(&mut Source<T>),
    ) {
        if self.data.generation.get_untracked() == self.generation {
            source.try_update(change);
        }
    }

    /// Marks `source` as read, from `result`.
    fn finish<T: Send + Sync + 'static>(
        self,
        source: RwSignal<Source<T>>,
        result: Result<(), ApiError>,
    ) {
        self.write(source, |s| {
            s.progress.status = match result {
                Ok(()) => LoadStatus::Complete,
                Err(ApiError::Aborted) => LoadStatus::Cancelled,
                Err(error) => LoadStatus::Failed(error),
            }
        });
    }
}

/// The counts by status, from the totals of one-order pages.
async fn read_counts(load: Load, cancel: CancelToken) {
    let asks = [
        None,
        Some(OrderStatus::NotStarted),
        Some(OrderStatus::Started),
        Some(OrderStatus::Ended),
        Some(OrderStatus::Paused),
    ];
    load.write(load.data.counts, |s| {
        s.progress.total = asks.len() as u64;
        s.progress.status = LoadStatus::Loading;
    });
    let totals = RefCell::new(Vec::new());
    let failure = RefCell::new(None);
    let signal = cancel.signal();
    let total_of = |status: Option<OrderStatus>| {
        let request = QueryOrderRequest {
            order_status: status,
            page_no: Some(1),
            page_size: Some(1),
            ..QueryOrderRequest::default()
        };
        let signal = signal.clone();
        let cancel = cancel.clone();
        async move {
            let fetch = |_| query_orders_under(&request, signal.as_ref());
            paced(&fetch, 1, &cancel)
                .await
                .map(|page| page.page.total_count)
        }
    };
    run_bounded(
        asks.to_vec(),
        asks.len(),
        &cancel,
        total_of,
        |status, result| match result {
            Ok(total) => totals.borrow_mut().push((status, total)),
            Err(error) => {
                failure.borrow_mut().get_or_insert(error);
                cancel.cancel();
            }
        },
    )
    .await;
    let totals = totals.into_inner();
    let all = totals
        .iter()
        .find(|(s, _)| s.is_none())
        .map_or(0, |(_, n)| *n);
    let per_status: Vec<(OrderStatus, u64)> = totals
        .into_iter()
        .filter_map(|(status, n)| status.map(|s| (s, n)))
        .collect();
    let result = match failure.into_inner() {
        Some(error) => Err(error),
        None if cancel.is_cancelled() => Err(ApiError::Aborted),
        None => {
            load.write(load.data.counts, |s| {
                s.value = StatusCounts::from_totals(all, &per_status);
                s.progress.done = s.progress.total;
            });
            Ok(())
        }
    };
    load.finish(load.data.counts, result);
}

/// Folds arriving order pages into the fleet source (and, for an embed token, the counts),
/// a few times a second.
fn fleet_batches(
    load: Load,
    now: CmpTime,
    cancel: &CancelToken,
    counts_too: bool,
) -> Batched<OrderPage> {
    Batched::new(
        REDRAW_INTERVAL,
        cancel.clone(),
        move |pages: Vec<OrderPage>| {
            let mut statuses = None;
            load.write(load.data.fleet, |s| {
                for page in &pages {
                    s.value.add_all(&page.package_order, now);
                }
                s.progress.done += pages.len() as u64;
                statuses = Some(s.value.statuses);
            });
            if let Some(statuses) = statuses.filter(|_| counts_too) {
                load.write(load.data.counts, |s| {
                    s.value = statuses;
                    s.progress.done = s.progress.total.max(1);
                });
            }
        },
    )
}

/// Every page of the running orders.
async fn read_running(load: Load, now: CmpTime, cancel: CancelToken) {
    load.write(load.data.fleet, |s| s.progress.status = LoadStatus::Loading);
    let batches = fleet_batches(load, now, &cancel, false);
    let request = QueryOrderRequest {
        order_status: Some(OrderStatus::Started),
        ..QueryOrderRequest::default()
    };
    let result = every_order_page(request, &cancel, |page| {
        if page.page.cur_page_no <= 1 {
            let pages = 1 + later_order_pages(&page).len() as u64;
            load.write(load.data.fleet, |s| s.progress.total = pages);
        }
        batches.push(page);
    })
    .await;
    fold_last(load, &batches, now);
    load.finish(load.data.fleet, result);
}

/// The waiting pages of a finished read, folded in.
fn fold_last(load: Load, batches: &Batched<OrderPage>, now: CmpTime) {
    let pages = batches.take();
    load.write(load.data.fleet, |s| {
        for page in &pages {
            s.value.add_all(&page.package_order, now);
        }
        s.progress.done += pages.len() as u64;
    });
}

/// An embed token's devices' orders, device by device (at most [`CONCURRENCY`] at once).
async fn read_devices(load: Load, devices: Vec<String>, now: CmpTime, cancel: CancelToken) {
    load.write(load.data.fleet, |s| {
        s.progress.total = devices.len() as u64;
        s.progress.status = LoadStatus::Loading;
    });
    load.write(load.data.counts, |s| {
        s.progress.total = 1;
        s.progress.status = LoadStatus::Loading;
    });
    let batches = fleet_batches(load, now, &cancel, true);
    let failure = RefCell::new(None);
    let read_one = |device: String| {
        let (batches, cancel) = (batches.clone(), cancel.clone());
        async move {
            let request = QueryOrderRequest {
                device_id: Some(device),
                ..QueryOrderRequest::default()
            };
            every_order_page(request, &cancel, |page| {
                let more = later_order_pages(&page).len() as u64;
                if page.page.cur_page_no <= 1 && more > 0 {
                    load.write(load.data.fleet, |s| s.progress.total += more);
                }
                batches.push(page);
            })
            .await
        }
    };
    run_bounded(
        devices.clone(),
        CONCURRENCY,
        &cancel,
        read_one,
        |_, result| {
            if let Err(error) = result {
                if error != ApiError::Aborted {
                    failure.borrow_mut().get_or_insert(error);
                }
                cancel.cancel();
            }
        },
    )
    .await;
    fold_last(load, &batches, now);
    let statuses = load.data.fleet.with_untracked(|s| s.value.statuses);
    load.write(load.data.counts, |s| s.value = statuses);
    let result = match failure.into_inner() {
        Some(error) => Err(error),
        None if cancel.is_cancelled() => Err(ApiError::Aborted),
        None => Ok(()),
    };
    load.finish(load.data.counts, result.clone());
    load.finish(load.data.fleet, result);
}

/// Every page of the traffic pools.
async fn read_pools(load: Load, cancel: CancelToken) {
    load.write(load.data.pools, |s| s.progress.status = LoadStatus::Loading);
    let result = every_pool_page(&cancel, |page| {
        load.write(load.data.pools, |s| {
            if s.progress.total == 0 {
                s.progress.total =
                    1 + crate::pools::every_pool::later_pool_pages(&page).len() as u64;
            }
            s.progress.done += 1;
            s.value.extend(page.rows);
        });
    })
    .await;
    load.finish(load.data.pools, result);
}

/// The stored events, newest first, until one is older than `since` (UTC).
async fn read_events(load: Load, since: CmpTime, cancel: CancelToken) {
    load.write(load.data.events, |s| {
        s.progress.status = LoadStatus::Loading
    });
    let signal = cancel.signal();
    let fetch = |page_no| event_history_under(page_no, MAX_EVENT_PAGE_SIZE, signal.as_ref());
    let mut page_no = 1;
    let result = loop {
        let page = match paced(&fetch, page_no, &cancel).await {
            Ok(page) => page,
            Err(error) => break Err(error),
        };
        let mut more = false;
        load.write(load.data.events, |s| {
            more = s.value.add_page(&page, since);
            s.progress.done += 1;
            s.progress.total = if more {
                page.page
                    .total_pages
                    .min(MAX_EVENT_PAGES)
                    .max(s.progress.done + 1)
            } else {
                s.progress.done
            };
        });
        if !more || page_no >= MAX_EVENT_PAGES {
            break Ok(());
        }
        page_no += 1;
    };
    load.finish(load.data.events, result);
}

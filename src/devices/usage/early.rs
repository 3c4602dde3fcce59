//! Starts a cold device page's usage load while the page's code is still downloading, and
//! ECharts with it. The release build fetches each group of pages' wasm when a page of the
//! group first opens (`src/split.rs`), and the device page's group is the largest; without
//! this, page 1 (which says how many pages follow), the pages after it and the chart
//! library were only asked for once that code had arrived and the page had mounted. The
//! lazy route's `data()` calls [`start`]; the page adopts the running load with [`take`]
//! when it shows the same device and dates.

use super::load::load_usage;
use super::range::{UsageRange, today};
use super::state::UsageState;
use crate::early::EarlySlot;
use crate::load::CancelToken;
use cmp_api::CmpTime;
use leptos::prelude::{ArcRwSignal, set_timeout};
use leptos_router::location::Url;
use std::time::Duration;

/// The device and the first and last day the early load is for.
type Key = (String, CmpTime, CmpTime);

/// A load started before its page: what it has fetched so far, and how to stop it.
pub struct EarlyLoad {
    /// What has arrived so far, written as the pages come in.
    pub state: ArcRwSignal<UsageState>,
    /// Stops the load (Cancel, leaving the page).
    pub cancel: CancelToken,
}

/// How long an early load waits to be adopted. The page mounts well within a second of
/// the route's `data()`; a load nobody adopts (the visitor moved on before the page's code
/// arrived) is stopped and dropped then, so it neither keeps fetching nor holds its records.
const ADOPT_WITHIN: Duration = Duration::from_secs(10);

thread_local! {
    static EARLY: EarlySlot<Key, EarlyLoad> = const { EarlySlot::new() };
}

/// The device id of a `/devices/:id` path, if the path is one and the id is valid.
pub fn device_of_path(path: &str) -> Option<String> {
    let id = path.strip_prefix("/devices/")?.trim_end_matches('/');
    cmp_api::validate::device_id(id).ok()
}

/// Starts the usage load the address names, and ECharts, once per app start
/// ([`EarlySlot::address_on_first_call`]), when the address is a device page with a valid
/// id and dates.
pub fn start() {
    if let Some(url) = EARLY.with(EarlySlot::address_on_first_call) {
        start_at(&url);
    }
}

/// Starts the usage load `url` names, and ECharts, when it is a device page with a valid id
/// and dates; replaces (and stops) an early load not yet adopted.
pub fn start_at(url: &Url) {
    let Some(device) = device_of_path(url.path()) else {
        return;
    };
    let range = UsageRange::from_lookup(|key| url.search_params().get(key));
    let Ok(dates) = range.dates(today()) else {
        return;
    };
    crate::ui::charts::echarts::prefetch();
    let state = ArcRwSignal::new(UsageState::starting(dates));
    let cancel = CancelToken::new();
    leptos::task::spawn_local(load_usage(
        device.clone(),
        dates,
        state.clone(),
        cancel.clone(),
    ));
    let this_load = cancel.clone();
    let replaced =
        EARLY.with(|early| early.offer((device, dates.0, dates.1), EarlyLoad { state, cancel }));
    if let Some(unadopted) = replaced {
        unadopted.cancel.cancel();
    }
    set_timeout(
        move || {
            let unadopted =
                EARLY.with(|early| early.take_if(|load| load.cancel.same_as(&this_load)));
            if let Some(load) = unadopted {
                load.cancel.cancel();
            }
        },
        ADOPT_WITHIN,
    );
}

/// The early load of `device` over `range`, if one was started for exactly those. Taken
/// once: whatever the first page asks for, the early load is then no longer offered, and
/// one for other dates or another device is stopped.
pub fn take(device: &str, range: (CmpTime, CmpTime)) -> Option<EarlyLoad> {
    let key = (device.to_owned(), range.0, range.1);
    EARLY.with(|early| early.take_for(&key, |other| other.cancel.cancel()))
}

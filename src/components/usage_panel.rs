//! The usage section of a device page: the range controls, then a load of every CDR page of
//! the range (restarted when the range changes, cancelled when the page is left), with its
//! progress, totals, charts and sessions.

use super::usage_charts::UsageCharts;
use super::usage_progress::UsageProgress;
use super::usage_range_picker::UsageRangePicker;
use super::usage_totals::UsageTotals;
use super::{ErrorView, sessions_table::SessionsTable};
use crate::usage::limiter::CancelToken;
use crate::usage::load::load_usage;
use crate::usage::range::UsageRange;
use crate::usage::state::{LoadStatus, UsageState};
use cmp_api::CmpTime;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::cell::RefCell;
use std::rc::Rc;

/// Today in platform time (the upstream's clock is treated as UTC, as elsewhere).
pub fn today() -> CmpTime {
    CmpTime::from_unix_millis(js_sys::Date::now() as i64).start_of_day()
}

/// Usage of `device_id` over `range`; `on_range` is called when the person picks another.
#[component]
pub fn UsagePanel(
    /// The device (a validated ICCID).
    device_id: String,
    /// The range, from the URL.
    #[prop(into)]
    range: Signal<UsageRange>,
    /// Called with a new range (the page puts it in the URL).
    #[prop(into)]
    on_range: Callback<UsageRange>,
) -> impl IntoView {
    let today = today();
    let dates = Memo::new(move |_| range.with(|r| r.dates(today)));
    let state = RwSignal::new(UsageState::default());
    let reload = RwSignal::new(0u32);
    let current: Rc<RefCell<Option<CancelToken>>> = Rc::default();

    let slot = current.clone();
    let device = device_id.clone();
    Effect::new(move |_| {
        reload.track();
        if let Some(old) = slot.borrow_mut().take() {
            old.cancel();
        }
        let Ok(span) = dates.get() else {
            state.set(UsageState::default());
            return;
        };
        let token = CancelToken::new();
        *slot.borrow_mut() = Some(token.clone());
        state.set(UsageState::starting(span));
        leptos::task::spawn_local(load_usage(device.clone(), span, state, token));
    });

    // Single-threaded wasm: the wrappers are only touched on the thread that made them.
    let on_leave = SendWrapper::new(current.clone());
    on_cleanup(move || {
        if let Some(token) = on_leave.borrow_mut().take() {
            token.cancel();
        }
    });
    let on_cancel_slot = SendWrapper::new(current);
    let on_cancel = Callback::new(move |()| {
        if let Some(token) = on_cancel_slot.borrow().as_ref() {
            token.cancel();
        }
        state.update(|s| {
            if s.is_running() {
                s.status = LoadStatus::Cancelled;
            }
        });
    });
    let retry = Callback::new(move |()| reload.update(|n| *n += 1));
    // A memo, so the section below is rebuilt only when this changes, not on every page.
    let failed_early = Memo::new(move |_| {
        state.with(|s| match &s.status {
            LoadStatus::Failed(e) if s.pages_done == 0 => Some(e.clone()),
            _ => None,
        })
    });

    let body = move || {
        match dates.get() {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="usage-invalid">{error.to_string()}</p>
        }
        .into_any(),
        Ok((start, end)) => {
            if let Some(error) = failed_early.get() {
                return view! { <ErrorView error on_retry=retry /> }.into_any();
            }
            let device_id = device_id.clone();
            view! {
                <UsageProgress state on_cancel on_retry=retry />
                <UsageTotals state />
                <UsageCharts state start end />
                <SessionsTable state device_id />
            }
            .into_any()
        }
    }
    };
    // The dates asked for and how far the load got, as attributes for scripts and tests
    // that must compare the page with the platform's own records.
    let day = move |pick: fn((CmpTime, CmpTime)) -> CmpTime| {
        dates.get().ok().map(|span| pick(span).iso_date())
    };
    let status = move || state.with(|s| s.status.name());
    view! {
        <section class="device-usage" aria-labelledby="usage-title" data-testid="usage-section"
            data-from=move || day(|(start, _)| start) data-to=move || day(|(_, end)| end)
            data-status=status>
            <h2 id="usage-title">"Usage"</h2>
            <p class="muted">
                {move || format!("Usage records for the {}. ", range.with(UsageRange::label))}
                "Times are the platform's local time, as sent by the upstream."
            </p>
            <UsageRangePicker current=range today on_change=on_range />
            {body}
        </section>
    }
}

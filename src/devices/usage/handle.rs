//! A usage load tied to the component that starts it: restarted when the dates change or
//! Retry is pressed, stopped by Cancel or when the component is unmounted. Shared by the
//! device page and the embedded usage view, so both load and cancel the same way. A load
//! the route started before the page's code arrived ([`super::early`]) is adopted, not
//! started again.

use super::early;
use super::load::load_usage;
use super::state::{LoadStatus, UsageState};
use crate::api::ApiError;
use crate::load::tied::tied_load;
use cmp_api::CmpTime;
use cmp_api::validate::ValidationError;
use leptos::prelude::*;

/// The signals and callbacks of one running usage load.
#[derive(Debug, Clone, Copy)]
pub struct UsageLoad {
    /// What has arrived so far.
    pub state: RwSignal<UsageState>,
    /// Starts the load again from page 1.
    pub retry: Callback<()>,
    /// Stops the load, keeping what arrived.
    pub cancel: Callback<()>,
    /// The error when the very first page failed (nothing to show but the error).
    pub failed_early: Memo<Option<ApiError>>,
}

impl UsageLoad {
    /// Loads the usage of `device_id` over `dates` (validated days) for as long as the
    /// current reactive owner lives.
    pub fn start(
        device_id: String,
        dates: Memo<Result<(CmpTime, CmpTime), ValidationError>>,
    ) -> UsageLoad {
        let adopted = dates
            .get_untracked()
            .ok()
            .and_then(|span| early::take(&device_id, span));
        let shared = adopted
            .as_ref()
            .map_or_else(ArcRwSignal::default, |load| load.state.clone());
        let state = RwSignal::from(shared.clone());
        let tied = tied_load(
            adopted.map(|load| load.cancel),
            move || dates.get(),
            move |dates, token| {
                let Ok(span) = dates else {
                    state.set(UsageState::default());
                    return;
                };
                state.set(UsageState::starting(span));
                leptos::task::spawn_local(load_usage(
                    device_id.clone(),
                    span,
                    shared.clone(),
                    token,
                ));
            },
        );
        let cancel = Callback::new(move |()| {
            tied.cancel.run(());
            state.update(|s| {
                if s.is_running() {
                    s.status = LoadStatus::Cancelled;
                }
            });
        });
        // A memo, so views built on it are rebuilt only when this changes, not on every page.
        let failed_early = Memo::new(move |_| {
            state.with(|s| match &s.status {
                LoadStatus::Failed(e) if s.pages_done == 0 => Some(e.clone()),
                _ => None,
            })
        });
        UsageLoad {
            state,
            retry: tied.reload,
            cancel,
            failed_early,
        }
    }
}

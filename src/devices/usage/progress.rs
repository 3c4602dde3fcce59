//! Progress of a usage load: a `<progress>` bar reading "12 of 23 pages" and a Cancel
//! button while it runs; a note when the figures are partial.

use super::state::{LoadStatus, UsageState};
use crate::ui::LoadProgress;
use leptos::prelude::*;

/// The progress line of `state`; `on_cancel` stops the load.
#[component]
pub fn UsageProgress(
    /// The load.
    #[prop(into)]
    state: Signal<UsageState>,
    /// Called by the Cancel button.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// Called by the "Load again" button of a partial result.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    let running = move || state.with(UsageState::is_running);
    let done = Signal::derive(move || state.with(|s| s.pages_done));
    let total = Signal::derive(move || state.with(|s| s.pages_total));
    let partial = move || {
        state.with(|s| {
            if !s.is_partial() {
                return None;
            }
            let why = match &s.status {
                LoadStatus::Cancelled => "You cancelled the load".to_owned(),
                LoadStatus::Failed(e) => format!("A page failed: {e}"),
                _ => String::new(),
            };
            Some(view! {
                <p class="notice notice-partial" data-testid="usage-partial" role="status">
                    {format!(
                        "Partial figures: {why}. They cover {} of {} pages ({} of {} records). ",
                        s.pages_done, s.pages_total.max(1), s.records.len(), s.total_count
                    )}
                    <button type="button" class="button button-quiet" on:click=move |_| on_retry.run(())>
                        "Load again"
                    </button>
                </p>
            })
        })
    };
    view! {
        <Show when=running>
            <LoadProgress done total on_cancel test_id="usage-progress" cancel_test_id="usage-cancel" />
        </Show>
        {partial}
    }
}

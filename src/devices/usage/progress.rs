//! Progress of a usage load: a `<progress>` bar reading "12 of 23 pages" and a Cancel
//! button while it runs; a note when the figures are partial.

use super::state::{LoadStatus, UsageState};
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
    let bar = move || {
        state.with(|s| {
            let max = s.pages_total.max(1).to_string();
            let value = s.pages_done.to_string();
            let text = s.progress_text();
            view! {
                <progress max=max value=value aria-label="Pages fetched"></progress>
                <span class="usage-progress-text" aria-live="polite">{text}</span>
            }
        })
    };
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
            <div class="usage-progress" data-testid="usage-progress">
                {bar}
                <button type="button" class="button button-quiet" data-testid="usage-cancel"
                    on:click=move |_| on_cancel.run(())>
                    "Cancel"
                </button>
            </div>
        </Show>
        {partial}
    }
}

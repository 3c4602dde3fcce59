//! The outcome of the last order action: the success message, or the platform's refusal
//! with what to do, announced to screen readers and dismissable.

use super::action_dialog::ActionOutcome;
use leptos::prelude::*;

/// Shows `outcome` while it is set; the close button clears it.
#[component]
pub fn OrderOutcome(
    /// The last action's outcome, if any.
    outcome: RwSignal<Option<ActionOutcome>>,
) -> impl IntoView {
    let content = move || {
        outcome.get().map(|ActionOutcome { ok, message }| {
            let class = if ok {
                "notice notice-ok outcome"
            } else {
                "notice notice-error outcome"
            };
            view! {
                <div class=class data-testid="action-outcome" data-ok=ok.to_string()>
                    <p class="notice-text">{message}</p>
                    <button
                        type="button"
                        class="button button-quiet button-small"
                        on:click=move |_| outcome.set(None)
                    >
                        "Dismiss"
                    </button>
                </div>
            }
        })
    };
    // The live region stays in the page so the message is announced when it appears.
    view! { <div class="outcome-region" role="status" aria-live="polite">{content}</div> }
}

//! An error a person can see: what failed, what to do, and a Retry button.

use crate::api::ApiError;
use leptos::prelude::*;

/// Shows `error` with a Retry button that calls `on_retry`.
#[component]
pub fn ErrorView(
    /// What went wrong.
    error: ApiError,
    /// Called when the Retry button is pressed.
    #[prop(into)]
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert" data-testid="error">
            <p class="notice-title">"Something went wrong"</p>
            <p class="notice-text">{error.to_string()}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "Retry"
            </button>
        </div>
    }
}

//! The progress line of a load of many pages: a `<progress>` bar reading "12 of 23 pages"
//! and a Cancel button, for the usage load and the Overview alike.

use crate::load::pages_text;
use leptos::prelude::*;

/// The bar, its words and Cancel, while the load runs (the caller shows it only then).
#[component]
pub fn LoadProgress(
    /// Pages that arrived.
    #[prop(into)]
    done: Signal<u64>,
    /// Pages the load takes (0 until the first page says).
    #[prop(into)]
    total: Signal<u64>,
    /// What is being read, before the page count, e.g. "Reading orders:"; may be empty.
    #[prop(optional, into)]
    label: Signal<String>,
    /// Called by the Cancel button.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// The line's `data-testid`.
    test_id: &'static str,
    /// The Cancel button's `data-testid`.
    cancel_test_id: &'static str,
) -> impl IntoView {
    let text = move || {
        let pages = pages_text(done.get(), total.get());
        let label = label.get();
        if label.is_empty() {
            pages
        } else {
            format!("{label} {pages}")
        }
    };
    view! {
        <div class="load-progress" data-testid=test_id>
            <progress
                max=move || total.get().max(1).to_string()
                value=move || done.get().to_string()
                aria-label="Pages fetched"
            ></progress>
            <span class="load-progress-text" aria-live="polite">{text}</span>
            <button type="button" class="button button-quiet" data-testid=cancel_test_id
                on:click=move |_| on_cancel.run(())>
                "Cancel"
            </button>
        </div>
    }
}

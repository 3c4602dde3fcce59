//! Shown instead of a page whose code could not be fetched (the release build loads each
//! group of pages on first use, see `src/split.rs`): says why that happens and offers a reload.

use leptos::prelude::*;

/// The page's code did not arrive; `on_reload` is called by the Reload button.
#[component]
pub fn PageCodeError(
    /// What the Reload button does (the app passes a full page reload).
    #[prop(into)]
    on_reload: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert" data-testid="page-code-error">
            <p class="notice-title">"This page could not be loaded"</p>
            <p class="notice-text">
                "Its code did not arrive: the connection may have dropped, or the dashboard was \
                 updated since this tab was opened. Reload to get the current version; nothing \
                 you saved is lost."
            </p>
            <button type="button" class="button" on:click=move |_| on_reload.run(())>
                "Reload"
            </button>
        </div>
    }
}

/// Reloads the whole page, fetching the current build.
pub fn reload_page() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

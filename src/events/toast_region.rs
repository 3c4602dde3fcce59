//! Notices for new live events and alerts that fire, in a polite live region at the corner
//! of the screen.

use super::service::{LiveEvents, is_firing};
use super::toasts::{TOAST_LIFETIME, Toasts};
use leptos::prelude::*;

/// Announces each new event of `live` as a notice that leaves after a few seconds.
#[component]
pub fn ToastRegion(
    /// The live events to announce.
    live: LiveEvents,
) -> impl IntoView {
    let toasts = Toasts::default();
    Effect::new(move |_| {
        if let Some(event) = live.last_event.get() {
            let id = toasts.announce(&event);
            set_timeout(move || toasts.dismiss(id), TOAST_LIFETIME);
        }
    });
    Effect::new(move |_| {
        if let Some(alert) = live.last_alert.get().filter(is_firing) {
            let id = toasts.announce_alert(&alert);
            set_timeout(move || toasts.dismiss(id), TOAST_LIFETIME);
        }
    });
    view! { <ToastList toasts /> }
}

/// The notices in `toasts`, each with a dismiss button.
#[component]
pub fn ToastList(
    /// The notices to show.
    toasts: Toasts,
) -> impl IntoView {
    view! {
        <div class="toasts" role="region" aria-label="Notifications" aria-live="polite">
            <For
                each=move || toasts.items.get()
                key=|toast| toast.id
                children=move |toast| {
                    let id = toast.id;
                    view! {
                        <div class="toast" data-testid="toast">
                            <span class="toast-text">{toast.text}</span>
                            <button
                                type="button"
                                class="toast-close"
                                aria-label="Dismiss notification"
                                on:click=move |_| toasts.dismiss(id)
                            >
                                "×"
                            </button>
                        </div>
                    }
                }
            />
        </div>
    }
}

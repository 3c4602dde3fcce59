//! The Pools page's loading skeleton: card shapes in grey while pools are on their way.

use leptos::prelude::*;

/// `cards` placeholder cards, announced politely to screen readers.
#[component]
pub fn PoolSkeleton(
    /// How many placeholder cards to draw.
    #[prop(default = 4)]
    cards: usize,
) -> impl IntoView {
    let cards = (0..cards)
        .map(|_| {
            view! {
                <div class="pool-card pool-card-skeleton" aria-hidden="true">
                    <span class="skeleton-bar" style="width: 60%"></span>
                    <span class="skeleton-bar skeleton-bar-tall" style="width: 35%"></span>
                    <span class="skeleton-bar" style="width: 100%"></span>
                    <span class="skeleton-bar" style="width: 80%"></span>
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="pool-grid" data-testid="loading" role="status" aria-live="polite">
            <span class="visually-hidden">"Loading traffic pools…"</span>
            {cards}
        </div>
    }
}

//! The loading skeleton: the table's shape in grey while data is on its way.

use leptos::prelude::*;

/// A placeholder table of `rows` shimmering rows.
#[component]
pub fn LoadingTable(
    /// How many placeholder rows to draw.
    #[prop(default = 8)]
    rows: usize,
) -> impl IntoView {
    let lines = (0..rows)
        .map(|i| {
            // Varying widths look like text rather than a grid of bars.
            let width = format!("width: {}%", 55 + (i * 17) % 40);
            view! { <div class="skeleton-row"><span class="skeleton-bar" style=width></span></div> }
        })
        .collect_view();
    view! {
        <div class="skeleton" data-testid="loading" role="status" aria-live="polite">
            <span class="visually-hidden">"Loading packages…"</span>
            {lines}
        </div>
    }
}

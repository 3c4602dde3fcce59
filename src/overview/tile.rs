//! One tile of the Overview: a title, a big figure and a line under it, in the state of the
//! source it is built on — a placeholder while nothing has arrived, the figure growing while
//! pages come in ("so far"), the source's error in words, or why this token cannot see it.
//! A tile with a link is one click target (its title is the link, stretched over the tile).
//! The sections below the tiles share the tile's states ([`Section`], [`no_figure_yet`]).

use super::sources::TileState;
use leptos::prelude::*;
use leptos_router::components::A;

/// A tile.
#[component]
pub fn Tile(
    /// The tile's heading.
    title: &'static str,
    /// How the tile's source stands.
    #[prop(into)]
    state: Signal<TileState>,
    /// The figure (a count, a volume).
    #[prop(into)]
    figure: Signal<String>,
    /// What the figure means, or the empty state's words.
    #[prop(into)]
    detail: Signal<String>,
    /// Where the tile leads; `None` in an embed frame.
    href: Option<String>,
    /// An extra class by level (`tile-warn`, `tile-critical`), or empty.
    #[prop(optional, into)]
    tone: Signal<&'static str>,
    /// The tile's `data-testid`.
    test_id: &'static str,
    /// More under the figure (a breakdown, a short list).
    #[prop(optional)]
    children: Option<ChildrenFn>,
) -> impl IntoView {
    let heading = match href {
        Some(href) => view! { <A href=href attr:class="tile-link">{title}</A> }.into_any(),
        None => title.into_any(),
    };
    let body = move || {
        let shown = state.get();
        if let Some(waiting) = no_figure_yet(&shown) {
            return waiting;
        }
        let note = match shown {
            TileState::Partial => Some("so far"),
            TileState::Cancelled => Some("partial: cancelled"),
            _ => None,
        };
        let more = children.clone().map(|more| more());
        view! {
            <p class="tile-figure" data-testid="tile-figure">
                {move || figure.get()}
                {note.map(|n| view! { <span class="tile-note">{n}</span> })}
            </p>
            <p class="tile-detail" data-testid="tile-detail">{move || detail.get()}</p>
            {more}
        }
        .into_any()
    };
    view! {
        <article
            class=move || format!("tile {}", tone.get())
            data-testid=test_id
            data-state=move || state.get().name()
            aria-busy=move || (!state.get().is_settled()).to_string()
        >
            <h2 class="tile-title">{heading}</h2>
            {body}
        </article>
    }
}

/// A section of the Overview below the tiles (the top devices, the closest to their limit):
/// a heading, and its content in the state of its source.
#[component]
pub fn Section(
    /// The heading.
    title: &'static str,
    /// The section's `data-testid`, and its heading's id with `-title`.
    id: &'static str,
    /// How the section's source stands.
    #[prop(into)]
    state: Signal<TileState>,
    /// The content.
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="overview-section" aria-labelledby=labelled_by data-testid=id
            data-state=move || state.get().name()>
            <h2 id=title_id>{title}</h2>
            {children()}
        </section>
    }
}

/// What a tile or section shows while its source has nothing to show yet: a placeholder
/// while loading, the error in words, or why this token cannot see it; `None` once there
/// are figures (in part or whole).
pub fn no_figure_yet(state: &TileState) -> Option<AnyView> {
    Some(match state {
        TileState::Loading => view! {
            <span class="skeleton-bar skeleton-bar-tall tile-skeleton" aria-hidden="true"></span>
            <span class="visually-hidden">"Loading…"</span>
        }
        .into_any(),
        TileState::Failed(error) => view! {
            <p class="tile-error" role="alert" data-testid="tile-error">{error.to_string()}</p>
        }
        .into_any(),
        TileState::Off(why) => view! { <p class="tile-off">{*why}</p> }.into_any(),
        _ => return None,
    })
}

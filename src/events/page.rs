//! `/events`: order-status events, newest first. The first page of the stored history,
//! with events arriving live added on top; older pages and a filter by order id or device
//! are kept in the URL query (`?page=2&q=L2019`).

use super::filter::EventFilter;
use super::log::merge_newest;
use super::query::{EVENTS_PAGE_SIZE, EventsQuery};
use super::service::{LiveEvents, use_live_events};
use super::table::EventTable;
use crate::api::ApiError;
use crate::api::events::{EventPage, event_history};
use crate::session::auth::Auth;
use crate::ui::PageNoun;
use crate::ui::Pager;
use crate::ui::{ErrorView, LoadingTable};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The Events page.
#[component]
pub fn EventsPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let live = use_live_events();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| EventsQuery::from_lookup(|k| p.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |(next, replace): (EventsQuery, bool)| {
        let options = NavigateOptions {
            replace,
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/events{}", next.to_query_string()), options);
    });
    let page_no = Memo::new(move |_| query.get().page);
    let history = LocalResource::new(move || {
        let page = page_no.get();
        async move {
            let result = event_history(page, EVENTS_PAGE_SIZE).await;
            if let Err(error) = &result {
                auth.note_error(error);
            }
            (page, result)
        }
    });
    let retry = Callback::new(move |()| history.refetch());
    let body = move || {
        let Some((page, result)) = history.get() else {
            return view! { <LoadingTable /> }.into_any();
        };
        if page != page_no.get() || matches!(result, Err(ApiError::Aborted)) {
            return view! { <LoadingTable /> }.into_any();
        }
        match result {
            Ok(found) => events_view(found, query, live, go).into_any(),
            Err(error) => view! { <ErrorView error on_retry=retry /> }.into_any(),
        }
    };
    view! {
        <section class="page" aria-labelledby="events-title">
            <div class="page-head">
                <h1 id="events-title">"Events"</h1>
                <p class="muted">
                    "Order status changes pushed by the platform, newest first. New ones appear on the first page as they arrive. Times as the platform sends them."
                </p>
            </div>
            <EventFilter query on_change=go />
            <div class="page-body">{body}</div>
        </section>
    }
}

/// The table (with live events on top of page 1), or the empty state, and the pager.
fn events_view(
    found: EventPage,
    query: Memo<EventsQuery>,
    live: LiveEvents,
    go: Callback<(EventsQuery, bool)>,
) -> impl IntoView {
    let stored = found.events;
    let rows = Signal::derive(move || {
        let q = query.get();
        let all = if q.page == 1 {
            live.events.with(|events| merge_newest(events, &stored))
        } else {
            stored.clone()
        };
        all.into_iter().filter(|e| q.matches(e)).collect::<Vec<_>>()
    });
    let info = found.page;
    let on_page = Callback::new(move |page| {
        go.run((
            EventsQuery {
                page,
                ..query.get_untracked()
            },
            false,
        ))
    });
    view! {
        <Show when=move || !rows.with(Vec::is_empty) fallback=move || empty_state(query.get())>
            <EventTable events=rows />
        </Show>
        {(info.total_pages > 1).then(|| view! { <Pager info noun=PageNoun::EVENTS label="Event history pages" on_page /> })}
    }
}

/// What to do when nothing is shown.
fn empty_state(query: EventsQuery) -> impl IntoView {
    let text = if query.is_filtered() {
        "No events on this page match that order or device. Check the id, clear the filter, or look at older pages."
    } else if query.page > 1 {
        "This page is past the oldest stored event. Go back to the first page."
    } else {
        "No order events yet. They appear here as soon as the platform reports an order being enabled, paused, cancelled or ended."
    };
    view! {
        <div class="notice notice-empty" data-testid="empty" role="status">
            <p class="notice-title">"No events to show"</p>
            <p class="notice-text">{text}</p>
        </div>
    }
}

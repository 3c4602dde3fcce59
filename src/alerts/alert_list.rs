//! The alerts of the page: open or all (in the URL), newest first, a page at a time, fetched
//! again whenever `changed` ticks (a live alert fired, resolved or was acknowledged). While a
//! new answer is on its way the rows shown stay put.

use super::alert_row::AlertRow;
use super::query::{ALERTS_PAGE_SIZE, AlertsQuery};
use crate::api::ApiError;
use crate::api::alerts::{self, AlertPage};
use crate::session::auth::Auth;
use crate::ui::{ErrorView, LoadingTable, PageNoun, Pager};
use leptos::prelude::*;

/// What the pager counts.
const ALERTS: PageNoun = PageNoun {
    one: "alert",
    many: "alerts",
};

/// The list for `query`; `go` navigates to another query.
#[component]
pub fn AlertList(
    /// The filter and page, from the URL.
    query: Memo<AlertsQuery>,
    /// Navigates to another filter or page.
    go: Callback<AlertsQuery>,
    /// Whether Acknowledge is offered.
    #[prop(into)]
    is_admin: Signal<bool>,
    /// Read to fetch again: anything that changes alerts (the live stream) ticks it.
    #[prop(into)]
    changed: Signal<u64>,
) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let acking = RwSignal::new(None::<u64>);
    let ack_error = RwSignal::new(None::<String>);
    let page = LocalResource::new(move || {
        let q = query.get();
        changed.track();
        async move {
            let result = alerts::list_alerts(q.open_only, q.page, ALERTS_PAGE_SIZE).await;
            if let Err(error) = &result {
                auth.note_error(error);
            }
            (q, result)
        }
    });
    let on_ack = Callback::new(move |id: u64| {
        if acking.get_untracked().is_some() {
            return;
        }
        acking.set(Some(id));
        ack_error.set(None);
        leptos::task::spawn_local(async move {
            let result = alerts::acknowledge(id).await;
            acking.try_set(None);
            match result {
                Ok(_) => page.refetch(),
                Err(ApiError::Aborted) => {}
                Err(error) => {
                    ack_error.try_set(Some(format!("Alert {id} was not acknowledged: {error}")));
                }
            }
        });
    });
    let body = move || {
        let Some((asked, result)) = page.get() else {
            return view! { <LoadingTable /> }.into_any();
        };
        if asked != query.get() || matches!(result, Err(ApiError::Aborted)) {
            return view! { <LoadingTable /> }.into_any();
        }
        match result {
            Ok(found) => rows(found, asked, is_admin.get(), acking, on_ack, go).into_any(),
            Err(error) => {
                view! { <ErrorView error on_retry=move |()| page.refetch() /> }.into_any()
            }
        }
    };
    view! {
        <p class="field-error" role="alert">{move || ack_error.get()}</p>
        {body}
    }
}

fn rows(
    found: AlertPage,
    asked: AlertsQuery,
    is_admin: bool,
    acking: RwSignal<Option<u64>>,
    on_ack: Callback<u64>,
    go: Callback<AlertsQuery>,
) -> impl IntoView {
    if found.alerts.is_empty() {
        return empty_state(&asked).into_any();
    }
    let info = found.page;
    let on_page = Callback::new(move |page| {
        go.run(AlertsQuery {
            page,
            ..asked.clone()
        })
    });
    view! {
        <ul class="alert-list" data-testid="alert-list">
            {found.alerts.into_iter().map(|alert| {
                let id = alert.id;
                view! {
                    <AlertRow
                        alert
                        can_ack=is_admin
                        acking=Signal::derive(move || acking.get() == Some(id))
                        on_ack
                    />
                }
            }).collect_view()}
        </ul>
        {(info.total_pages > 1).then(|| view! { <Pager info noun=ALERTS label="Alert pages" on_page /> })}
    }
    .into_any()
}

/// What to say when nothing is shown, and what to do.
fn empty_state(query: &AlertsQuery) -> impl IntoView {
    let text = if query.page > 1 {
        "This page is past the oldest alert. Go back to the first page."
    } else if query.open_only {
        "No open alerts — nothing needs attention. Show all alerts to see the history."
    } else {
        "No alerts yet — they appear here, in the bell and as a notice as soon as a rule's condition holds (rules are checked every few minutes, and at once for order pushes)."
    };
    view! {
        <div class="notice notice-empty" data-testid="alerts-empty" role="status">
            <p class="notice-title">"No alerts to show"</p>
            <p class="notice-text">{text}</p>
        </div>
    }
}

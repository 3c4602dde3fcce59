//! `/alerts`: the alerts the token may see, open or all (`?state=open`), newest first and
//! paged, kept current by the live stream; and the rules that fire them, which admins add,
//! edit, switch and delete here.

use super::alert_list::AlertList;
use super::query::AlertsQuery;
use super::rules::RulesSection;
use crate::session::role::use_is_admin;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The Alerts page.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| AlertsQuery::from_lookup(|k| p.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |next: AlertsQuery| {
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/alerts{}", next.to_query_string()), options);
    });
    let admin = use_is_admin();
    let is_admin = Signal::derive(move || admin.get() == Some(true));
    let changed = super::live::alert_changes();
    let on_state = move |ev: leptos::ev::Event| {
        go.run(AlertsQuery {
            open_only: event_target_value(&ev) == "open",
            page: 1,
        })
    };
    view! {
        <section class="page alerts-page" aria-labelledby="alerts-title">
            <div class="page-head">
                <h1 id="alerts-title">"Alerts"</h1>
                <p class="muted">
                    "Usage alerts fired by the rules below, newest first; new ones appear as they fire. Times in UTC."
                </p>
            </div>
            <div class="filters alerts-filters">
                <div class="field">
                    <label for="alerts-state">"Show"</label>
                    <select id="alerts-state" data-testid="alerts-state" on:change=on_state>
                        <option value="all" selected=move || !query.get().open_only>"All alerts"</option>
                        <option value="open" selected=move || query.get().open_only>"Open only"</option>
                    </select>
                </div>
            </div>
            <div class="page-body">
                <AlertList query go is_admin changed />
            </div>
            <RulesSection is_admin />
        </section>
    }
}

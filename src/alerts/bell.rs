//! The header's bell: how many alerts are open (asked with `GET /api/alerts?state=open`,
//! asked again whenever a live alert fires, resolves or is acknowledged), linking to the
//! Alerts page. Its label says the count in words ("2 open alerts").

use super::live::alert_changes;
use crate::api::alerts::open_alert_count;
use leptos::prelude::*;
use leptos_router::components::A;

/// The bell with the open-alert count.
#[component]
pub fn AlertBell() -> impl IntoView {
    let changed = alert_changes();
    let answer = LocalResource::new(move || {
        changed.track();
        async move { open_alert_count().await.ok() }
    });
    // The last count known stays up while a new one is asked, and when asking fails.
    let count = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        if let Some(Some(open)) = answer.get() {
            count.set(Some(open));
        }
    });
    let label = move || match count.get() {
        None => "Alerts".to_owned(),
        Some(1) => "1 open alert".to_owned(),
        Some(n) => format!("{n} open alerts"),
    };
    let class = move || {
        if count.get().unwrap_or(0) > 0 {
            "alert-bell alert-bell-active"
        } else {
            "alert-bell"
        }
    };
    view! {
        <A href="/alerts" attr:class=class attr:aria-label=label attr:data-testid="alert-bell" attr:title=label>
            // Drawn, not an emoji: a machine without an emoji font shows a box for 🔔.
            <svg class="alert-bell-icon" aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
                <path d="M13.7 21a2 2 0 0 1-3.4 0" />
            </svg>
            <span class="alert-bell-count" aria-hidden="true" data-testid="alert-bell-count">
                {move || count.get().map(|n| n.to_string()).unwrap_or_else(|| "–".into())}
            </span>
        </A>
    }
}

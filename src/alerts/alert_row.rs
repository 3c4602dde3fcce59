//! One alert: state, rule name, subject (linked), the sentence, its figures, when it fired,
//! resolved and was acknowledged (and by whom), an Acknowledge button for admins, and the
//! delivery log behind a disclosure button.

use super::delivery_log::DeliveryLog;
use super::figures::figures_text;
use super::subject::SubjectLink;
use super::time::utc_text;
use crate::api::alerts::{Alert, AlertState};
use leptos::prelude::*;

/// The alert `alert`; `on_ack` is offered to admins while it is unacknowledged.
#[component]
pub fn AlertRow(
    /// The alert.
    alert: Alert,
    /// Whether the Acknowledge button is shown (admins; the proxy checks again).
    can_ack: bool,
    /// Whether an acknowledgement of this alert is in flight.
    #[prop(into)]
    acking: Signal<bool>,
    /// Called with the alert's id to acknowledge it.
    #[prop(into)]
    on_ack: Callback<u64>,
) -> impl IntoView {
    let id = alert.id;
    let open = alert.state == AlertState::Open;
    let (badge, state) = if open {
        ("badge badge-critical", "Open")
    } else {
        ("badge badge-muted", "Resolved")
    };
    let figures = figures_text(&alert.figures);
    let mut times = vec![format!("Fired {}", utc_text(&alert.fired_at))];
    if let Some(at) = &alert.resolved_at {
        times.push(format!("resolved {}", utc_text(at)));
    }
    if let Some(at) = &alert.acknowledged_at {
        let by = alert.acknowledged_by.as_deref().unwrap_or("someone");
        times.push(format!("acknowledged {} by {by}", utc_text(at)));
    }
    let ack = (can_ack && alert.acknowledged_at.is_none()).then(|| {
        view! {
            <button
                type="button"
                class="button button-quiet"
                data-testid="alert-ack"
                disabled=move || acking.get()
                aria-busy=move || acking.get().to_string()
                on:click=move |_| on_ack.run(id)
            >
                {move || if acking.get() { "Acknowledging…" } else { "Acknowledge" }}
            </button>
        }
    });
    let log_open = RwSignal::new(false);
    let log_id = format!("alert-{id}-deliveries");
    view! {
        <li class="alert-item" class:alert-open=open data-testid="alert-row" data-alert-id=id.to_string() data-state=state.to_lowercase()>
            <div class="alert-main">
                <p class="alert-title">
                    <span class=badge>{state}</span>
                    " " <span class="alert-rule">{alert.rule_name}</span>
                </p>
                <SubjectLink subject=alert.subject />
                <p class="alert-sentence" data-testid="alert-sentence">{alert.sentence}</p>
                {(!figures.is_empty()).then(|| view! { <p class="alert-figures">{figures}</p> })}
                <p class="alert-times muted">{times.join(" · ")}</p>
            </div>
            <div class="alert-actions">
                {ack}
                <button
                    type="button"
                    class="button button-quiet"
                    data-testid="alert-deliveries"
                    aria-expanded=move || log_open.get().to_string()
                    aria-controls=log_id.clone()
                    on:click=move |_| log_open.update(|o| *o = !*o)
                >
                    {move || if log_open.get() { "Hide deliveries" } else { "Deliveries" }}
                </button>
            </div>
            <div id=log_id class="alert-log">
                <Show when=move || log_open.get()>
                    <DeliveryLog alert_id=id />
                </Show>
            </div>
        </li>
    }
}

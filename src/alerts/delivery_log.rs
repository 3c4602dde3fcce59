//! An alert's webhook deliveries, opened from its row: per webhook where it stands (pending
//! with the next try, delivered, given up) and every attempt with its status and outcome.

use super::time::utc_text;
use crate::api::alerts::{self, AlertDelivery, AttemptOutcome, DeliveryState};
use crate::ui::ErrorView;
use leptos::prelude::*;

/// The delivery log of alert `alert_id`, fetched when shown; Refresh asks again.
#[component]
pub fn DeliveryLog(
    /// The alert.
    alert_id: u64,
) -> impl IntoView {
    let log = LocalResource::new(move || alerts::deliveries(alert_id));
    let body = move || {
        let Some(result) = log.get() else {
            return view! { <p class="muted" role="status">"Loading the delivery log…"</p> }
                .into_any();
        };
        match result {
            Ok(found) if found.deliveries.is_empty() => view! {
                <p class="muted" data-testid="deliveries-empty">"No webhooks: this alert is shown in the dashboard only."</p>
            }
            .into_any(),
            Ok(found) => found
                .deliveries
                .into_iter()
                .map(|d| view! { <Delivery delivery=d /> })
                .collect_view()
                .into_any(),
            Err(error) => view! { <ErrorView error on_retry=move |()| log.refetch() /> }.into_any(),
        }
    };
    view! {
        <div class="delivery-log" data-testid="delivery-log">
            {body}
            <button type="button" class="button button-quiet button-small" on:click=move |_| log.refetch()>
                "Refresh"
            </button>
        </div>
    }
}

#[component]
fn Delivery(delivery: AlertDelivery) -> impl IntoView {
    let (class, state) = match delivery.state {
        DeliveryState::Pending => ("badge badge-warn", "pending"),
        DeliveryState::Delivered => ("badge badge-ok", "delivered"),
        DeliveryState::GaveUp => ("badge badge-critical", "gave up"),
    };
    let when = match delivery.state {
        DeliveryState::Pending => delivery
            .next_try_at
            .as_deref()
            .map(|t| format!("next try {}", utc_text(t))),
        DeliveryState::Delivered => delivery
            .delivered_at
            .as_deref()
            .map(|t| format!("delivered {}", utc_text(t))),
        DeliveryState::GaveUp => None,
    };
    let attempts = delivery.attempts;
    let rows = delivery
        .log
        .into_iter()
        .map(|a| {
            let outcome = match a.outcome {
                AttemptOutcome::Delivered => "delivered",
                AttemptOutcome::Failed => "failed",
                AttemptOutcome::Refused => "refused",
                AttemptOutcome::GaveUp => "gave up",
            };
            view! {
                <tr data-testid="delivery-attempt">
                    <td class="num">{a.attempt}</td>
                    <td>{utc_text(&a.at)}</td>
                    <td class="num">{a.status.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</td>
                    <td>{outcome}</td>
                    <td class="delivery-detail">{a.detail}</td>
                    <td>{a.next_try_at.as_deref().map(utc_text).unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="delivery" data-testid="delivery" data-state=state>
            <p class="delivery-head">
                <span class=class>{state}</span>
                " " <span class="mono delivery-url">{delivery.url}</span>
                " · " {format!("{attempts} attempt{}", if attempts == 1 { "" } else { "s" })}
                {when.map(|w| format!(" · {w}"))}
            </p>
            <div class="table-wrap">
                <table class="data-table delivery-table">
                    <thead>
                        <tr>
                            <th scope="col" class="num">"#"</th>
                            <th scope="col">"When"</th>
                            <th scope="col" class="num">"Status"</th>
                            <th scope="col">"Outcome"</th>
                            <th scope="col">"Detail"</th>
                            <th scope="col">"Next try"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </div>
    }
}

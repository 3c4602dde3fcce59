//! `/embed/orders?device_id=ID`: a device's plans as a read-only list (newest first as the
//! platform sends them): package, status, this cycle's usage and the dates. No actions.
//! An id that is not an ICCID (a MiFi, module or SoC device) is looked up as typed, with a
//! hint.
//! On a phone each plan becomes a small card (the cells carry their column name).

use super::frame::EmbedTitle;
use super::refusal::{Refusal, RefusalView};
use crate::api::ApiError;
use crate::api::orders::query_orders;
use crate::devices::id_hint::NotIccidHint;
use crate::orders::status_badge::OrderStatusBadge;
use cmp_api::{CmpTime, PackageOrder, QueryOrderRequest};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Orders shown: one page of the platform's largest size.
pub const ORDERS_SHOWN: u64 = 100;

/// The embedded order list of the device in `?device_id=`.
#[component]
pub fn OrdersEmbed() -> impl IntoView {
    let raw_id = use_query_map().with_untracked(|q| q.get("device_id").unwrap_or_default());
    let checked = cmp_api::validate::device_lookup(&raw_id);
    let title = if checked.as_ref().is_ok_and(|looked| looked.iccid) {
        format!("Plans of SIM {raw_id}")
    } else {
        format!("Plans of device {raw_id}")
    };
    let wanted = checked.clone().ok().map(|looked| looked.id);
    let orders = LocalResource::new(move || {
        let request = wanted.clone().map(|id| QueryOrderRequest {
            device_id: Some(id),
            page_no: Some(1),
            page_size: Some(ORDERS_SHOWN),
            ..Default::default()
        });
        async move {
            match request {
                Some(request) => Some(query_orders(&request).await),
                None => None,
            }
        }
    });
    let retry = Callback::new(move |()| orders.refetch());
    let subject = format!("device {raw_id}");
    let body = move || {
        match &checked {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="embed-invalid">
                {format!("The address needs ?device_id= with the device's id (a SIM's ICCID, or a MiFi, module or SoC id): {error}")}
            </p>
        }
        .into_any(),
        Ok(looked) => {
            let hint = (!looked.iccid).then(|| view! { <NotIccidHint /> });
            let shown = match orders.get().flatten() {
            None | Some(Err(ApiError::Aborted)) => view! {
                <p class="muted" data-testid="loading" role="status">"Loading the plans…"</p>
            }
            .into_any(),
            Some(Err(error)) => {
                let refusal = Refusal::from_error(error, &subject);
                view! { <RefusalView refusal on_retry=retry /> }.into_any()
            }
            Some(Ok(page)) if page.package_order.is_empty() => view! {
                <div class="notice notice-empty" role="status" data-testid="empty">
                    <p class="notice-title">"No plans yet"</p>
                    <p class="notice-text">"This device has no plans ordered."</p>
                </div>
            }
            .into_any(),
            Some(Ok(page)) => {
                let total = page.page.total_count;
                let shown = page.package_order.len();
                view! {
                    <OrdersTable orders=page.package_order />
                    {(total > shown as u64).then(|| view! {
                        <p class="muted" data-testid="embed-orders-more">
                            {format!("Showing the first {shown} of {total} plans.")}
                        </p>
                    })}
                }
                .into_any()
            }
        };
            view! { {hint} {shown} }.into_any()
        }
    }
    };
    view! {
        <section class="embed-page embed-orders" data-testid="embed-orders">
            <EmbedTitle text=title />
            {body}
        </section>
    }
}

/// The read-only table of `orders`.
#[component]
fn OrdersTable(
    /// The orders shown.
    orders: Vec<PackageOrder>,
) -> impl IntoView {
    let rows = orders.into_iter().map(order_row).collect_view();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Plans, scrollable">
            <table class="data-table embed-orders-table" data-testid="orders-table">
                <caption class="visually-hidden">"Plans of this SIM"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Plan"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Used this cycle"</th>
                        <th scope="col">"Activated"</th>
                        <th scope="col">"Expires"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn order_row(order: PackageOrder) -> impl IntoView {
    let used = order.used_flow.map(|kb| kb.bytes().human());
    let usage = match (used, order.usage_percent()) {
        (Some(used), Some(pct)) => format!("{used} ({})", cmp_api::format_percent(pct)),
        (Some(used), None) => used,
        _ => dash(),
    };
    view! {
        <tr data-testid="order-row">
            <td class="cell-name">
                {order.package_name.clone().unwrap_or_else(dash)}
                <span class="cell-sub mono" data-testid="order-code">{order.order_code.clone()}</span>
            </td>
            <td data-label="Status"><OrderStatusBadge status=order.order_status.clone() /></td>
            <td class="num" data-label="Used this cycle">{usage}</td>
            <td data-label="Activated">{date(order.active_date)}</td>
            <td data-label="Expires">{date(order.expire_date)}</td>
        </tr>
    }
}

fn date(time: Option<CmpTime>) -> String {
    time.map_or_else(dash, |t| t.iso_date())
}

fn dash() -> String {
    "—".to_owned()
}

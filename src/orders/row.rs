//! One order as a table row, with a disclosure button that shows its refuelling packages in
//! a row underneath, and the admin's action buttons.

use super::actions::{OrderAction, OrderActions};
use super::status_badge::OrderStatusBadge;
use crate::ui::usage_level::UsageLevel;
use cmp_api::{CmpTime, PackageOrder, RefuelingPackage};
use leptos::prelude::*;

/// Columns of the orders table, for the detail row's `colspan`.
pub const ORDER_COLUMNS: usize = 15;

/// The row of `order`; `on_action` gets the order and the action chosen for it.
#[component]
pub fn OrderRow(
    /// The order shown.
    order: PackageOrder,
    /// Whether the signed-in person is an admin.
    #[prop(into)]
    is_admin: Signal<bool>,
    /// Called with the order and the action whose button was pressed.
    #[prop(into)]
    on_action: Callback<(PackageOrder, OrderAction)>,
) -> impl IntoView {
    let expanded = RwSignal::new(false);
    let detail_id = format!("refuel-{}", order.order_code);
    let refuels = order.refueling_package_list.clone();
    // On phones, where each order is a card, the disclosure gets a label like the other
    // cells, and a disclosure cell with no button is left out.
    let (disclosure_class, disclosure_label) = if refuels.is_empty() {
        ("cell-disclosure cell-disclosure-none", None)
    } else {
        ("cell-disclosure", Some("Refuelling"))
    };
    let disclosure = (!refuels.is_empty()).then(|| {
        let label = format!(
            "Refuelling packages of order {} ({})",
            order.order_code,
            refuels.len()
        );
        view! {
            <button
                type="button"
                class="disclosure"
                aria-expanded=move || expanded.get().to_string()
                aria-controls=detail_id.clone()
                aria-label=label
                on:click=move |_| expanded.update(|e| *e = !*e)
            >
                <span aria-hidden="true">{move || if expanded.get() { "▾" } else { "▸" }}</span>
            </button>
        }
    });
    let usage = order.usage_percent();
    let bar = usage.map(|p| {
        let width = format!("width: {:.1}%", p.clamp(0.0, 100.0));
        let class = format!("usage {}", UsageLevel::of(p).class());
        view! {
            <span class=class title=format!("{} of this cycle's data used", cmp_api::format_percent(p))>
                <span class="usage-bar" aria-hidden="true"><span class="usage-fill" style=width></span></span>
                <span class="usage-text">{cmp_api::format_percent(p)}</span>
            </span>
        }
    });
    let package = order.package_name.clone().unwrap_or_else(dash);
    let package_code = order.package_code.clone().unwrap_or_default();
    let acting = order.clone();
    let on_row_action = Callback::new(move |action| on_action.run((acting.clone(), action)));
    let detail = (!refuels.is_empty()).then(|| {
        let items = refuels.into_iter().map(refuel_item).collect_view();
        view! {
            <tr class="order-detail" id=format!("refuel-{}", order.order_code) hidden=move || !expanded.get()>
                <td colspan=ORDER_COLUMNS.to_string()>
                    <p class="order-detail-title">"Refuelling packages"</p>
                    <ul class="refuel-list">{items}</ul>
                </td>
            </tr>
        }
    });
    view! {
        <tr data-testid="order-row">
            <td class=disclosure_class data-label=disclosure_label>{disclosure}</td>
            <td data-testid="order-code" class="mono cell-order">{order.order_code.clone()}</td>
            <td class="mono" data-label="Device">{order.device_id.clone().unwrap_or_else(dash)}</td>
            <td class="cell-name" data-label="Package">{package}<span class="cell-sub mono">{package_code}</span></td>
            <td data-label="Type">{order.package_type.as_ref().map_or_else(dash, |t| t.label())}</td>
            <td data-label="Status"><OrderStatusBadge status=order.order_status.clone() /></td>
            <td data-label="Buy type">{order.buy_type.as_ref().map_or_else(dash, |b| b.label())}</td>
            <td class="num" data-label="Period">{order.order_period.map_or_else(dash, |n| n.to_string())}</td>
            <td class="num" data-label="Data">{order.flow.map_or_else(dash, |mb| mb.bytes().human())}</td>
            <td class="num" data-label="Used">{order.used_flow.map_or_else(dash, |kb| kb.bytes().human())}</td>
            <td data-label="Usage">{bar.map_or_else(|| dash().into_any(), |b| b.into_any())}</td>
            <td data-label="Ordered">{date(order.order_date)}</td>
            <td data-label="Activated">{date(order.active_date)}</td>
            <td data-label="Expires">{date(order.expire_date)}</td>
            <td class="cell-actions">
                <OrderActions status=order.order_status.clone() is_admin on_action=on_row_action />
            </td>
        </tr>
        {detail}
    }
}

fn refuel_item(refuel: RefuelingPackage) -> impl IntoView {
    let flow = refuel
        .refpackage_flow
        .map_or_else(dash, |mb| mb.bytes().human());
    let status = refuel
        .refpackage_status
        .as_ref()
        .map_or_else(dash, |s| s.label());
    view! {
        <li>
            <span class="mono">{refuel.ref_order_id}</span>
            {format!(" · {flow} · ordered {} · {status}", date(refuel.refpackage_order_date))}
        </li>
    }
}

fn date(time: Option<CmpTime>) -> String {
    time.map_or_else(dash, |t| t.iso_date())
}

fn dash() -> String {
    "—".to_owned()
}

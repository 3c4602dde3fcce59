//! The device's started (or paused) order: package, status, dates, and the current cycle's
//! usage against its volume as a bar with human units, followed by its profiles.

use super::profiles::DeviceProfiles;
use crate::ui::usage_level::UsageLevel;
use cmp_api::{Bytes, PackageOrder};
use leptos::prelude::*;

/// "1.2 GB of 30 GB used this cycle (4.0 %)", or what is known when the volume is not.
pub fn usage_text(order: &PackageOrder) -> String {
    let used = order.used_flow.unwrap_or_default().bytes();
    match (order.flow.map(|f| f.bytes()), order.usage_percent()) {
        (Some(flow), Some(pct)) => format!(
            "{} of {} used this cycle ({})",
            used.human(),
            flow.human(),
            cmp_api::format_percent(pct)
        ),
        _ => format!(
            "{} used this cycle (no volume limit reported)",
            used.human()
        ),
    }
}

/// `code` in monospace with a line-break opportunity after its `ORDER_` prefix, so a phone
/// breaks it there instead of in the middle of the number.
fn order_code(code: String) -> impl IntoView {
    let (prefix, number) = match code.find('_') {
        Some(at) => {
            let (prefix, number) = code.split_at(at + 1);
            (prefix.to_owned(), number.to_owned())
        }
        None => (String::new(), code),
    };
    view! { <span class="mono">{prefix}<wbr />{number}</span> }
}

/// The order card with its usage bar and profiles table.
#[component]
pub fn DeviceOrder(
    /// The order.
    order: PackageOrder,
) -> impl IntoView {
    let percent = order.usage_percent();
    let level = percent.map_or(UsageLevel::Normal, UsageLevel::of).class();
    let width = format!("{:.1}%", percent.unwrap_or(0.0).clamp(0.0, 100.0));
    let total_used = order.order_used_flow.map(|kb| kb.bytes());
    let name = order
        .package_name
        .clone()
        .unwrap_or_else(|| "Unnamed package".to_owned());
    let text = usage_text(&order);
    let fact = |v: Option<String>| v.unwrap_or_else(|| "—".to_owned());
    view! {
        <section class="device-order" data-testid="device-order" aria-labelledby="order-title">
            <h2 id="order-title">"Current order"</h2>
            <p class="order-package">
                <strong>{name}</strong>
                " "
                <span class="muted">{fact(order.package_code.clone())}</span>
            </p>
            <div class=format!("order-flow-bar {level}") aria-hidden="true">
                <div class="order-flow-fill" style:width=width></div>
            </div>
            <p class="order-flow-text" data-testid="device-order-usage">{text}</p>
            <dl class="facts">
                <dt>"Order"</dt>
                <dd>{order_code(order.order_code.clone())}</dd>
                <dt>"Status"</dt>
                <dd>{fact(order.order_status.as_ref().map(|s| s.label()))}</dd>
                <dt>"Package type"</dt>
                <dd>{fact(order.package_type.as_ref().map(|t| t.label()))}</dd>
                <dt>"Cycles"</dt>
                <dd>{fact(order.order_period.map(|n| n.to_string()))}</dd>
                <dt>"Ordered"</dt>
                <dd>{fact(order.order_date.map(|t| t.to_string()))}</dd>
                <dt>"Active from"</dt>
                <dd>{fact(order.active_date.map(|t| t.iso_date()))}</dd>
                <dt>"Expires"</dt>
                <dd>{fact(order.expire_date.map(|t| t.iso_date()))}</dd>
                <dt>"Used over the whole order"</dt>
                <dd>{fact(total_used.map(Bytes::human))}</dd>
            </dl>
            <DeviceProfiles profiles=order.profile_list.clone() />
        </section>
    }
}

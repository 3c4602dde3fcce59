//! The Orders page's filter bar: device id, order code, status, the share of the cycle's
//! volume used, and page size. Text boxes apply on submit (Enter or the Search button), so
//! each keystroke does not query the platform.

use super::query::{OrdersQuery, USAGE_CHOICES};
use crate::ui::paging::page_size_options;
use crate::ui::select_options::select_options;
use cmp_api::OrderStatus;
use leptos::prelude::*;

/// The filters; `on_change` gets the new state to navigate to.
#[component]
pub fn OrderFilters(
    /// The state shown, read from the URL.
    #[prop(into)]
    query: Signal<OrdersQuery>,
    /// Called with the new state.
    #[prop(into)]
    on_change: Callback<OrdersQuery>,
) -> impl IntoView {
    let device = RwSignal::new(query.get_untracked().device);
    let order = RwSignal::new(query.get_untracked().order);
    // Back and Forward change the URL: the boxes follow it.
    Effect::new(move |_| {
        let q = query.get();
        device.set(q.device);
        order.set(q.order);
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let current = query.get_untracked();
        let next = current.with_filters(
            device.get_untracked().trim(),
            order.get_untracked().trim(),
            current.status.clone(),
        );
        on_change.run(next);
    };
    let set_status = move |code: String| {
        let current = query.get_untracked();
        let status = (!code.is_empty()).then(|| OrderStatus::from_code(&code));
        on_change.run(current.with_filters(&current.device, &current.order, status));
    };
    let set_size = move |size: String| {
        let current = query.get_untracked();
        let size = size.parse().unwrap_or(current.size);
        on_change.run(OrdersQuery {
            page: 1,
            size,
            ..current
        });
    };
    let set_usage = move |value: String| {
        let usage = value.parse().ok();
        on_change.run(query.get_untracked().with_usage(usage));
    };
    let clear = move |_| {
        let cleared = query
            .get_untracked()
            .with_filters("", "", None)
            .with_usage(None);
        on_change.run(cleared);
    };
    // The choices, and a percent a URL asked for that is not one of them, so it shows.
    let usage_options = move || {
        let current = query.get().usage;
        let mut choices = USAGE_CHOICES.to_vec();
        if let Some(asked) = current.filter(|u| !choices.contains(u)) {
            choices.push(asked);
            choices.sort_unstable();
        }
        choices
            .into_iter()
            .map(|percent| {
                view! {
                    <option value=percent.to_string() selected=current == Some(percent)>
                        {format!("≥ {percent} %")}
                    </option>
                }
            })
            .collect_view()
    };
    let status_options = select_options(
        OrderStatus::ALL,
        |s| s.code().to_owned(),
        |s| s.label(),
        move |s| query.get().status.as_ref() == Some(*s),
    );
    let size_options = page_size_options(move || query.get().size);
    view! {
        <form class="filters" role="search" aria-label="Filter orders" on:submit=submit>
            <div class="field field-wide">
                <label for="order-device">"Device id"</label>
                <input id="order-device" type="search" inputmode="numeric" autocomplete="off"
                    placeholder="All or part of an ICCID"
                    prop:value=move || device.get()
                    on:input=move |ev| device.set(event_target_value(&ev)) />
            </div>
            <div class="field field-wide">
                <label for="order-code">"Order code"</label>
                <input id="order-code" type="search" autocomplete="off" placeholder="ORDER_…"
                    prop:value=move || order.get()
                    on:input=move |ev| order.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="order-status">"Status"</label>
                <select id="order-status" on:change=move |ev| set_status(event_target_value(&ev))>
                    <option value="" selected=move || query.get().status.is_none()>"Any status"</option>
                    {status_options}
                </select>
            </div>
            <div class="field">
                <label for="order-usage">"Used this cycle"</label>
                <select id="order-usage" data-testid="order-usage"
                    on:change=move |ev| set_usage(event_target_value(&ev))>
                    <option value="" selected=move || query.get().usage.is_none()>"Any share"</option>
                    {usage_options}
                </select>
            </div>
            <div class="field">
                <label for="order-page-size">"Per page"</label>
                <select id="order-page-size" on:change=move |ev| set_size(event_target_value(&ev))>
                    {size_options}
                </select>
            </div>
            <button type="submit" class="button">"Search"</button>
            <Show when=move || query.get().is_filtered()>
                <button type="button" class="button button-quiet" on:click=clear>"Clear filters"</button>
            </Show>
        </form>
    }
}

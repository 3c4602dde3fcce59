//! A known device at a glance: its flags, its lifecycle stage and its running order (or a
//! sentence saying it has none). Shared by the device page and the embedded status card.

use super::flags::DeviceFlags;
use super::lifecycle::DeviceLifecycle;
use super::order::DeviceOrder;
use cmp_api::DeviceInfo;
use leptos::prelude::*;

/// Flags, lifecycle and order of `info`; `no_order` is shown when nothing is running.
#[component]
pub fn DeviceOverview(
    /// The device as the platform describes it.
    info: DeviceInfo,
    /// The sentence shown when the device has no started or paused order.
    no_order: &'static str,
) -> impl IntoView {
    let order = info.package_order.clone();
    view! {
        <DeviceFlags device=info.clone() />
        <DeviceLifecycle
            current=info.lifecycle.clone()
            start=info.lifecycle_start_time
            end=info.lifecycle_end_time
            silent_months=info.lifecycle_silent_period
            shutdown_months=info.lifecycle_shutdown_period
        />
        {match order {
            Some(order) => view! { <DeviceOrder order /> }.into_any(),
            None => view! { <p class="notice" data-testid="device-no-order">{no_order}</p> }.into_any(),
        }}
    }
}

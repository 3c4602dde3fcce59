//! What an alert is about, as a link: a device (or an order's device) to `/devices/:id`, a
//! pool to `/pools`.

use crate::api::alerts::AlertSubject;
use leptos::prelude::*;
use leptos_router::components::A;

/// The subject of an alert, linked to its page.
#[component]
pub fn SubjectLink(
    /// The subject.
    subject: AlertSubject,
) -> impl IntoView {
    match subject {
        AlertSubject::Device {
            device_id,
            order_code,
        } => view! {
            <span class="alert-subject">
                "Device " <A href=format!("/devices/{}", encode(&device_id))><span class="mono">{device_id}</span></A>
                <span class="cell-sub">"order " <span class="mono">{order_code}</span></span>
            </span>
        }
        .into_any(),
        AlertSubject::Order {
            order_code,
            device_id,
        } => view! {
            <span class="alert-subject">
                "Order " <span class="mono">{order_code}</span>
                <span class="cell-sub">"device " <A href=format!("/devices/{}", encode(&device_id))><span class="mono">{device_id}</span></A></span>
            </span>
        }
        .into_any(),
        AlertSubject::Pool { pool_id, pool_name } => {
            let name = if pool_name.is_empty() {
                pool_id.clone()
            } else {
                pool_name
            };
            view! {
                <span class="alert-subject">
                    "Pool " <A href="/pools">{name}</A>
                    <span class="cell-sub mono">{pool_id}</span>
                </span>
            }
            .into_any()
        }
    }
}

fn encode(id: &str) -> String {
    String::from(js_sys::encode_uri_component(id))
}

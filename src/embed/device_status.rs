//! `/embed/devices/:id`: a device's status card: feature flags, lifecycle stage and the
//! running order with its usage bar. An id that is not an ICCID (a MiFi, module or SoC
//! device) is looked up as typed, with a hint.

use super::frame::EmbedTitle;
use super::refusal::{Refusal, RefusalView};
use crate::api::ApiError;
use crate::api::devices::query_device;
use crate::devices::id_hint::NotIccidHint;
use crate::devices::overview::DeviceOverview;
use cmp_api::DeviceInfo;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The embedded status card of the device in the path.
#[component]
pub fn DeviceStatusEmbed() -> impl IntoView {
    let raw_id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let checked = cmp_api::validate::device_lookup(&raw_id);
    let is_sim = checked.as_ref().is_ok_and(|looked| looked.iccid);
    let title = if is_sim {
        format!("SIM {raw_id}")
    } else {
        format!("Device {raw_id}")
    };
    let wanted = checked.clone().ok().map(|looked| looked.id);
    let device = LocalResource::new(move || {
        let wanted = wanted.clone();
        async move {
            match wanted {
                Some(id) => Some(query_device(&id).await),
                None => None,
            }
        }
    });
    let retry = Callback::new(move |()| device.refetch());
    let subject = format!("device {raw_id}");
    let body = move || {
        match &checked {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="embed-invalid">{error.to_string()}</p>
        }
        .into_any(),
        Ok(looked) => {
            let hint = (!looked.iccid).then(|| view! { <NotIccidHint /> });
            let shown = match device.get().flatten() {
                None | Some(Err(ApiError::Aborted)) => loading().into_any(),
                Some(Err(error)) => {
                    let refusal = Refusal::from_error(error, &subject);
                    view! { <RefusalView refusal on_retry=retry /> }.into_any()
                }
                Some(Ok(info)) => card(info, looked.iccid).into_any(),
            };
            view! { {hint} {shown} }.into_any()
        }
    }
    };
    view! {
        <section class="embed-page embed-device" data-testid="embed-device">
            <EmbedTitle text=title />
            {body}
        </section>
    }
}

fn loading() -> impl IntoView {
    view! { <p class="muted" data-testid="loading" role="status">"Loading the device's status…"</p> }
}

/// Flags, lifecycle and the running order of a device the platform knows.
fn card(info: DeviceInfo, is_sim: bool) -> impl IntoView {
    let no_order = if is_sim {
        "This SIM has no running or paused plan."
    } else {
        "This device has no running or paused plan."
    };
    view! {
        <div class="device-summary embed-device-card">
            <DeviceOverview info no_order />
        </div>
    }
}

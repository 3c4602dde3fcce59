//! `/devices`: look a device up by its ICCID or another device's id; a valid id opens
//! `/devices/:id`.

use super::id_field::DeviceIdField;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

/// The device lookup page.
#[component]
pub fn DevicesPage() -> impl IntoView {
    let navigate = use_navigate();
    let open = Callback::new(move |id: String| {
        navigate(&format!("/devices/{id}"), NavigateOptions::default());
    });
    view! {
        <section class="page" aria-labelledby="devices-title">
            <div class="page-head">
                <h1 id="devices-title">"Devices"</h1>
                <p class="muted">
                    "Enter a SIM's ICCID to see its lifecycle, its current order and its data usage, or a MiFi, module or SoC device's id to see its details and orders."
                </p>
            </div>
            <div class="page-body">
                <DeviceIdField on_submit=open />
            </div>
        </section>
    }
}

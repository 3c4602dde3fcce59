//! The sessions CSV download: builds the file with [`sessions_csv`] and saves it through a
//! Blob URL, so nothing leaves the browser.

use super::sort::sessions_csv;
use crate::devices::usage::state::UsageState;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Offers `csv` as a download named `file_name`; `false` when the browser refused.
pub fn download_csv(file_name: &str, csv: &str) -> bool {
    (|| -> Option<()> {
        let parts = js_sys::Array::of1(&JsValue::from_str(csv));
        let bag = web_sys::BlobPropertyBag::new();
        bag.set_type("text/csv;charset=utf-8");
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &bag).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let document = web_sys::window()?.document()?;
        let link: web_sys::HtmlAnchorElement =
            document.create_element("a").ok()?.dyn_into().ok()?;
        link.set_href(&url);
        link.set_download(file_name);
        link.click();
        // The click has started the download; the URL is no longer needed.
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    })()
    .is_some()
}

/// An "Export CSV" button for every record of `state`, oldest first.
#[component]
pub fn SessionsExport(
    /// The load.
    #[prop(into)]
    state: Signal<UsageState>,
    /// The device, for the file name.
    device_id: String,
) -> impl IntoView {
    let failed = RwSignal::new(false);
    let export = move |_| {
        let (csv, name) = state.with(|s| {
            let order =
                super::sort::sorted_indices(&s.records, super::sort::SessionSort::OldestFirst);
            let name = match s.range {
                Some((a, b)) => {
                    format!("sessions-{device_id}-{}-{}.csv", a.iso_date(), b.iso_date())
                }
                None => format!("sessions-{device_id}.csv"),
            };
            (sessions_csv(order.iter().map(|&i| &s.records[i])), name)
        });
        failed.set(!download_csv(&name, &csv));
    };
    view! {
        <button type="button" class="button" data-testid="sessions-export" on:click=export
            disabled=move || state.with(|s| s.records.is_empty())>
            "Export CSV"
        </button>
        <Show when=move || failed.get()>
            <span class="field-error" role="alert">"The browser did not start the download; try again."</span>
        </Show>
    }
}

//! The sessions CSV download: builds the file with [`sessions_csv`] and offers it with
//! [`download_csv`], so nothing leaves the browser.

use super::csv::sessions_csv;
use crate::devices::usage::state::UsageState;
use crate::ui::download::download_csv;
use leptos::prelude::*;

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

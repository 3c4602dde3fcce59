//! The profiles (ICCID, IMSI, MSISDN) of an order as a table.

use cmp_api::Profile;
use leptos::prelude::*;

/// One row per profile; an empty list says so.
#[component]
pub fn DeviceProfiles(
    /// The order's profiles.
    profiles: Vec<Profile>,
) -> impl IntoView {
    if profiles.is_empty() {
        return view! { <p class="muted">"This order lists no profiles."</p> }.into_any();
    }
    let rows = profiles
        .into_iter()
        .map(|p| {
            view! {
                <tr data-testid="device-profile-row">
                    <td class="mono">{p.iccid}</td>
                    <td class="mono">{p.imsi}</td>
                    <td class="mono">{p.msisdn}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="data-table device-profiles">
                <caption>"Profiles"</caption>
                <thead>
                    <tr>
                        <th scope="col">"ICCID"</th>
                        <th scope="col">"IMSI"</th>
                        <th scope="col">"MSISDN"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

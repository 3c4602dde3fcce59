//! `/devices/:id`: one device — its flags, lifecycle and current order (queryDevice), and
//! its usage over the range in the URL (`?range=30` or `?from=&to=`). An id that is not an
//! ICCID (a MiFi, module or SoC device) is looked up as typed, with a hint; CDRs are kept
//! per SIM, so its usage section says so instead of loading any.

use super::id_field::DeviceIdField;
use super::id_hint::{NoUsageForNonSim, NotIccidHint};
use super::overview::DeviceOverview;
use super::usage::panel::UsagePanel;
use super::usage::range::UsageRange;
use crate::api::ApiError;
use crate::api::devices::query_device;
use crate::session::auth::Auth;
use crate::ui::ErrorView;
use cmp_api::DeviceInfo;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

/// The device page.
#[component]
pub fn DeviceDetailPage() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let params = use_params_map();
    let raw_id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let checked = Memo::new(move |_| raw_id.with(|id| cmp_api::validate::device_lookup(id)));
    let query = use_query_map();
    let range = Memo::new(move |_| query.with(|q| UsageRange::from_lookup(|k| q.get(k))));
    let navigate = use_navigate();
    let nav = navigate.clone();
    let on_range = Callback::new(move |next: UsageRange| {
        let Ok(cmp_api::validate::LookupId { id, .. }) = checked.get_untracked() else {
            return;
        };
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        nav(&format!("/devices/{id}{}", next.to_query_string()), options);
    });
    let open = Callback::new(move |id: String| {
        navigate(&format!("/devices/{id}"), NavigateOptions::default());
    });
    let device = LocalResource::new(move || {
        let id = checked.get().map(|looked| looked.id);
        async move {
            let id = id.ok()?;
            let result = query_device(&id).await;
            if let Err(error) = &result {
                auth.note_error(error);
            }
            Some((id, result))
        }
    });
    let retry = Callback::new(move |()| device.refetch());
    let body = move || match checked.get() {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="error">{error.to_string()}</p>
            <DeviceIdField initial=raw_id.get_untracked() on_submit=open />
        }
        .into_any(),
        Ok(looked) => {
            let hint = (!looked.iccid).then(|| view! { <NotIccidHint /> });
            let shown = match device.get().flatten() {
                Some((asked, result)) if asked == looked.id => match result {
                    Err(ApiError::Aborted) => loading().into_any(),
                    Err(error) => view! { <ErrorView error on_retry=retry /> }.into_any(),
                    Ok(info) => details(info).into_any(),
                },
                _ => loading().into_any(),
            };
            view! { {hint} {shown} }.into_any()
        }
    };
    // The usage section depends only on the id, so reloading the device keeps its charts.
    let usage = move || {
        checked.get().ok().map(|looked| {
            if looked.iccid {
                view! { <UsagePanel device_id=looked.id range on_range /> }.into_any()
            } else {
                no_usage().into_any()
            }
        })
    };
    view! {
        <section class="page device-page" aria-labelledby="device-title">
            <div class="page-head">
                <h1 id="device-title">"Device " <span class="mono">{move || raw_id.get()}</span></h1>
                <p class="muted"><a href="/devices">"Look up another device"</a></p>
            </div>
            <div class="page-body device-summary">{body}</div>
            {usage}
        </section>
    }
}

/// The usage section of a device that is not a SIM: no CDRs to load, and why.
fn no_usage() -> impl IntoView {
    view! {
        <section class="device-usage" aria-labelledby="usage-title" data-testid="usage-section">
            <h2 id="usage-title">"Usage"</h2>
            <NoUsageForNonSim />
        </section>
    }
}

fn loading() -> impl IntoView {
    view! { <p class="muted" data-testid="loading" role="status">"Loading the device…"</p> }
}

/// Flags, lifecycle and order of a device the platform knows.
fn details(info: DeviceInfo) -> impl IntoView {
    view! { <DeviceOverview info no_order="This device has no started or paused order." /> }
}

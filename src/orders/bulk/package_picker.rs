//! Choosing the package to order: a search box over the whole catalogue narrows a list box
//! of packages; the choice is summarised underneath (type, volume, buy type, status).

use crate::api;
use crate::session::auth::Auth;
use crate::ui::select_options::select_options;
use crate::ui::{ErrorView, LoadingTable};
use cmp_api::{Package, PackageStatus};
use leptos::prelude::*;
use std::sync::Arc;

/// Packages the list box shows at most, so a large catalogue stays usable.
const SHOWN: usize = 50;

/// The picker; `selected` holds the chosen package code (empty: none yet).
#[component]
pub fn BulkPackagePicker(
    /// The chosen package code.
    selected: RwSignal<String>,
    /// Whether changing the choice is locked (while or after sending).
    #[prop(into)]
    locked: Signal<bool>,
) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let search = RwSignal::new(String::new());
    let catalogue = LocalResource::new(move || async move {
        let result = api::all_packages().await.map(Arc::new);
        if let Err(error) = &result {
            auth.note_error(error);
        }
        result
    });
    let retry = Callback::new(move |()| catalogue.refetch());
    let body = move || {
        let all = match catalogue.get() {
            None => return view! { <LoadingTable rows=3 /> }.into_any(),
            Some(Err(error)) => return view! { <ErrorView error on_retry=retry /> }.into_any(),
            Some(Ok(all)) => all,
        };
        let list = {
            let all = all.clone();
            move || {
                let q = search.get().trim().to_lowercase();
                let chosen = selected.get();
                let shown: Vec<(String, String)> = all
                    .iter()
                    .filter(|p| {
                        p.package_code == chosen
                            || q.is_empty()
                            || p.package_name.to_lowercase().contains(&q)
                            || p.package_code.to_lowercase().contains(&q)
                    })
                    .take(SHOWN)
                    .map(|p| (p.package_code.clone(), option_text(p)))
                    .collect();
                select_options(
                    shown,
                    |(code, _)| code.clone(),
                    |(_, text)| text.clone(),
                    move |(code, _)| *code == chosen,
                )
            }
        };
        let summary = move || {
            let chosen = selected.get();
            all.iter()
                .find(|p| p.package_code == chosen)
                .map(summary)
                .or_else(|| {
                    (!chosen.is_empty()).then(|| {
                        view! {
                    <p class="field-error" role="alert">
                        {format!("Package {chosen} is not in the catalogue; choose another one.")}
                    </p>
                }.into_any()
                    })
                })
        };
        view! {
            <label for="bulk-package-search">"Search the catalogue"</label>
            <input id="bulk-package-search" type="search" autocomplete="off"
                placeholder="Package name or code" disabled=move || locked.get()
                prop:value=move || search.get()
                on:input=move |ev| search.set(event_target_value(&ev)) />
            <label for="bulk-package">"Package"</label>
            <select id="bulk-package" data-testid="bulk-package" size="6" required
                disabled=move || locked.get()
                on:change=move |ev| selected.set(event_target_value(&ev))>
                {list}
            </select>
            {summary}
        }
        .into_any()
    };
    view! { <div class="field-block bulk-package">{body}</div> }
}

fn option_text(p: &Package) -> String {
    let flow = p.flow.map(|mb| mb.bytes().human()).unwrap_or_default();
    format!("{} · {} · {flow}", p.package_name, p.package_code)
}

fn summary(p: &Package) -> AnyView {
    let kind = p
        .package_type
        .as_ref()
        .map(|t| t.label())
        .unwrap_or_default();
    let buy = p.buy_type.as_ref().map(|b| b.label()).unwrap_or_default();
    let flow = p.flow.map(|mb| mb.bytes().human()).unwrap_or_default();
    let obsolete = p.status == Some(PackageStatus::Obsolete);
    view! {
        <p class="bulk-chosen" data-testid="bulk-chosen">
            "Chosen: " <strong>{p.package_name.clone()}</strong>
            {format!(" ({}) — {kind}, {flow} per cycle, {buy}", p.package_code)}
        </p>
        {obsolete.then(|| view! {
            <p class="field-error">"This package is obsolete; the platform will likely refuse new orders for it."</p>
        })}
    }
    .into_any()
}

//! Search box, country and type filters, and page size of the Packages page.

use crate::packages::query::PackagesQuery;
use crate::ui::paging::page_size_options;
use crate::ui::select_options::select_options;
use cmp_api::PackageType;
use leptos::prelude::*;

/// The filter bar. `on_change` gets the new state and whether it should replace the
/// current history entry (typing on in a box) rather than add one.
#[component]
pub fn PackageFilters(
    /// The state shown, read from the URL.
    #[prop(into)]
    query: Signal<PackagesQuery>,
    /// Country names to suggest.
    #[prop(into)]
    countries: Signal<Vec<String>>,
    /// Called with `(new state, replace history entry)`.
    #[prop(into)]
    on_change: Callback<(PackagesQuery, bool)>,
) -> impl IntoView {
    let set_text = move |q: Option<String>, country: Option<String>| {
        let current = query.get_untracked();
        // The first keystroke adds a history entry (Back returns to the unfiltered view);
        // later keystrokes in the same box replace it, so Back is not one letter at a time.
        let replace = (q.is_some() && !current.q.is_empty())
            || (country.is_some() && !current.country.is_empty());
        let q = q.unwrap_or_else(|| current.q.clone());
        let country = country.unwrap_or_else(|| current.country.clone());
        let next = current.with_filters(&q, &country, current.package_type.clone());
        on_change.run((next, replace));
    };
    let set_type = move |code: String| {
        let current = query.get_untracked();
        let package_type = (!code.is_empty()).then(|| PackageType::from_code(&code));
        on_change.run((
            current.with_filters(&current.q, &current.country, package_type),
            false,
        ));
    };
    let set_size = move |size: String| {
        let current = query.get_untracked();
        let size = size.parse().unwrap_or(current.size);
        on_change.run((
            PackagesQuery {
                page: 1,
                size,
                ..current
            },
            false,
        ));
    };
    let clear = move |_| {
        let current = query.get_untracked();
        on_change.run((current.with_filters("", "", None), false));
    };
    let type_options = select_options(
        PackageType::ALL,
        |t| t.code().to_owned(),
        |t| t.label(),
        move |t| query.get().package_type.as_ref() == Some(*t),
    );
    let size_options = page_size_options(move || query.get().size);
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <div class="field field-grow">
                <label for="package-search">"Search"</label>
                <input
                    id="package-search"
                    type="search"
                    placeholder="Package name or code"
                    autocomplete="off"
                    prop:value=move || query.get().q
                    on:input=move |ev| set_text(Some(event_target_value(&ev)), None)
                />
            </div>
            <div class="field field-wide">
                <label for="package-country">"Country"</label>
                <input
                    id="package-country"
                    type="text"
                    list="package-country-options"
                    placeholder="Any country or MCC"
                    autocomplete="off"
                    prop:value=move || query.get().country
                    on:input=move |ev| set_text(None, Some(event_target_value(&ev)))
                />
                <datalist id="package-country-options">
                    {move || {
                        countries.get().into_iter().map(|c| view! { <option value=c></option> }).collect_view()
                    }}
                </datalist>
            </div>
            <div class="field">
                <label for="package-type">"Type"</label>
                <select id="package-type" on:change=move |ev| set_type(event_target_value(&ev))>
                    <option value="" selected=move || query.get().package_type.is_none()>"All types"</option>
                    {type_options}
                </select>
            </div>
            <div class="field">
                <label for="page-size">"Per page"</label>
                <select id="page-size" on:change=move |ev| set_size(event_target_value(&ev))>
                    {size_options}
                </select>
            </div>
            <Show when=move || query.get().is_filtered()>
                <button type="button" class="button button-quiet filters-clear" on:click=clear>
                    "Clear filters"
                </button>
            </Show>
        </form>
    }
}

//! The bulk order's options: activate at once or not (with the platform's rules spelled
//! out), and the optional subscribed count, checked by [`parse_count`].

use cmp_api::OpenFlag;
use leptos::prelude::*;

/// Reads the subscribed count box: empty means not sent; otherwise a whole number from 1.
pub fn parse_count(input: &str) -> Result<Option<u64>, String> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<u64>() {
        Ok(n) if n >= 1 => Ok(Some(n)),
        _ => Err(format!(
            "The subscribed count is a whole number from 1 up; “{s}” is not. Leave it empty to not send one."
        )),
    }
}

/// The activation choice and the subscribed count box.
#[component]
pub fn BulkOptions(
    /// Whether to activate the new orders at once.
    open: RwSignal<OpenFlag>,
    /// The subscribed count as typed.
    count: RwSignal<String>,
    /// Whether editing is locked (while or after sending).
    #[prop(into)]
    locked: Signal<bool>,
) -> impl IntoView {
    let count_error = move || parse_count(&count.get()).err();
    let radio = move |flag: OpenFlag, label: &'static str| {
        let id = format!("bulk-open-{}", flag.code());
        let value = flag.clone();
        let checked = {
            let flag = flag.clone();
            move || open.get() == flag
        };
        view! {
            <div class="radio">
                <input type="radio" name="bulk-open" id=id.clone() value=flag.code().to_owned()
                    prop:checked=checked disabled=move || locked.get()
                    on:change=move |_| open.set(value.clone()) />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field-block bulk-open">
            <legend>"Activation"</legend>
            {radio(OpenFlag::No, "Order only; activate later from the Orders page")}
            {radio(OpenFlag::Yes, "Activate immediately")}
            <p class="hint">
                "The platform activates at once only orders that are paid for; unpaid orders stay "
                "not started. The secondary plan of an OTA device cannot be activated immediately: "
                "it starts when the device reports in a covered country. Schedule packages are never "
                "activated at once."
            </p>
        </fieldset>
        <div class="field-block bulk-count">
            <label for="bulk-count">"Subscribed count (optional)"</label>
            <input id="bulk-count" type="text" inputmode="numeric" autocomplete="off"
                aria-describedby="bulk-count-hint bulk-count-error"
                aria-invalid=move || count_error().is_some().to_string()
                disabled=move || locked.get()
                prop:value=move || count.get()
                on:input=move |ev| count.set(event_target_value(&ev)) />
            <p class="hint" id="bulk-count-hint">
                "For traffic pool packages: the platform refuses counts above the pool's limit."
            </p>
            <p class="field-error" id="bulk-count-error" role="alert">{count_error}</p>
        </div>
    }
}

//! The device lookup form: one labelled device-id field checked with
//! [`cmp_api::validate::device_lookup`] on submit (and again as the person corrects it),
//! the message shown inline and tied to the field for screen readers. A SIM's ICCID or the
//! id of a MiFi, module or SoC device: any sane id is looked up as typed.

use leptos::prelude::*;

/// A device-id field and a "Show device" button; `on_submit` receives the cleaned id.
#[component]
pub fn DeviceIdField(
    /// Text the field starts with.
    #[prop(into, default = String::new())]
    initial: String,
    /// Called with the valid, trimmed device id (an ICCID or another device's id).
    #[prop(into)]
    on_submit: Callback<String>,
) -> impl IntoView {
    let text = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let input = NodeRef::<leptos::html::Input>::new();
    let validate = move |value: &str| match cmp_api::validate::device_lookup(value) {
        Ok(looked) => {
            error.set(None);
            Some(looked.id)
        }
        Err(e) => {
            error.set(Some(e.to_string()));
            None
        }
    };
    let check = move || {
        // The field itself is the truth: autofill and scripts may skip the input event.
        if let Some(el) = input.get_untracked() {
            text.set(el.value());
        }
        validate(&text.get_untracked())
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = check() {
            on_submit.run(id);
        }
    };
    let on_input = move |ev| {
        text.set(event_target_value(&ev));
        // Only once a message is showing, so typing is not scolded before the first submit.
        if error.get_untracked().is_some() {
            check();
        }
    };
    view! {
        <form class="device-lookup" on:submit=submit novalidate>
            <label for="device-id">"Device ID"</label>
            <div class="device-lookup-row">
                <input
                    id="device-id"
                    node_ref=input
                    name="device-id"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="e.g. 89852202310161621658"
                    prop:value=move || text.get()
                    on:input=on_input
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby="device-id-hint device-id-error"
                />
                <button type="submit" class="button">"Show device"</button>
            </div>
            <p id="device-id-hint" class="muted field-hint">
                "A SIM's ICCID (18 to 22 digits, as printed on the SIM), or the id of a MiFi, module or SoC device."
            </p>
            <p id="device-id-error" class="field-error" data-testid="device-id-error" aria-live="polite">
                {move || error.get()}
            </p>
        </form>
    }
}

//! An accessible confirmation dialog: modal (`role="dialog"`, `aria-modal`), focus moved
//! into it on open and kept inside with Tab, Escape closes it, and focus goes back to the
//! control that opened it. The confirm button is disabled while the action is in flight.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What can take focus inside the dialog, in tab order.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), [href], [tabindex]:not([tabindex='-1'])";

/// A modal dialog with `title`, the body in `children`, a Back button and a confirm button.
#[component]
pub fn ConfirmDialog(
    /// The heading, a question.
    #[prop(into)]
    title: String,
    /// The confirm button's label, saying what it does.
    #[prop(into)]
    confirm_label: String,
    /// Whether the action is in flight (confirm disabled, Escape ignored).
    #[prop(into)]
    busy: Signal<bool>,
    /// Called when the confirm button is pressed.
    #[prop(into)]
    on_confirm: Callback<()>,
    /// Called when the dialog is dismissed (Back, Escape or the backdrop).
    #[prop(into)]
    on_close: Callback<()>,
    /// The explanation and any fields.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Div>::new();
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let opener = send_wrapper::SendWrapper::new(opener);
    on_cleanup(move || {
        // Back to where the person was; a row replaced by a refresh is simply gone.
        if let Some(el) = opener.take().filter(|e| e.is_connected()) {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(first) = dialog.get().and_then(|d| focusables(&d).into_iter().next()) {
            let _ = first.focus();
        }
    });
    let close = move || {
        if !busy.get_untracked() {
            on_close.run(());
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            let Some(root) = dialog.get_untracked() else {
                return;
            };
            let items = focusables(&root);
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                return;
            };
            let active = document().active_element();
            let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
            if ev.shift_key() && at(first) {
                ev.prevent_default();
                let _ = last.focus();
            } else if !ev.shift_key() && at(last) {
                ev.prevent_default();
                let _ = first.focus();
            }
        }
        _ => {}
    };
    let title_id = "confirm-dialog-title";
    view! {
        <div class="dialog-backdrop" on:click=move |_| close()></div>
        <div
            class="dialog"
            role="dialog"
            aria-modal="true"
            aria-labelledby=title_id
            data-testid="confirm-dialog"
            node_ref=dialog
            on:keydown=on_keydown
        >
            <h2 id=title_id class="dialog-title">{title}</h2>
            <div class="dialog-body">{children()}</div>
            <div class="dialog-actions">
                <button type="button" class="button button-quiet" on:click=move |_| close() disabled=move || busy.get()>
                    "Back"
                </button>
                <button
                    type="button"
                    class="button"
                    data-testid="confirm-ok"
                    disabled=move || busy.get()
                    aria-busy=move || busy.get().to_string()
                    on:click=move |_| on_confirm.run(())
                >
                    {move || if busy.get() { "Working…".to_owned() } else { confirm_label.clone() }}
                </button>
            </div>
        </div>
    }
}

fn focusables(root: &web_sys::HtmlDivElement) -> Vec<web_sys::HtmlElement> {
    let Ok(nodes) = root.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect()
}

//! The bulk order's device list: pasted into a text box or read from a CSV / text file,
//! checked line by line with `cmp_api::validate::device_list`, every problem listed with
//! its line number before anything is sent.

use cmp_api::validate::{DeviceListReport, ListFormat};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// The text box, the file picker, the count of valid ids and the list of problems.
#[component]
pub fn BulkDevices(
    /// The list as typed, pasted or read from a file.
    text: RwSignal<String>,
    /// The list as checked.
    #[prop(into)]
    report: Signal<DeviceListReport>,
    /// Whether editing is locked (while or after sending).
    #[prop(into)]
    locked: Signal<bool>,
) -> impl IntoView {
    let file_error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        file_error.set(None);
        if let Err(message) = read_file(&file, text, file_error) {
            file_error.set(Some(message));
        }
    };
    let summary = move || {
        let r = report.get();
        let format = match &r.format {
            ListFormat::List => String::new(),
            ListFormat::Csv {
                header: Some(h), ..
            } => format!(" (CSV, “{h}” column)"),
            ListFormat::Csv { column, .. } => format!(" (CSV, column {})", column + 1),
        };
        let ids = if r.valid.len() == 1 { "id" } else { "ids" };
        format!("{} valid device {ids}{format}", r.valid.len())
    };
    let problems = move || {
        let r = report.get();
        (!r.problems.is_empty()).then(|| {
            let count = r.problems.len();
            let items = r
                .problems
                .into_iter()
                .map(|p| view! { <li><strong>{format!("Line {}: ", p.line)}</strong>{p.error.to_string()}</li> })
                .collect_view();
            let heading = if count == 1 {
                "1 line cannot be ordered and will not be sent:".to_owned()
            } else {
                format!("{count} lines cannot be ordered and will not be sent:")
            };
            view! {
                <div class="bulk-problems" data-testid="bulk-problems" role="alert">
                    <p class="notice-title">{heading}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! {
        <div class="field-block">
            <label for="bulk-devices">"Device ids (ICCIDs)"</label>
            <p class="hint" id="bulk-devices-hint">
                "One per line, or separated by commas or spaces. A CSV with a device_id or iccid column works too."
            </p>
            <textarea
                id="bulk-devices"
                data-testid="bulk-devices"
                rows="8"
                spellcheck="false"
                aria-describedby="bulk-devices-hint bulk-devices-count"
                disabled=move || locked.get()
                prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev))
            ></textarea>
            <div class="bulk-devices-bar">
                <span id="bulk-devices-count" class="muted" aria-live="polite">{summary}</span>
                <label class="button button-quiet button-small file-button">
                    "Load from file…"
                    <input type="file" class="visually-hidden" accept=".csv,.txt,text/csv,text/plain"
                        disabled=move || locked.get() on:change=on_file />
                </label>
            </div>
            {move || file_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            {problems}
        </div>
    }
}

/// Reads `file` as text into `text` with a FileReader; failures land in `file_error`.
fn read_file(
    file: &web_sys::File,
    text: RwSignal<String>,
    file_error: RwSignal<Option<String>>,
) -> Result<(), String> {
    let unreadable = || {
        format!(
            "“{}” could not be read; save it as CSV or plain text and try again.",
            file.name()
        )
    };
    let reader = web_sys::FileReader::new().map_err(|_| unreadable())?;
    let done = reader.clone();
    let message = unreadable();
    let onload =
        Closure::once_into_js(
            move || match done.result().ok().and_then(|r| r.as_string()) {
                Some(content) => text.set(content),
                None => file_error.set(Some(message)),
            },
        );
    reader.set_onloadend(Some(onload.unchecked_ref()));
    reader.read_as_text(file).map_err(|_| unreadable())
}

//! The bulk order's per-device results: a table (the order id on success, the platform's
//! message on failure) and a CSV download of the same rows, built by [`results_csv`].

use cmp_api::DeviceOrderResult;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The results as CSV text: a header row, then one row per device, CRLF line ends.
/// Cells are quoted when needed, and cells a spreadsheet would run as a formula are
/// prefixed with `'` so a message from the platform cannot execute in Excel.
pub fn results_csv(results: &[DeviceOrderResult]) -> String {
    let mut out = String::from("device_id,result,order_id,message,start_date,expire_date\r\n");
    for r in results {
        let outcome = if r.succeeded() { "ordered" } else { "failed" };
        let date = |d: Option<cmp_api::CmpTime>| d.map(|d| d.iso_date()).unwrap_or_default();
        let cells = [
            r.device_id.clone(),
            outcome.to_owned(),
            r.order_id.clone().unwrap_or_default(),
            message(r),
            date(r.order_start_date),
            date(r.order_expire_date),
        ];
        let row: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The platform's message for a device, or its error code when it gave none.
fn message(r: &DeviceOrderResult) -> String {
    r.error_msg
        .clone()
        .filter(|m| !m.trim().is_empty())
        .unwrap_or_else(|| format!("code {}", r.error))
}

fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Offers `text` as a file download named `name`, through a Blob and an object URL.
fn download(name: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let anchor: web_sys::HtmlAnchorElement =
        wasm_bindgen::JsCast::unchecked_into(document().create_element("a")?);
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    web_sys::Url::revoke_object_url(&url)
}

/// The results table and its Download CSV button.
#[component]
pub fn BulkResults(
    /// One result per device, in request order.
    results: Vec<DeviceOrderResult>,
    /// The package ordered, for the file name.
    #[prop(into)]
    package_code: String,
) -> impl IntoView {
    let ok = results.iter().filter(|r| r.succeeded()).count();
    let summary = format!("{ok} of {} devices ordered.", results.len());
    let csv = results_csv(&results);
    let file_name = format!("bulk-order-{package_code}.csv");
    let failed = RwSignal::new(None::<String>);
    let save =
        move |_| {
            let result = download(&file_name, &csv);
            failed.set(result.err().map(|_| {
                "The browser did not allow the download; copy the table instead.".to_owned()
            }));
        };
    let rows = results.into_iter().map(result_row).collect_view();
    view! {
        <section class="bulk-results" aria-labelledby="bulk-results-title">
            <div class="bulk-results-head">
                <h2 id="bulk-results-title">"Results"</h2>
                <p class="muted" role="status">{summary}</p>
                <button type="button" class="button button-quiet" data-testid="bulk-download" on:click=save>
                    "Download CSV"
                </button>
            </div>
            {move || failed.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            <div class="table-wrap" tabindex="0" role="region" aria-label="Results per device, scrollable">
                <table class="data-table">
                    <caption class="visually-hidden">"Order result per device"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Device"</th>
                            <th scope="col">"Result"</th>
                            <th scope="col">"Order id or message"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

fn result_row(result: DeviceOrderResult) -> impl IntoView {
    let ok = result.succeeded();
    let detail = if ok {
        result.order_id.clone().unwrap_or_default()
    } else {
        message(&result)
    };
    let (class, label) = if ok {
        ("badge badge-ok", "ordered")
    } else {
        ("badge badge-error", "failed")
    };
    view! {
        <tr data-testid="bulk-result-row" data-ok=ok.to_string()>
            <td class="mono">{result.device_id}</td>
            <td><span class=class>{label}</span></td>
            <td class:mono=ok class="cell-wrap">{detail}</td>
        </tr>
    }
}

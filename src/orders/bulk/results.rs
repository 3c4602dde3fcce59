//! The bulk order's per-device results: a table (the order id on success, the platform's
//! message on failure) and a CSV download of the same rows, built by [`results_csv`].

use crate::ui::download::download_csv;
use cmp_api::DeviceOrderResult;
use leptos::prelude::*;

/// The results as CSV text: a header row, then one row per device, CRLF line ends.
/// Cells are written by `cmp_api::csv`: quoted when needed, and prefixed with `'` where a
/// spreadsheet would run them as a formula, so a message from the platform cannot execute.
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
        out.push_str(&cmp_api::csv::line(&cells));
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
            let saved = download_csv(&file_name, &csv);
            failed.set((!saved).then(|| {
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

//! The sessions table: 100 rows a page out of tens of thousands, sorted by start time
//! (either way) or by size. Sorting happens once per change of records or order; a page
//! change only renders its 100 rows.

use super::export::SessionsExport;
use super::sort::{SESSIONS_PAGE_SIZE, SessionSort, session_pages, sorted_indices};
use crate::devices::usage::state::UsageState;
use cmp_api::CdrRecord;
use cmp_api::aggregate::country_label;
use leptos::prelude::*;

fn row(r: &CdrRecord) -> impl IntoView + use<> {
    let start = r
        .session_started_at
        .map(|t| t.to_string())
        .unwrap_or_default();
    let end = match r.session_ended_at {
        Some(t) => t.to_string(),
        None => "open".to_owned(),
    };
    let duration = r
        .duration_secs()
        .map(|d| format!("{d} s"))
        .unwrap_or_default();
    let place = format!("{} ({}-{})", country_label(&r.mcc), r.mcc, r.mnc);
    view! {
        <tr data-testid="session-row">
            <td class="mono">{start}</td>
            <td class="mono">{end}</td>
            <td class="num">{duration}</td>
            <td class="num">{r.data.human()}</td>
            <td>{r.network.to_string()}</td>
            <td>{place}</td>
        </tr>
    }
}

/// The sessions of `state`, paged and sortable, with the CSV export.
#[component]
pub fn SessionsTable(
    /// The load.
    #[prop(into)]
    state: Signal<UsageState>,
    /// The device, for the export's file name.
    device_id: String,
) -> impl IntoView {
    let sort = RwSignal::new(SessionSort::default());
    let page = RwSignal::new(1usize);
    let order = Memo::new(move |_| state.with(|s| sorted_indices(&s.records, sort.get())));
    let pages = move || order.with(|o| session_pages(o.len()));
    let rows = move || {
        let first = (page.get().min(pages()) - 1) * SESSIONS_PAGE_SIZE;
        order.with(|o| {
            state.with(|s| {
                o.iter()
                    .skip(first)
                    .take(SESSIONS_PAGE_SIZE)
                    .map(|&i| row(&s.records[i]))
                    .collect_view()
            })
        })
    };
    let start_sort = move || match sort.get() {
        SessionSort::NewestFirst => "descending",
        SessionSort::OldestFirst => "ascending",
        SessionSort::LargestFirst => "none",
    };
    let bytes_sort = move || {
        if sort.get() == SessionSort::LargestFirst {
            "descending"
        } else {
            "none"
        }
    };
    let set_sort = move |next: SessionSort| {
        sort.set(next);
        page.set(1);
    };
    let info = move || {
        let count = order.with(Vec::len);
        format!(
            "Page {} of {} · {count} sessions",
            page.get().min(pages()),
            pages()
        )
    };
    view! {
        <section class="sessions" aria-labelledby="sessions-title">
            <div class="sessions-head">
                <h3 id="sessions-title">"Sessions"</h3>
                <SessionsExport state device_id />
            </div>
            <div class="table-wrap">
                <table class="data-table sessions-table">
                    <thead>
                        <tr>
                            <th scope="col" aria-sort=start_sort>
                                <button type="button" class="th-button"
                                    on:click=move |_| set_sort(sort.get_untracked().toggle_start())>
                                    "Started"
                                    {move || match sort.get() { SessionSort::NewestFirst => " ↓", SessionSort::OldestFirst => " ↑", _ => "" }}
                                </button>
                            </th>
                            <th scope="col">"Ended"</th>
                            <th scope="col" class="num">"Duration"</th>
                            <th scope="col" class="num" aria-sort=bytes_sort>
                                <button type="button" class="th-button"
                                    on:click=move |_| set_sort(SessionSort::LargestFirst)>
                                    "Data"
                                    {move || (sort.get() == SessionSort::LargestFirst).then_some(" ↓")}
                                </button>
                            </th>
                            <th scope="col">"Network"</th>
                            <th scope="col">"Country (MCC-MNC)"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <nav class="pager" aria-label="Session pages">
                <button type="button" class="button button-quiet" disabled=move || { page.get() <= 1 }
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"‹ Prev"</button>
                <span data-testid="sessions-page-info" aria-live="polite">{info}</span>
                <button type="button" class="button button-quiet" disabled=move || { page.get() >= pages() }
                    on:click=move |_| page.update(|p| *p += 1)>"Next ›"</button>
            </nav>
        </section>
    }
}

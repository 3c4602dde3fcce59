//! The lifecycle timeline: the six stages in order, the current one highlighted, with the
//! current stage's start and end dates and the silent and suspension periods.

use cmp_api::{CmpTime, Lifecycle};
use leptos::prelude::*;

/// Months in words: "6 months", "1 month", or "not reported".
fn months(value: Option<u32>) -> String {
    match value {
        Some(1) => "1 month".to_owned(),
        Some(n) => format!("{n} months"),
        None => "not reported".to_owned(),
    }
}

fn date(value: Option<CmpTime>) -> String {
    value.map_or_else(|| "not reported".to_owned(), |t| t.iso_date())
}

/// The timeline of `current` among [`Lifecycle::ALL`].
#[component]
pub fn DeviceLifecycle(
    /// The current stage, if the platform sent one.
    current: Option<Lifecycle>,
    /// When the current stage began.
    start: Option<CmpTime>,
    /// When it ends.
    end: Option<CmpTime>,
    /// Length of the silent period, months.
    silent_months: Option<u32>,
    /// Length of the suspended-service period, months.
    shutdown_months: Option<u32>,
) -> impl IntoView {
    let unknown = match &current {
        Some(Lifecycle::Unknown(code)) => Some(format!(
            "The platform reports stage code {code}, which this console does not know."
        )),
        None => Some("The platform did not report a lifecycle stage.".to_owned()),
        _ => None,
    };
    let stages = Lifecycle::ALL
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let is_current = current.as_ref() == Some(stage);
            view! {
                <li
                    class="stage"
                    class:stage-current=is_current
                    aria-current=is_current.then_some("step")
                    data-testid="lifecycle-stage"
                >
                    <span class="stage-dot" aria-hidden="true">{i + 1}</span>
                    <span class="stage-label">{capitalise(&stage.label())}</span>
                    {is_current.then(|| view! { <span class="visually-hidden">" (current stage)"</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="device-lifecycle" data-testid="device-lifecycle" aria-labelledby="lifecycle-title">
            <h2 id="lifecycle-title">"Lifecycle"</h2>
            <ol class="stages">{stages}</ol>
            {unknown.map(|text| view! { <p class="muted">{text}</p> })}
            <dl class="facts">
                <dt>"Current stage from"</dt>
                <dd data-testid="lifecycle-start">{date(start)}</dd>
                <dt>"Current stage until"</dt>
                <dd data-testid="lifecycle-end">{date(end)}</dd>
                <dt>"Silent period"</dt>
                <dd>{months(silent_months)}</dd>
                <dt>"Suspended-service period"</dt>
                <dd>{months(shutdown_months)}</dd>
            </dl>
        </section>
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

//! The usage range controls: preset buttons (7/30/90/180 days) and a custom from/to pair
//! checked with [`cmp_api::validate::cdr_range`] before it becomes the URL's range.

use super::range::{PRESETS, UsageRange};
use cmp_api::CmpTime;
use leptos::prelude::*;

/// Presets and a custom range form; `on_change` receives the range to show.
#[component]
pub fn UsageRangePicker(
    /// The range shown now.
    #[prop(into)]
    current: Signal<UsageRange>,
    /// Today, platform time, for the 180-day rule.
    #[prop(into)]
    today: Signal<CmpTime>,
    /// Called with a valid new range.
    #[prop(into)]
    on_change: Callback<UsageRange>,
) -> impl IntoView {
    let fields = move |range: UsageRange, today: CmpTime| match range {
        UsageRange::Custom { from, to } => (from, to),
        UsageRange::Last(days) => (
            today.add_days(-(i64::from(days).max(1) - 1)).iso_date(),
            today.iso_date(),
        ),
    };
    let (from0, to0) = fields(current.get_untracked(), today.get_untracked());
    let from = RwSignal::new(from0);
    let to = RwSignal::new(to0);
    // The date fields follow the range shown (a preset too), so editing starts from it.
    Effect::new(move |_| {
        let (f, t) = fields(current.get(), today.get());
        from.set(f);
        to.set(t);
    });
    let error = RwSignal::new(None::<String>);
    let presets = PRESETS
        .iter()
        .map(|&days| {
            let pressed = move || current.get() == UsageRange::Last(days);
            view! {
                <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || pressed().to_string()
                    on:click=move |_| on_change.run(UsageRange::Last(days))
                >
                    {format!("{days} days")}
                </button>
            }
        })
        .collect_view();
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        match cmp_api::validate::cdr_range(&f, &t, today.get_untracked()) {
            Ok((start, end)) => {
                error.set(None);
                on_change.run(UsageRange::Custom {
                    from: start.iso_date(),
                    to: end.iso_date(),
                });
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    let invalid = move || {
        if error.get().is_some() {
            "true"
        } else {
            "false"
        }
    };
    view! {
        <div class="usage-range">
            <div class="usage-presets" role="group" aria-label="Range presets">{presets}</div>
            <form class="usage-custom" on:submit=apply novalidate>
                <label for="usage-from">"From"</label>
                <input id="usage-from" type="date" prop:value=move || from.get()
                    on:input=move |ev| from.set(event_target_value(&ev))
                    aria-invalid=invalid aria-describedby="usage-range-error" />
                <label for="usage-to">"To"</label>
                <input id="usage-to" type="date" prop:value=move || to.get()
                    on:input=move |ev| to.set(event_target_value(&ev))
                    aria-invalid=invalid aria-describedby="usage-range-error" />
                <button type="submit" class="button">"Show range"</button>
            </form>
            <p id="usage-range-error" class="field-error" data-testid="usage-range-error" aria-live="polite">
                {move || error.get()}
            </p>
        </div>
    }
}

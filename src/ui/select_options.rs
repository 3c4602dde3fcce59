//! The `<option>` list of a `<select>`: one option per choice, with the value it sends, the
//! label it shows and whether it is the one selected.

use leptos::prelude::*;

/// One `<option>` per choice, in order: `value` is what it sends, `label` what it shows,
/// and `selected` whether it is the chosen one (re-read when the signals it reads change).
pub fn select_options<T>(
    choices: impl IntoIterator<Item = T>,
    value: impl Fn(&T) -> String,
    label: impl Fn(&T) -> String,
    selected: impl Fn(&T) -> bool + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Send + Sync + 'static,
{
    choices
        .into_iter()
        .map(|choice| {
            let (value, label) = (value(&choice), label(&choice));
            let selected = selected.clone();
            view! { <option value=value selected=move || selected(&choice)>{label}</option> }
        })
        .collect_view()
}

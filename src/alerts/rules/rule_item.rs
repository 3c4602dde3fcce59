//! One rule in the list: its name, condition and webhooks in words, who changed it last;
//! for admins an on/off switch, Edit and Delete.

use super::describe::{condition_text, delivery_text};
use crate::api::alerts::AlertRule;
use leptos::prelude::*;

/// The rule `rule`; the callbacks are only offered to admins.
#[component]
pub fn RuleItem(
    /// The rule.
    rule: AlertRule,
    /// Whether the switch, Edit and Delete are shown.
    is_admin: bool,
    /// Whether a change of this rule is in flight (its controls are disabled).
    #[prop(into)]
    busy: Signal<bool>,
    /// Called to switch the rule on or off.
    #[prop(into)]
    on_switch: Callback<AlertRule>,
    /// Called to edit it.
    #[prop(into)]
    on_edit: Callback<AlertRule>,
    /// Called to delete it (after a confirmation the caller asks).
    #[prop(into)]
    on_delete: Callback<AlertRule>,
) -> impl IntoView {
    let enabled = rule.rule.enabled;
    let name = rule.rule.name.clone();
    let switch_id = format!("rule-switch-{}", rule.id);
    let controls = is_admin.then(|| {
        let (a, b, c) = (rule.clone(), rule.clone(), rule.clone());
        view! {
            <div class="rule-controls">
                <label class="switch" for=switch_id.clone()>
                    <input
                        id=switch_id.clone()
                        type="checkbox"
                        role="switch"
                        data-testid="rule-switch"
                        prop:checked=enabled
                        disabled=move || busy.get()
                        on:change=move |_| on_switch.run(a.clone())
                    />
                    <span>{if enabled { "On" } else { "Off" }}</span>
                </label>
                <button type="button" class="button button-quiet" data-testid="rule-edit" disabled=move || busy.get() on:click=move |_| on_edit.run(b.clone())>
                    "Edit"
                </button>
                <button type="button" class="button button-quiet" data-testid="rule-delete" disabled=move || busy.get() on:click=move |_| on_delete.run(c.clone())>
                    "Delete"
                </button>
            </div>
        }
    });
    let state = (!is_admin).then(|| {
        let (class, text) = if enabled {
            ("badge badge-ok", "On")
        } else {
            ("badge badge-muted", "Off")
        };
        view! { <span class=class>{text}</span> }
    });
    view! {
        <li class="rule-item" data-testid="rule-item" data-rule-id=rule.id.to_string()>
            <div class="rule-summary">
                <p class="rule-name">{name} " " {state}</p>
                <p class="rule-condition">{condition_text(&rule.rule.condition)}</p>
                <p class="rule-delivery muted">{delivery_text(&rule.rule.delivery)}</p>
                <p class="rule-changed muted">
                    {format!("Changed {} by {}", crate::alerts::time::utc_text(&rule.updated_at), rule.updated_by)}
                </p>
            </div>
            {controls}
        </li>
    }
}

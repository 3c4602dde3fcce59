//! The form that creates or edits a rule: name, what it watches (kind, threshold, all or
//! listed devices or pools, or pushed operations), webhooks and the switch. Checked with
//! `RuleDraft::check` before anything is sent; a problem, the browser's or the proxy's
//! (`data.field`), shows next to its input (`aria-invalid`, `aria-describedby`). The
//! typed state lives in the parent's signal, so nothing is lost when a save fails.

use super::form_state::{RuleForm, RuleKind, WebhookRow, input_for};
use crate::api::alerts::RuleDraft;
use cmp_api::PushOperation;
use cmp_api::proxy_api::alert_rule::{MAX_RULE_WEBHOOKS, RuleProblem, WebhookFormat};
use leptos::prelude::*;

/// The rule form over `form`; `on_submit` gets the checked draft.
#[component]
pub fn RuleFormView(
    /// The form as typed (kept by the caller across failed saves).
    form: RwSignal<RuleForm>,
    /// The heading, e.g. "New rule".
    #[prop(into)]
    heading: String,
    /// The problem shown next to its field (the browser's check or the proxy's refusal).
    problem: RwSignal<Option<RuleProblem>>,
    /// A failure that is no field's (the proxy unreachable, a refusal of the whole rule).
    #[prop(into)]
    failure: Signal<Option<String>>,
    /// Whether a save is in flight.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the checked draft.
    #[prop(into)]
    on_submit: Callback<RuleDraft>,
    /// Called when the form is closed without saving.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        match form.with_untracked(RuleForm::draft) {
            Ok(draft) => {
                problem.set(None);
                on_submit.run(draft);
            }
            Err(found) => {
                let id = input_for(&found.field);
                problem.set(Some(found));
                focus(id.as_deref());
            }
        }
    };
    let error_of = move |id: &'static str| {
        move || {
            problem.with(|p| {
                p.as_ref()
                    .filter(|p| input_for(&p.field).as_deref() == Some(id))
                    .map(|p| p.message.clone())
            })
        }
    };
    let whole_rule = move || {
        let field = problem.with(|p| {
            p.as_ref()
                .filter(|p| input_for(&p.field).is_none())
                .map(|p| format!("{}: {}", p.field, p.message))
        });
        field.or_else(|| failure.get())
    };
    let kind = Memo::new(move |_| form.with(|f| f.kind));
    let kind = move || kind.get();
    let edit = move |f: fn(&mut RuleForm, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|form| f(form, value));
            problem.set(None);
        }
    };
    view! {
        <form class="rule-form" data-testid="rule-form" novalidate on:submit=submit>
            <h3 class="rule-form-title">{heading}</h3>
            <Field id="rule-name" label="Name" error=Signal::derive(error_of("rule-name"))>
                <input
                    id="rule-name"
                    data-testid="rule-name"
                    maxlength="80"
                    aria-invalid=move || error_of("rule-name")().is_some().to_string()
                    aria-describedby="rule-name-error"
                    prop:value=move || form.with(|f| f.name.clone())
                    on:input=edit(|f, v| f.name = v)
                />
            </Field>
            <div class="rule-field">
                <label for="rule-kind">"Alert when"</label>
                <select id="rule-kind" data-testid="rule-kind" on:change=edit(|f, v| f.kind = RuleKind::from_value(&v))>
                    {RuleKind::ALL.into_iter().map(|k| view! {
                        <option value=k.value() selected=move || kind() == k>{k.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <Show when=move || kind().has_percent()>
                <Field id="rule-percent" label="Threshold (% of the plan or quota used)" error=Signal::derive(error_of("rule-percent"))>
                    <input
                        id="rule-percent"
                        data-testid="rule-percent"
                        inputmode="numeric"
                        class="input-short"
                        aria-invalid=move || error_of("rule-percent")().is_some().to_string()
                        aria-describedby="rule-percent-error"
                        prop:value=move || form.with(|f| f.percent.clone())
                        on:input=edit(|f, v| f.percent = v)
                    />
                </Field>
            </Show>
            <Show when=move || kind() != RuleKind::OrderPush>
                <Subjects form problem error=Signal::derive(error_of("rule-subjects")) />
            </Show>
            <Show when=move || kind() == RuleKind::OrderPush>
                <Operations form problem error=Signal::derive(error_of("rule-operations")) />
            </Show>
            <Webhooks form problem />
            <div class="rule-field rule-check">
                <input
                    id="rule-enabled"
                    type="checkbox"
                    prop:checked=move || form.with(|f| f.enabled)
                    on:change=move |_| form.update(|f| f.enabled = !f.enabled)
                />
                <label for="rule-enabled">"Enabled (switched off, the rule is kept but not evaluated)"</label>
            </div>
            <p class="field-error rule-form-error" role="alert" data-testid="rule-form-error">{whole_rule}</p>
            <div class="rule-form-actions">
                <button type="button" class="button button-quiet" on:click=move |_| on_cancel.run(()) disabled=move || busy.get()>
                    "Cancel"
                </button>
                <button type="submit" class="button" data-testid="rule-save" disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
                    {move || if busy.get() { "Saving…" } else { "Save rule" }}
                </button>
            </div>
        </form>
    }
}

/// A labelled input with its error line (`{id}-error`).
#[component]
fn Field(
    id: &'static str,
    label: &'static str,
    error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="rule-field">
            <label for=id>{label}</label>
            {children()}
            <p id=format!("{id}-error") class="field-error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// All devices (or pools), or a list of them.
#[component]
fn Subjects(
    form: RwSignal<RuleForm>,
    problem: RwSignal<Option<RuleProblem>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let noun = move || {
        if form.with(|f| f.kind.watches_devices()) {
            ("devices", "device ids")
        } else {
            ("pools", "pool ids")
        }
    };
    let watch_all = move || form.with(|f| f.watch_all);
    let set_all = move |all: bool| {
        form.update(|f| f.watch_all = all);
        problem.set(None);
    };
    view! {
        <fieldset class="rule-field rule-scope">
            <legend>"Which"</legend>
            <label class="rule-choice">
                <input type="radio" name="rule-scope" prop:checked=watch_all on:change=move |_| set_all(true) />
                {move || format!("All {} this token may see", noun().0)}
            </label>
            <label class="rule-choice">
                <input type="radio" name="rule-scope" data-testid="rule-scope-list" prop:checked=move || !watch_all() on:change=move |_| set_all(false) />
                {move || format!("Only these {}", noun().0)}
            </label>
            <Show when=move || !watch_all()>
                <label for="rule-subjects" class="visually-hidden">{move || noun().1}</label>
                <textarea
                    id="rule-subjects"
                    data-testid="rule-subjects"
                    rows="3"
                    placeholder=move || format!("One per line: {}", noun().1)
                    aria-invalid=move || error.get().is_some().to_string()
                    aria-describedby="rule-subjects-error"
                    prop:value=move || form.with(|f| f.subjects.clone())
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        form.update(|f| f.subjects = value);
                        problem.set(None);
                    }
                ></textarea>
            </Show>
            <p id="rule-subjects-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// The order operations that fire a push rule, as checkboxes.
#[component]
fn Operations(
    form: RwSignal<RuleForm>,
    problem: RwSignal<Option<RuleProblem>>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let boxes = PushOperation::ALL
        .iter()
        .map(|op| {
            let id = format!("rule-op-{}", op.code());
            let checked = {
                let op = op.clone();
                move || form.with(|f| f.operations.contains(&op))
            };
            let toggle = {
                let op = op.clone();
                move |_| {
                    form.update(|f| f.toggle_operation(&op));
                    problem.set(None);
                }
            };
            view! {
                <label class="rule-choice">
                    <input id=id type="checkbox" prop:checked=checked on:change=toggle />
                    {format!("{} ({})", capitalised(&op.label()), op.code())}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset
            id="rule-operations"
            class="rule-field rule-operations"
            tabindex="-1"
            aria-invalid=move || error.get().is_some().to_string()
            aria-describedby="rule-operations-error"
        >
            <legend>"Order changes that fire it"</legend>
            <div class="rule-choices">{boxes}</div>
            <p id="rule-operations-error" class="field-error" role="alert">{move || error.get()}</p>
        </fieldset>
    }
}

/// The outbound webhooks: URL and format per row, added and removed.
#[component]
fn Webhooks(form: RwSignal<RuleForm>, problem: RwSignal<Option<RuleProblem>>) -> impl IntoView {
    // A memo: the rows are drawn again only when one is added or removed, not on each key.
    let count = Memo::new(move |_| form.with(|f| f.webhooks.len()));
    let error_of = move |id: String| {
        problem.with(|p| {
            p.as_ref()
                .filter(|p| input_for(&p.field).as_deref() == Some(id.as_str()))
                .map(|p| p.message.clone())
        })
    };
    let rows = move || {
        (0..count.get())
            .map(|i| {
                let id = format!("rule-webhook-{i}");
                let error = {
                    let id = id.clone();
                    move || error_of(id.clone())
                };
                let invalid = {
                    let error = error.clone();
                    move || error().is_some().to_string()
                };
                let url = move || form.with(|f| f.webhooks.get(i).map(|w| w.url.clone()).unwrap_or_default());
                let is_slack = move || form.with(|f| f.webhooks.get(i).is_some_and(|w| w.format == WebhookFormat::Slack));
                view! {
                    <div class="rule-webhook">
                        <label for=id.clone() class="visually-hidden">{format!("Webhook {} URL", i + 1)}</label>
                        <input
                            id=id.clone()
                            data-testid="rule-webhook-url"
                            type="url"
                            placeholder="https://hooks.example.com/alerts"
                            aria-invalid=invalid
                            aria-describedby=format!("{id}-error")
                            prop:value=url
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                form.update(|f| if let Some(w) = f.webhooks.get_mut(i) { w.url = value });
                                problem.set(None);
                            }
                        />
                        <label for=format!("{id}-format") class="visually-hidden">{format!("Webhook {} format", i + 1)}</label>
                        <select
                            id=format!("{id}-format")
                            class="rule-webhook-format"
                            on:change=move |ev| {
                                let slack = event_target_value(&ev) == "slack";
                                form.update(|f| if let Some(w) = f.webhooks.get_mut(i) {
                                    w.format = if slack { WebhookFormat::Slack } else { WebhookFormat::Json };
                                });
                            }
                        >
                            <option value="json" selected=move || !is_slack()>"JSON"</option>
                            <option value="slack" selected=is_slack>"Slack text"</option>
                        </select>
                        <button
                            type="button"
                            class="button button-quiet"
                            aria-label=format!("Remove webhook {}", i + 1)
                            on:click=move |_| {
                                form.update(|f| { if i < f.webhooks.len() { f.webhooks.remove(i); } });
                                problem.set(None);
                            }
                        >
                            "Remove"
                        </button>
                        <p id=format!("{id}-error") class="field-error rule-webhook-error" role="alert">{error}</p>
                    </div>
                }
            })
            .collect_view()
    };
    let list_error = move || error_of("rule-webhooks".into());
    view! {
        <fieldset id="rule-webhooks" class="rule-field rule-webhooks" tabindex="-1">
            <legend>"Webhooks (optional; the dashboard always shows the alerts)"</legend>
            {rows}
            <p class="field-error" role="alert">{list_error}</p>
            <button
                type="button"
                class="button button-quiet"
                data-testid="rule-add-webhook"
                disabled={move || count.get() >= MAX_RULE_WEBHOOKS}
                on:click=move |_| form.update(|f| f.webhooks.push(WebhookRow::default()))
            >
                "Add a webhook"
            </button>
        </fieldset>
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Moves focus to the input with `id`, if any, after the problem has been drawn.
pub(super) fn focus(id: Option<&str>) {
    let Some(id) = id.map(str::to_owned) else {
        return;
    };
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id)
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

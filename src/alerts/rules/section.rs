//! The Alerts page's rules: the list (everyone), and for admins the on/off switch, Edit,
//! Delete behind a confirmation, and the form for a new or changed rule. A save the proxy
//! refuses keeps the form as typed and shows the refusal on the field it names.

use super::form_state::{RuleForm, input_for, message_without_field};
use super::rule_form::{RuleFormView, focus};
use super::rule_item::RuleItem;
use crate::api::alerts::{self, AlertRule, RuleDraft};
use crate::api::{ApiError, FieldError};
use crate::session::auth::Auth;
use crate::ui::{ConfirmDialog, ErrorView, LoadingTable};
use cmp_api::proxy_api::alert_rule::RuleProblem;
use leptos::prelude::*;

/// Which rule the form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    New,
    Rule(u64),
}

/// The rules section; `is_admin` decides whether they can be changed here.
#[component]
pub fn RulesSection(
    /// Whether the person may change rules (the proxy checks again).
    #[prop(into)]
    is_admin: Signal<bool>,
) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let rules = LocalResource::new(move || async move {
        let result = alerts::list_rules().await;
        if let Err(error) = &result {
            auth.note_error(error);
        }
        result
    });
    let editing = RwSignal::new(None::<Editing>);
    let form = RwSignal::new(RuleForm::default());
    let problem = RwSignal::new(None::<RuleProblem>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let switching = RwSignal::new(None::<u64>);
    let deleting = RwSignal::new(None::<AlertRule>);
    let notice = RwSignal::new(None::<String>);

    let open_form = move |which: Editing, start: RuleForm| {
        form.set(start);
        problem.set(None);
        failure.set(None);
        editing.set(Some(which));
    };
    let save = Callback::new(move |draft: RuleDraft| {
        let Some(which) = editing.get_untracked() else {
            return;
        };
        busy.set(true);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let result = match which {
                Editing::New => alerts::create_rule(&draft).await,
                Editing::Rule(id) => alerts::update_rule(id, &draft).await,
            };
            busy.try_set(false);
            match result {
                Ok(rule) => {
                    editing.try_set(None);
                    notice.try_set(Some(format!("Rule “{}” saved.", rule.rule.name)));
                    rules.refetch();
                }
                Err(FieldError {
                    error: ApiError::Aborted,
                    ..
                }) => {}
                Err(refused) => show_refusal(refused, problem, failure),
            }
        });
    });
    let switch = Callback::new(move |rule: AlertRule| {
        if switching.get_untracked().is_some() {
            return;
        }
        switching.set(Some(rule.id));
        let mut draft = rule.rule.clone();
        draft.enabled = !draft.enabled;
        leptos::task::spawn_local(async move {
            let result = alerts::update_rule(rule.id, &draft).await;
            switching.try_set(None);
            match result {
                Ok(saved) => {
                    let state = if saved.rule.enabled { "on" } else { "off" };
                    notice.try_set(Some(format!(
                        "Rule “{}” switched {state}.",
                        saved.rule.name
                    )));
                }
                Err(e) => {
                    notice.try_set(Some(format!(
                        "Rule “{}” could not be switched: {}",
                        rule.rule.name, e.error
                    )));
                }
            }
            rules.refetch();
        });
    });
    let confirm_delete = move |()| {
        let Some(rule) = deleting.get_untracked() else {
            return;
        };
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = alerts::delete_rule(rule.id).await;
            busy.try_set(false);
            deleting.try_set(None);
            notice.try_set(Some(match result {
                Ok(()) => format!(
                    "Rule “{}” deleted; its open alerts are resolved.",
                    rule.rule.name
                ),
                Err(e) => format!("Rule “{}” could not be deleted: {e}", rule.rule.name),
            }));
            if editing.get_untracked() == Some(Editing::Rule(rule.id)) {
                editing.try_set(None);
            }
            rules.refetch();
        });
    };

    let list = move || {
        let Some(result) = rules.get() else {
            return view! { <LoadingTable /> }.into_any();
        };
        match result {
            Ok(list) if list.is_empty() => view! {
                <div class="notice notice-empty" data-testid="rules-empty" role="status">
                    <p class="notice-title">"No rules yet"</p>
                    <p class="notice-text">
                        {move || if is_admin.get() {
                            "Add a rule to be told when a device's plan or a pool runs low, or when an order changes."
                        } else {
                            "An admin adds rules; their alerts then show here and in the bell."
                        }}
                    </p>
                </div>
            }
            .into_any(),
            Ok(list) => {
                let admin = is_admin.get();
                view! {
                    <ul class="rule-list" data-testid="rule-list">
                        {list.into_iter().map(|rule| {
                            let id = rule.id;
                            view! {
                                <RuleItem
                                    rule
                                    is_admin=admin
                                    busy=Signal::derive(move || switching.get() == Some(id))
                                    on_switch=switch
                                    on_edit=move |r: AlertRule| open_form(Editing::Rule(r.id), RuleForm::from_draft(&r.rule))
                                    on_delete=move |r| deleting.set(Some(r))
                                />
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
            Err(error) => view! { <ErrorView error on_retry=move |()| rules.refetch() /> }.into_any(),
        }
    };
    let form_view = move || {
        let which = editing.get()?;
        let heading = match which {
            Editing::New => "New rule",
            Editing::Rule(_) => "Edit rule",
        };
        Some(view! {
            <RuleFormView
                form
                heading
                problem
                failure
                busy
                on_submit=save
                on_cancel=move |()| editing.set(None)
            />
        })
    };
    view! {
        <section class="alerts-rules" aria-labelledby="rules-title">
            <div class="section-head">
                <h2 id="rules-title">"Rules"</h2>
                <Show when=move || is_admin.get() && editing.get().is_none()>
                    <button
                        type="button"
                        class="button"
                        data-testid="rule-new"
                        on:click=move |_| open_form(Editing::New, RuleForm::default())
                    >
                        "New rule"
                    </button>
                </Show>
            </div>
            <p class="rules-notice muted" role="status" data-testid="rules-notice">{move || notice.get()}</p>
            {form_view}
            {list}
            {move || deleting.get().map(|rule| view! {
                <ConfirmDialog
                    title=format!("Delete the rule “{}”?", rule.rule.name)
                    confirm_label="Delete rule"
                    busy
                    on_confirm=confirm_delete
                    on_close=move |()| deleting.set(None)
                >
                    <p class="dialog-text">
                        "The rule stops being evaluated and its open alerts are resolved. Alerts it fired stay in the history."
                    </p>
                </ConfirmDialog>
            })}
        </section>
    }
}

/// Shows a failed save: on the field the proxy named, else as the form's own failure.
fn show_refusal(
    refused: FieldError,
    problem: RwSignal<Option<RuleProblem>>,
    failure: RwSignal<Option<String>>,
) {
    let message = match &refused.error {
        ApiError::Status { message, .. } => message.clone(),
        other => other.to_string(),
    };
    match refused.field {
        Some(field) => {
            let message = message_without_field(&field, &message);
            focus(input_for(&field).as_deref());
            problem.try_set(Some(RuleProblem { field, message }));
        }
        None => {
            failure.try_set(Some(format!(
                "The rule was not saved: {}. What you typed is kept; try again.",
                refused.error
            )));
        }
    }
}

//! The confirmation of one order action: says what will happen, asks for the reason (and
//! optionally the device type) when ending early, sends the request once, and reports the
//! platform's answer as an [`ActionOutcome`].

use super::actions::OrderAction;
use crate::api::{ApiError, orders};
use crate::ui::ConfirmDialog;
use crate::ui::select_options::select_options;
use cmp_api::{AheadFinishRequest, DeviceType, PackageOrder};
use leptos::prelude::*;

/// What came of an action: the sentence to show and whether it worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionOutcome {
    /// Whether the platform accepted the action.
    pub ok: bool,
    /// A success message, or why it was refused and what to do.
    pub message: String,
}

/// The dialog for `action` on `order`; `on_done` gets the outcome once the platform answered.
#[component]
pub fn OrderActionDialog(
    /// The order acted on.
    order: PackageOrder,
    /// What to do to it.
    action: OrderAction,
    /// Called when the dialog is dismissed without acting.
    #[prop(into)]
    on_close: Callback<()>,
    /// Called with the outcome after the platform answered.
    #[prop(into)]
    on_done: Callback<ActionOutcome>,
) -> impl IntoView {
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let device_type = RwSignal::new(String::new());
    let invalid = RwSignal::new(None::<String>);
    let code = order.order_code.clone();
    let confirm = move |()| {
        // The flag is checked and set before anything is sent: a second click is ignored.
        if busy.get_untracked() {
            return;
        }
        let cause = match action {
            OrderAction::EndEarly => match cmp_api::validate::reason(&reason.get_untracked()) {
                Ok(cause) => Some(cause),
                Err(error) => {
                    invalid.set(Some(error.to_string()));
                    return;
                }
            },
            _ => None,
        };
        invalid.set(None);
        busy.set(true);
        let code = code.clone();
        let device_type = Some(device_type.get_untracked())
            .filter(|t| !t.is_empty())
            .map(|t| DeviceType::from_code(&t));
        leptos::task::spawn_local(async move {
            let result = send(action, &code, cause, device_type).await;
            if matches!(result, Err(ApiError::Aborted)) {
                return;
            }
            let outcome = match result {
                Ok(()) => ActionOutcome {
                    ok: true,
                    message: action.success_message(&code),
                },
                Err(error) => ActionOutcome {
                    ok: false,
                    message: format!("{} failed for order {code}: {error}", action.label()),
                },
            };
            busy.try_set(false);
            on_done.run(outcome);
        });
    };
    let description = action.describe(&order);
    let reason_field = (action == OrderAction::EndEarly).then(|| {
        let types = select_options(
            DeviceType::ALL,
            |t| t.code().to_owned(),
            |t| t.label(),
            |_| false,
        );
        view! {
            <label for="end-reason">"Reason (required, sent to the platform)"</label>
            <textarea
                id="end-reason"
                data-testid="end-reason"
                rows="3"
                maxlength="200"
                aria-invalid=move || invalid.get().is_some().to_string()
                aria-describedby="end-reason-error"
                prop:value=move || reason.get()
                on:input=move |ev| {
                    reason.set(event_target_value(&ev));
                    invalid.set(None);
                }
            ></textarea>
            <p id="end-reason-error" class="field-error" role="alert">{move || invalid.get()}</p>
            <label for="end-device-type">"Device type (optional)"</label>
            <select id="end-device-type" on:change=move |ev| device_type.set(event_target_value(&ev))>
                <option value="">"Not stated"</option>
                {types}
            </select>
        }
    });
    view! {
        <ConfirmDialog
            title=action.title()
            confirm_label=action.confirm_label()
            busy
            on_confirm=confirm
            on_close
        >
            <p class="dialog-text" data-testid="confirm-text">{description}</p>
            {reason_field}
        </ConfirmDialog>
    }
}

/// Sends the one request that `action` stands for.
async fn send(
    action: OrderAction,
    code: &str,
    cause: Option<String>,
    device_type: Option<DeviceType>,
) -> Result<(), ApiError> {
    match action {
        OrderAction::Activate => orders::open_package(code).await.map(|_| ()),
        OrderAction::Cancel => orders::cancel_package(code).await,
        OrderAction::EndEarly => {
            let request = AheadFinishRequest {
                ahead_finish_cause: cause.unwrap_or_default(),
                device_type,
                order_id: code.to_owned(),
            };
            orders::ahead_finish(&request).await
        }
    }
}

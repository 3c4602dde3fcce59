//! What an admin may do to an order in its current state, in words, and the row's buttons.
//! The platform's rules: only an order that has not started can be activated or cancelled,
//! only a started one can be ended early; ended, cancelled and paused orders offer nothing.

use cmp_api::{OrderStatus, PackageOrder};
use leptos::prelude::*;

/// A change an admin can ask for on one order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderAction {
    /// openPackage: start a not-started order now.
    Activate,
    /// cancelPackage: close a not-started order.
    Cancel,
    /// aheadFinishDeviceOrder: stop a started order before it expires.
    EndEarly,
}

/// The actions offered for an order with `status`, to an admin or not. Viewers get none.
pub fn actions_for(status: Option<&OrderStatus>, is_admin: bool) -> Vec<OrderAction> {
    if !is_admin {
        return Vec::new();
    }
    match status {
        Some(OrderStatus::NotStarted) => vec![OrderAction::Activate, OrderAction::Cancel],
        Some(OrderStatus::Started) => vec![OrderAction::EndEarly],
        _ => Vec::new(),
    }
}

impl OrderAction {
    /// The button's label.
    pub fn label(self) -> &'static str {
        match self {
            OrderAction::Activate => "Activate",
            OrderAction::Cancel => "Cancel",
            OrderAction::EndEarly => "End early",
        }
    }

    /// The button's `data-testid`.
    pub fn test_id(self) -> &'static str {
        match self {
            OrderAction::Activate => "action-activate",
            OrderAction::Cancel => "action-cancel",
            OrderAction::EndEarly => "action-end-early",
        }
    }

    /// The confirmation dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            OrderAction::Activate => "Activate this order?",
            OrderAction::Cancel => "Cancel this order?",
            OrderAction::EndEarly => "End this order early?",
        }
    }

    /// The confirm button's label.
    pub fn confirm_label(self) -> &'static str {
        match self {
            OrderAction::Activate => "Activate order",
            OrderAction::Cancel => "Cancel order",
            OrderAction::EndEarly => "End order now",
        }
    }

    /// What will happen, in a sentence that names the order, device and package.
    pub fn describe(self, order: &PackageOrder) -> String {
        let code = &order.order_code;
        let device = order.device_id.as_deref().unwrap_or("its device");
        let package = order
            .package_name
            .as_deref()
            .or(order.package_code.as_deref())
            .unwrap_or("its package");
        match self {
            OrderAction::Activate => format!(
                "Order {code} for device {device} starts now: the {package} plan becomes usable \
                 and its period starts counting today. This cannot be undone."
            ),
            OrderAction::Cancel => format!(
                "Order {code} for device {device} is closed before it starts: the device will \
                 not get the {package} plan. This cannot be undone."
            ),
            OrderAction::EndEarly => {
                let until = order
                    .expire_date
                    .map(|d| format!(" (due to expire {})", d.iso_date()))
                    .unwrap_or_default();
                format!(
                    "Order {code} for device {device} stops now, before its expiry{until}: the \
                     device loses the data service of the {package} plan. This cannot be undone."
                )
            }
        }
    }

    /// The message shown when the platform accepted the action.
    pub fn success_message(self, order_code: &str) -> String {
        match self {
            OrderAction::Activate => format!("Order {order_code} was activated."),
            OrderAction::Cancel => format!("Order {order_code} was cancelled."),
            OrderAction::EndEarly => format!("Order {order_code} was ended early."),
        }
    }
}

/// The action buttons of one order row; `on_action` gets the chosen action.
#[component]
pub fn OrderActions(
    /// The order's status.
    status: Option<OrderStatus>,
    /// Whether the signed-in person is an admin.
    #[prop(into)]
    is_admin: Signal<bool>,
    /// Called with the action whose button was pressed.
    #[prop(into)]
    on_action: Callback<OrderAction>,
) -> impl IntoView {
    move || {
        actions_for(status.as_ref(), is_admin.get())
            .into_iter()
            .map(|action| {
                let class = if action == OrderAction::Activate {
                    "button button-small"
                } else {
                    "button button-quiet button-small"
                };
                view! {
                    <button
                        type="button"
                        class=class
                        data-testid=action.test_id()
                        on:click=move |_| on_action.run(action)
                    >
                        {action.label()}
                    </button>
                }
            })
            .collect_view()
    }
}

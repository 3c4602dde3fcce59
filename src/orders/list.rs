//! The orders of one page as a table, with the confirmation dialog of the action an admin
//! picked. The outcome is handed up so it outlives the refresh that follows it.

use super::action_dialog::{ActionOutcome, OrderActionDialog};
use super::actions::OrderAction;
use super::row::OrderRow;
use cmp_api::PackageOrder;
use leptos::prelude::*;

/// The table of `orders`; after an action, `outcome` is set and `on_changed` asks for a refresh.
#[component]
pub fn OrderList(
    /// The orders shown.
    orders: Vec<PackageOrder>,
    /// Whether the signed-in person is an admin (viewers get no action buttons).
    #[prop(into)]
    is_admin: Signal<bool>,
    /// Where the last action's outcome is written.
    outcome: RwSignal<Option<ActionOutcome>>,
    /// Called after an action, so the list is fetched again.
    #[prop(into)]
    on_changed: Callback<()>,
) -> impl IntoView {
    let pending = RwSignal::new(None::<(PackageOrder, OrderAction)>);
    let on_action = Callback::new(move |chosen: (PackageOrder, OrderAction)| {
        outcome.set(None);
        pending.set(Some(chosen));
    });
    let rows = orders
        .into_iter()
        .map(|order| view! { <OrderRow order is_admin on_action /> })
        .collect_view();
    let dialog = move || {
        pending.get().map(|(order, action)| {
            let on_close = Callback::new(move |()| pending.set(None));
            let on_done = Callback::new(move |result: ActionOutcome| {
                pending.set(None);
                outcome.set(Some(result));
                on_changed.run(());
            });
            view! { <OrderActionDialog order action on_close on_done /> }
        })
    };
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label="Package orders, scrollable">
            <table class="data-table orders-table" data-testid="orders-table">
                <caption class="visually-hidden">"Package orders"</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">"Refuelling packages"</span></th>
                        <th scope="col">"Order"</th>
                        <th scope="col">"Device"</th>
                        <th scope="col">"Package"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Buy type"</th>
                        <th scope="col" class="num">"Period"</th>
                        <th scope="col" class="num">"Data"</th>
                        <th scope="col" class="num">"Used"</th>
                        <th scope="col">"Usage"</th>
                        <th scope="col">"Ordered"</th>
                        <th scope="col">"Activated"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {dialog}
    }
}

//! `/orders`: the enterprise's package orders, filtered by device, order code and status and
//! paged by the platform, all kept in the URL query; filtered by the share of the cycle's
//! data used too ([`super::usage_list`]), which the browser does. Admins can activate,
//! cancel or end an order early where its state allows it, each after a confirmation.

use super::action_dialog::ActionOutcome;
use super::empty_state::empty_state;
use super::filters::OrderFilters;
use super::list::OrderList;
use super::outcome::OrderOutcome;
use super::query::OrdersQuery;
use super::usage_list::UsageFilteredOrders;
use crate::api::{ApiError, orders};
use crate::session::auth::Auth;
use crate::session::role::use_is_admin;
use crate::ui::PageNoun;
use crate::ui::Pager;
use crate::ui::{ErrorView, LoadingTable};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The Orders page.
#[component]
pub fn OrdersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| OrdersQuery::from_lookup(|k| p.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |next: OrdersQuery| {
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/orders{}", next.to_query_string()), options);
    });
    let is_admin = use_is_admin();
    let admin = Signal::derive(move || is_admin.get() == Some(true));
    let outcome = RwSignal::new(None::<ActionOutcome>);
    // The platform pages the list, unless it is filtered by usage, which only the browser
    // can do: then every page is read and the matches are paged here.
    let by_usage = Memo::new(move |_| query.with(|q| q.usage.is_some()));
    view! {
        <section class="page" aria-labelledby="orders-title">
            <div class="page-head page-head-row">
                <div>
                    <h1 id="orders-title">"Orders"</h1>
                    <p class="muted">
                        "Package orders of your devices. Data volumes per cycle; dates as the platform gives them."
                    </p>
                </div>
                <Show when=move || admin.get()>
                    <A href="/orders/new" attr:class="button">"Bulk order"</A>
                </Show>
            </div>
            <OrderFilters query on_change=go />
            <OrderOutcome outcome />
            <div class="page-body">
                <Show
                    when=move || by_usage.get()
                    fallback=move || view! { <PlatformPagedOrders query go admin outcome /> }
                >
                    <UsageFilteredOrders query go admin outcome />
                </Show>
            </div>
        </section>
    }
}

/// The orders of the page the URL names, as the platform pages them.
#[component]
fn PlatformPagedOrders(
    #[prop(into)] query: Signal<OrdersQuery>,
    go: Callback<OrdersQuery>,
    admin: Signal<bool>,
    outcome: RwSignal<Option<ActionOutcome>>,
) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let data = LocalResource::new(move || {
        let asked = query.get();
        async move {
            let result = orders::query_orders(&asked.to_request()).await;
            if let Err(error) = &result {
                auth.note_error(error);
            }
            (asked, result)
        }
    });
    let refresh = Callback::new(move |()| data.refetch());
    // A live event about an order shown here refreshes the page, so its status stays true.
    if let Some(live) = use_context::<crate::events::LiveEvents>() {
        Effect::watch(
            move || live.last_event.get(),
            move |event, _, _| {
                let Some(event) = event else { return };
                let shown = data.with_untracked(|d| {
                    matches!(d, Some((_, Ok(page))) if page.package_order.iter().any(|o| o.order_code == event.orderid))
                });
                if shown {
                    data.refetch();
                }
            },
            false,
        );
    }
    move || {
        let Some((asked, result)) = data.get() else {
            return view! { <LoadingTable /> }.into_any();
        };
        if asked != query.get() || matches!(result, Err(ApiError::Aborted)) {
            return view! { <LoadingTable /> }.into_any();
        }
        let page = match result {
            Ok(page) => page,
            Err(error) => return view! { <ErrorView error on_retry=refresh /> }.into_any(),
        };
        if page.package_order.is_empty() {
            return empty_state(&asked, go).into_any();
        }
        let info = page.page;
        let on_page = Callback::new(move |page_no| {
            go.run(OrdersQuery {
                page: page_no,
                ..asked.clone()
            })
        });
        view! {
            <OrderList orders=page.package_order is_admin=admin outcome on_changed=refresh />
            <Pager info noun=PageNoun::ORDERS label="Order pages" on_page />
        }
        .into_any()
    }
}

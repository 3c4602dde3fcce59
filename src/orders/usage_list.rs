//! The orders list with the "used this cycle" filter (`?usage=80`), which the Overview's
//! threshold tiles link to. The platform cannot filter by usage, so every page of the orders
//! the other filters match is read ([`every_order_page`]: paced, with a progress bar and
//! Cancel), the orders that used at least that share of their cycle's volume are kept, most
//! used first, and paged here; moving through those pages reads nothing again.

use super::action_dialog::ActionOutcome;
use super::empty_state::empty_state;
use super::every_order::{every_order_page, later_order_pages};
use super::list::OrderList;
use super::query::OrdersQuery;
use crate::api::ApiError;
use crate::load::tied::tied_load;
use crate::load::{CancelToken, LoadStatus, PagesProgress};
use crate::ui::{ErrorView, LoadProgress, LoadingTable, PageNoun, Pager};
use cmp_api::fleet::usage_at_least;
use cmp_api::{PackageOrder, PageInfo, format_count};
use leptos::prelude::*;

/// What the read has found so far.
#[derive(Debug, Clone, Default)]
struct Matches {
    /// Which read this is (a newer read's pages never mix with an older one's).
    generation: u64,
    /// Orders at or above the share, most used first once the read is complete.
    orders: Vec<PackageOrder>,
    /// Orders read.
    read: u64,
    /// Pages read of how many, and how the read stands.
    progress: PagesProgress,
}

/// The orders `query` filters (with its `usage`), read whole and paged in the browser.
#[component]
pub fn UsageFilteredOrders(
    /// The page's state, read from the URL.
    #[prop(into)]
    query: Signal<OrdersQuery>,
    /// Navigates to another state (page, filters).
    go: Callback<OrdersQuery>,
    /// Whether the signed-in person is an admin.
    #[prop(into)]
    admin: Signal<bool>,
    /// Where the last action's outcome is written.
    outcome: RwSignal<Option<ActionOutcome>>,
) -> impl IntoView {
    let state = RwSignal::new(Matches::default());
    let filters = Memo::new(move |_| query.get().filters_only());
    let tied = tied_load(
        None,
        move || filters.get(),
        move |filters, token| {
            let generation = state.with_untracked(|m| m.generation) + 1;
            state.set(Matches {
                generation,
                ..Matches::default()
            });
            leptos::task::spawn_local(read_matches(filters, state, generation, token));
        },
    );
    let done = Signal::derive(move || state.with(|m| m.progress.done));
    let total = Signal::derive(move || state.with(|m| m.progress.total));
    let label = Signal::derive(move || {
        state.with(|m| {
            format!(
                "{} of {} orders read match so far ·",
                format_count(m.orders.len() as u64),
                format_count(m.read)
            )
        })
    });
    let status = Memo::new(move |_| state.with(|m| m.progress.status.clone()));
    let body = move || match status.get() {
        LoadStatus::Starting | LoadStatus::Loading => view! {
            <LoadProgress done total label on_cancel=tied.cancel
                test_id="orders-usage-progress" cancel_test_id="orders-usage-cancel" />
            <LoadingTable />
        }
        .into_any(),
        LoadStatus::Failed(error) => view! { <ErrorView error on_retry=tied.reload /> }.into_any(),
        ended => matches_view(query.get(), state, ended, go, admin, outcome, tied.reload),
    };
    view! { <div data-testid="orders-usage" data-status=move || status.get().name()>{body}</div> }
}

/// The page of matches `query` asks for, with a note when the read was cancelled.
fn matches_view(
    query: OrdersQuery,
    state: RwSignal<Matches>,
    ended: LoadStatus,
    go: Callback<OrdersQuery>,
    admin: Signal<bool>,
    outcome: RwSignal<Option<ActionOutcome>>,
    reload: Callback<()>,
) -> AnyView {
    let (orders, matched, read) = state.with(|m| {
        let start = (query.page.saturating_sub(1) * query.size) as usize;
        let page: Vec<PackageOrder> = m
            .orders
            .iter()
            .skip(start)
            .take(query.size as usize)
            .cloned()
            .collect();
        (page, m.orders.len() as u64, m.read)
    });
    let partial = (ended == LoadStatus::Cancelled).then(|| {
        view! {
            <p class="notice notice-partial" role="status" data-testid="orders-usage-partial">
                {format!("Cancelled: these are the matches among the first {} orders read. ", format_count(read))}
                <button type="button" class="button button-quiet" on:click=move |_| reload.run(())>"Read them all"</button>
            </p>
        }
    });
    if orders.is_empty() {
        return view! { {partial} {empty_state(&query, go)} }.into_any();
    }
    let info = PageInfo::new(query.page, query.size, matched);
    let on_page = Callback::new(move |page_no| {
        go.run(OrdersQuery {
            page: page_no,
            ..query.clone()
        })
    });
    view! {
        {partial}
        <p class="muted" data-testid="orders-usage-caption">
            {format!(
                "Most used first: {} of {} orders read used this share of their cycle's data or more.",
                format_count(matched),
                format_count(read)
            )}
        </p>
        <OrderList orders is_admin=admin outcome on_changed=reload />
        <Pager info noun=PageNoun::ORDERS label="Order pages" on_page />
    }
    .into_any()
}

/// Reads every page `filters` match into `state` (while it is still read `generation`),
/// keeping the orders at or above `filters.usage`.
async fn read_matches(
    filters: OrdersQuery,
    state: RwSignal<Matches>,
    generation: u64,
    cancel: CancelToken,
) {
    let at_least = f64::from(filters.usage.unwrap_or(0));
    let update = move |change: &mut dyn FnMut(&mut Matches)| {
        state.try_update(|m| {
            if m.generation == generation {
                change(m);
            }
        });
    };
    let result = every_order_page(filters.to_request(), &cancel, |page| {
        update(&mut |m| {
            if m.progress.total == 0 {
                m.progress.total = 1 + later_order_pages(&page).len() as u64;
            }
            m.progress.done += 1;
            m.progress.status = LoadStatus::Loading;
            m.read += page.package_order.len() as u64;
            let kept = page
                .package_order
                .iter()
                .filter(|o| usage_at_least(o, at_least));
            m.orders.extend(kept.cloned());
        });
    })
    .await;
    update(&mut |m| {
        let share = |o: &PackageOrder| o.usage_percent().unwrap_or_default();
        m.orders.sort_by(|a, b| share(b).total_cmp(&share(a)));
        m.progress.status = match &result {
            Ok(()) => LoadStatus::Complete,
            Err(ApiError::Aborted) => LoadStatus::Cancelled,
            Err(error) => LoadStatus::Failed(error.clone()),
        };
    });
}

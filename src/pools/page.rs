//! `/pools`: the enterprise's traffic pools, a page at a time (`?page=2&size=50` in the URL),
//! as a usage chart and one card per pool with its projection.

use super::card::PoolCard;
use super::figures;
use super::overview::PoolOverview;
use super::pager::PoolPager;
use super::query::PoolsQuery;
use super::skeleton::PoolSkeleton;
use crate::api::ApiError;
use crate::api::pools::traffic_pools;
use crate::session::auth::Auth;
use crate::ui::ErrorView;
use cmp_api::{TrafficPool, TrafficPoolPage};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The Pools page.
#[component]
pub fn PoolsPage() -> impl IntoView {
    // The pools chart waits for the pool list; ECharts can arrive meanwhile.
    crate::ui::charts::echarts::prefetch();
    let auth = expect_context::<Auth>();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| PoolsQuery::from_lookup(|k| p.get(k))));
    let navigate = use_navigate();
    let go = Callback::new(move |next: PoolsQuery| {
        let options = NavigateOptions {
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/pools{}", next.to_query_string()), options);
    });
    let data = LocalResource::new(move || {
        let asked = query.get();
        async move {
            let result = traffic_pools(asked.page, asked.size).await;
            if let Err(error) = &result {
                auth.note_error(error);
            }
            (asked, result)
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    // The last pools that arrived, kept while the next page loads so the chart stays put.
    let pools = Signal::derive(move || match data.get() {
        Some((_, Ok(page))) => page.rows,
        _ => Vec::<TrafficPool>::new(),
    });
    let body = move || {
        let Some((asked, result)) = data.get() else {
            return view! { <PoolSkeleton /> }.into_any();
        };
        let current = query.get();
        if asked != current || matches!(result, Err(ApiError::Aborted)) {
            return view! { <PoolSkeleton /> }.into_any();
        }
        match result {
            Err(error) => view! { <ErrorView error on_retry=retry /> }.into_any(),
            Ok(page) if page.rows.is_empty() => empty_state(current, go).into_any(),
            Ok(page) => pool_list(page, current, go).into_any(),
        }
    };
    view! {
        <section class="page" aria-labelledby="pools-title">
            <div class="page-head">
                <h1 id="pools-title">"Traffic pools"</h1>
                <p class="muted">
                    {move || format!(
                        "Data quotas shared by your enterprise's SIMs. Dates are platform time ({}).",
                        crate::session::platform_clock::offset()
                    )}
                </p>
            </div>
            <Show when=move || pools.with(|p| !p.is_empty())>
                <PoolOverview pools />
            </Show>
            <div class="page-body">{body}</div>
        </section>
    }
}

/// The cards of one page and the pager.
fn pool_list(page: TrafficPoolPage, query: PoolsQuery, go: Callback<PoolsQuery>) -> impl IntoView {
    let now = figures::now();
    let cards = page
        .rows
        .into_iter()
        .map(|pool| view! { <PoolCard pool now /> })
        .collect_view();
    view! {
        <div class="pool-grid">{cards}</div>
        <PoolPager query total=page.total on_change=go />
    }
}

/// Nothing on this page: past the end, or no pools at all.
fn empty_state(query: PoolsQuery, go: Callback<PoolsQuery>) -> impl IntoView {
    let past_end = query.page > 1;
    let text = if past_end {
        "This page is past the last pool. Go back to the first page."
    } else {
        "Your enterprise has no traffic pools. Ask your platform contact to set one up."
    };
    let first = PoolsQuery { page: 1, ..query };
    view! {
        <div class="notice notice-empty" data-testid="empty" role="status">
            <p class="notice-title">"No traffic pools to show"</p>
            <p class="notice-text">{text}</p>
            {past_end.then(|| view! {
                <button type="button" class="button" on:click=move |_| go.run(first)>"Go to page 1"</button>
            })}
        </div>
    }
}

//! `/embed/pools/:id`: one traffic pool as a gauge of used against quota, with the share in
//! percent, the period and the days left. The pool is looked up page by page, since the
//! platform has no "one pool" query.

use super::frame::EmbedTitle;
use super::refusal::{Refusal, RefusalView};
use crate::api::ApiError;
use crate::api::pools::traffic_pools;
use crate::pools::figures::{now, percent_text, period_text, volumes_text};
use crate::ui::usage_level::UsageLevel;
use cmp_api::pool_figures::{PoolFigures, TimeLeft, time_left};
use cmp_api::{CmpTime, TrafficPool};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Pools asked for per page while looking for one (the platform's largest page).
pub const LOOKUP_PAGE_SIZE: u64 = 100;

/// Pages looked through at most, so a platform that misreports its total cannot loop forever.
pub const MAX_LOOKUP_PAGES: u64 = 100;

/// Whether a page after `page_no` can hold more pools, given the `total` the platform
/// states and how many rows the page had.
pub fn has_more_pages(page_no: u64, rows_on_page: usize, total: u64) -> bool {
    rows_on_page > 0 && page_no * LOOKUP_PAGE_SIZE < total && page_no < MAX_LOOKUP_PAGES
}

/// Fetches pool pages until the one with `pool_id` turns up; `Ok(None)` when none has it.
pub async fn find_pool(pool_id: &str) -> Result<Option<TrafficPool>, ApiError> {
    let mut page_no = 1;
    loop {
        let page = traffic_pools(page_no, LOOKUP_PAGE_SIZE).await?;
        let rows = page.rows.len();
        if let Some(pool) = page.rows.into_iter().find(|p| p.traffic_pool_id == pool_id) {
            return Ok(Some(pool));
        }
        if !has_more_pages(page_no, rows, page.total) {
            return Ok(None);
        }
        page_no += 1;
    }
}

/// "12 days left", "Ends today", "Ended" or "No end date".
pub fn time_left_text(end: Option<CmpTime>, now: CmpTime) -> String {
    match time_left(end, now) {
        TimeLeft::NoEnd => "No end date".to_owned(),
        TimeLeft::Ended => "Ended".to_owned(),
        TimeLeft::Days(0) => "Ends today".to_owned(),
        TimeLeft::Days(1) => "1 day left".to_owned(),
        TimeLeft::Days(n) => format!("{n} days left"),
    }
}

/// The embedded gauge of the pool in the path.
#[component]
pub fn PoolGaugeEmbed() -> impl IntoView {
    let pool_id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let lookup_id = pool_id.clone();
    let pool = LocalResource::new(move || {
        let id = lookup_id.clone();
        async move { find_pool(&id).await }
    });
    let retry = Callback::new(move |()| pool.refetch());
    let subject = format!("traffic pool {pool_id}");
    let title = RwSignal::new(format!("Traffic pool {pool_id}"));
    let missing = format!(
        "No traffic pool with the id {pool_id} is visible to this link. \
         Check the pool id in the page's address."
    );
    let body = move || match pool.get() {
        None | Some(Err(ApiError::Aborted)) => view! {
            <p class="muted" data-testid="loading" role="status">"Loading the pool…"</p>
        }
        .into_any(),
        Some(Err(error)) => {
            let refusal = Refusal::from_error(error, &subject);
            view! { <RefusalView refusal on_retry=retry /> }.into_any()
        }
        Some(Ok(None)) => view! {
            <div class="notice notice-empty" role="status" data-testid="empty">
                <p class="notice-title">"Pool not found"</p>
                <p class="notice-text">{missing.clone()}</p>
            </div>
        }
        .into_any(),
        Some(Ok(Some(found))) => {
            if !found.traffic_pool_name.trim().is_empty() {
                title.set(found.traffic_pool_name.clone());
            }
            view! { <PoolGauge pool=found now=now() /> }.into_any()
        }
    };
    view! {
        <section class="embed-page embed-pool" data-testid="embed-pool">
            <EmbedTitle text=title />
            {body}
        </section>
    }
}

/// A half-circle gauge of `pool`'s quota used, with its figures underneath.
#[component]
pub fn PoolGauge(
    /// The pool.
    pool: TrafficPool,
    /// The current platform time.
    now: CmpTime,
) -> impl IntoView {
    let figures = PoolFigures::of(&pool);
    let share = figures.share;
    let level = UsageLevel::of(share);
    let period = period_text(&pool);
    let left = time_left_text(pool.traffic_pool_end_time, now);
    // The arc's pathLength is 100, so the dash length is the share itself.
    let dash = format!("{:.1} 100", share.clamp(0.0, 100.0));
    let label = format!(
        "{} of the pool's quota used: {} of {}",
        percent_text(share),
        figures.used.human(),
        figures.total.human()
    );
    view! {
        <div class=format!("pool-gauge {}", level.class()) data-testid="pool-gauge">
            <svg class="pool-gauge-dial" viewBox="0 0 120 68" role="img" aria-label=label>
                <path class="pool-gauge-track" d="M 10 60 A 50 50 0 0 1 110 60" pathLength="100" />
                <path class="pool-gauge-value" d="M 10 60 A 50 50 0 0 1 110 60" pathLength="100"
                    stroke-dasharray=dash />
                <text class="pool-gauge-percent" x="60" y="56" text-anchor="middle"
                    data-testid="pool-gauge-percent">{percent_text(share)}</text>
            </svg>
            <p class="pool-volumes" data-testid="pool-gauge-volumes">
                {volumes_text(&figures)}
            </p>
            <dl class="pool-facts">
                <div><dt>"Period"</dt><dd data-testid="pool-gauge-period">{period}</dd></div>
                <div><dt>"Time left"</dt><dd data-testid="pool-gauge-left">{left}</dd></div>
            </dl>
        </div>
    }
}

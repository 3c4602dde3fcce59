//! One traffic pool as a card: share used as a bar and a number, the period, days left,
//! burn rate and when the quota runs out. Warning colours at 80 % and critical at 95 %.

use super::figures::{percent_text, period_text, pool_label, volumes_text};
use crate::ui::usage_level::UsageLevel;
use cmp_api::pool_figures::{PoolFigures, TimeLeft, pool_burn_per_day, project_pool, time_left};
use cmp_api::{CmpTime, TrafficPool};
use leptos::prelude::*;

/// The card of `pool`, with days and projections counted from `now`.
#[component]
pub fn PoolCard(
    /// The pool to show.
    pool: TrafficPool,
    /// The current platform time.
    now: CmpTime,
) -> impl IntoView {
    let figures = PoolFigures::of(&pool);
    let share = figures.share;
    let level = UsageLevel::of(share);
    let period = period_text(&pool);
    let days = match time_left(pool.traffic_pool_end_time, now) {
        TimeLeft::NoEnd => dash(),
        TimeLeft::Ended => "Ended".to_owned(),
        TimeLeft::Days(0) => "Ends today".to_owned(),
        TimeLeft::Days(1) => "Ends tomorrow".to_owned(),
        TimeLeft::Days(n) => format!("{n} days"),
    };
    let burn = pool_burn_per_day(&pool, now)
        .map_or_else(dash, |per_day| format!("≈ {} / day", per_day.human()));
    let projection = project_pool(&pool, now).text();
    let badge = match level {
        UsageLevel::Normal => None,
        UsageLevel::Warning => Some(("badge badge-warn", "Over 80 %")),
        UsageLevel::Critical => Some(("badge badge-critical", "Over 95 %")),
    };
    let title_id = format!("pool-{}", pool.traffic_pool_id);
    let labelled_by = title_id.clone();
    let name = pool_label(&pool);
    let fill = format!("width: {:.1}%", share.min(100.0));
    view! {
        <article class=format!("pool-card {}", level.class()) data-testid="pool-card" aria-labelledby=labelled_by>
            <header class="pool-head">
                <h2 class="pool-name" id=title_id>{name}</h2>
                <span class="pool-id mono">{pool.traffic_pool_id.clone()}</span>
            </header>
            <div class="pool-figure">
                <span class="pool-percent" data-testid="pool-percent">{percent_text(share)}</span>
                <span class="muted">"used"</span>
                {badge.map(|(class, text)| view! { <span class=class>{text}</span> })}
            </div>
            <div
                class="pool-bar"
                role="progressbar"
                aria-label="Share of quota used"
                aria-valuemin="0"
                aria-valuemax="100"
                aria-valuenow=format!("{:.1}", share.min(100.0))
            >
                <span class="pool-bar-fill" style=fill></span>
            </div>
            <p class="pool-volumes">
                {volumes_text(&figures)}
            </p>
            <dl class="pool-facts">
                <div><dt>"Period"</dt><dd>{period}</dd></div>
                <div><dt>"Time left"</dt><dd>{days}</dd></div>
                <div><dt>"Burn rate"</dt><dd>{burn}</dd></div>
                <div><dt>"Projection"</dt><dd data-testid="pool-projection">{projection}</dd></div>
            </dl>
        </article>
    }
}

fn dash() -> String {
    "—".to_owned()
}

//! One traffic pool as a card: share used as a bar and a number, the period, days left,
//! burn rate and when the quota runs out. Warning colours at 80 % and critical at 95 %.

use super::figures::{UsageLevel, burn_per_day, days_left, percent_text, project_pool, usage};
use cmp_api::{Bytes, CmpTime, TrafficPool};
use leptos::prelude::*;

/// The card of `pool`, with days and projections counted from `now`.
#[component]
pub fn PoolCard(
    /// The pool to show.
    pool: TrafficPool,
    /// The current platform time.
    now: CmpTime,
) -> impl IntoView {
    let (used, total, share) = usage(&pool);
    let level = UsageLevel::of(share);
    let remaining = Bytes(total.0.saturating_sub(used.0));
    let start = pool.traffic_pool_start_time;
    let end = pool.traffic_pool_end_time;
    let period = format!(
        "{} – {}",
        start.map_or_else(dash, |t| t.iso_date()),
        end.map_or_else(dash, |t| t.iso_date())
    );
    let days = match end {
        Some(end) if now > end => "Ended".to_owned(),
        Some(end) => match days_left(end, now) {
            0 => "Ends today".to_owned(),
            1 => "Ends tomorrow".to_owned(),
            n => format!("{n} days"),
        },
        None => dash(),
    };
    let burn = start
        .and_then(|start| burn_per_day(used, start, now.min(end.unwrap_or(now))))
        .map_or_else(dash, |per_day| format!("≈ {} / day", per_day.human()));
    let projection = project_pool(&pool, now).text();
    let badge = match level {
        UsageLevel::Normal => None,
        UsageLevel::Warning => Some(("badge badge-warn", "Over 80 %")),
        UsageLevel::Critical => Some(("badge badge-critical", "Over 95 %")),
    };
    let title_id = format!("pool-{}", pool.traffic_pool_id);
    let labelled_by = title_id.clone();
    let name = if pool.traffic_pool_name.trim().is_empty() {
        pool.traffic_pool_id.clone()
    } else {
        pool.traffic_pool_name.clone()
    };
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
                {format!("{} of {} used · {} left", used.human(), total.human(), remaining.human())}
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

//! The pools tile: how many traffic pools, the most used first with their share as a bar,
//! how many have used up their quota, and which runs out soonest at its current rate
//! ([`PoolsSummary`], the same figures and projection as the Pools page). A token that may
//! see no pools gets no pools tile, as it gets no Pools page.

use super::links::POOLS_HREF;
use super::sources::{OverviewData, Source, TileState};
use super::tile::Tile;
use crate::pools::figures::{percent_text, pool_label};
use crate::ui::usage_level::UsageLevel;
use cmp_api::fleet::PoolsSummary;
use cmp_api::format_count;
use leptos::prelude::*;

/// Pools listed in the tile; the Pools page has them all.
pub const POOLS_LISTED: usize = 4;

/// The pools tile of `data`.
#[component]
pub fn PoolsTile(
    /// The sources.
    data: OverviewData,
    /// Whether the tile leads to the Pools page.
    links: bool,
) -> impl IntoView {
    let state = Memo::new(move |_| data.pools.with(Source::state));
    let summary = Memo::new(move |_| {
        let now = data.now.get();
        data.pools.with(|s| PoolsSummary::of(&s.value, now))
    });
    let figure = Signal::derive(move || {
        summary.with(|s| match s.rows.len() {
            1 => "1 pool".to_owned(),
            n => format!("{} pools", format_count(n as u64)),
        })
    });
    let detail = Signal::derive(move || {
        summary.with(|s| {
            if s.rows.is_empty() {
                return "Your enterprise has no traffic pools".to_owned();
            }
            let soonest = match s.soonest_exhaustion() {
                Some((row, at)) => format!(
                    "{} runs out first, around {}",
                    pool_label(&row.pool),
                    at.iso_date()
                ),
                None => "None runs out this period at its current rate".to_owned(),
            };
            match s.exhausted() {
                0 => soonest,
                1 => format!("1 has used up its quota · {soonest}"),
                n => format!("{n} have used up their quota · {soonest}"),
            }
        })
    });
    let tone = Signal::derive(move || {
        summary.with(
            |s| match s.rows.first().map(|r| UsageLevel::of(r.figures.share)) {
                Some(UsageLevel::Critical) => "tile-critical",
                Some(UsageLevel::Warning) => "tile-warn",
                _ => "",
            },
        )
    });
    let list = move || {
        summary.with(|s| {
            s.rows
                .iter()
                .take(POOLS_LISTED)
                .map(|row| {
                    let share = row.figures.share;
                    let level = UsageLevel::of(share);
                    let fill = format!("width: {:.1}%", share.clamp(0.0, 100.0));
                    view! {
                        <li class=level.class() data-testid="tile-pool">
                            <span class="tile-pool-name">{pool_label(&row.pool)}</span>
                            <span class="tile-count" data-testid="tile-pool-percent">{percent_text(share)}</span>
                            <span class="tile-bar" aria-hidden="true"><span class="tile-bar-fill" style=fill></span></span>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let href = links.then(|| POOLS_HREF.to_owned());
    view! {
        <Show when=move || !matches!(state.get(), TileState::Off(_))>
            <Tile
                title="Traffic pools by share used"
                state
                figure
                detail
                href=href.clone()
                tone
                test_id="tile-pools"
            >
                <ul class="tile-pools">{list}</ul>
            </Tile>
        </Show>
    }
}

//! The devices closest to their plan's limit: the largest share of a running plan used this
//! cycle first, with the days the cycle has left (a device at 90 % with two days to go is
//! better off than one at 90 % with twenty).

use super::sources::{OverviewData, Source};
use super::tile::{Section, no_figure_yet};
use super::top_devices::device_name;
use crate::pools::figures::percent_text;
use crate::ui::usage_level::UsageLevel;
use cmp_api::CmpTime;
use cmp_api::fleet::{DeviceUse, LIST_LENGTH};
use leptos::prelude::*;

/// The closest devices of `data`; `links` off in an embed frame.
#[component]
pub fn ClosestToLimit(
    /// The sources.
    data: OverviewData,
    /// Whether rows open the device's page.
    links: bool,
) -> impl IntoView {
    let state = Memo::new(move |_| data.fleet.with(Source::state));
    let closest = Memo::new(move |_| {
        let now = data.now.get();
        data.fleet
            .with(|s| s.value.closest_to_limit(LIST_LENGTH, now))
    });
    let body = move || {
        if let Some(waiting) = no_figure_yet(&state.get()) {
            return waiting;
        }
        if closest.with(Vec::is_empty) {
            return view! {
                <p class="overview-empty" data-testid="closest-empty">"No running plans with a data volume."</p>
            }
            .into_any();
        }
        let now = data.now.get_untracked();
        view! {
            <ol class="overview-list overview-closest" data-testid="closest-list">
                {move || closest.get().into_iter().map(|d| closest_row(d, now, links)).collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <Section title="Closest to their limit" id="closest" state>
            {body}
        </Section>
    }
}

/// "Ends today", "1 day left", "12 days left", or a dash when the cycle's end is unknown.
pub fn days_left_text(days: Option<i64>) -> String {
    match days {
        None => "—".to_owned(),
        Some(0) => "Cycle ends today".to_owned(),
        Some(1) => "1 day left".to_owned(),
        Some(n) => format!("{n} days left"),
    }
}

fn closest_row(device: DeviceUse, now: CmpTime, links: bool) -> impl IntoView {
    let share = device.percent.unwrap_or_default();
    let level = UsageLevel::of(share);
    let fill = format!("width: {:.1}%", share.clamp(0.0, 100.0));
    let ends = device
        .cycle_end
        .map(|end| format!("cycle ends {}", end.iso_date()))
        .unwrap_or_default();
    view! {
        <li class=level.class() data-testid="closest-row">
            <span class="mono overview-device">{device_name(&device.device_id, links)}</span>
            <span class="overview-figure" data-testid="closest-percent">{percent_text(share)}</span>
            <span class="tile-bar" aria-hidden="true"><span class="tile-bar-fill" style=fill></span></span>
            <span class="overview-share" title=ends data-testid="closest-days">
                {days_left_text(device.days_left(now))}
            </span>
        </li>
    }
}

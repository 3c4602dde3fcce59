//! `/embed/devices/:id/usage`: a device's usage totals and charts over the last
//! `range=7|30|90|180` days (default 30), without the device page's controls. The days end
//! on the platform's today, in its time zone as `/api/session` announces it. An id that is
//! not an ICCID (a MiFi, module or SoC device) has no CDRs: the view says so.

use super::frame::EmbedTitle;
use super::options::EmbedOptions;
use super::refusal::{Refusal, RefusalView};
use crate::devices::id_hint::NoUsageForNonSim;
use crate::devices::usage::charts::UsageCharts;
use crate::devices::usage::handle::UsageLoad;
use crate::devices::usage::progress::UsageProgress;
use crate::devices::usage::range::{UsageRange, today};
use crate::devices::usage::state::LoadStatus;
use crate::devices::usage::totals::UsageTotals;
use crate::session::platform_clock;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The embedded usage view of the device in the path.
#[component]
pub fn DeviceUsageEmbed() -> impl IntoView {
    let options = expect_context::<EmbedOptions>();
    let raw_id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let checked = cmp_api::validate::device_lookup(&raw_id);
    let title = if checked.as_ref().is_ok_and(|looked| looked.iccid) {
        format!("Data usage of SIM {raw_id}")
    } else {
        format!("Data usage of device {raw_id}")
    };
    let body = match checked {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="embed-invalid">{error.to_string()}</p>
        }
        .into_any(),
        Ok(looked) if !looked.iccid => view! { <NoUsageForNonSim /> }.into_any(),
        Ok(looked) => {
            learn_the_platforms_zone();
            view! { <EmbedUsage device_id=looked.id days=options.range_days /> }.into_any()
        }
    };
    view! {
        <section class="embed-page embed-usage" data-testid="embed-usage">
            <EmbedTitle text=title />
            {body}
        </section>
    }
}

/// Totals and charts of `device_id` over the last `days` days.
#[component]
fn EmbedUsage(
    /// A validated ICCID.
    device_id: String,
    /// Days to show, ending today.
    days: u32,
) -> impl IntoView {
    // The charts wait for the first page of data; ECharts can arrive meanwhile.
    crate::ui::charts::echarts::prefetch();
    // The platform's date: it moves when the session brings the platform's zone.
    let platform_today = Memo::new(move |_| today());
    let range = UsageRange::Last(days);
    let label = range.label();
    let dates = Memo::new(move |_| range.dates(platform_today.get()));
    let load = UsageLoad::start(device_id.clone(), dates);
    let subject = format!("device {device_id}");
    // Every page arrived and none held a record: say so instead of drawing empty charts.
    let empty = Memo::new(move |_| {
        load.state
            .with(|s| s.status == LoadStatus::Complete && s.records.is_empty())
    });
    let empty_text = format!("This SIM used no data in the {label}.");
    let body = move || {
        match dates.get() {
        Err(error) => view! {
            <p class="notice notice-error" role="alert" data-testid="embed-invalid">{error.to_string()}</p>
        }
        .into_any(),
        Ok((start, end)) => match load.failed_early.get() {
            Some(error) => {
                let refusal = Refusal::from_error(error, &subject);
                view! { <RefusalView refusal on_retry=load.retry /> }.into_any()
            }
            None if empty.get() => view! {
                <div class="notice notice-empty" role="status" data-testid="empty">
                    <p class="notice-title">"No usage yet"</p>
                    <p class="notice-text">{empty_text.clone()}</p>
                </div>
            }
            .into_any(),
            None => view! {
                <UsageProgress state=load.state on_cancel=load.cancel on_retry=load.retry />
                <UsageTotals state=load.state />
                <UsageCharts state=load.state start end />
            }
            .into_any(),
        },
    }
    };
    view! {
        <p class="muted embed-caption">
            {move || format!("Usage over the {label}, in the platform's time ({}).", platform_clock::offset())}
        </p>
        {body}
    }
}

/// Asks the session once for the platform's time zone (an embed frame has no app shell that
/// asks it); until it answers, the last zone known in this browser, or UTC, is used.
fn learn_the_platforms_zone() {
    leptos::task::spawn_local(async {
        if let Ok(session) = crate::api::session().await {
            platform_clock::learn_from(&session);
        }
    });
}

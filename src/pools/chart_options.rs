//! Option builders: plain data in, a `charming::Chart` out. No browser needed, so tests
//! check series and data directly; the [`crate::ui::charts::Chart`] component draws the result.

use super::figures::{percent_text, pool_label};
use crate::ui::charts::scale::axis_frame;
use crate::ui::usage_level::UsageLevel;
use charming::Chart;
use charming::component::{Axis, Legend};
use charming::datatype::DataPointItem;
use charming::element::AxisLabel;
use charming::element::{AxisType, ItemStyle};
use charming::series::Bar;
use cmp_api::TrafficPool;
use cmp_api::pool_figures::PoolFigures;

/// Grey of the "Remaining" part of a bar, visible on light and dark backgrounds.
const REMAINING_COLOR: &str = "#94a3b8";

/// Longest pool name on the axis: room for names like "Enterprise shared pool (monthly)"
/// whole; longer ones are cut so phones keep room for the bars. (ECharts draws a label
/// wrapped with `\n` with its lines overlapping, and charming cannot set their height.)
const AXIS_LABEL_CHARS: usize = 32;

/// Axis label size in pixels, a little under ECharts' 12 so whole names fit beside the bars.
const AXIS_LABEL_SIZE: f64 = 11.0;

/// Horizontal stacked bars, one per pool: the share used (coloured by warning level) and
/// the share remaining, both in percent of the pool's quota so pools of any size compare.
pub fn pool_usage_chart(pools: &[TrafficPool]) -> Chart {
    let names: Vec<String> = pools
        .iter()
        .map(|pool| shorten(&pool_label(pool), AXIS_LABEL_CHARS))
        .collect();
    let used: Vec<DataPointItem> = pools
        .iter()
        .map(|pool| {
            let share = round1(PoolFigures::of(pool).share.min(100.0));
            DataPointItem::new(share)
                .item_style(ItemStyle::new().color(UsageLevel::of(share).color()))
        })
        .collect();
    let remaining: Vec<f64> = pools
        .iter()
        .map(|pool| round1(100.0 - PoolFigures::of(pool).share.min(100.0)))
        .collect();
    axis_frame("{b}<br/>{a0}: {c0} %<br/>{a1}: {c1} %", 16, 8, 32)
        .legend(Legend::new().bottom(0))
        .x_axis(Axis::new().type_(AxisType::Value).min(0).max(100))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .axis_label(AxisLabel::new().font_size(AXIS_LABEL_SIZE))
                .data(names),
        )
        .series(
            Bar::new()
                .name("Used")
                .stack("quota")
                .item_style(ItemStyle::new().color(UsageLevel::Normal.color()))
                .bar_width(18)
                .data(used),
        )
        .series(
            Bar::new()
                .name("Remaining")
                .stack("quota")
                .item_style(ItemStyle::new().color(REMAINING_COLOR))
                .data(remaining),
        )
}

/// A sentence describing [`pool_usage_chart`] for people who cannot see it.
pub fn pool_usage_summary(pools: &[TrafficPool]) -> String {
    if pools.is_empty() {
        return "No traffic pools to chart.".to_owned();
    }
    let parts: Vec<String> = pools
        .iter()
        .map(|pool| {
            format!(
                "{} {} used",
                pool_label(pool),
                percent_text(PoolFigures::of(pool).share)
            )
        })
        .collect();
    format!("Share of quota used per pool: {}.", parts.join("; "))
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `text` cut to `max` characters, ending in `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

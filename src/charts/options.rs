//! Option builders: plain data in, a `charming::Chart` out. No browser needed, so tests
//! check series and data directly; the [`super::Chart`] component draws the result.

use super::pool_math::{UsageLevel, percent_text, usage};
use charming::Chart;
use charming::component::{Axis, Grid, Legend};
use charming::datatype::DataPointItem;
use charming::element::{AxisType, ItemStyle, Tooltip, Trigger};
use charming::series::Bar;
use cmp_api::TrafficPool;

/// Grey of the "Remaining" part of a bar, visible on light and dark backgrounds.
const REMAINING_COLOR: &str = "#94a3b8";

/// Widest line of a pool name on the axis, in characters, so phones keep room for the bars.
const AXIS_LINE_CHARS: usize = 20;

/// Lines a pool name may take on the axis; names longer than that are cut with `…`.
const AXIS_MAX_LINES: usize = 2;

/// Horizontal stacked bars, one per pool: the share used (coloured by warning level) and
/// the share remaining, both in percent of the pool's quota so pools of any size compare.
pub fn pool_usage_chart(pools: &[TrafficPool]) -> Chart {
    let names: Vec<String> = pools
        .iter()
        .map(|pool| wrap_label(&pool_label(pool), AXIS_LINE_CHARS, AXIS_MAX_LINES))
        .collect();
    let used: Vec<DataPointItem> = pools
        .iter()
        .map(|pool| {
            let (_, _, share) = usage(pool);
            let share = round1(share.min(100.0));
            DataPointItem::new(share)
                .item_style(ItemStyle::new().color(UsageLevel::of(share).color()))
        })
        .collect();
    let remaining: Vec<f64> = pools
        .iter()
        .map(|pool| round1(100.0 - usage(pool).2.min(100.0)))
        .collect();
    Chart::new()
        .background_color("transparent")
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .formatter("{b}<br/>{a0}: {c0} %<br/>{a1}: {c1} %"),
        )
        .legend(Legend::new().bottom(0))
        .grid(
            Grid::new()
                .left(8)
                .right(16)
                .top(8)
                .bottom(32)
                .contain_label(true),
        )
        .x_axis(Axis::new().type_(AxisType::Value).min(0).max(100))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
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
        .map(|pool| format!("{} {} used", pool_label(pool), percent_text(usage(pool).2)))
        .collect();
    format!("Share of quota used per pool: {}.", parts.join("; "))
}

/// The pool's name, or its id when the name is blank.
fn pool_label(pool: &TrafficPool) -> String {
    if pool.traffic_pool_name.trim().is_empty() {
        pool.traffic_pool_id.clone()
    } else {
        pool.traffic_pool_name.clone()
    }
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// `text` wrapped at spaces into lines of at most `width` characters (ECharts breaks axis
/// labels at `\n`), so names stay readable instead of being cut after a few words. Words
/// wider than a line are split; past `max_lines` the text is cut and ends in `…`.
fn wrap_label(text: &str, width: usize, max_lines: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = if line.is_empty() {
                width
            } else {
                width.saturating_sub(line.chars().count() + 1)
            };
            if word.len() <= room {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.extend(word.iter());
                break;
            }
            if line.is_empty() {
                // A word wider than a whole line: split it.
                let rest = word.split_off(width.max(1));
                lines.push(word.iter().collect());
                word = rest;
            } else {
                lines.push(std::mem::take(&mut line));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", kept.trim_end());
        }
    }
    lines.join("\n")
}

//! Option builders for the usage charts: bytes per day (bars), the running total (line),
//! and shares by network, by country and by operator (pies). Plain data in, `charming::Chart` out, so
//! tests read the series without drawing; the `<Chart>` component draws them.
//! Values are shown in one unit per chart (the one that suits its largest value), named
//! on the axis and in the tooltip, since ECharts cannot format bytes itself.

use crate::ui::charts::scale::{axis_frame, unit_tooltip};
pub use crate::ui::charts::scale::{scaled, unit_for};
use charming::Chart;
use charming::component::{Axis, Legend};
use charming::datatype::DataPointItem;
use charming::element::{AreaStyle, AxisType, Label, Tooltip, Trigger};
use charming::series::{Bar, Line, Pie};
use cmp_api::aggregate::{UsageSummary, top_n};
use cmp_api::{Bytes, CmpTime};

/// Slices shown in a share chart before the rest is grouped as "Other".
pub const SHARE_SLICES: usize = 6;

fn axis_chart(days: Vec<String>, unit: &str) -> Chart {
    axis_frame(&unit_tooltip(unit), 16, 32, 8)
        .x_axis(Axis::new().type_(AxisType::Category).data(days))
        .y_axis(Axis::new().type_(AxisType::Value).name(unit))
}

/// Bars of bytes per day from `start` to `end` (days without records show 0).
pub fn daily_chart(summary: &UsageSummary, start: CmpTime, end: CmpTime) -> Chart {
    let series = summary.daily_series(start, end);
    let max = series.iter().map(|(_, b)| *b).max().unwrap_or_default();
    let (unit, per) = unit_for(max);
    let values: Vec<f64> = series.iter().map(|(_, b)| scaled(*b, per)).collect();
    let days = series.into_iter().map(|(day, _)| day).collect();
    axis_chart(days, unit).series(Bar::new().name("Data per day").data(values))
}

/// A line of the running total of bytes from `start` through each day.
pub fn cumulative_chart(summary: &UsageSummary, start: CmpTime, end: CmpTime) -> Chart {
    let series = summary.cumulative_series(start, end);
    let max = series.last().map(|(_, b)| *b).unwrap_or_default();
    let (unit, per) = unit_for(max);
    let values: Vec<f64> = series.iter().map(|(_, b)| scaled(*b, per)).collect();
    let days = series.into_iter().map(|(day, _)| day).collect();
    axis_chart(days, unit).series(
        Line::new()
            .name("Total so far")
            .show_symbol(false)
            .area_style(AreaStyle::new())
            .data(values),
    )
}

/// A pie of `entries` (already cut with [`top_n`]), labelled `name`.
pub fn share_chart(name: &str, entries: &[(String, Bytes)]) -> Chart {
    let max = entries.iter().map(|(_, b)| *b).max().unwrap_or_default();
    let (unit, per) = unit_for(max);
    let items: Vec<DataPointItem> = entries
        .iter()
        .map(|(label, bytes)| DataPointItem::new(scaled(*bytes, per)).name(label.clone()))
        .collect();
    Chart::new()
        .background_color("transparent")
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Item)
                .formatter(format!("{{b}}: {{c}} {unit} ({{d}}%)").as_str()),
        )
        .legend(Legend::new().bottom(0))
        .series(
            Pie::new()
                .name(name)
                .radius(vec!["35%", "62%"])
                .center(vec!["50%", "44%"])
                // Labels of thin slices pile up on each other; the legend and the
                // tooltip name every slice instead.
                .label(Label::new().show(false))
                .data(items),
        )
}

/// Bytes by radio technology, largest first.
pub fn network_entries(summary: &UsageSummary) -> Vec<(String, Bytes)> {
    top_n(&summary.per_network, SHARE_SLICES)
}

/// Bytes by country name, largest first.
pub fn country_entries(summary: &UsageSummary) -> Vec<(String, Bytes)> {
    top_n(&summary.per_country_name(), SHARE_SLICES)
}

/// Bytes by operator name (e.g. "AIS Thailand"; unlisted networks by their codes),
/// largest first.
pub fn operator_entries(summary: &UsageSummary) -> Vec<(String, Bytes)> {
    top_n(&summary.per_operator_name(), SHARE_SLICES)
}

/// A sentence listing `entries` with human volumes, for people who cannot see a chart.
pub fn share_summary(what: &str, entries: &[(String, Bytes)]) -> String {
    if entries.is_empty() {
        return format!("No data to split by {what}.");
    }
    let parts: Vec<String> = entries
        .iter()
        .map(|(label, bytes)| format!("{label} {}", bytes.human()))
        .collect();
    format!("Data by {what}: {}.", parts.join("; "))
}

/// A sentence describing the daily chart: the busiest day and the total.
pub fn daily_summary(summary: &UsageSummary, start: CmpTime, end: CmpTime) -> String {
    let series = summary.daily_series(start, end);
    match series.iter().max_by_key(|(_, b)| *b) {
        Some((day, busiest)) if busiest.0 > 0 => format!(
            "Data per day from {} to {}: {} in total; the busiest day was {day} with {}.",
            start.iso_date(),
            end.iso_date(),
            summary.total.human(),
            busiest.human()
        ),
        _ => format!(
            "No data used from {} to {}.",
            start.iso_date(),
            end.iso_date()
        ),
    }
}

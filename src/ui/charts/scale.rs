//! What the axis charts share: byte counts in the one unit that suits the largest value
//! (ECharts cannot format bytes, so the unit is named on the axis and in the tooltip), and
//! the frame every axis chart is drawn in.

use charming::Chart;
use charming::component::Grid;
use charming::element::{Tooltip, Trigger};
use cmp_api::Bytes;
use cmp_api::units::{GB, KB, MB};

/// The unit that suits `max` bytes: its name and its size in bytes.
pub fn unit_for(max: Bytes) -> (&'static str, u64) {
    match max.0 {
        m if m >= GB => ("GB", GB),
        m if m >= MB => ("MB", MB),
        m if m >= KB => ("KB", KB),
        _ => ("B", 1),
    }
}

/// `bytes` in units of `per` bytes, to two decimals, as the charts plot it.
pub fn scaled(bytes: Bytes, per: u64) -> f64 {
    (bytes.0 as f64 / per.max(1) as f64 * 100.0).round() / 100.0
}

/// The tooltip of an axis chart showing `{b}: {c} unit` (the category, the value, `unit`).
pub fn unit_tooltip(unit: &str) -> String {
    format!("{{b}}: {{c}} {unit}")
}

/// An axis chart with nothing plotted yet: a transparent background (the page's shows
/// through, light or dark), an axis tooltip written by `tooltip` (an ECharts formatter), and
/// a plot inset 8 px on the left and `right`, `top` and `bottom` px elsewhere, its axis
/// labels kept inside.
pub fn axis_frame(tooltip: &str, right: i32, top: i32, bottom: i32) -> Chart {
    Chart::new()
        .background_color("transparent")
        .tooltip(Tooltip::new().trigger(Trigger::Axis).formatter(tooltip))
        .grid(
            Grid::new()
                .left(8)
                .right(right)
                .top(top)
                .bottom(bottom)
                .contain_label(true),
        )
}

//! The bar chart of the devices that used the most data this cycle: plain data in, a
//! `charming::Chart` out (tested without a browser), drawn by [`crate::ui::charts::Chart`].
//! One bar a device, longest first, in the unit that suits the largest; coloured by how
//! close the device is to its plan's limit.

use crate::ui::charts::scale::{axis_frame, scaled, unit_for, unit_tooltip};
use crate::ui::usage_level::UsageLevel;
use charming::Chart;
use charming::component::Axis;
use charming::datatype::DataPointItem;
use charming::element::{AxisLabel, AxisType, ItemStyle};
use charming::series::Bar;
use cmp_api::fleet::DeviceUse;

/// Digits of a device id kept on the axis: phones need room for the bars, and the list
/// beside the chart names each device in full.
pub const AXIS_ID_DIGITS: usize = 8;

/// `id` as the axis shows it: its last [`AXIS_ID_DIGITS`] characters after "…" when longer.
pub fn axis_label(id: &str) -> String {
    let count = id.chars().count();
    if count <= AXIS_ID_DIGITS + 1 {
        id.to_owned()
    } else {
        let tail: String = id.chars().skip(count - AXIS_ID_DIGITS).collect();
        format!("…{tail}")
    }
}

/// Horizontal bars of `devices`' data used this cycle, in their order (most first, top).
pub fn top_devices_chart(devices: &[DeviceUse]) -> Chart {
    let max = devices.iter().map(|d| d.used).max().unwrap_or_default();
    let (unit, per) = unit_for(max);
    let labels: Vec<String> = devices.iter().map(|d| axis_label(&d.device_id)).collect();
    let bars: Vec<DataPointItem> = devices
        .iter()
        .map(|d| {
            let level = UsageLevel::of(d.percent.unwrap_or_default());
            DataPointItem::new(scaled(d.used, per))
                .item_style(ItemStyle::new().color(level.color()))
        })
        .collect();
    axis_frame(&unit_tooltip(unit), 40, 12, 8)
        .x_axis(Axis::new().type_(AxisType::Value).name(unit))
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .axis_label(AxisLabel::new().font_size(11.0))
                .data(labels),
        )
        .series(Bar::new().name("Used this cycle").bar_width(16).data(bars))
}

/// A sentence describing [`top_devices_chart`] for people who cannot see it.
pub fn top_devices_summary(devices: &[DeviceUse]) -> String {
    if devices.is_empty() {
        return "No device has used data this cycle.".to_owned();
    }
    let parts: Vec<String> = devices
        .iter()
        .map(|d| format!("{} {}", d.device_id, d.used.human()))
        .collect();
    format!(
        "Data used this cycle by the top devices: {}.",
        parts.join("; ")
    )
}

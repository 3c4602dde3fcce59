//! Byte counts on a chart's axis: ECharts cannot format bytes, so each chart plots its values
//! in the one unit that suits its largest value and names it on the axis and the tooltip.

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

//! The numbers behind an alert in words, formatted with cmp-api's formatters (the ones the
//! Overview uses): `95.0 % used (972.8 MB of 1 GB) · threshold 80 %`.

use crate::api::alerts::AlertFigures;
use cmp_api::units::{format_bytes, format_percent};

/// The figures as one line; empty when the alert carries none. Each part keeps its words
/// together (no-break spaces), so a narrow screen breaks the line only between parts, never
/// between a number and its unit.
pub fn figures_text(figures: &AlertFigures) -> String {
    let mut parts = Vec::new();
    match (figures.percent, figures.used_bytes, figures.total_bytes) {
        (Some(p), Some(used), Some(total)) => parts.push(format!(
            "{} used ({} of {})",
            format_percent(p),
            format_bytes(used),
            format_bytes(total)
        )),
        (Some(p), _, _) => parts.push(format!("{} used", format_percent(p))),
        (None, Some(used), Some(total)) => parts.push(format!(
            "{} of {} used",
            format_bytes(used),
            format_bytes(total)
        )),
        _ => {}
    }
    if let Some(threshold) = figures.threshold {
        parts.push(format!("threshold {threshold} %"));
    }
    if let Some(day) = &figures.runs_out_on {
        parts.push(format!("runs out on {day}"));
    }
    if let Some(day) = &figures.period_ends_on {
        parts.push(format!("period ends {day}"));
    }
    if let Some(op) = &figures.operation {
        parts.push(format!("operation {} ({})", op.label(), op.code()));
    }
    parts
        .iter()
        .map(|p| p.replace(' ', "\u{a0}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

//! How a pool's figures read on the card, the gauge and the chart: the share in percent,
//! the period, the volumes and the pool's name. The figures themselves (used, quota,
//! remaining, share, time left, burn rate, projection) are `cmp_api::pool_figures`, pure
//! and shared; [`now`] is the browser's clock. Times are the platform's (no zone).

use cmp_api::pool_figures::PoolFigures;
use cmp_api::{CmpTime, TrafficPool};

/// A share as the cards write it: one decimal, e.g. `42.1 %` (cmp-api's formatter).
pub fn percent_text(share: f64) -> String {
    cmp_api::format_percent(share)
}

/// The pool's period, e.g. `2025-11-01 – 2025-11-30` (a dash for a missing date).
pub fn period_text(pool: &TrafficPool) -> String {
    let day = |time: Option<CmpTime>| time.map_or_else(|| "—".to_owned(), |t| t.iso_date());
    format!(
        "{} – {}",
        day(pool.traffic_pool_start_time),
        day(pool.traffic_pool_end_time)
    )
}

/// The volumes, e.g. `40 GB of 100 GB used · 60 GB left`.
pub fn volumes_text(figures: &PoolFigures) -> String {
    format!(
        "{} of {} used · {} left",
        figures.used.human(),
        figures.total.human(),
        figures.remaining.human()
    )
}

/// The pool's name, or its id when the name is blank.
pub fn pool_label(pool: &TrafficPool) -> String {
    if pool.traffic_pool_name.trim().is_empty() {
        pool.traffic_pool_id.clone()
    } else {
        pool.traffic_pool_name.clone()
    }
}

/// Now, as the platform writes times (UTC: the simulator and the proxy run on UTC).
pub fn now() -> CmpTime {
    CmpTime::from_unix_millis(js_sys::Date::now() as i64)
}

//! Chart-ready series from a [`UsageSummary`]: one point per day (zero days included), the
//! running total, and the top entries of a map with the rest grouped as "Other".

use super::UsageSummary;
use crate::time::CmpTime;
use crate::units::Bytes;
use std::collections::BTreeMap;

/// The label of the bucket that [`top_n`] groups the remaining entries under.
pub const OTHER: &str = "Other";

/// The longest day series produced; a longer range is cut after this many days, so a typo
/// in a year cannot make the browser build millions of points. Ten years of days.
pub const MAX_SERIES_DAYS: usize = 3660;

impl UsageSummary {
    /// Bytes for each day from `start` to `end` inclusive (`YYYY-MM-DD`, time of day
    /// ignored), with 0 for days without records. Empty when `end` is before `start`.
    /// Records of unknown day are not in the series (they are in [`UsageSummary::total`]).
    pub fn daily_series(&self, start: CmpTime, end: CmpTime) -> Vec<(String, Bytes)> {
        let first = start.days_since_epoch();
        let last = end.days_since_epoch();
        if last < first {
            return Vec::new();
        }
        let days = usize::try_from(last - first + 1)
            .unwrap_or(usize::MAX)
            .min(MAX_SERIES_DAYS);
        let start = start.start_of_day();
        (0..days)
            .map(|i| {
                let day = start.add_days(i as i64).iso_date();
                let bytes = self.per_day.get(&day).copied().unwrap_or_default();
                (day, bytes)
            })
            .collect()
    }

    /// The running total of [`daily_series`](UsageSummary::daily_series): each day's value is
    /// the bytes from `start` through that day.
    pub fn cumulative_series(&self, start: CmpTime, end: CmpTime) -> Vec<(String, Bytes)> {
        let mut running = Bytes(0);
        self.daily_series(start, end)
            .into_iter()
            .map(|(day, bytes)| {
                running += bytes;
                (day, running)
            })
            .collect()
    }
}

/// The `n` largest entries of `map`, largest first (ties by key), followed by one
/// [`OTHER`] entry holding the sum of the rest when there is a rest. The values always add
/// up to the map's total, so a share chart stays whole.
pub fn top_n(map: &BTreeMap<String, Bytes>, n: usize) -> Vec<(String, Bytes)> {
    let mut entries: Vec<(String, Bytes)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
    entries.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    if entries.len() <= n {
        return entries;
    }
    let rest: Bytes = entries.split_off(n).into_iter().map(|(_, v)| v).sum();
    entries.push((OTHER.to_owned(), rest));
    entries
}

//! CDR aggregation for the usage charts: totals per day, network, country and operator, and
//! session statistics. A [`UsageSummary`] grows page by page ([`UsageSummary::extend`]) and
//! two summaries [`merge`](UsageSummary::merge) into the summary of both, so the SPA can
//! chart a long range while its pages are still arriving. Every operation is order-free:
//! the same records in any order, split any way, give the same summary.
//!
//! Records with a missing field still count in every total: they go to the [`UNKNOWN`]
//! bucket of the map concerned (a record with no `session_started_at` is counted under the
//! day `"unknown"`, which sorts after every date and is left out of the day series).

mod mcc;
mod operator;
mod series;
mod tally;

pub use mcc::{country_label, country_name};
pub use operator::{operator_label, operator_name};
pub use series::{MAX_SERIES_DAYS, OTHER, top_n};

use crate::model::cdr::CdrRecord;
use crate::time::CmpTime;
use crate::units::Bytes;
use std::collections::BTreeMap;

/// The bucket key for a record that lacks the field a map is keyed by.
pub const UNKNOWN: &str = "unknown";

/// Session counts and durations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SessionStats {
    /// Sessions (records) seen.
    pub count: u64,
    /// Sessions still open: `session_ended_at` is null.
    pub open: u64,
    /// Total length of the closed sessions, seconds.
    pub total_duration_secs: u64,
    /// Length of the longest closed session, seconds.
    pub longest_duration_secs: u64,
}

impl SessionStats {
    /// Sessions that have ended.
    pub fn closed(&self) -> u64 {
        self.count - self.open
    }

    /// Mean length of a closed session in seconds; `None` when none has closed.
    pub fn average_duration_secs(&self) -> Option<u64> {
        (self.closed() > 0).then(|| self.total_duration_secs / self.closed())
    }
}

/// What a set of CDRs adds up to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UsageSummary {
    /// Bytes across all records.
    pub total: Bytes,
    /// Records seen.
    pub records: u64,
    /// Bytes per day (`YYYY-MM-DD` of `session_started_at`; [`UNKNOWN`] when missing).
    pub per_day: BTreeMap<String, Bytes>,
    /// Bytes per radio technology (`4G`, `5G`, ...).
    pub per_network: BTreeMap<String, Bytes>,
    /// Bytes per mobile country code (see [`country_name`]).
    pub per_country: BTreeMap<String, Bytes>,
    /// Bytes per operator, `mcc-mnc` (e.g. `460-00`).
    pub per_operator: BTreeMap<String, Bytes>,
    /// Session counts and durations.
    pub sessions: SessionStats,
    /// The earliest session start seen.
    pub first_start: Option<CmpTime>,
    /// The latest session start seen.
    pub last_start: Option<CmpTime>,
}

/// Sums `records` into a new summary.
pub fn aggregate(records: &[CdrRecord]) -> UsageSummary {
    let mut summary = UsageSummary::default();
    summary.extend(records);
    summary
}

impl UsageSummary {
    /// Counts one record: the straightforward definition of every total, which the
    /// batch path ([`UsageSummary::extend`]) must match.
    pub fn add(&mut self, record: &CdrRecord) {
        let bytes = record.data;
        self.total += bytes;
        self.records += 1;
        let day = record.session_started_at.map(|t| t.iso_date());
        bump(&mut self.per_day, day.as_deref().unwrap_or(UNKNOWN), bytes);
        bump(&mut self.per_network, or_unknown(&record.network), bytes);
        bump(&mut self.per_country, or_unknown(&record.mcc), bytes);
        let operator = tally::operator_key(&record.mcc, &record.mnc);
        bump(&mut self.per_operator, &operator, bytes);
        self.count_session(record);
        if let Some(start) = record.session_started_at {
            self.first_start = Some(self.first_start.map_or(start, |t| t.min(start)));
            self.last_start = Some(self.last_start.map_or(start, |t| t.max(start)));
        }
    }

    /// Counts the record's session: open, or closed with its length.
    fn count_session(&mut self, record: &CdrRecord) {
        self.sessions.count += 1;
        if record.session_ended_at.is_none() {
            self.sessions.open += 1;
        } else {
            // An end before the start has no meaningful length; it counts as closed, 0 s.
            let secs = record.duration_secs().unwrap_or(0);
            self.sessions.total_duration_secs =
                self.sessions.total_duration_secs.saturating_add(secs);
            self.sessions.longest_duration_secs = self.sessions.longest_duration_secs.max(secs);
        }
    }

    /// Folds `other` in, so the result summarises both sets of records.
    pub fn merge(&mut self, other: &UsageSummary) {
        self.total += other.total;
        self.records += other.records;
        for (mine, theirs) in [
            (&mut self.per_day, &other.per_day),
            (&mut self.per_network, &other.per_network),
            (&mut self.per_country, &other.per_country),
            (&mut self.per_operator, &other.per_operator),
        ] {
            for (key, bytes) in theirs {
                bump(mine, key, *bytes);
            }
        }
        let (s, o) = (&mut self.sessions, &other.sessions);
        s.count += o.count;
        s.open += o.open;
        s.total_duration_secs = s.total_duration_secs.saturating_add(o.total_duration_secs);
        s.longest_duration_secs = s.longest_duration_secs.max(o.longest_duration_secs);
        self.first_start = pick(self.first_start, other.first_start, std::cmp::min);
        self.last_start = pick(self.last_start, other.last_start, std::cmp::max);
    }

    /// Bytes per country name (several codes share a country, e.g. India's 404, 405, 406);
    /// codes not in the table show as `MCC nnn`.
    pub fn per_country_name(&self) -> BTreeMap<String, Bytes> {
        let mut out = BTreeMap::new();
        for (mcc, bytes) in &self.per_country {
            bump(&mut out, &country_label(mcc), *bytes);
        }
        out
    }

    /// Bytes per operator name (see [`operator_label`]); networks missing from the table
    /// keep their codes, so every byte of [`UsageSummary::per_operator`] is here.
    pub fn per_operator_name(&self) -> BTreeMap<String, Bytes> {
        let mut out = BTreeMap::new();
        for (key, bytes) in &self.per_operator {
            bump(&mut out, &operator_label(key), *bytes);
        }
        out
    }
}

fn bump(map: &mut BTreeMap<String, Bytes>, key: &str, bytes: Bytes) {
    match map.get_mut(key) {
        Some(v) => *v += bytes,
        None => {
            map.insert(key.to_owned(), bytes);
        }
    }
}

fn or_unknown(s: &str) -> &str {
    if s.is_empty() { UNKNOWN } else { s }
}

fn pick(
    a: Option<CmpTime>,
    b: Option<CmpTime>,
    f: fn(CmpTime, CmpTime) -> CmpTime,
) -> Option<CmpTime> {
    match (a, b) {
        (Some(a), Some(b)) => Some(f(a, b)),
        (a, b) => a.or(b),
    }
}

//! The fast path of [`UsageSummary::extend`]: sums a batch of records keyed by what costs
//! least to compare (a code of up to seven bytes packed into an integer, the start's
//! calendar day as one number), so counting a record costs no allocation, no date
//! formatting and no string comparison; the few distinct keys of a batch become the
//! summary's `String` keys once, at the end. Gives exactly what counting the records one
//! by one with [`UsageSummary::add`] gives (a property test holds the two together).

use super::{UNKNOWN, UsageSummary, bump, or_unknown, pick};
use crate::model::cdr::CdrRecord;
use crate::short_text::ShortText;
use crate::time::CmpTime;
use crate::units::Bytes;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Keys held in a list and found by comparing each: a device's records carry a handful of
/// networks, countries and operators, and a few integer comparisons cost less than a
/// tree's. Keys beyond these go to the tree.
const LISTED: usize = 16;

/// Bytes per key. The key of the previous record is tried first (pages come newest first,
/// so a day's records arrive together), then the list, then the tree.
struct Counter<K> {
    list: Vec<(K, Bytes)>,
    last: usize,
    more: BTreeMap<K, Bytes>,
}

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Counter {
            list: Vec::new(),
            last: 0,
            more: BTreeMap::new(),
        }
    }
}

impl<K: Ord> Counter<K> {
    #[inline]
    fn add(&mut self, key: K, bytes: Bytes) {
        if let Some((k, sum)) = self.list.get_mut(self.last)
            && *k == key
        {
            *sum += bytes;
            return;
        }
        if let Some(at) = self.list.iter().position(|(k, _)| *k == key) {
            self.last = at;
            self.list[at].1 += bytes;
        } else if self.list.len() < LISTED {
            self.last = self.list.len();
            self.list.push((key, bytes));
        } else {
            *self.more.entry(key).or_default() += bytes;
        }
    }

    /// Every key with its bytes (a key is in the list or in the tree, never both).
    fn into_entries(self) -> impl Iterator<Item = (K, Bytes)> {
        self.list.into_iter().chain(self.more)
    }
}

/// A code as a key: [`ShortText::packed`] when it is that short, else `0` and the text.
/// Equal exactly when the texts are equal; the order is only the tree's.
#[derive(Clone, Copy)]
struct Code<'a> {
    packed: u64,
    text: &'a ShortText,
}

impl<'a> Code<'a> {
    #[inline]
    fn of(text: &'a ShortText) -> Code<'a> {
        Code {
            packed: text.packed().unwrap_or(0),
            text,
        }
    }
}

impl PartialEq for Code<'_> {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        // Packed texts are equal when their integers are; only long ones compare bytes.
        self.packed == other.packed && (self.packed != 0 || self.text == other.text)
    }
}

impl Eq for Code<'_> {}

impl PartialOrd for Code<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Code<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.packed
            .cmp(&other.packed)
            .then_with(|| self.text.cmp(other.text))
    }
}

/// A start's calendar day as one number (0 when there is no start), to compare at once.
#[inline]
fn day_of(start: Option<CmpTime>) -> u64 {
    start.map_or(0, |t| {
        (u64::from(t.year as u32) << 16 | u64::from(t.month) << 8 | u64::from(t.day)) + 1
    })
}

/// `YYYY-MM-DD` of a [`day_of`] number, [`UNKNOWN`] for 0.
fn day_text(day: u64) -> String {
    match day.checked_sub(1) {
        None => UNKNOWN.to_owned(),
        Some(d) => CmpTime {
            year: (d >> 16) as u32 as i32,
            month: (d >> 8) as u8,
            day: d as u8,
            ..CmpTime::default()
        }
        .iso_date(),
    }
}

/// A time as its year and one number for the rest, ordered as [`CmpTime`]'s `Ord` orders
/// times (the format aside); the year stays apart so that any `i32` year orders right.
#[inline]
fn instant(t: &CmpTime) -> (i32, u64) {
    (
        t.year,
        u64::from(t.month) << 32
            | u64::from(t.day) << 24
            | u64::from(t.hour) << 16
            | u64::from(t.minute) << 8
            | u64::from(t.second),
    )
}

/// Sums of a batch of records, keyed by borrowed codes.
#[derive(Default)]
struct Tally<'a> {
    days: Counter<u64>,
    networks: Counter<Code<'a>>,
    countries: Counter<Code<'a>>,
    operators: Counter<(Code<'a>, Code<'a>)>,
}

impl UsageSummary {
    /// Counts every record of a batch, as [`UsageSummary::add`] on each would.
    pub fn extend<'a>(&mut self, records: impl IntoIterator<Item = &'a CdrRecord>) {
        let mut tally = Tally::default();
        // The batch's earliest and latest start, compared as numbers; ties keep the
        // record `pick` keeps (the first for the earliest, the last for the latest).
        let mut first: Option<((i32, u64), CmpTime)> = None;
        let mut last: Option<((i32, u64), CmpTime)> = None;
        for record in records {
            let bytes = record.data;
            self.total += bytes;
            self.records += 1;
            let start = record.session_started_at;
            tally.days.add(day_of(start), bytes);
            tally.networks.add(Code::of(&record.network), bytes);
            let mcc = Code::of(&record.mcc);
            tally.countries.add(mcc, bytes);
            tally.operators.add((mcc, Code::of(&record.mnc)), bytes);
            self.count_session(record);
            if let Some(start) = start {
                let at = instant(&start);
                if first.is_none_or(|(f, _)| at < f) {
                    first = Some((at, start));
                }
                if last.is_none_or(|(l, _)| at >= l) {
                    last = Some((at, start));
                }
            }
        }
        self.first_start = pick(self.first_start, first.map(|f| f.1), std::cmp::min);
        self.last_start = pick(self.last_start, last.map(|l| l.1), std::cmp::max);
        for (day, bytes) in tally.days.into_entries() {
            bump(&mut self.per_day, &day_text(day), bytes);
        }
        for (network, bytes) in tally.networks.into_entries() {
            bump(&mut self.per_network, or_unknown(network.text), bytes);
        }
        for (mcc, bytes) in tally.countries.into_entries() {
            bump(&mut self.per_country, or_unknown(mcc.text), bytes);
        }
        for ((mcc, mnc), bytes) in tally.operators.into_entries() {
            bump(
                &mut self.per_operator,
                &operator_key(mcc.text, mnc.text),
                bytes,
            );
        }
    }
}

/// The operator bucket of a record: `mcc-mnc`, a missing half as [`UNKNOWN`], or
/// [`UNKNOWN`] alone when both codes are missing.
pub(super) fn operator_key(mcc: &str, mnc: &str) -> String {
    if mcc.is_empty() && mnc.is_empty() {
        UNKNOWN.to_owned()
    } else {
        format!("{}-{}", or_unknown(mcc), or_unknown(mnc))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Years far outside the four digits the platform writes still order as `CmpTime`
    /// orders them (the property test draws years within ±20,000).
    #[test]
    fn extreme_years_count_as_one_by_one() {
        let at = |year| CdrRecord {
            session_started_at: Some(CmpTime {
                year,
                ..CmpTime::default()
            }),
            ..CdrRecord::default()
        };
        let records: Vec<CdrRecord> = [0, i32::MAX, i32::MIN, 1 << 23, -(1 << 23), 2026]
            .map(at)
            .into();
        let mut one_by_one = UsageSummary::default();
        for record in &records {
            one_by_one.add(record);
        }
        let mut batch = UsageSummary::default();
        batch.extend(&records);
        assert_eq!(batch, one_by_one);
        assert_eq!(batch.first_start.map(|t| t.year), Some(i32::MIN));
        assert_eq!(batch.last_start.map(|t| t.year), Some(i32::MAX));
    }
}

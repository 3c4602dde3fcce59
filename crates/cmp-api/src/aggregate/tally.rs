//! The fast path of [`UsageSummary::extend`]: sums a batch of records keyed by what they
//! borrow (`&str` codes, the start's calendar day as numbers), so counting a record costs
//! no allocation and no date formatting; the few distinct keys of a batch become the
//! summary's `String` keys once, at the end. Gives exactly what counting the records one
//! by one with [`UsageSummary::add`] gives (a property test holds the two together).

use super::{UNKNOWN, UsageSummary, bump, or_unknown, pick};
use crate::model::cdr::CdrRecord;
use crate::time::CmpTime;
use crate::units::Bytes;
use std::collections::BTreeMap;

/// Bytes per key. Consecutive records mostly share a key (pages come newest first, so a
/// day's records arrive together), so the current run is summed apart and only a change
/// of key touches the map.
struct Counter<K> {
    map: BTreeMap<K, Bytes>,
    run: Option<(K, Bytes)>,
}

impl<K> Default for Counter<K> {
    fn default() -> Self {
        Counter {
            map: BTreeMap::new(),
            run: None,
        }
    }
}

impl<K: Ord + Copy> Counter<K> {
    fn add(&mut self, key: K, bytes: Bytes) {
        match &mut self.run {
            Some((current, sum)) if *current == key => *sum += bytes,
            _ => {
                if let Some((done, sum)) = self.run.replace((key, bytes)) {
                    *self.map.entry(done).or_default() += sum;
                }
            }
        }
    }

    /// Every key with its bytes (the current run included).
    fn into_entries(mut self) -> impl Iterator<Item = (K, Bytes)> {
        if let Some((key, sum)) = self.run.take() {
            *self.map.entry(key).or_default() += sum;
        }
        self.map.into_iter()
    }
}

/// A calendar day as numbers: year, month, day of month.
type Day = (i32, u8, u8);

/// Sums of a batch of records, keyed by borrowed codes.
#[derive(Default)]
struct Tally<'a> {
    days: Counter<Option<Day>>,
    networks: Counter<&'a str>,
    countries: Counter<&'a str>,
    operators: Counter<(&'a str, &'a str)>,
}

impl UsageSummary {
    /// Counts every record of a batch, as [`UsageSummary::add`] on each would.
    pub fn extend<'a>(&mut self, records: impl IntoIterator<Item = &'a CdrRecord>) {
        let mut tally = Tally::default();
        for record in records {
            let bytes = record.data;
            self.total += bytes;
            self.records += 1;
            let start = record.session_started_at;
            tally
                .days
                .add(start.map(|t| (t.year, t.month, t.day)), bytes);
            tally.networks.add(&record.network, bytes);
            tally.countries.add(&record.mcc, bytes);
            tally.operators.add((&*record.mcc, &*record.mnc), bytes);
            self.count_session(record);
            self.first_start = pick(self.first_start, start, std::cmp::min);
            self.last_start = pick(self.last_start, start, std::cmp::max);
        }
        for (day, bytes) in tally.days.into_entries() {
            let key = day.map(|(year, month, day)| day_key(year, month, day));
            bump(&mut self.per_day, key.as_deref().unwrap_or(UNKNOWN), bytes);
        }
        for (network, bytes) in tally.networks.into_entries() {
            bump(&mut self.per_network, or_unknown(network), bytes);
        }
        for (mcc, bytes) in tally.countries.into_entries() {
            bump(&mut self.per_country, or_unknown(mcc), bytes);
        }
        for ((mcc, mnc), bytes) in tally.operators.into_entries() {
            bump(&mut self.per_operator, &operator_key(mcc, mnc), bytes);
        }
    }
}

/// `YYYY-MM-DD`, as [`CmpTime::iso_date`] writes the day.
fn day_key(year: i32, month: u8, day: u8) -> String {
    CmpTime {
        year,
        month,
        day,
        ..CmpTime::default()
    }
    .iso_date()
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

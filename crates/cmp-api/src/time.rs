//! Dates and times as the upstream writes them. They carry no time zone; the product
//! treats them as the platform's local time and says so wherever it shows them.
//! Four formats appear in the spec: `YYYYMMDD`, `YYYYMMDDhhmmss`, `YYYY-MM-DD hh:mm:ss`
//! and `YYYY-MM-DD`. A parsed value remembers its format so it re-encodes as it came.
//! The platform's zone is a fixed [`UtcOffset`]: it has no daylight saving time.

mod offset;

pub use offset::{MAX_OFFSET_MINUTES, MIN_OFFSET_MINUTES, OffsetError, UtcOffset};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// Which of the upstream's spellings a date or time uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TimeFormat {
    /// `YYYYMMDD`
    CompactDate,
    /// `YYYYMMDDhhmmss`
    CompactDateTime,
    /// `YYYY-MM-DD`
    Date,
    /// `YYYY-MM-DD hh:mm:ss`
    #[default]
    DateTime,
}

/// A calendar date and time of day, with no zone.
#[derive(Debug, Clone, Copy, Default)]
pub struct CmpTime {
    /// Year, e.g. 2024.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u8,
    /// Day of month, 1..=31.
    pub day: u8,
    /// Hour, 0..=23.
    pub hour: u8,
    /// Minute, 0..=59.
    pub minute: u8,
    /// Second, 0..=59.
    pub second: u8,
    /// How it is written.
    pub format: TimeFormat,
}

/// Why a date did not parse, in words a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{0}” is not a date: use YYYY-MM-DD (for example 2024-05-09)")]
pub struct DateError(pub String);

impl CmpTime {
    /// A date at midnight, written `YYYY-MM-DD`. `None` when the date does not exist.
    pub fn date(year: i32, month: u8, day: u8) -> Option<CmpTime> {
        let t = CmpTime {
            year,
            month,
            day,
            format: TimeFormat::Date,
            ..Default::default()
        };
        t.is_valid().then_some(t)
    }

    /// The same instant written another way.
    pub fn with_format(mut self, format: TimeFormat) -> CmpTime {
        self.format = format;
        self
    }

    /// The same day at midnight.
    pub fn start_of_day(self) -> CmpTime {
        CmpTime {
            hour: 0,
            minute: 0,
            second: 0,
            ..self
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day)
    }

    /// Seconds since 1970-01-01 00:00:00 of the same zone.
    pub fn seconds_since_epoch(&self) -> i64 {
        self.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// Seconds from `self` to `later` (negative when `later` is earlier). Within one month
    /// (every session but those crossing a month's end) the day count is the difference
    /// of the days of month, exactly as the calendar arithmetic gives it, without it.
    pub fn seconds_until(&self, later: &CmpTime) -> i64 {
        let days = if (self.year, self.month) == (later.year, later.month) {
            i64::from(later.day) - i64::from(self.day)
        } else {
            later.days_since_epoch() - self.days_since_epoch()
        };
        let clock =
            |t: &CmpTime| i64::from(t.hour) * 3600 + i64::from(t.minute) * 60 + i64::from(t.second);
        days * 86_400 + clock(later) - clock(self)
    }

    /// The time `secs` seconds after 1970-01-01 00:00:00, written `YYYY-MM-DD hh:mm:ss`.
    pub fn from_seconds(secs: i64) -> CmpTime {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        CmpTime {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
            format: TimeFormat::DateTime,
        }
    }

    /// The time from Unix milliseconds (UTC), written `YYYY-MM-DD hh:mm:ss`.
    pub fn from_unix_millis(ms: i64) -> CmpTime {
        CmpTime::from_seconds(ms.div_euclid(1000))
    }

    /// The date `days` later (or earlier when negative), same time and format.
    pub fn add_days(self, days: i64) -> CmpTime {
        let (year, month, day) = civil_from_days(self.days_since_epoch() + days);
        CmpTime {
            year,
            month,
            day,
            ..self
        }
    }

    /// The instant `secs` seconds later, same format.
    pub fn add_seconds(self, secs: i64) -> CmpTime {
        CmpTime::from_seconds(self.seconds_since_epoch() + secs).with_format(self.format)
    }

    /// The same day of the month `months` later, clamped to the month's last day.
    pub fn add_months(self, months: i32) -> CmpTime {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        CmpTime {
            year,
            month,
            day,
            ..self
        }
    }

    /// `YYYY-MM-DD`, whatever the format.
    pub fn iso_date(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 60
    }

    fn key(&self) -> (i32, u8, u8, u8, u8, u8) {
        (
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        )
    }
}

impl PartialEq for CmpTime {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}
impl Eq for CmpTime {}
impl PartialOrd for CmpTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for CmpTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}
impl std::hash::Hash for CmpTime {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

/// `YYYY-MM-DD HH:MM:SS` exactly (what every CDR carries, twice), read without the general
/// path's slicing; `None` for anything else, which the general path then reads (or
/// refuses) as it always did. Gives what the general path gives for the same text.
/// The text is read as three eight-byte words (bytes 0–7, 8–15 and 11–18), whose
/// separators and digits are checked a word at a time (see [`digit_values`]).
fn date_time_fast(b: &[u8]) -> Option<CmpTime> {
    let b: &[u8; 19] = b.try_into().ok()?;
    // Digits' places in each word; the rest are the separators, `-`, ` ` and `:`.
    const DIGITS_0: u64 = 0x00ff_ff00_ffff_ffff; // YYYY-MM-
    const SEPS_0: u64 = (b'-' as u64) << 32 | (b'-' as u64) << 56;
    const DIGITS_1: u64 = 0xffff_00ff_ff00_ffff; // DD HH:MM
    const SEPS_1: u64 = (b' ' as u64) << 16 | (b':' as u64) << 40;
    const DIGITS_2: u64 = 0xffff_00ff_ff00_ffff; // HH:MM:SS
    const SEPS_2: u64 = (b':' as u64) << 16 | (b':' as u64) << 40;
    let w0 = digit_values(word(b, 0), DIGITS_0, SEPS_0)?;
    let w1 = digit_values(word(b, 8), DIGITS_1, SEPS_1)?;
    let w2 = digit_values(word(b, 11), DIGITS_2, SEPS_2)?;
    let t = CmpTime {
        year: i32::from(pair(w0, 0)) * 100 + i32::from(pair(w0, 2)),
        month: pair(w0, 5),
        day: pair(w1, 0),
        hour: pair(w1, 3),
        minute: pair(w2, 3),
        second: pair(w2, 6),
        format: TimeFormat::DateTime,
    };
    if t.is_valid() { Some(t) } else { None }
}

/// The two-digit number whose digits' values are bytes `i` and `i + 1` of `w`.
#[inline(always)]
fn pair(w: u64, i: u32) -> u8 {
    (w >> (8 * i)) as u8 * 10 + (w >> (8 * i + 8)) as u8
}

/// Eight bytes of `b` from `at`, little-endian.
#[inline(always)]
fn word(b: &[u8; 19], at: usize) -> u64 {
    let mut w = [0; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

/// `w` with each byte under `digits` turned into its digit's value (the others zero),
/// when those bytes are ASCII digits and the others are exactly `seps`; else `None`.
#[inline(always)]
fn digit_values(w: u64, digits: u64, seps: u64) -> Option<u64> {
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    const SIXES: u64 = 0x0606_0606_0606_0606;
    const HIGH_NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    if w & !digits != seps {
        return None;
    }
    // A digit's byte minus '0' is 0..=9: its high nibble is clear and stays clear when 6
    // is added. Any other byte sets a high nibble in one of the two (a carry out of a
    // byte comes only from a byte that already shows).
    let v = (w ^ ZEROS) & digits;
    ((v | v.wrapping_add(SIXES & digits)) & HIGH_NIBBLES == 0).then_some(v)
}

/// The number `s` writes in ASCII digits only (no sign, no space); `None` otherwise or
/// when it overflows. Folded by hand: every CDR carries two times, six parts each.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u32, |n, b| {
        let digit = b.is_ascii_digit().then(|| u32::from(b - b'0'))?;
        n.checked_mul(10)?.checked_add(digit)
    })
}

impl FromStr for CmpTime {
    type Err = DateError;
    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        match date_time_fast(raw.as_bytes()) {
            Some(t) => Ok(t),
            None => parse_any_format(raw),
        }
    }
}

/// Every format [`CmpTime`] reads, surrounding whitespace allowed.
fn parse_any_format(raw: &str) -> Result<CmpTime, DateError> {
    let s = crate::lenient::trim(raw);
    let bad = || DateError(raw.to_owned());
    // Every format is ASCII; checking first keeps the byte slicing below on char
    // boundaries (a multi-byte character at a separator's place used to panic).
    if !s.is_ascii() {
        return Err(bad());
    }
    let part = |a: usize, b: usize| s.get(a..b).and_then(digits).ok_or_else(bad);
    let (format, date_len, time_at, sep) = match (s.len(), s.as_bytes().get(4)) {
        (8, _) => (TimeFormat::CompactDate, 8, None, false),
        (14, _) => (TimeFormat::CompactDateTime, 8, Some(8), false),
        (10, Some(b'-')) => (TimeFormat::Date, 10, None, true),
        (19, Some(b'-')) => (TimeFormat::DateTime, 10, Some(11), true),
        _ => return Err(bad()),
    };
    let (ys, ms, ds) = if sep { (0, 5, 8) } else { (0, 4, 6) };
    if sep && (&s[4..5] != "-" || &s[7..8] != "-") {
        return Err(bad());
    }
    let mut t = CmpTime {
        year: part(ys, ys + 4)? as i32,
        month: part(ms, ms + 2)? as u8,
        day: part(ds, ds + 2)? as u8,
        format,
        ..Default::default()
    };
    let _ = date_len;
    if let Some(at) = time_at {
        if sep && (&s[10..11] != " " || &s[13..14] != ":" || &s[16..17] != ":") {
            return Err(bad());
        }
        let step = if sep { 3 } else { 2 };
        t.hour = part(at, at + 2)? as u8;
        t.minute = part(at + step, at + step + 2)? as u8;
        t.second = part(at + 2 * step, at + 2 * step + 2)? as u8;
    }
    if t.is_valid() { Ok(t) } else { Err(bad()) }
}

impl fmt::Display for CmpTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.key();
        match self.format {
            TimeFormat::CompactDate => write!(f, "{y:04}{mo:02}{d:02}"),
            TimeFormat::CompactDateTime => write!(f, "{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}"),
            TimeFormat::Date => write!(f, "{y:04}-{mo:02}-{d:02}"),
            TimeFormat::DateTime => write!(f, "{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
        }
    }
}

impl Serialize for CmpTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for CmpTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `year` is a leap year in the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for every Gregorian date.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((y + i64::from(m <= 2)) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut within a month gives what the calendar arithmetic gives, for any
        /// field values (invalid dates included, as records may carry them).
        #[test]
        fn seconds_until_equals_the_epoch_difference(
            a in (-9999i32..9999, any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()),
            b in (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>()),
            same_month in any::<bool>(),
        ) {
            let start = CmpTime { year: a.0, month: a.1, day: a.2, hour: a.3, minute: a.4, second: a.5, ..CmpTime::default() };
            let end = CmpTime {
                year: if same_month { a.0 } else { a.0 + 1 },
                month: if same_month { a.1 } else { b.0 },
                day: b.1, hour: b.2, minute: b.3, second: a.5, ..CmpTime::default()
            };
            prop_assert_eq!(start.seconds_until(&end), end.seconds_since_epoch() - start.seconds_since_epoch());
        }

        /// The hand-folded digit reader agrees with the standard parser on digit strings
        /// and refuses whatever else the parser would accept (signs, spaces, overflow).
        #[test]
        fn digits_agree_with_the_standard_parser(s in "[0-9+ -]{0,12}|[0-9]{0,12}") {
            let standard = if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse::<u32>().ok()
            } else {
                None
            };
            prop_assert_eq!(digits(&s), standard);
        }

        /// The CDR times' shortcut reads what the general path reads, format included, and
        /// leaves everything else to it: near-miss shapes, invalid days, other characters.
        #[test]
        fn the_date_time_shortcut_agrees_with_the_general_path(
            s in "[0-9]{4}-[0-3][0-9]-[0-3][0-9] [0-2][0-9]:[0-6][0-9]:[0-6][0-9]|[0-9 :+-]{17,21}|[0-9]{4}.[0-9]{2}.[0-9]{2}.[0-9]{2}.[0-9]{2}.[0-9]{2}|[/0-9:]{4}-[/0-9:]{2}-[/0-9:]{2} [/0-9:]{2}:[/0-9:]{2}:[/0-9:]{2}|[\x00-\x7f]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}"
        ) {
            if let Some(fast) = date_time_fast(s.as_bytes()) {
                let general = parse_any_format(&s);
                prop_assert_eq!(format!("{:?}", Ok::<_, DateError>(fast)), format!("{general:?}"));
            }
            prop_assert_eq!(
                format!("{:?}", s.parse::<CmpTime>()),
                format!("{:?}", parse_any_format(&s))
            );
        }
    }

    #[test]
    fn parses_every_format_and_writes_it_back() {
        for s in [
            "20231124",
            "20221123153722",
            "2023-11-24 18:10:04",
            "2022-11-16",
        ] {
            let t: CmpTime = s.parse().unwrap();
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in [
            "20230230",
            "2023-13-01",
            "2023-1-01",
            "2023/01/01",
            "",
            "2023-01-01 24:00:00",
        ] {
            assert!(s.parse::<CmpTime>().is_err(), "{s}");
        }
        assert!("2024-02-29".parse::<CmpTime>().is_ok());
    }

    #[test]
    fn rejects_multibyte_characters_without_panicking() {
        // Right length in bytes, but a multi-byte character where a separator or digit
        // pair is sliced (found by fuzzing the push decoder).
        for s in [
            "2019-10-16 12:3\u{33c}54",
            "2019-0é-1",
            "2019-10-1é12:34:56",
        ] {
            assert!(s.parse::<CmpTime>().is_err(), "{s}");
        }
    }

    #[test]
    fn day_arithmetic_round_trips() {
        let t: CmpTime = "2024-02-28".parse().unwrap();
        assert_eq!(t.add_days(1).to_string(), "2024-02-29");
        assert_eq!(t.add_days(2).to_string(), "2024-03-01");
        assert_eq!(CmpTime::date(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(
            CmpTime::from_unix_millis(1_795_991_084_660).to_string(),
            "2026-11-29 22:24:44"
        );
        let jan31: CmpTime = "2024-01-31".parse().unwrap();
        assert_eq!(jan31.add_months(1).to_string(), "2024-02-29");
    }
}

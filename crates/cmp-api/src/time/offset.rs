//! The platform's time zone as a fixed offset from UTC. The upstream's times carry no zone
//! and its "current date" (the CDR history's 180 days) is its own, so the proxy, the SPA and
//! the simulator all need the same offset to agree on what "today" is. The spec's platform
//! has no daylight saving time, and no time-zone database is shipped, so a zone is written
//! as its offset (`UTC+8`, `+08:00`), never by name (`Asia/Shanghai`).

use super::{CmpTime, TimeFormat};
use std::fmt;
use std::str::FromStr;

/// The most minutes west of UTC a zone is: UTC−12:00.
pub const MIN_OFFSET_MINUTES: i32 = -12 * 60;
/// The most minutes east of UTC a zone is: UTC+14:00.
pub const MAX_OFFSET_MINUTES: i32 = 14 * 60;

/// A fixed offset from UTC in minutes, east positive (UTC+08:00 is 480).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UtcOffset {
    /// Minutes east of UTC, [`MIN_OFFSET_MINUTES`] to [`MAX_OFFSET_MINUTES`].
    pub minutes: i32,
}

/// Why a text is not an offset, in words that say what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{0}” is not an offset from UTC: give the platform's offset, such as UTC, UTC+8, UTC-05:30, +08:00 or -0530 (from UTC-12:00 to UTC+14:00); zone names such as Asia/Shanghai are not read, as no time-zone database is shipped"
)]
pub struct OffsetError(pub String);

impl UtcOffset {
    /// UTC itself.
    pub const UTC: UtcOffset = UtcOffset { minutes: 0 };

    /// The offset of `minutes` east of UTC; `None` outside UTC−12:00 to UTC+14:00.
    pub fn from_minutes(minutes: i32) -> Option<UtcOffset> {
        (MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES)
            .contains(&minutes)
            .then_some(UtcOffset { minutes })
    }

    /// The local date and time at `now_unix_ms` (Unix milliseconds), `YYYY-MM-DD hh:mm:ss`.
    pub fn local(self, now_unix_ms: i64) -> CmpTime {
        CmpTime::from_unix_millis(now_unix_ms + i64::from(self.minutes) * 60_000)
    }

    /// The local date at `now_unix_ms`: midnight of the local day, written `YYYY-MM-DD`.
    pub fn today(self, now_unix_ms: i64) -> CmpTime {
        self.local(now_unix_ms)
            .start_of_day()
            .with_format(TimeFormat::Date)
    }
}

impl fmt::Display for UtcOffset {
    /// `UTC` for UTC itself, else `UTC+08:00`, `UTC-05:30`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.minutes == 0 {
            return f.write_str("UTC");
        }
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let m = self.minutes.unsigned_abs();
        write!(f, "UTC{sign}{:02}:{:02}", m / 60, m % 60)
    }
}

impl FromStr for UtcOffset {
    type Err = OffsetError;

    /// Reads `UTC` or `Z`, or a sign and hours with optional minutes, after an optional
    /// `UTC`: `UTC+8`, `UTC-05:30`, `+08:00`, `-0530`, `+8`.
    fn from_str(text: &str) -> Result<UtcOffset, OffsetError> {
        let bad = || OffsetError(text.trim().to_owned());
        let s = text.trim();
        if s.eq_ignore_ascii_case("UTC") || s.eq_ignore_ascii_case("Z") {
            return Ok(UtcOffset::UTC);
        }
        let s = match s.get(..3) {
            Some(prefix) if prefix.eq_ignore_ascii_case("UTC") => &s[3..],
            _ => s,
        };
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'+') => (1, &s[1..]),
            Some(b'-') => (-1, &s[1..]),
            _ => return Err(bad()),
        };
        // ASCII only, so the splits below fall on character boundaries.
        if !rest.is_ascii() {
            return Err(bad());
        }
        let (hours, minutes) = match rest.split_once(':') {
            Some((h, m)) if (1..=2).contains(&h.len()) && m.len() == 2 => (h, m),
            Some(_) => return Err(bad()),
            None => match rest.len() {
                1 | 2 => (rest, "00"),
                3 | 4 => rest.split_at(rest.len() - 2),
                _ => return Err(bad()),
            },
        };
        let number = |s: &str| {
            s.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| s.parse::<i32>().ok())
                .flatten()
        };
        let (Some(h), Some(m)) = (number(hours), number(minutes)) else {
            return Err(bad());
        };
        if m >= 60 {
            return Err(bad());
        }
        UtcOffset::from_minutes(sign * (h * 60 + m)).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_forms_read_and_display_one_way() {
        for (text, minutes, shown) in [
            ("UTC", 0, "UTC"),
            ("utc", 0, "UTC"),
            ("Z", 0, "UTC"),
            ("UTC+8", 480, "UTC+08:00"),
            ("UTC+08", 480, "UTC+08:00"),
            ("UTC-05:30", -330, "UTC-05:30"),
            ("+08:00", 480, "UTC+08:00"),
            ("-0530", -330, "UTC-05:30"),
            ("+545", 345, "UTC+05:45"),
            (" UTC+14:00 ", 840, "UTC+14:00"),
            ("-12", -720, "UTC-12:00"),
            ("+00:00", 0, "UTC"),
        ] {
            let offset: UtcOffset = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(offset.minutes, minutes, "{text}");
            assert_eq!(offset.to_string(), shown, "{text}");
            assert_eq!(shown.parse::<UtcOffset>(), Ok(offset), "{shown} reads back");
        }
    }

    #[test]
    fn names_and_junk_are_refused_saying_what_to_write() {
        for text in [
            "Asia/Shanghai",
            "CST",
            "GMT+8",
            "8",
            "UTC8",
            "+8:0",
            "+08:60",
            "+15",
            "-13",
            "+123:00",
            "+08:00:00",
            "UTC+",
            "",
            "+٨",
            "+٨1",
        ] {
            let e = text.parse::<UtcOffset>().unwrap_err();
            assert!(
                e.to_string().contains("give the platform's offset"),
                "{text}: {e}"
            );
        }
        let e = "Asia/Shanghai"
            .parse::<UtcOffset>()
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("“Asia/Shanghai” is not an offset from UTC"),
            "{e}"
        );
        assert!(e.contains("no time-zone database"), "{e}");
    }

    #[test]
    fn today_is_the_local_date() {
        // 2026-11-29 22:24:44 UTC.
        let now = 1_795_991_084_660;
        let east: UtcOffset = "UTC+8".parse().unwrap();
        let west: UtcOffset = "UTC-05:30".parse().unwrap();
        assert_eq!(UtcOffset::UTC.today(now).to_string(), "2026-11-29");
        assert_eq!(east.today(now).to_string(), "2026-11-30");
        assert_eq!(east.local(now).to_string(), "2026-11-30 06:24:44");
        assert_eq!(west.local(now).to_string(), "2026-11-29 16:54:44");
        // Just after midnight UTC, the west is still on the day before.
        let midnight = 1_796_083_200_000 + 60_000;
        assert_eq!(UtcOffset::UTC.today(midnight).to_string(), "2026-12-01");
        assert_eq!(west.today(midnight).to_string(), "2026-11-30");
        assert_eq!(UtcOffset::from_minutes(841), None);
        assert_eq!(UtcOffset::from_minutes(-721), None);
    }
}

//! Dates people type (`YYYY-MM-DD`) and the CDR query range built from two of them.

use super::{CDR_HISTORY_DAYS, ValidationError, shorten};
use crate::time::{CmpTime, TimeFormat, days_in_month};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Checks a date a person typed as `YYYY-MM-DD` and returns it (midnight, same format).
pub fn date(input: &str) -> Result<CmpTime, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ValidationError::DateEmpty);
    }
    let b = s.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(ValidationError::DateFormat(shorten(s)));
    }
    // All ten bytes are ASCII here, so these slices are on character boundaries.
    let year: i32 = s[0..4]
        .parse()
        .map_err(|_| ValidationError::DateFormat(shorten(s)))?;
    let month: u8 = s[5..7]
        .parse()
        .map_err(|_| ValidationError::DateFormat(shorten(s)))?;
    let day: u8 = s[8..10]
        .parse()
        .map_err(|_| ValidationError::DateFormat(shorten(s)))?;
    if !(1..=12).contains(&month) {
        return Err(ValidationError::DateMonth {
            input: s.to_owned(),
            month,
        });
    }
    let days = days_in_month(year, month);
    if day == 0 || day > days {
        let month_name = MONTHS[usize::from(month - 1)];
        return Err(ValidationError::DateDay {
            input: s.to_owned(),
            month_name,
            year,
            days,
        });
    }
    CmpTime::date(year, month, day).ok_or_else(|| ValidationError::DateFormat(shorten(s)))
}

/// The earliest day a CDR range may start on when it is `today` on the platform: the
/// history's [`CDR_HISTORY_DAYS`] days count today as the first, so today − 179 (midnight,
/// `YYYY-MM-DD`). The one definition the SPA, the proxy and the simulator use.
pub fn cdr_earliest(today: CmpTime) -> CmpTime {
    today
        .start_of_day()
        .with_format(TimeFormat::Date)
        .add_days(-(CDR_HISTORY_DAYS - 1))
}

/// Checks a CDR date range: both dates valid, the end not before the start, the start not
/// before [`cdr_earliest`] of `today` (the platform's date), the end not after `today`.
/// Returns both dates (midnight, `YYYY-MM-DD`).
pub fn cdr_range(
    start: &str,
    end: &str,
    today: CmpTime,
) -> Result<(CmpTime, CmpTime), ValidationError> {
    let start = date(start).map_err(|e| ValidationError::StartDate(Box::new(e)))?;
    let end = date(end).map_err(|e| ValidationError::EndDate(Box::new(e)))?;
    let today = today.start_of_day().with_format(TimeFormat::Date);
    if end < start {
        return Err(ValidationError::EndBeforeStart {
            start: start.iso_date(),
            end: end.iso_date(),
        });
    }
    if end > today {
        return Err(ValidationError::EndInFuture {
            end: end.iso_date(),
            today: today.iso_date(),
        });
    }
    let earliest = cdr_earliest(today);
    if start < earliest {
        return Err(ValidationError::StartTooOld {
            start: start.iso_date(),
            earliest: earliest.iso_date(),
        });
    }
    Ok((start, end))
}

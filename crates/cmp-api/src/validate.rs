//! Checks of what people type, run in the browser before a request leaves and again in the
//! proxy. Each check returns the cleaned value or a [`ValidationError`] whose message is a
//! sentence the person can act on (it quotes what they typed, shortened when long).
//!
//! The bulk order form's pasted lists and CSV files are read by [`device_list`]; order ids,
//! package codes and looked-up device ids by [`code`].

mod code;
mod dates;
mod error;
mod list;

pub use code::{CodeField, LookupId, MAX_CODE_CHARS, code, device_lookup};
pub use dates::{cdr_earliest, cdr_range, date};
pub use error::{DigitField, ValidationError};
pub use list::{DeviceListReport, LineProblem, ListFormat, device_list};

use std::ops::RangeInclusive;

/// Digits in a device id (ICCID). The spec's own examples have 18, 19 and 20.
pub const DEVICE_ID_DIGITS: RangeInclusive<usize> = 18..=22;
/// Digits in an IMSI.
pub const IMSI_DIGITS: RangeInclusive<usize> = 14..=15;
/// How far back the CDR endpoint keeps history, in days, today being the first: the
/// earliest start is today − 179 ([`cdr_earliest`]).
pub const CDR_HISTORY_DAYS: i64 = 180;
/// The largest page the upstream serves.
pub const MAX_PAGE_SIZE: u64 = 100;
/// The longest reason the form accepts, in characters.
pub const MAX_REASON_CHARS: usize = 200;
/// The largest `subscribed_count`: the spec types it `Integer`, and the platform's SDK is
/// Java, whose `Integer` ends here; a larger count could only overflow on the platform.
pub const MAX_SUBSCRIBED_COUNT: u64 = i32::MAX as u64;

/// Checks a device id (ICCID): surrounding spaces are dropped, then it must be 18 to 22
/// digits. The Luhn check digit is not required: several of the spec's own example ICCIDs
/// fail it (see [`luhn_valid`]).
pub fn device_id(input: &str) -> Result<String, ValidationError> {
    digits_only(input, DigitField::DeviceId, DEVICE_ID_DIGITS)
}

/// Checks an IMSI: surrounding spaces are dropped, then it must be 14 or 15 digits.
pub fn imsi(input: &str) -> Result<String, ValidationError> {
    digits_only(input, DigitField::Imsi, IMSI_DIGITS)
}

fn digits_only(
    input: &str,
    field: DigitField,
    allowed: RangeInclusive<usize>,
) -> Result<String, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ValidationError::Empty(field));
    }
    if let Some((i, c)) = s.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        let what = describe_char(c);
        return Err(ValidationError::NotDigit {
            field,
            input: shorten(s),
            what,
            position: i + 1,
        });
    }
    if !allowed.contains(&s.len()) {
        return Err(ValidationError::Length {
            field,
            input: shorten(s),
            digits: s.len(),
        });
    }
    Ok(s.to_owned())
}

/// Whether a string of digits passes the Luhn check (the ICCID check digit). Anything that
/// is not all ASCII digits, or is empty, fails. For the simulator's generated ICCIDs.
pub fn luhn_valid(digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Checks a page number (from 1).
pub fn page_no(n: u64) -> Result<u64, ValidationError> {
    if n >= 1 {
        Ok(n)
    } else {
        Err(ValidationError::PageNo)
    }
}

/// Checks a page size (1 to 100, the upstream's limit).
pub fn page_size(n: u64) -> Result<u64, ValidationError> {
    if (1..=MAX_PAGE_SIZE).contains(&n) {
        Ok(n)
    } else {
        Err(ValidationError::PageSize(n))
    }
}

/// Checks a free-text reason (ending an order early): trimmed, not empty, at most 200
/// characters. Returns the trimmed text.
pub fn reason(input: &str) -> Result<String, ValidationError> {
    let s = input.trim();
    let chars = s.chars().count();
    if chars == 0 {
        Err(ValidationError::ReasonEmpty)
    } else if chars > MAX_REASON_CHARS {
        Err(ValidationError::ReasonTooLong(chars))
    } else {
        Ok(s.to_owned())
    }
}

/// Checks a bulk order's subscribed count as typed (or as a JSON number's text): empty means
/// none is sent; otherwise a whole number from 1 to [`MAX_SUBSCRIBED_COUNT`].
pub fn subscribed_count(input: &str) -> Result<Option<u64>, ValidationError> {
    let s = input.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let n = Some(s)
        .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|s| s.parse::<u64>().ok());
    match n {
        Some(n) if (1..=MAX_SUBSCRIBED_COUNT).contains(&n) => Ok(Some(n)),
        _ => Err(ValidationError::SubscribedCount(shorten(s))),
    }
}

/// A character in words, for messages: "a letter", "a space", or the character quoted.
fn describe_char(c: char) -> String {
    if c.is_alphabetic() {
        "a letter".into()
    } else if c.is_whitespace() {
        "a space".into()
    } else if c.is_control() {
        "an invisible control character".into()
    } else {
        format!("“{c}”")
    }
}

/// What the person typed, cut to 40 characters so a pasted essay does not flood the page.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

//! Data volumes as types. The upstream mixes units: `flow` is MB, `used_flow` and
//! `order_used_flow` are KB, CDR `data` and pool quotas are bytes. Each converts once to
//! [`Bytes`], and [`Bytes`] has the one human formatter the whole product uses.
//! Units are binary, as the platform's own package names show (30720 MB is sold as "30GB").

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// Bytes in one kilobyte, as the platform counts.
pub const KB: u64 = 1024;
/// Bytes in one megabyte.
pub const MB: u64 = 1024 * KB;
/// Bytes in one gigabyte.
pub const GB: u64 = 1024 * MB;
/// Bytes in one terabyte.
pub const TB: u64 = 1024 * GB;

macro_rules! volume {
    ($(#[$meta:meta])* $name:ident, $per:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u64);

        impl $name {
            /// The same volume in bytes (saturating, so absurd inputs cannot overflow).
            pub fn bytes(self) -> Bytes {
                Bytes(self.0.saturating_mul($per))
            }
        }

        impl From<$name> for u64 {
            fn from(v: $name) -> u64 {
                v.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl FromStr for $name {
            type Err = std::num::ParseIntError;
            /// Reads whole units; a fractional value (`"12.0"`) is read by its whole part.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                let whole = s.split('.').next().unwrap_or(s);
                whole.parse().map($name)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_u64(self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Its text is its digits, so a JSON integer is taken as it is.
                crate::lenient::whole(d, $name)
            }
        }
    };
}

volume!(
    /// A volume in bytes: CDR `data`, pool quotas.
    Bytes,
    1
);
volume!(
    /// A volume in KB: `used_flow`, `order_used_flow`.
    Kilobytes,
    KB
);
volume!(
    /// A volume in MB: package and order `flow`, refuelling `refpackage_flow`.
    Megabytes,
    MB
);

impl Bytes {
    /// Formats for people: `0 B`, `512 B`, `1.5 KB`, `12.3 MB`, `30 GB`, three significant
    /// digits at most, binary units.
    pub fn human(self) -> String {
        format_bytes(self.0)
    }

    /// Whole kilobytes, rounded down, as the platform reports usage.
    pub fn to_kb(self) -> Kilobytes {
        Kilobytes(self.0 / KB)
    }
}

impl std::ops::Add for Bytes {
    type Output = Bytes;
    fn add(self, rhs: Bytes) -> Bytes {
        Bytes(self.0.saturating_add(rhs.0))
    }
}

impl std::ops::AddAssign for Bytes {
    fn add_assign(&mut self, rhs: Bytes) {
        self.0 = self.0.saturating_add(rhs.0);
    }
}

impl std::iter::Sum for Bytes {
    fn sum<I: Iterator<Item = Bytes>>(iter: I) -> Bytes {
        iter.fold(Bytes(0), |a, b| a + b)
    }
}

/// The one human formatter for a byte count (see [`Bytes::human`]).
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KB", "MB", "GB", "TB", "PB"];
    if bytes < KB {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    // Round first, then re-check the unit, so 1023.96 KB shows as "1 MB", not "1024 KB".
    let rounded = round_sig(value);
    if rounded >= 1024.0 && unit < UNITS.len() - 1 {
        value = rounded / 1024.0;
        unit += 1;
    } else {
        value = rounded;
    }
    let text = if value >= 100.0 {
        format!("{value:.0}")
    } else if value >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    format!("{text} {}", UNITS[unit])
}

/// Formats a count for people with thousands separated: `7`, `1,024`, `32,136`. The
/// companion of [`format_bytes`] for things counted (orders, devices, events).
pub fn format_count(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Formats a share in percent for people: one decimal (`42.1 %`, `0.5 %`), and from 1,000 %
/// on (a plan used many times over) whole, with thousands separated (`16,580 %`).
pub fn format_percent(percent: f64) -> String {
    if percent >= 1000.0 {
        format!("{} %", format_count(percent.round() as u64))
    } else {
        format!("{percent:.1} %")
    }
}

fn round_sig(v: f64) -> f64 {
    if v >= 100.0 {
        v.round()
    } else if v >= 10.0 {
        (v * 10.0).round() / 10.0
    } else {
        (v * 100.0).round() / 100.0
    }
}

/// A share of a whole as a percentage, 0 when the whole is 0.
pub fn percent(part: Bytes, whole: Bytes) -> f64 {
    if whole.0 == 0 {
        0.0
    } else {
        part.0 as f64 * 100.0 / whole.0 as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        assert_eq!(Megabytes(30720).bytes(), Bytes(30 * GB));
        assert_eq!(Kilobytes(19397607).bytes(), Bytes(19397607 * 1024));
        assert_eq!(Bytes(107374182400).human(), "100 GB");
    }

    #[test]
    fn human_formatting() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1023), "1023 B");
        assert_eq!(format_bytes(1024), "1 KB");
        assert_eq!(format_bytes(1536), "1.5 KB");
        assert_eq!(format_bytes(1303552), "1.24 MB");
        assert_eq!(format_bytes(MB * 1023 + MB * 99 / 100), "1 GB");
        assert_eq!(format_bytes(123 * MB + MB / 3), "123 MB");
        assert_eq!(format_bytes(u64::MAX), "16384 PB");
    }

    #[test]
    fn counts_have_thousands_separated() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(32_136), "32,136");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(format_count(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn percents_have_one_decimal_until_a_thousand() {
        assert_eq!(format_percent(42.06), "42.1 %");
        assert_eq!(format_percent(0.0), "0.0 %");
        assert_eq!(format_percent(999.94), "999.9 %");
        assert_eq!(format_percent(16_580.3), "16,580 %");
        assert_eq!(format_percent(150_201.0), "150,201 %");
    }

    #[test]
    fn parse_lenient_volumes() {
        assert_eq!("1000".parse::<Megabytes>().unwrap(), Megabytes(1000));
        assert_eq!("12.0".parse::<Kilobytes>().unwrap(), Kilobytes(12));
        assert!("x".parse::<Bytes>().is_err());
    }
}

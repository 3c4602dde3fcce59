//! The usage date range as it lives in the URL: `?range=30` (the last 30 days, today
//! included) or `?from=2026-10-01&to=2026-10-31`. Bad values fall back to the default
//! preset; a custom range is checked with [`cmp_api::validate::cdr_range`] before any fetch.

use crate::session::platform_clock;
use cmp_api::CmpTime;
use cmp_api::validate::{ValidationError, cdr_range};

/// Today on the platform, in its time zone as `/api/session` last announced it
/// ([`platform_clock`]); tracked inside a reactive scope.
pub fn today() -> CmpTime {
    platform_clock::today()
}

/// Presets people can pick, in days.
pub const PRESETS: [u32; 4] = [7, 30, 90, 180];

/// The preset used when the URL names none.
pub const DEFAULT_DAYS: u32 = 30;

/// Which days the usage section covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsageRange {
    /// The last N days, today being the last.
    Last(u32),
    /// Two dates as typed, `YYYY-MM-DD`, not yet validated.
    Custom {
        /// First day.
        from: String,
        /// Last day.
        to: String,
    },
}

impl Default for UsageRange {
    fn default() -> Self {
        UsageRange::Last(DEFAULT_DAYS)
    }
}

impl UsageRange {
    /// Reads `range`, or `from` and `to`, from query parameters looked up by `get`.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> UsageRange {
        if let (Some(from), Some(to)) = (get("from"), get("to")) {
            return UsageRange::Custom { from, to };
        }
        get("range")
            .and_then(|r| r.trim().parse().ok())
            .filter(|days| PRESETS.contains(days))
            .map_or_else(UsageRange::default, UsageRange::Last)
    }

    /// The query string for this range, with a leading `?`.
    pub fn to_query_string(&self) -> String {
        match self {
            UsageRange::Last(days) => format!("?range={days}"),
            UsageRange::Custom { from, to } => {
                format!("?from={}&to={}", encode(from), encode(to))
            }
        }
    }

    /// The first and last day, checked against `today` (the platform keeps 180 days).
    /// A preset of N days ends today and starts N − 1 days before, as the platform counts
    /// today as day 1 of its history: "last 180 days" is exactly its limit.
    pub fn dates(&self, today: CmpTime) -> Result<(CmpTime, CmpTime), ValidationError> {
        match self {
            UsageRange::Last(days) => {
                let end = today.start_of_day();
                let start = end.add_days(-(i64::from(*days).max(1) - 1));
                cdr_range(&start.iso_date(), &end.iso_date(), today)
            }
            UsageRange::Custom { from, to } => cdr_range(from, to, today),
        }
    }

    /// Words for headings, e.g. "last 30 days" or "2026-10-01 to 2026-10-31".
    pub fn label(&self) -> String {
        match self {
            UsageRange::Last(days) => format!("last {days} days"),
            UsageRange::Custom { from, to } => format!("{from} to {to}"),
        }
    }
}

/// Dates are digits and dashes; anything else typed by hand is percent-encoded.
fn encode(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

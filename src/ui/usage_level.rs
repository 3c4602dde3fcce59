//! How close a share of a quota is to its limit (a pool's quota, an order's volume), and
//! the class and colour each level is shown with: a warning from 80 %, critical from 95 %.

/// Share used from which it is shown as a warning.
pub const WARN_PERCENT: f64 = 80.0;
/// Share used from which it is shown as critical.
pub const CRITICAL_PERCENT: f64 = 95.0;

/// How close a share is to its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsageLevel {
    /// Below [`WARN_PERCENT`].
    Normal,
    /// From [`WARN_PERCENT`] to below [`CRITICAL_PERCENT`].
    Warning,
    /// [`CRITICAL_PERCENT`] and above.
    Critical,
}

impl UsageLevel {
    /// The level of `percent` of a quota used.
    pub fn of(percent: f64) -> UsageLevel {
        if percent >= CRITICAL_PERCENT {
            UsageLevel::Critical
        } else if percent >= WARN_PERCENT {
            UsageLevel::Warning
        } else {
            UsageLevel::Normal
        }
    }

    /// CSS class of the level (`usage-ok`, `usage-warn`, `usage-critical`).
    pub fn class(self) -> &'static str {
        match self {
            UsageLevel::Normal => "usage-ok",
            UsageLevel::Warning => "usage-warn",
            UsageLevel::Critical => "usage-critical",
        }
    }

    /// Bar colour in charts, readable on light and dark backgrounds.
    pub fn color(self) -> &'static str {
        match self {
            UsageLevel::Normal => "#3b82f6",
            UsageLevel::Warning => "#f59e0b",
            UsageLevel::Critical => "#ef4444",
        }
    }
}

//! The time the proxy judges embed tokens and the CDR history's days by: the system clock,
//! or a frozen time in tests so that expiry and the platform's date can be shown to be
//! checked on every request without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Marks "not frozen": read the system clock.
const SYSTEM: i64 = i64::MIN;

/// Current Unix time in seconds; cheap to clone, clones share a frozen time.
#[derive(Debug, Clone)]
pub struct Clock(Arc<AtomicI64>);

impl Default for Clock {
    fn default() -> Clock {
        Clock(Arc::new(AtomicI64::new(SYSTEM)))
    }
}

impl Clock {
    /// Unix seconds now (UTC).
    pub fn now(&self) -> i64 {
        match self.0.load(Ordering::Relaxed) {
            SYSTEM => std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64),
            frozen => frozen,
        }
    }

    /// Stops the clock at `secs` (tests only: a server never calls this).
    pub fn freeze_at(&self, secs: i64) {
        self.0.store(secs, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frozen_clock_is_shared_by_its_clones() {
        let clock = Clock::default();
        assert!(clock.now() > 1_700_000_000, "the system clock by default");
        let clone = clock.clone();
        clock.freeze_at(42);
        assert_eq!(clone.now(), 42);
    }
}

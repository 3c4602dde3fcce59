//! Data used on demand (`POST /_sim/devices/{id}/use`): bytes added to an order at a moment,
//! counted in its usage (`used_flow`, `order_used_flow`) like the device's own traffic, so
//! a test or a demo can push a plan over a threshold now. Kept in memory only: not in the
//! state file, not in the CDR records, not in a pool's usage.

use std::collections::HashMap;
use std::sync::Mutex;

/// Bytes added per order, with when (simulated seconds).
#[derive(Debug, Default)]
pub struct Bursts(Mutex<HashMap<String, Vec<(i64, u64)>>>);

impl Bursts {
    /// Adds `bytes` to `order` at `at`.
    pub fn add(&self, order: &str, at: i64, bytes: u64) {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(order.to_owned()).or_default().push((at, bytes));
    }

    /// Bytes added to `order` within `[from, to)`.
    pub fn between(&self, order: &str, from: i64, to: i64) -> u64 {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(order).map_or(0, |added| {
            added
                .iter()
                .filter(|(at, _)| (from..to).contains(at))
                .map(|(_, bytes)| bytes)
                .sum()
        })
    }
}

//! The live connection's state as people see it, and the delays between reconnections.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Where the live connection stands (also relayed between tabs, as lowercase words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LiveStatus {
    /// Opening the first connection of this session.
    Connecting,
    /// Events arrive as they happen.
    Connected,
    /// The connection dropped; trying again soon.
    Reconnecting,
    /// Not connected: signed out, or the server has not answered for a while (still
    /// retrying every [`Backoff::MAX`]).
    Offline,
}

impl LiveStatus {
    /// The indicator's text.
    pub fn label(self) -> &'static str {
        match self {
            LiveStatus::Connecting => "Connecting…",
            LiveStatus::Connected => "Live",
            LiveStatus::Reconnecting => "Reconnecting…",
            LiveStatus::Offline => "Offline",
        }
    }

    /// A class naming the state, for the indicator's dot colour.
    pub fn class(self) -> &'static str {
        match self {
            LiveStatus::Connecting => "live-connecting",
            LiveStatus::Connected => "live-connected",
            LiveStatus::Reconnecting => "live-reconnecting",
            LiveStatus::Offline => "live-offline",
        }
    }
}

/// Reconnection delays: 1 s, doubling up to 30 s, back to 1 s once a connection opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// The first delay.
    pub const MIN: Duration = Duration::from_secs(1);
    /// The longest delay.
    pub const MAX: Duration = Duration::from_secs(30);

    /// Records a failure and returns how long to wait before the next attempt.
    pub fn next_delay(&mut self) -> Duration {
        let factor = 1u32 << self.failures.min(5);
        self.failures = self.failures.saturating_add(1);
        (Self::MIN * factor).min(Self::MAX)
    }

    /// Forgets the failures after a connection opened.
    pub fn reset(&mut self) {
        self.failures = 0;
    }

    /// The state to show while waiting: reconnecting at first, offline once the delays
    /// have reached their longest.
    pub fn status(&self) -> LiveStatus {
        if self.failures > 5 {
            LiveStatus::Offline
        } else {
            LiveStatus::Reconnecting
        }
    }
}

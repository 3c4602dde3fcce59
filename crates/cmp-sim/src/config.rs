//! How a simulator is set up: seed, signing credentials, push target, state file, clock.

use crate::faults::FaultRule;
use std::path::PathBuf;

/// Settings for one simulator. `Debug` never shows the secret.
#[derive(Clone)]
pub struct SimConfig {
    /// World seed: the same seed and start time build the same world.
    pub seed: u64,
    /// Access code callers must sign with; signing is checked only with both this and `secret`.
    pub access_code: Option<String>,
    /// Secret shared with callers for signing.
    pub secret: Option<String>,
    /// Where order-status pushes are POSTed (`None`: pushes are kept, not delivered).
    pub push_url: Option<String>,
    /// File the mutable state is saved to and restored from.
    pub state_file: Option<PathBuf>,
    /// The simulated clock's start, Unix milliseconds; `None` = the wall clock at start.
    pub start_time_ms: Option<i64>,
    /// When `true`, simulated time moves only through `POST /_sim/clock/advance`
    /// (tests); when `false` it also follows the wall clock.
    pub frozen_clock: bool,
    /// First retry delay of a failed push, milliseconds; doubles up to a minute.
    pub push_retry_base_ms: u64,
    /// Faults active from the start (`--fault`).
    pub faults: Vec<FaultRule>,
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("seed", &self.seed)
            .field("access_code", &self.access_code)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("push_url", &self.push_url)
            .field("state_file", &self.state_file)
            .field("start_time_ms", &self.start_time_ms)
            .field("frozen_clock", &self.frozen_clock)
            .field("push_retry_base_ms", &self.push_retry_base_ms)
            .field("faults", &self.faults)
            .finish()
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 7,
            access_code: None,
            secret: None,
            push_url: None,
            state_file: None,
            start_time_ms: None,
            frozen_clock: false,
            push_retry_base_ms: 500,
            faults: Vec::new(),
        }
    }
}

/// Why a simulator could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SimError {
    /// The state file exists but could not be read.
    #[error("could not read the state file {path}: {source}")]
    ReadState {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The state file is not a state this simulator wrote.
    #[error(
        "the state file {path} is not valid simulator state ({source}); move it away to start fresh"
    )]
    BadState {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: serde_json::Error,
    },
    /// The push URL is not a plain `http://` URL.
    #[error("the push URL {0:?} is not valid: use http://host:port/path")]
    BadPushUrl(String),
    /// Only one of access code and secret was given.
    #[error("signing needs both an access code and a secret; give both or neither")]
    HalfSigning,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let c = SimConfig {
            secret: Some("hunter2".into()),
            ..SimConfig::default()
        };
        let text = format!("{c:?}");
        assert!(!text.contains("hunter2") && text.contains("<redacted>"));
    }
}

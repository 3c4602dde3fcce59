//! How a simulator is set up: seed, signing credentials, push target and habits, state
//! file, clock and time zone, and the base path the API is served under.

use crate::faults::FaultRule;
use crate::orders::push_settings::{MAX_REDELIVERIES, PushEncoding};
use cmp_api::time::UtcOffset;
use std::path::PathBuf;

/// Settings for one simulator. `Debug` never shows the secret.
#[derive(Clone)]
pub struct SimConfig {
    /// World seed: the same seed and start time build the same world.
    pub seed: u64,
    /// How many devices the world holds (`--devices`, default
    /// [`DEVICE_COUNT`](crate::world::DEVICE_COUNT)); a large world (e.g. 20,000 devices,
    /// ~25,000 orders) is for measuring, every test knows the default one.
    pub devices: usize,
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
    /// The platform's time zone (`--utc-offset`, default UTC): its "current date", from
    /// which the CDR history's 180 days are counted.
    pub utc_offset: UtcOffset,
    /// First retry delay of a failed push, milliseconds; doubles up to a minute.
    pub push_retry_base_ms: u64,
    /// The body pushes are sent in at start (`--push-encoding`); changeable at run time.
    pub push_encoding: PushEncoding,
    /// How many more times each push is delivered after it is acknowledged, at start
    /// (`--push-redeliver`, at most [`MAX_REDELIVERIES`]); changeable at run time.
    pub push_redeliveries: u32,
    /// Faults active from the start (`--fault`).
    pub faults: Vec<FaultRule>,
    /// The path the `/cmp-api` operations are served under, e.g. `/gw` for
    /// `/gw/cmp-api/...` (`--base-path`); empty serves them at the root. Read through
    /// [`base_path`] when the simulator starts.
    pub base_path: String,
}

impl std::fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimConfig")
            .field("seed", &self.seed)
            .field("devices", &self.devices)
            .field("access_code", &self.access_code)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .field("push_url", &self.push_url)
            .field("state_file", &self.state_file)
            .field("start_time_ms", &self.start_time_ms)
            .field("frozen_clock", &self.frozen_clock)
            .field("utc_offset", &self.utc_offset)
            .field("push_retry_base_ms", &self.push_retry_base_ms)
            .field("push_encoding", &self.push_encoding)
            .field("push_redeliveries", &self.push_redeliveries)
            .field("faults", &self.faults)
            .field("base_path", &self.base_path)
            .finish()
    }
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 7,
            devices: crate::world::DEVICE_COUNT,
            access_code: None,
            secret: None,
            push_url: None,
            state_file: None,
            start_time_ms: None,
            frozen_clock: false,
            utc_offset: UtcOffset::UTC,
            push_retry_base_ms: 500,
            push_encoding: PushEncoding::Json,
            push_redeliveries: 0,
            faults: Vec::new(),
            base_path: String::new(),
        }
    }
}

/// A base path in the one form the router mounts: `""` for the root, else `/seg[/seg...]`
/// without a trailing slash (`gw`, `/gw` and `/gw/` are all `/gw`). Segments may use
/// letters, digits and `-._~`, so a path can never hide a route pattern (`{id}`, `*`).
pub fn base_path(text: &str) -> Result<String, SimError> {
    let trimmed = text.trim().trim_end_matches('/');
    let path = match trimmed.strip_prefix('/') {
        Some(rest) => rest,
        None => trimmed,
    };
    if path.is_empty() {
        return Ok(String::new());
    }
    let segment_ok = |seg: &str| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._~".contains(c))
    };
    if path.split('/').all(segment_ok) {
        Ok(format!("/{path}"))
    } else {
        Err(SimError::BadBasePath(text.to_owned()))
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
    /// More redeliveries than [`MAX_REDELIVERIES`].
    #[error("{0} redeliveries is too many: at most {MAX_REDELIVERIES}")]
    TooManyRedeliveries(u32),
    /// The device count is 0 or above [`MAX_DEVICE_COUNT`](crate::world::MAX_DEVICE_COUNT).
    #[error(
        "{0} devices is not a world size: use a whole number from 1 to {max}",
        max = crate::world::MAX_DEVICE_COUNT
    )]
    BadDeviceCount(usize),
    /// The base path is not a plain path.
    #[error(
        "the base path {0:?} is not valid: use a path such as /gw (segments of letters, digits and -._~)"
    )]
    BadBasePath(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths_are_read_in_one_form() {
        for (given, want) in [
            ("", ""),
            ("/", ""),
            ("gw", "/gw"),
            ("/gw", "/gw"),
            ("/gw/", "/gw"),
            (" /api/v1.2/ ", "/api/v1.2"),
        ] {
            assert_eq!(base_path(given).unwrap(), want, "{given:?}");
        }
        for bad in [
            "/gw//x", "/{id}", "/*rest", "/a b", "/../x", "/gw?x=1", "/gw#x",
        ] {
            assert!(
                matches!(base_path(bad), Err(SimError::BadBasePath(_))),
                "{bad:?}"
            );
        }
    }

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

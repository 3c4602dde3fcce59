//! Configuration: environment variables, optionally over a TOML file (`--config FILE`).
//! [`Config::from_sources`] is pure apart from reading `CMP_SECRET_FILE`, so it is tested
//! directly. A bad setting is an error that names it.

mod cache;
mod limits;
mod parse;

pub use cache::{CACHE_SETTINGS, DEFAULT_MAX_BYTES, DEFAULT_TTL, MAX_ENTRIES};
pub use limits::{LIMIT_SETTINGS, Limits};

use crate::access::secret::Secret;
use crate::upstream::read_cache::CacheLimits;
pub use parse::MIN_EMBED_SECRET_LEN;
use parse::{embed_secret, file_values, frame_ancestors, origin, upstream_config};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Every setting, by its environment name; file keys are the same names in lower case
/// without `CMP_` (e.g. `upstream_url`). The hardening settings are in [`LIMIT_SETTINGS`],
/// the read cache's in [`CACHE_SETTINGS`].
pub const SETTINGS: [&str; 17] = [
    "CMP_LISTEN",
    "CMP_UPSTREAM_URL",
    "CMP_ACCESS_CODE",
    "CMP_SECRET",
    "CMP_SECRET_FILE",
    "CMP_ALLOWED_ORIGINS",
    "CMP_TOKENS_FILE",
    "CMP_EMBED_SECRET",
    "CMP_HOOK_SECRET",
    "CMP_DATA_DIR",
    "CMP_UPSTREAM_TIMEOUT_MS",
    "CMP_FRAME_ANCESTORS",
    "CMP_DIST_DIR",
    "CMP_SIM_SEED",
    "CMP_SIM_FAULTS",
    "CMP_SIM_FROZEN_CLOCK",
    "CMP_WORKER_THREADS",
];

/// Who may frame the `/embed/*` pages when `CMP_FRAME_ANCESTORS` is not set: this origin only.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// A real upstream and the credentials to sign for it.
#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    /// Base URL, e.g. `https://cmp.example.com` (paths `/cmp-api/...` are appended).
    pub url: reqwest::Url,
    /// The partner access code.
    pub access_code: String,
    /// The signing secret.
    pub secret: Secret,
}

/// The proxy's settings. `Debug` never shows secrets (they are [`Secret`]s).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`CMP_LISTEN`, default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// The upstream; `None` starts the embedded simulator.
    pub upstream: Option<UpstreamConfig>,
    /// Cross-origin callers allowed besides the same origin (`CMP_ALLOWED_ORIGINS`).
    pub allowed_origins: Vec<String>,
    /// The tokens file (`CMP_TOKENS_FILE`).
    pub tokens_file: Option<PathBuf>,
    /// Secret that signs partner-portal embed tokens (`CMP_EMBED_SECRET`); `None` refuses them.
    pub embed_secret: Option<Secret>,
    /// The path secret of the webhook (`CMP_HOOK_SECRET`).
    pub hook_secret: Option<Secret>,
    /// Where `events.db` lives (`CMP_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// Per-attempt upstream timeout (`CMP_UPSTREAM_TIMEOUT_MS`, default 10000).
    pub upstream_timeout: Duration,
    /// CSP `frame-ancestors` sources of the `/embed/*` pages, space-separated
    /// (`CMP_FRAME_ANCESTORS`, default [`DEFAULT_FRAME_ANCESTORS`]); other pages never frame.
    pub frame_ancestors: String,
    /// The built SPA (`CMP_DIST_DIR`, default `dist`).
    pub dist_dir: PathBuf,
    /// Seed of the embedded simulator (`CMP_SIM_SEED`, default 7).
    pub sim_seed: u64,
    /// Faults the embedded simulator injects from the start (`CMP_SIM_FAULTS`, comma-separated
    /// `ROUTE:KIND[:ARG][@N]` as in cmp-sim's `--fault`); for fault drills and tests.
    pub sim_faults: Vec<String>,
    /// Body size, bulk size, rate, stream and slow-client limits.
    pub limits: Limits,
    /// Whether the embedded simulator's clock stands still (`CMP_SIM_FROZEN_CLOCK`, default
    /// false): its CDRs and order usage then stay the same for the whole run, as tests need.
    pub sim_frozen_clock: bool,
    /// How long and how much of the upstream's read answers are reused
    /// (`CMP_CACHE_TTL_MS`, `CMP_CACHE_MAX_BYTES`; see [`crate::upstream::read_cache`]).
    pub cache: CacheLimits,
    /// Threads serving requests (`CMP_WORKER_THREADS`); `None` leaves it to
    /// [`Config::runtime_threads`].
    pub worker_threads: Option<usize>,
}

/// A setting that stops the start, named so the operator can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A setting has a value that cannot be used.
    #[error("{name} is invalid: {reason}")]
    Invalid {
        /// The setting's environment name.
        name: &'static str,
        /// Why, in words.
        reason: String,
    },
    /// A setting that another one requires is missing.
    #[error("{name} is required: {reason}")]
    Missing {
        /// The setting's environment name.
        name: &'static str,
        /// Why, in words.
        reason: String,
    },
    /// The config file cannot be read or parsed.
    #[error("the config file is invalid: {0}")]
    File(String),
}

fn invalid(name: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        name,
        reason: reason.into(),
    }
}

impl Config {
    /// The runtime's worker threads, `0` meaning one per core (the default). One thread that
    /// owns both connections costs the least CPU per request when the proxy shares a small
    /// machine (bench/RESULTS.md §5, round 3, runs it so, like nginx's single worker there),
    /// but lets one slow step (compressing a large CDR page) delay every other request, so
    /// it is an operator's choice (`CMP_WORKER_THREADS`), not the default.
    pub fn runtime_threads(&self) -> usize {
        self.worker_threads.unwrap_or(0)
    }

    /// Builds the configuration from environment variables over an optional TOML file text.
    pub fn from_sources(
        env: &HashMap<String, String>,
        file: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let mut values: HashMap<&'static str, String> = match file {
            Some(text) => file_values(text)?,
            None => HashMap::new(),
        };
        for name in SETTINGS
            .into_iter()
            .chain(LIMIT_SETTINGS)
            .chain(CACHE_SETTINGS)
        {
            if let Some(v) = env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                values.insert(name, v.to_owned());
            }
        }
        let get = |name: &'static str| values.get(name).map(String::as_str);
        let listen = get("CMP_LISTEN")
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                invalid(
                    "CMP_LISTEN",
                    "use an address and port such as 127.0.0.1:8080",
                )
            })?;
        let upstream = match get("CMP_UPSTREAM_URL") {
            None => None,
            Some(url) => Some(upstream_config(
                url,
                get("CMP_ACCESS_CODE"),
                get("CMP_SECRET"),
                get("CMP_SECRET_FILE"),
            )?),
        };
        let allowed_origins = match get("CMP_ALLOWED_ORIGINS") {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(origin)
                .collect::<Result<_, _>>()?,
        };
        let timeout_ms: u64 = get("CMP_UPSTREAM_TIMEOUT_MS")
            .unwrap_or("10000")
            .parse()
            .ok()
            .filter(|ms| (1..=600_000).contains(ms))
            .ok_or_else(|| {
                invalid(
                    "CMP_UPSTREAM_TIMEOUT_MS",
                    "use milliseconds between 1 and 600000",
                )
            })?;
        let worker_threads = get("CMP_WORKER_THREADS")
            .map(|text| {
                text.parse::<usize>()
                    .ok()
                    .filter(|n| (1..=256).contains(n))
                    .ok_or_else(|| {
                        invalid(
                            "CMP_WORKER_THREADS",
                            "use a number of threads from 1 to 256",
                        )
                    })
            })
            .transpose()?;
        let frame_ancestors = match get("CMP_FRAME_ANCESTORS") {
            None => DEFAULT_FRAME_ANCESTORS.to_owned(),
            Some(list) => frame_ancestors(list)?,
        };
        let hook_secret = get("CMP_HOOK_SECRET").map(Secret::new);
        if hook_secret.as_ref().is_some_and(|s| {
            !s.expose()
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        }) {
            return Err(invalid(
                "CMP_HOOK_SECRET",
                "use only letters, digits, '-' and '_' (it is part of a URL path)",
            ));
        }
        Ok(Config {
            listen,
            upstream,
            allowed_origins,
            tokens_file: get("CMP_TOKENS_FILE").map(PathBuf::from),
            embed_secret: get("CMP_EMBED_SECRET").map(embed_secret).transpose()?,
            hook_secret,
            data_dir: PathBuf::from(get("CMP_DATA_DIR").unwrap_or("./data")),
            upstream_timeout: Duration::from_millis(timeout_ms),
            frame_ancestors,
            dist_dir: PathBuf::from(get("CMP_DIST_DIR").unwrap_or("dist")),
            sim_seed: get("CMP_SIM_SEED")
                .unwrap_or("7")
                .parse()
                .map_err(|_| invalid("CMP_SIM_SEED", "use a whole number such as 7"))?,
            sim_faults: get("CMP_SIM_FAULTS")
                .map(|list| {
                    list.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
            limits: Limits::read(get)?,
            cache: cache::read(get)?,
            worker_threads,
            sim_frozen_clock: match get("CMP_SIM_FROZEN_CLOCK").map(str::to_ascii_lowercase) {
                None => false,
                Some(v) if ["1", "true", "yes"].contains(&v.as_str()) => true,
                Some(v) if ["0", "false", "no"].contains(&v.as_str()) => false,
                Some(_) => return Err(invalid("CMP_SIM_FROZEN_CLOCK", "use true or false")),
            },
        })
    }
}

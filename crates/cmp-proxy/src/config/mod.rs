//! Configuration: environment variables, optionally over a TOML file (`--config FILE`).
//! [`Config::from_sources`] is pure apart from reading `CMP_SECRET_FILE`, so it is tested
//! directly. A bad setting is an error that names it.
//!
//! ## Layout
//! - this module: [`Config`], [`ConfigError`], and reading the sources in order.
//! - [`settings`]: the table of every setting (name, default, reader, field).
//! - [`values`]: the readers of single values, each saying what to use instead of a bad one.
//! - [`file`]: the TOML file's keys.
//! - [`upstream`]: a real upstream's URL and credentials, checked together.
//! - [`database`]: `CMP_DATABASE_URL`, the PostgreSQL database, its password kept out of sight.
//! - [`limits`]: the input-hardening limits.

pub mod database;
mod file;
mod limits;
pub mod settings;
mod upstream;
mod values;

pub use database::DatabaseUrl;
pub use limits::Limits;
pub use settings::{SETTINGS, Setting};
pub use upstream::UpstreamConfig;
pub use values::{MIN_EMBED_SECRET_LEN, MIN_WEBHOOK_SECRET_LEN};

use crate::access::secret::Secret;
use crate::upstream::read_cache::CacheLimits;
use cmp_api::time::UtcOffset;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use upstream::UpstreamSettings;

/// Who may frame the `/embed/*` pages when `CMP_FRAME_ANCESTORS` is not set: this origin only.
pub const DEFAULT_FRAME_ANCESTORS: &str = "'self'";

/// The proxy's settings. `Debug` never shows secrets (they are [`Secret`]s).
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on (`CMP_LISTEN`, default `127.0.0.1:8080`).
    pub listen: SocketAddr,
    /// The upstream; `None` starts the embedded simulator.
    pub upstream: Option<UpstreamConfig>,
    /// Cross-origin callers allowed besides the same origin (`CMP_ALLOWED_ORIGINS`).
    pub allowed_origins: Vec<String>,
    /// PEM certificate chain for HTTPS (`CMP_TLS_CERT`); with [`Config::tls_key`], the proxy
    /// serves HTTPS with HTTP/2 (see [`Config::tls`]).
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS (`CMP_TLS_KEY`).
    pub tls_key: Option<PathBuf>,
    /// The tokens file (`CMP_TOKENS_FILE`).
    pub tokens_file: Option<PathBuf>,
    /// Secret that signs partner-portal embed tokens (`CMP_EMBED_SECRET`); `None` refuses them.
    pub embed_secret: Option<Secret>,
    /// The path secret of the webhook (`CMP_HOOK_SECRET`).
    pub hook_secret: Option<Secret>,
    /// Where `events.db` lives (`CMP_DATA_DIR`, default `./data`) when no database is set.
    pub data_dir: PathBuf,
    /// The PostgreSQL database that holds the store instead of `events.db`
    /// (`CMP_DATABASE_URL`, `postgres://…`); several replicas may share it.
    pub database_url: Option<DatabaseUrl>,
    /// Per-attempt upstream timeout (`CMP_UPSTREAM_TIMEOUT_MS`, default 10000).
    pub upstream_timeout: Duration,
    /// Envelope codes with which the upstream refuses the signature or access code
    /// (`CMP_UPSTREAM_AUTH_CODES`, comma-separated, default `1001`); HTTP 401/403 always count.
    pub upstream_auth_codes: Vec<String>,
    /// The platform's time zone, a fixed offset from UTC (`CMP_UPSTREAM_TZ`, default `UTC`):
    /// its date is "today" for the CDR history's 180 days.
    pub upstream_tz: UtcOffset,
    /// CSP `frame-ancestors` sources of the `/embed/*` pages, space-separated
    /// (`CMP_FRAME_ANCESTORS`, default [`DEFAULT_FRAME_ANCESTORS`]); other pages never frame.
    pub frame_ancestors: String,
    /// The built SPA (`CMP_DIST_DIR`, default `dist`).
    pub dist_dir: PathBuf,
    /// Seed of the embedded simulator (`CMP_SIM_SEED`, default 7).
    pub sim_seed: u64,
    /// Devices in the embedded simulator's world (`CMP_SIM_DEVICES`, default 600); a
    /// large world (20000) is for measuring.
    pub sim_devices: usize,
    /// Faults the embedded simulator injects from the start (`CMP_SIM_FAULTS`, comma-separated
    /// `ROUTE:KIND[:ARG][@N]` as in cmp-sim's `--fault`); for fault drills and tests.
    pub sim_faults: Vec<String>,
    /// Body size, bulk size, rate, stream and slow-client limits.
    pub limits: Limits,
    /// Whether the embedded simulator's clock stands still (`CMP_SIM_FROZEN_CLOCK`, default
    /// false): its CDRs and order usage then stay the same for the whole run, as tests need.
    pub sim_frozen_clock: bool,
    /// The path the embedded simulator serves the API under (`CMP_SIM_BASE_PATH`, e.g.
    /// `/gw`; default the root); the proxy's upstream URL then carries it, as a real
    /// platform's behind a gateway would.
    pub sim_base_path: String,
    /// How long and how much of the upstream's read answers are reused
    /// (`CMP_CACHE_TTL_MS`, `CMP_CACHE_MAX_BYTES`; see [`crate::upstream::read_cache`]).
    pub cache: CacheLimits,
    /// Threads serving requests (`CMP_WORKER_THREADS`); `None` leaves it to
    /// [`Config::runtime_threads`].
    pub worker_threads: Option<usize>,
    /// How long after an order's latest push the same push again is a redelivery, not a
    /// new event (`CMP_PUSH_DEDUP_WINDOW`, default 24 h; see [`crate::store`]).
    pub push_dedup_window: Duration,
    /// How often the alert rules are evaluated against the platform's orders and pools
    /// (`CMP_ALERT_INTERVAL`, default 10 min; see [`crate::alerts::evaluate`]).
    pub alert_interval: Duration,
    /// The secret outbound alert webhooks are signed with (`CMP_ALERT_WEBHOOK_SECRET`); a
    /// rule with webhooks cannot be saved without it.
    pub alert_webhook_secret: Option<Secret>,
    /// Hosts outbound alert webhooks may reach besides localhost (`CMP_ALERT_WEBHOOK_ALLOW`,
    /// comma-separated names, IP addresses or `*.domain`; default none).
    pub alert_webhook_allow: Vec<String>,
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

impl Config {
    /// The runtime's worker threads, `0` meaning one per core (the default). One thread that
    /// owns both connections costs the least CPU per request when the proxy shares a small
    /// machine (bench/HISTORY.md §5, round 3, runs it so, like nginx's single worker there),
    /// but lets one slow step (compressing a large CDR page) delay every other request, so
    /// it is an operator's choice (`CMP_WORKER_THREADS`), not the default.
    pub fn runtime_threads(&self) -> usize {
        self.worker_threads.unwrap_or(0)
    }

    /// Builds the configuration from environment variables over an optional TOML file text:
    /// each setting of [`SETTINGS`] from the environment, else the file, else its default.
    pub fn from_sources(
        env: &HashMap<String, String>,
        file: Option<&str>,
    ) -> Result<Config, ConfigError> {
        let names = SETTINGS.iter().map(|s| s.env);
        let mut values = match file {
            Some(text) => file::values(text, names)?,
            None => HashMap::new(),
        };
        for name in SETTINGS.iter().map(|s| s.env) {
            if let Some(v) = env.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                values.insert(name, v.to_owned());
            }
        }
        let mut config = settings::unset();
        let mut upstream = UpstreamSettings::default();
        for setting in &SETTINGS {
            let value = values.get(setting.env).map(String::as_str);
            if let Some(text) = value.or(setting.default) {
                setting
                    .read(&mut config, &mut upstream, text)
                    .map_err(|reason| ConfigError::Invalid {
                        name: setting.env,
                        reason,
                    })?;
            }
        }
        config.upstream = upstream.combine()?;
        config.tls()?;
        Ok(config)
    }

    /// The certificate and key files when HTTPS is asked for; both settings or neither.
    pub fn tls(&self) -> Result<Option<crate::http::tls::TlsFiles>, ConfigError> {
        match (&self.tls_cert, &self.tls_key) {
            (None, None) => Ok(None),
            (Some(cert), Some(key)) => Ok(Some(crate::http::tls::TlsFiles {
                cert: cert.clone(),
                key: key.clone(),
            })),
            (Some(_), None) => Err(ConfigError::Missing {
                name: "CMP_TLS_KEY",
                reason: "CMP_TLS_CERT is set, and HTTPS needs the certificate's private key too"
                    .into(),
            }),
            (None, Some(_)) => Err(ConfigError::Missing {
                name: "CMP_TLS_CERT",
                reason: "CMP_TLS_KEY is set, and HTTPS needs the certificate (PEM chain) too"
                    .into(),
            }),
        }
    }
}

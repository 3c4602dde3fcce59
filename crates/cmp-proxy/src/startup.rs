//! Wiring a [`Config`] into a ready [`AppState`]: the store (PostgreSQL or SQLite), the tokens (generated when no
//! tokens file is set), and the upstream, starting the embedded simulator when none is set.

use crate::access::identity::{Identity, Role};
#[cfg(feature = "embedded-sim")]
use crate::access::secret::Secret;
use crate::access::secret::random_hex;
use crate::access::tokens::{TokenSet, TokenStore, TokensError};
use crate::config::Config;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{Store, StoreError};
use crate::upstream::Upstream;
#[cfg(feature = "embedded-sim")]
use crate::upstream::in_process_sim::{self, EmbedError, EmbeddedSim};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Tokens made at start because no tokens file was configured.
pub struct GeneratedTokens {
    /// The admin token (64 hex digits).
    pub admin: String,
    /// The viewer token (64 hex digits).
    pub viewer: String,
}

impl fmt::Debug for GeneratedTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("GeneratedTokens([redacted])")
    }
}

impl GeneratedTokens {
    /// Makes an admin and a viewer token and the set that knows them.
    pub fn generate() -> (GeneratedTokens, TokenSet) {
        let tokens = GeneratedTokens {
            admin: random_hex(32),
            viewer: random_hex(32),
        };
        let mut set = TokenSet::default();
        set.insert(
            &tokens.admin,
            Identity {
                name: "admin".into(),
                role: Role::Admin,
                devices: None,
                pools: None,
                embed: None,
            },
        );
        set.insert(
            &tokens.viewer,
            Identity {
                name: "viewer".into(),
                role: Role::Viewer,
                devices: None,
                pools: None,
                embed: None,
            },
        );
        (tokens, set)
    }
}

/// A prepared server: its state, generated tokens if any, and the embedded simulator if any.
pub struct Prepared {
    /// The state to [`crate::run`] with.
    pub state: AppState,
    /// Tokens to print, when they were generated.
    pub generated: Option<GeneratedTokens>,
    /// The TLS acceptor when `CMP_TLS_CERT`/`CMP_TLS_KEY` ask for HTTPS.
    pub tls: Option<tokio_rustls::TlsAcceptor>,
    /// The embedded simulator, to stop at shutdown.
    #[cfg(feature = "embedded-sim")]
    pub sim: Option<EmbeddedSim>,
}

/// Why the server cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The tokens file (CMP_TOKENS_FILE) is unusable.
    #[error("CMP_TOKENS_FILE: {0}")]
    Tokens(#[from] TokensError),
    /// The certificate or key (CMP_TLS_CERT, CMP_TLS_KEY) is unusable.
    #[error("{0}")]
    Tls(#[from] crate::http::tls::TlsError),
    /// CMP_TLS_CERT and CMP_TLS_KEY do not come as a pair.
    #[error("{0}")]
    Config(#[from] crate::config::ConfigError),
    /// The store (CMP_DATABASE_URL, else CMP_DATA_DIR) is unusable.
    #[error("{setting}: {source}")]
    Store {
        /// The setting that names the store.
        setting: &'static str,
        /// What is wrong with it.
        source: StoreError,
    },
    /// The embedded simulator did not start.
    #[cfg(feature = "embedded-sim")]
    #[error("{0}")]
    Embed(#[from] EmbedError),
    /// No upstream is configured and this build has no embedded simulator.
    #[cfg(not(feature = "embedded-sim"))]
    #[error(
        "CMP_UPSTREAM_URL is required: this build has no embedded simulator (feature `embedded-sim`)"
    )]
    NoUpstream,
    /// The HTTP client could not be built.
    #[error("{0}")]
    Client(#[from] ApiError),
}

/// The address this server can be reached at from the same machine.
pub fn local_url_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// The store `config` names: the PostgreSQL database of `CMP_DATABASE_URL`, else the SQLite
/// file in `CMP_DATA_DIR`.
pub async fn open_store(config: &Config) -> Result<Store, StartError> {
    match &config.database_url {
        Some(url) => Store::connect(url)
            .await
            .map_err(|source| StartError::Store {
                setting: "CMP_DATABASE_URL",
                source,
            }),
        None => Store::open(&config.data_dir).map_err(|source| StartError::Store {
            setting: "CMP_DATA_DIR",
            source,
        }),
    }
}

/// Builds the state for a server listening on `local_addr` (used for the simulator's push URL).
#[cfg_attr(not(feature = "embedded-sim"), allow(unused_variables))]
pub async fn prepare(config: Config, local_addr: SocketAddr) -> Result<Prepared, StartError> {
    // Files first: a wrong path should stop the start before anything else is set up.
    let tls = match config.tls()? {
        Some(files) => Some(crate::http::tls::acceptor(&files)?),
        None => None,
    };
    let store = open_store(&config).await?;
    tracing::info!(store = %store.describe(), "store ready");
    let (tokens, generated) = match &config.tokens_file {
        Some(path) => (TokenStore::from_file(path)?, None),
        None => {
            let (tokens, set) = GeneratedTokens::generate();
            (TokenStore::fixed(set), Some(tokens))
        }
    };
    let timeout = config.upstream_timeout;
    #[cfg(feature = "embedded-sim")]
    let mut sim = None;
    let (upstream, hook_secret) = match &config.upstream {
        Some(u) => {
            if config.hook_secret.is_none() {
                tracing::warn!("CMP_HOOK_SECRET is not set: the order-status webhook is disabled");
            }
            let upstream = Upstream::new(
                u.url.clone(),
                u.access_code.clone(),
                u.secret.clone(),
                timeout,
            )?;
            (upstream, config.hook_secret.clone())
        }
        #[cfg(not(feature = "embedded-sim"))]
        None => return Err(StartError::NoUpstream),
        #[cfg(feature = "embedded-sim")]
        None => {
            let hook = config
                .hook_secret
                .clone()
                .unwrap_or_else(|| Secret::new(random_hex(16)));
            let push_url = format!(
                "http://{}/hooks/order-status/{}",
                local_url_addr(local_addr),
                hook.expose()
            );
            let started = in_process_sim::start(in_process_sim::EmbedSettings {
                seed: config.sim_seed,
                devices: config.sim_devices,
                frozen_clock: config.sim_frozen_clock,
                push_url,
                faults: &config.sim_faults,
                base_path: &config.sim_base_path,
                utc_offset: config.upstream_tz,
            })
            .await?;
            let upstream = Upstream::new(
                started.url.clone(),
                started.access_code.clone(),
                started.secret.clone(),
                timeout,
            )?;
            sim = Some(started);
            (upstream, Some(hook))
        }
    };
    let state = AppState::new(config, upstream, tokens, store, hook_secret);
    Ok(Prepared {
        state,
        generated,
        tls,
        #[cfg(feature = "embedded-sim")]
        sim,
    })
}

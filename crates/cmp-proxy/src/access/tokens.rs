//! The dashboard tokens: read from the tokens file, stored and compared only as SHA-256
//! hashes, re-read when the file changes (polled every 2 s) and on SIGHUP.

use crate::access::identity::{Identity, Role};
use crate::access::secret::sha256_hex;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

/// Why the tokens file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TokensError {
    /// The file cannot be read.
    #[error("cannot read the tokens file {path}: {reason}")]
    Read {
        /// The file.
        path: String,
        /// The OS reason.
        reason: String,
    },
    /// The file's content is wrong.
    #[error("the tokens file is invalid: {0}")]
    Invalid(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokensFile {
    #[serde(default)]
    token: Vec<TokenEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenEntry {
    name: String,
    role: Role,
    sha256: String,
    devices: Option<Vec<String>>,
    pools: Option<Vec<String>>,
}

/// The known tokens, by the hex SHA-256 of the token.
#[derive(Debug, Clone, Default)]
pub struct TokenSet {
    by_hash: HashMap<String, Identity>,
}

impl TokenSet {
    /// Parses a tokens file (`[[token]] name, role, sha256, devices, pools`). A token that
    /// lists devices but no pools sees no pools: a pool's quota is shared with devices it
    /// may not see. A token that lists neither sees every device and every pool.
    pub fn parse(text: &str) -> Result<TokenSet, TokensError> {
        let file: TokensFile =
            toml::from_str(text).map_err(|e| TokensError::Invalid(e.message().to_owned()))?;
        let mut set = TokenSet::default();
        for entry in file.token {
            let hash = entry.sha256.trim().to_ascii_lowercase();
            if hash.len() != 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(TokensError::Invalid(format!(
                    "token `{}`: sha256 must be 64 hex digits",
                    entry.name
                )));
            }
            if entry.devices.as_ref().is_some_and(Vec::is_empty) {
                return Err(TokensError::Invalid(format!(
                    "token `{}`: `devices` is empty; list devices or leave it out for all",
                    entry.name
                )));
            }
            let pools = match (entry.pools, &entry.devices) {
                (Some(pools), _) => Some(pools),
                (None, Some(_)) => Some(Vec::new()),
                (None, None) => None,
            };
            let identity = Identity {
                name: entry.name.clone(),
                role: entry.role,
                devices: entry.devices,
                pools,
                embed: None,
            };
            if set.by_hash.insert(hash, identity).is_some() {
                return Err(TokensError::Invalid(format!(
                    "token `{}` has the same hash as another",
                    entry.name
                )));
            }
        }
        Ok(set)
    }

    /// Adds a token given in clear (only its hash is kept).
    pub fn insert(&mut self, token: &str, identity: Identity) {
        self.by_hash.insert(sha256_hex(token), identity);
    }

    /// The identity holding `token`, if any.
    pub fn lookup(&self, token: &str) -> Option<&Identity> {
        self.lookup_hash(&sha256_hex(token))
    }

    /// The identity whose token hashes to `hash` (lower-case hex SHA-256), if any.
    pub fn lookup_hash(&self, hash: &str) -> Option<&Identity> {
        self.by_hash.get(hash)
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    /// Whether there are no tokens.
    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }
}

/// The live token set, shared by all requests, optionally backed by a file.
#[derive(Debug, Clone)]
pub struct TokenStore {
    set: Arc<RwLock<TokenSet>>,
    file: Option<PathBuf>,
    /// The file's mtime when it was last read, so the watcher sees edits made at any time after.
    read_mtime: Arc<RwLock<Option<SystemTime>>>,
}

impl TokenStore {
    /// A store with a fixed set (generated tokens, tests).
    pub fn fixed(set: TokenSet) -> TokenStore {
        TokenStore {
            set: Arc::new(RwLock::new(set)),
            file: None,
            read_mtime: Arc::default(),
        }
    }

    /// A store read from `path`; fails if the file is unreadable or invalid.
    pub fn from_file(path: &Path) -> Result<TokenStore, TokensError> {
        let read_mtime = Arc::new(RwLock::new(mtime(path)));
        let set = read_file(path)?;
        Ok(TokenStore {
            set: Arc::new(RwLock::new(set)),
            file: Some(path.to_owned()),
            read_mtime,
        })
    }

    /// The identity holding `token`, if any.
    pub fn lookup(&self, token: &str) -> Option<Identity> {
        self.lookup_hash(&sha256_hex(token))
    }

    /// The identity whose token hashes to `hash`, if any.
    pub fn lookup_hash(&self, hash: &str) -> Option<Identity> {
        self.set
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .lookup_hash(hash)
            .cloned()
    }

    /// Re-reads the file; on error the previous tokens stay in force.
    pub fn reload(&self) -> Result<usize, TokensError> {
        let Some(path) = &self.file else {
            return Ok(self.set.read().unwrap_or_else(|p| p.into_inner()).len());
        };
        // Noted before reading: an edit landing during the read is seen again next time.
        *self.read_mtime.write().unwrap_or_else(|p| p.into_inner()) = mtime(path);
        let set = read_file(path)?;
        let n = set.len();
        *self.set.write().unwrap_or_else(|p| p.into_inner()) = set;
        Ok(n)
    }

    /// Re-reads the file whenever its mtime changes (checked every 2 s) and on SIGHUP. Runs forever.
    pub async fn watch(self) {
        let Some(path) = self.file.clone() else {
            return;
        };
        #[cfg(unix)]
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        loop {
            #[cfg(unix)]
            let forced = match hup.as_mut() {
                Some(h) => {
                    tokio::select! { _ = h.recv() => true, _ = tokio::time::sleep(Duration::from_secs(2)) => false }
                }
                None => {
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    false
                }
            };
            #[cfg(not(unix))]
            let forced = {
                tokio::time::sleep(Duration::from_secs(2)).await;
                false
            };
            let seen = *self.read_mtime.read().unwrap_or_else(|p| p.into_inner());
            if forced || mtime(&path) != seen {
                match self.reload() {
                    Ok(n) => tracing::info!(tokens = n, "tokens file re-read"),
                    Err(e) => {
                        tracing::warn!(error = %e, "tokens file not reloaded; the previous tokens stay in force")
                    }
                }
            }
        }
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

fn read_file(path: &Path) -> Result<TokenSet, TokensError> {
    let text = std::fs::read_to_string(path).map_err(|e| TokensError::Read {
        path: path.display().to_string(),
        reason: e.kind().to_string(),
    })?;
    TokenSet::parse(&text)
}

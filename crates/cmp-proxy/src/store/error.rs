//! How the store fails, the same for both engines: the handlers tell a database that cannot
//! be reached now (answer 503, the caller retries) from any other failure (500, logged).

/// The store failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database cannot be reached now (down, refusing connections, not answering, the
    /// connection lost): worth trying again later. `database` is its name, never a password.
    #[error("the database {database} is unreachable: {reason}")]
    Unavailable {
        /// `user@host:port/dbname`, or the SQLite file.
        database: String,
        /// What happened, in words.
        reason: String,
    },
    /// The store was written by a newer build, which may have changed what this one reads.
    #[error(
        "the {place} has schema {found}, newer than this build knows ({known}): run the newer cmp-proxy, or {fix}"
    )]
    NewerSchema {
        /// `data file` or `database user@host:port/dbname`.
        place: String,
        /// The store's schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
        /// The other way out, naming the setting.
        fix: &'static str,
    },
    /// Anything else: a statement refused, a full disk, a corrupt file.
    #[error("the event store failed: {0}")]
    Failed(String),
}

impl StoreError {
    /// Whether trying again later may succeed with nothing changed.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, StoreError::Unavailable { .. })
    }
}

//! The SQLite engine: `CMP_DATA_DIR/events.db` in WAL mode with synchronous=FULL, one
//! connection behind a mutex, its work on the blocking pool. Writes take the file's write
//! lock up front (`BEGIN IMMEDIATE`), so a second process on the same file waits for it
//! (up to the busy timeout) rather than failing halfway through a transaction.
//!
//! ## Layout
//! - this module: opening the file and running work on the connection.
//! - [`schema`]: the migration runner (`user_version`).
//! - [`events`]: events and dead letters.
//! - [`audit`]: the audit log.
//! - [`alert_rules`]: usage alert rules.
//! - [`alerts`]: alerts and the evaluator's bookkeeping.
//! - [`outbox`]: the webhook outbox and its delivery log.

mod alert_rules;
mod alerts;
mod audit;
mod events;
mod outbox;
mod schema;

use super::StoreError;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a statement waits for another process's lock on the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open `events.db`; cheap to clone.
#[derive(Clone)]
pub(super) struct Sqlite {
    conn: Arc<Mutex<Connection>>,
    file: Arc<PathBuf>,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Failed(e.to_string())
    }
}

impl Sqlite {
    /// Opens (creating if needed) `dir/events.db` and brings it up to date.
    pub(super) fn open(dir: &Path) -> Result<Sqlite, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Failed(format!("cannot create {}: {e}", dir.display())))?;
        let file = dir.join("events.db");
        let conn = Connection::open(&file)?;
        // First, so that even switching to WAL waits for another process opening the file.
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        schema::bring_up_to_date(&conn)?;
        Ok(Sqlite {
            conn: Arc::new(Mutex::new(conn)),
            file: Arc::new(file),
        })
    }

    /// The file.
    pub(super) fn file(&self) -> &Path {
        &self.file
    }

    /// Whether the file answers a query.
    pub(super) async fn check(&self) -> Result<(), StoreError> {
        self.with(|conn| {
            Ok(conn.query_row("SELECT COUNT(*) FROM events WHERE seq < 0", [], |_| Ok(()))?)
        })
        .await
    }

    /// The file's `user_version`.
    pub(super) async fn schema_version(&self) -> Result<i64, StoreError> {
        self.with(schema::version).await
    }

    /// Runs `f` with the connection on the blocking pool.
    async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&conn)
        })
        .await
        .map_err(|e| StoreError::Failed(format!("store task failed: {e}")))?
    }
}

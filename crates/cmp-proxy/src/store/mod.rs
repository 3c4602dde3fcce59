//! The durable store (`CMP_DATA_DIR/events.db`, SQLite in WAL mode with synchronous=FULL):
//! order-status events, dead letters of malformed pushes, and the audit log. SQLite work
//! runs on `spawn_blocking`; new events are fanned out to live listeners in commit order.
//!
//! ## Layout
//! - this module: the connection, the schema and the time stamps.
//! - [`events`]: storing and reading order-status events and dead letters.
//! - [`schema`]: the tables, and bringing a file an older build wrote up to date.
//! - [`audit`]: [`audit::AuditEntry`], written for every mutation and read a page at a time.

pub mod audit;
mod events;
mod schema;

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// A stored order-status event, as `/api/events` sends it (cmp-api's type, which the SPA reads).
pub use cmp_api::proxy_api::OrderEvent;

/// Whether a push was new or already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// Stored now, with its sequence number.
    New(OrderEvent),
    /// A redelivery: the order's most recent event has the same operation and time and was
    /// received within the window.
    Duplicate,
}

/// The store failed (disk full, corrupt file...).
#[derive(Debug, thiserror::Error)]
#[error("the event store failed: {0}")]
pub struct StoreError(String);

impl StoreError {
    /// The file was written by a newer build than this one.
    fn newer_schema(found: i64, known: i64) -> StoreError {
        StoreError(format!(
            "the data file has schema {found}, newer than this build knows ({known}): run the newer cmp-proxy, or point CMP_DATA_DIR at a new directory"
        ))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// Handle on the store; cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
    live: broadcast::Sender<OrderEvent>,
}

/// The schema this build writes; [`schema`] brings an older file up to it.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, dedup_key TEXT NOT NULL,
    assetid TEXT NOT NULL, imsi TEXT NOT NULL, operation TEXT NOT NULL, operation_label TEXT NOT NULL,
    orderid TEXT NOT NULL, time TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_asset ON events(assetid, seq);
CREATE INDEX IF NOT EXISTS events_order ON events(orderid, seq);
CREATE TABLE IF NOT EXISTS dead_letters (
    id INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, reason TEXT NOT NULL, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, who TEXT NOT NULL, role TEXT NOT NULL,
    operation TEXT NOT NULL, params TEXT NOT NULL, result_code TEXT NOT NULL, result_message TEXT NOT NULL);
";

const EVENT_COLUMNS: &str =
    "seq, received_at, assetid, imsi, operation, operation_label, orderid, time";

impl Store {
    /// Opens (creating if needed) `dir/events.db`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
        let conn = Connection::open(dir.join("events.db"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        schema::bring_up_to_date(&conn)?;
        let (live, _) = broadcast::channel(1024);
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
            live,
        })
    }

    /// Listens to events stored from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<OrderEvent> {
        self.live.subscribe()
    }

    /// Runs `f` with the connection on the blocking pool.
    pub(crate) async fn with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Connection, &broadcast::Sender<OrderEvent>) -> Result<T, StoreError>
        + Send
        + 'static,
    ) -> Result<T, StoreError> {
        let conn = self.conn.clone();
        let live = self.live.clone();
        tokio::task::spawn_blocking(move || {
            let conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&conn, &live)
        })
        .await
        .map_err(|e| StoreError(format!("store task failed: {e}")))?
    }
}

/// The current UTC time as `YYYY-MM-DDThh:mm:ssZ`.
pub fn now_utc() -> String {
    utc_at(std::time::SystemTime::now())
}

/// `at` in UTC as `YYYY-MM-DDThh:mm:ssZ`; these compare as text in time order.
pub fn utc_at(at: std::time::SystemTime) -> String {
    let ms = at
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let t = cmp_api::CmpTime::from_unix_millis(ms);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

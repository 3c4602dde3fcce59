//! The cases of the store's suite (`tests/store.rs` runs each on both engines), and
//! [`Place`]: where a store lives, so a case can open it again (a restart) or several times
//! at once (replicas).
#![allow(dead_code)]

mod alert_rules;
mod alerts;
mod audit;
mod events;
mod outbox;
mod replicas;
mod schema;

pub use alert_rules::*;
pub use alerts::*;
pub use audit::*;
pub use events::*;
pub use outbox::*;
pub use replicas::*;
pub use schema::*;

use crate::common::postgres::{PgDatabase, client, database_url, fresh_database};
use cmp_api::OrderStatusPush;
use cmp_proxy::store::{Inserted, Store, StoreError};
use std::time::Duration;
use tempfile::TempDir;

/// A redelivery window of a day, the default.
pub const DAY: Duration = Duration::from_secs(24 * 3600);
/// The order's creation time, which every push of it carries.
pub const CREATED: &str = "2019-10-16 12:34:54";
pub const D1: &str = "89852000000000000001";
pub const D2: &str = "89852000000000000002";

/// Where a store lives: a fresh SQLite directory or a fresh PostgreSQL database.
pub enum Place {
    /// `events.db` in a temporary directory.
    Sqlite(TempDir),
    /// A database of its own on the shared test server.
    Postgres(PgDatabase),
}

impl Place {
    /// A new temporary directory.
    pub fn sqlite() -> Place {
        Place::Sqlite(tempfile::tempdir().unwrap())
    }

    /// A new database on the test server.
    pub async fn postgres() -> Place {
        Place::Postgres(fresh_database().await)
    }

    /// Opens a store here, as a process starting would (migrating it if needed).
    pub async fn open(&self) -> Result<Store, StoreError> {
        match self {
            Place::Sqlite(dir) => {
                let dir = dir.path().to_owned();
                tokio::task::spawn_blocking(move || Store::open(&dir))
                    .await
                    .unwrap()
            }
            Place::Postgres(db) => Store::connect(&database_url(db)).await,
        }
    }

    /// [`Place::open`], which must succeed.
    pub async fn store(&self) -> Store {
        self.open()
            .await
            .unwrap_or_else(|e| panic!("open the store: {e}"))
    }

    /// The setting an operator changes to point the proxy elsewhere.
    pub fn setting(&self) -> &'static str {
        match self {
            Place::Sqlite(_) => "CMP_DATA_DIR",
            Place::Postgres(_) => "CMP_DATABASE_URL",
        }
    }

    /// Marks the (already migrated) store as written by a build that knows `version`.
    pub async fn claim_schema(&self, version: i64) {
        match self {
            Place::Sqlite(dir) => {
                let conn = rusqlite::Connection::open(dir.path().join("events.db")).unwrap();
                conn.pragma_update(None, "user_version", version).unwrap();
            }
            Place::Postgres(db) => {
                let version = i32::try_from(version).unwrap();
                client(db)
                    .await
                    .execute(
                        "INSERT INTO cmp_schema (version, about) VALUES ($1, 'from a newer build')",
                        &[&version],
                    )
                    .await
                    .unwrap();
            }
        }
    }
}

/// A push of `order` for D1 with `operation` at the order's creation time.
pub fn push(order: &str, operation: &str) -> OrderStatusPush {
    push_for(D1, order, operation)
}

/// A push of `order` for `device`.
pub fn push_for(device: &str, order: &str, operation: &str) -> OrderStatusPush {
    serde_json::from_value(serde_json::json!({
        "assetid": device, "imsi": "204046990912345", "operation": operation,
        "orderid": order, "time": CREATED
    }))
    .unwrap()
}

/// The sequence number of a new event; panics on a duplicate.
pub fn stored(inserted: Inserted) -> u64 {
    match inserted {
        Inserted::New(e) => e.seq,
        Inserted::Duplicate => panic!("expected a new event, got a duplicate"),
    }
}

/// Every event's sequence number, in order.
pub async fn all_seqs(store: &Store) -> Vec<u64> {
    let events = store.events_after(0, None, 10_000).await.unwrap();
    events.iter().map(|e| e.seq).collect()
}

//! PostgreSQL's migration runner. The version is the newest row of `cmp_schema`; the
//! [`crate::store::migrations::POSTGRES`] files bring the database up to date on a connection
//! of its own that holds `pg_advisory_lock(MIGRATION_LOCK)` throughout, so N replicas
//! starting at once queue behind the first, then find nothing left to do. The connection
//! is closed at the end, which releases the lock even if this process dies halfway; the
//! files run in one transaction, so a migration cut short leaves nothing behind.

use super::sort_error;
use crate::config::DatabaseUrl;
use crate::store::StoreError;
use crate::store::migrations::{self, POSTGRES};
use tokio_postgres::{Client, GenericClient, NoTls};

/// The advisory lock (two-key form: class, key) that migrations hold. The classes of
/// cmp-proxy's locks spell `cmp` and count up; see also [`super::events`].
pub(super) const MIGRATION_LOCK: (i32, i32) = (0x636d_7000, 0);

/// The bookkeeping table: one row per version applied.
const VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS cmp_schema (
    version INTEGER PRIMARY KEY, about TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())";

/// The database's schema version (0 before the first migration).
pub(super) async fn version(client: &impl GenericClient) -> Result<i64, tokio_postgres::Error> {
    let exists: bool = client
        .query_one("SELECT to_regclass('cmp_schema') IS NOT NULL", &[])
        .await?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_one(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM cmp_schema",
            &[],
        )
        .await?;
    Ok(row.get(0))
}

/// Brings the database at `url` to [`migrations::CURRENT`], or refuses a newer one.
pub(super) async fn bring_up_to_date(url: &DatabaseUrl) -> Result<(), StoreError> {
    let fail = |e| sort_error(url.name(), e);
    let (mut client, connection) = url.client_config().connect(NoTls).await.map_err(fail)?;
    let driver = tokio::spawn(async move {
        // Ends when `client` is dropped; an error then shows up on the client's calls.
        let _ = connection.await;
    });
    let migrated = migrate(&mut client, url).await;
    drop(client);
    let _ = driver.await;
    migrated
}

async fn migrate(client: &mut Client, url: &DatabaseUrl) -> Result<(), StoreError> {
    let fail = |e| sort_error(url.name(), e);
    let (class, key) = MIGRATION_LOCK;
    client
        .execute("SELECT pg_advisory_lock($1, $2)", &[&class, &key])
        .await
        .map_err(fail)?;
    let tx = client.transaction().await.map_err(fail)?;
    tx.batch_execute(VERSION_TABLE).await.map_err(fail)?;
    let newer = |found, known| StoreError::NewerSchema {
        place: format!("database {}", url.name()),
        found,
        known,
        fix: "point CMP_DATABASE_URL at a new database",
    };
    let found = version(&tx).await.map_err(fail)?;
    for m in migrations::pending(POSTGRES, found, newer)? {
        tx.batch_execute(m.sql).await.map_err(fail)?;
        let version = i32::try_from(m.version).unwrap_or(i32::MAX);
        tx.execute(
            "INSERT INTO cmp_schema (version, about) VALUES ($1, $2)",
            &[&version, &m.about],
        )
        .await
        .map_err(fail)?;
    }
    tx.commit().await.map_err(fail)?;
    client
        .execute("SELECT pg_advisory_unlock($1, $2)", &[&class, &key])
        .await
        .map_err(fail)?;
    Ok(())
}

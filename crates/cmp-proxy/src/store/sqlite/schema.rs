//! SQLite's migration runner: the file's `user_version` is its schema version, and the
//! [`crate::store::migrations::SQLITE`] files bring it up to date under the file's write lock.

use crate::store::StoreError;
use crate::store::migrations::{self, SQLITE};
use rusqlite::Connection;

/// The file's schema version.
pub(super) fn version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Applies the files the store still needs, in one transaction that holds the file's write
/// lock from reading the version to the commit, so two processes opening one file at once
/// migrate it once; refuses a file from a newer build.
pub(super) fn bring_up_to_date(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let applied = apply_pending(conn);
    match applied {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

fn apply_pending(conn: &Connection) -> Result<(), StoreError> {
    let newer = |found, known| StoreError::NewerSchema {
        place: "data file".into(),
        found,
        known,
        fix: "point CMP_DATA_DIR at a new directory",
    };
    for m in migrations::pending(SQLITE, version(conn)?, newer)? {
        conn.execute_batch(m.sql)?;
        conn.pragma_update(None, "user_version", m.version)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIRST_SCHEMA: &str = "
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, received_at TEXT NOT NULL, dedup_key TEXT NOT NULL UNIQUE,
            assetid TEXT NOT NULL, imsi TEXT NOT NULL, operation TEXT NOT NULL, operation_label TEXT NOT NULL,
            orderid TEXT NOT NULL, time TEXT NOT NULL);
        CREATE INDEX events_asset ON events(assetid, seq);
        INSERT INTO events VALUES (7, '2026-01-01T00:00:00Z', 'O|1003|t', 'D', 'I', '1003', 'paused', 'O', 't');";

    #[test]
    fn a_first_schema_file_keeps_its_events_and_loses_the_unique_key() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(FIRST_SCHEMA).unwrap();
        bring_up_to_date(&conn).unwrap();
        let seq: i64 = conn
            .query_row("SELECT seq FROM events WHERE orderid = 'O'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(seq, 7);
        // A genuine repeat of the same key can now be stored.
        conn.execute(
            "INSERT INTO events (received_at, dedup_key, assetid, imsi, operation, operation_label, orderid, time)
             VALUES ('2026-01-02T00:00:00Z', 'O|1003|t', 'D', 'I', '1003', 'paused', 'O', 't')",
            [],
        )
        .unwrap();
        let next: i64 = conn
            .query_row("SELECT MAX(seq) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(next, 8, "sequence numbers go on after the kept ones");
        assert_eq!(version(&conn).unwrap(), migrations::CURRENT);
        // A second start leaves it alone.
        bring_up_to_date(&conn).unwrap();
        let count: i64 = conn
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(count, 2);
    }

    #[test]
    fn a_failed_migration_leaves_the_file_as_it_was() {
        let conn = Connection::open_in_memory().unwrap();
        // A first-schema file whose events table lacks a column cannot be copied over.
        conn.execute_batch("CREATE TABLE events (seq INTEGER PRIMARY KEY, orderid TEXT)")
            .unwrap();
        assert!(bring_up_to_date(&conn).is_err());
        assert_eq!(version(&conn).unwrap(), 0);
        let cols: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info('events')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(cols, 2, "the old table is still there, untouched");
    }
}

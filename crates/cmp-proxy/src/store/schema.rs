//! The store's tables, and bringing a file an older build wrote up to date. The file's
//! `user_version` says which schema it has: 0 is the first one, whose events were unique by
//! order, operation and time, which also swallowed genuine repeats of one operation
//! (pause, resume, pause) since the platform's `time` is the order's creation time.

use super::{SCHEMA, StoreError};
use rusqlite::Connection;

/// The schema this build writes.
pub const CURRENT: i64 = 1;

/// Creates the tables, or moves an older file's to the current schema, in one transaction.
pub fn bring_up_to_date(conn: &Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > CURRENT {
        return Err(StoreError::newer_schema(version, CURRENT));
    }
    if version == CURRENT {
        return Ok(conn.execute_batch(SCHEMA)?);
    }
    let has_events: bool = conn.query_row(
        "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'events'",
        [],
        |r| r.get(0),
    )?;
    let mut batch = String::from("BEGIN IMMEDIATE;");
    if has_events {
        // SQLite cannot drop a UNIQUE constraint: the table is rebuilt, keeping every row
        // and its sequence number.
        batch
            .push_str("ALTER TABLE events RENAME TO events_v0; DROP INDEX IF EXISTS events_asset;");
    }
    batch.push_str(SCHEMA);
    if has_events {
        batch.push_str(
            "INSERT INTO events SELECT seq, received_at, dedup_key, assetid, imsi, operation,
                 operation_label, orderid, time FROM events_v0 ORDER BY seq;
             DROP TABLE events_v0;",
        );
    }
    batch.push_str(&format!("PRAGMA user_version = {CURRENT}; COMMIT;"));
    Ok(conn.execute_batch(&batch)?)
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
        // A second start leaves it alone.
        bring_up_to_date(&conn).unwrap();
    }

    #[test]
    fn a_file_from_a_newer_build_is_refused_with_a_sentence() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("PRAGMA user_version = 9").unwrap();
        let e = bring_up_to_date(&conn).unwrap_err().to_string();
        assert!(e.contains("schema 9") && e.contains("newer"), "{e}");
    }
}

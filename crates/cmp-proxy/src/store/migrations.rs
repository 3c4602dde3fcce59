//! The schema of both engines, as numbered plain SQL files embedded in the binary
//! (`migrations/sqlite/NNN_*.sql`, `migrations/postgres/NNN_*.sql`). Version `n` is the
//! same change on both engines; a schema change adds one file per engine with the next
//! number and raises [`CURRENT`].
//!
//! Both runners follow one shape: take the store's lock (SQLite: `BEGIN IMMEDIATE` on the
//! file; PostgreSQL: `pg_advisory_lock` on a dedicated connection, so N replicas starting
//! at once wait for the first), read the version, refuse a newer one with
//! [`StoreError::NewerSchema`], apply the [`pending`] files and the new version in one
//! transaction, release the lock.

use super::StoreError;

/// One schema version: the SQL that brings the version before it to this one.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// The version this file brings the store to, from 1.
    pub version: i64,
    /// What it changes, in words.
    pub about: &'static str,
    /// The statements.
    pub sql: &'static str,
}

/// The schema version this build writes.
pub const CURRENT: i64 = 3;

/// SQLite's files. Version 0 is a file of the first build (`user_version` 0, events unique
/// by order, operation and time) or an empty one; 1 brings either to the current tables.
pub const SQLITE: &[Migration] = &[
    Migration {
        version: 1,
        about: "events (no unique delivery key), dead letters, audit log",
        sql: include_str!("migrations/sqlite/001_events_dead_letters_audit.sql"),
    },
    Migration {
        version: 2,
        about: "events.stored_at: when each event was written, to the millisecond or finer",
        sql: include_str!("migrations/sqlite/002_event_stored_at.sql"),
    },
    Migration {
        version: 3,
        about: "usage alerts: rules, alerts, the webhook outbox and its delivery log",
        sql: include_str!("migrations/sqlite/003_alerts.sql"),
    },
];

/// PostgreSQL's files.
pub const POSTGRES: &[Migration] = &[
    Migration {
        version: 1,
        about: "events (no unique delivery key), dead letters, audit log",
        sql: include_str!("migrations/postgres/001_events_dead_letters_audit.sql"),
    },
    Migration {
        version: 2,
        about: "events.stored_at: when each event was written, to the millisecond or finer",
        sql: include_str!("migrations/postgres/002_event_stored_at.sql"),
    },
    Migration {
        version: 3,
        about: "usage alerts: rules, alerts, the webhook outbox and its delivery log",
        sql: include_str!("migrations/postgres/003_alerts.sql"),
    },
];

/// The migrations of `all` that a store at version `found` still needs, or `newer(found,
/// CURRENT)` when the store is ahead of this build.
pub fn pending(
    all: &'static [Migration],
    found: i64,
    newer: impl FnOnce(i64, i64) -> StoreError,
) -> Result<&'static [Migration], StoreError> {
    if found > CURRENT {
        return Err(newer(found, CURRENT));
    }
    let done = all.iter().take_while(|m| m.version <= found).count();
    Ok(&all[done..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_engines_number_the_same_versions_up_to_current() {
        for list in [SQLITE, POSTGRES] {
            let versions: Vec<i64> = list.iter().map(|m| m.version).collect();
            assert_eq!(versions, (1..=CURRENT).collect::<Vec<_>>());
        }
        let about = |l: &[Migration]| l.iter().map(|m| m.about).collect::<Vec<_>>();
        assert_eq!(about(SQLITE), about(POSTGRES));
    }

    #[test]
    fn pending_starts_after_the_found_version_and_refuses_a_newer_one() {
        assert_eq!(pending(SQLITE, 0, |_, _| unreachable!()).unwrap().len(), 3);
        let from_one = pending(POSTGRES, 1, |_, _| unreachable!()).unwrap();
        assert_eq!(
            from_one.iter().map(|m| m.version).collect::<Vec<_>>(),
            [2, 3]
        );
        assert!(
            pending(SQLITE, CURRENT, |_, _| unreachable!())
                .unwrap()
                .is_empty()
        );
        let e = pending(POSTGRES, CURRENT + 1, |found, known| {
            StoreError::NewerSchema {
                place: "database x".into(),
                found,
                known,
                fix: "point CMP_DATABASE_URL at a new database",
            }
        })
        .unwrap_err();
        let words = format!(
            "schema {}, newer than this build knows ({CURRENT})",
            CURRENT + 1
        );
        assert!(e.to_string().contains(&words), "{e}");
    }
}

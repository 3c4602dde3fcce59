//! SQLite: writing the audit log and reading it a page at a time.

use super::Sqlite;
use crate::store::audit::{AuditEntry, role_name, role_named};
use crate::store::{StoreError, sequence, signed};
use rusqlite::params;
use serde_json::Value;

impl Sqlite {
    /// Appends an entry to the audit log.
    pub(in crate::store) async fn record_audit(&self, e: AuditEntry) -> Result<(), StoreError> {
        self.with(move |conn| {
            conn.execute(
                "INSERT INTO audit (at, who, role, operation, params, result_code, result_message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![e.at, e.who, role_name(e.role), e.operation, e.params.to_string(), e.result_code, e.result_message],
            )?;
            Ok(())
        })
        .await
    }

    /// `page_size` entries after the newest `offset`, newest first, and the total count.
    pub(in crate::store) async fn audit_page(
        &self,
        offset: u64,
        page_size: u64,
    ) -> Result<(Vec<AuditEntry>, u64), StoreError> {
        self.with(move |conn| {
            let total: i64 = conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))?;
            let mut stmt = conn.prepare(
                "SELECT id, at, who, role, operation, params, result_code, result_message FROM audit ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            )?;
            let rows = stmt.query_map(params![signed(page_size), signed(offset)], |r| {
                let role: String = r.get(3)?;
                let params: String = r.get(5)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    who: r.get(2)?,
                    role: role_named(&role),
                    operation: r.get(4)?,
                    params: serde_json::from_str(&params).unwrap_or(Value::Null),
                    result_code: r.get(6)?,
                    result_message: r.get(7)?,
                })
            })?;
            Ok((rows.collect::<Result<_, _>>()?, sequence(total)))
        })
        .await
    }
}

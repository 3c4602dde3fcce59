//! PostgreSQL: writing the audit log and reading it a page at a time.

use super::Postgres;
use crate::store::audit::{AuditEntry, role_name, role_named};
use crate::store::{StoreError, sequence, signed};
use serde_json::Value;

impl Postgres {
    /// Appends an entry to the audit log.
    pub(in crate::store) async fn record_audit(&self, e: AuditEntry) -> Result<(), StoreError> {
        self.run(async {
            let client = self.client().await?;
            client
                .execute(
                    "INSERT INTO audit (at, who, role, operation, params, result_code, result_message)
                     VALUES ($1::text::timestamptz, $2, $3, $4, $5::text::json, $6, $7)",
                    &[
                        &e.at,
                        &e.who,
                        &role_name(e.role),
                        &e.operation,
                        &e.params.to_string(),
                        &e.result_code,
                        &e.result_message,
                    ],
                )
                .await
                .map_err(|e| self.error(e))?;
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
        self.run(async {
            let client = self.client().await?;
            let total: i64 = client
                .query_one("SELECT COUNT(*) FROM audit", &[])
                .await
                .map_err(|e| self.error(e))?
                .get(0);
            let rows = client
                .query(
                    r#"SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), who, role,
                              operation, params::text, result_code, result_message
                       FROM audit ORDER BY id DESC LIMIT $1 OFFSET $2"#,
                    &[&signed(page_size), &signed(offset)],
                )
                .await
                .map_err(|e| self.error(e))?;
            let entries = rows
                .iter()
                .map(|r| AuditEntry {
                    id: r.get(0),
                    at: r.get(1),
                    who: r.get(2),
                    role: role_named(r.get(3)),
                    operation: r.get(4),
                    params: serde_json::from_str(r.get(5)).unwrap_or(Value::Null),
                    result_code: r.get(6),
                    result_message: r.get(7),
                })
                .collect();
            Ok((entries, sequence(total)))
        })
        .await
    }
}

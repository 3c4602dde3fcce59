//! The audit log: every mutation sent through the proxy or refused at its door (who, when,
//! what, with which parameters, and the upstream's answer or the proxy's error), kept next
//! to the events.

use super::{Store, StoreError, now_utc};
use crate::access::identity::{Identity, Role};
use rusqlite::params;
use serde::Serialize;
use serde_json::Value;

/// One audited mutation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    /// Row id, increasing.
    pub id: i64,
    /// When (UTC, ISO 8601).
    pub at: String,
    /// The token's name.
    pub who: String,
    /// The token's role.
    pub role: Role,
    /// The operation, e.g. `openPackage`.
    pub operation: String,
    /// The body sent to the platform, the typed request's canonical body (never the
    /// signing members); for a request refused before sending, its body exactly as
    /// received, as a JSON string.
    pub params: Value,
    /// The upstream's code, the proxy's error code when it failed, or `REFUSED` when the
    /// proxy refused the request and nothing was sent.
    pub result_code: String,
    /// The upstream's message, or the proxy's.
    pub result_message: String,
}

impl AuditEntry {
    /// An entry for now (its `id` is assigned when stored).
    pub fn new(
        who: &Identity,
        operation: &str,
        params: Value,
        result_code: String,
        result_message: String,
    ) -> AuditEntry {
        AuditEntry {
            id: 0,
            at: now_utc(),
            who: who.name.clone(),
            role: who.role,
            operation: operation.to_owned(),
            params,
            result_code,
            result_message,
        }
    }
}

impl Store {
    /// Appends an entry to the audit log.
    pub async fn record_audit(&self, e: AuditEntry) -> Result<(), StoreError> {
        self.with(move |conn, _| {
            let role = serde_json::to_value(e.role).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
            conn.execute(
                "INSERT INTO audit (at, who, role, operation, params, result_code, result_message) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![e.at, e.who, role, e.operation, e.params.to_string(), e.result_code, e.result_message],
            )?;
            Ok(())
        })
        .await
    }

    /// Page `page_no` of the audit log, newest first, and the total count.
    pub async fn audit_page(
        &self,
        page_no: u64,
        page_size: u64,
    ) -> Result<(Vec<AuditEntry>, u64), StoreError> {
        self.with(move |conn, _| {
            let total: i64 = conn.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))?;
            let offset = page_no.saturating_sub(1).saturating_mul(page_size);
            let mut stmt = conn.prepare(
                "SELECT id, at, who, role, operation, params, result_code, result_message FROM audit ORDER BY id DESC LIMIT ?1 OFFSET ?2",
            )?;
            let rows = stmt.query_map(params![page_size as i64, offset as i64], |r| {
                let role: String = r.get(3)?;
                let params: String = r.get(5)?;
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    who: r.get(2)?,
                    role: if role == "admin" { Role::Admin } else { Role::Viewer },
                    operation: r.get(4)?,
                    params: serde_json::from_str(&params).unwrap_or(Value::Null),
                    result_code: r.get(6)?,
                    result_message: r.get(7)?,
                })
            })?;
            Ok((rows.collect::<Result<_, _>>()?, total as u64))
        })
        .await
    }
}

//! The audit log: every mutation sent through the proxy or refused at its door (who, when,
//! what, with which parameters, and the upstream's answer or the proxy's error), kept next
//! to the events. Each engine writes and pages it (`sqlite/audit.rs`, `postgres/audit.rs`).

use super::now_utc;
use crate::access::identity::{Identity, Role};
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

/// The role as stored: its serialised name (`admin`, `viewer`).
pub(super) fn role_name(role: Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The role a stored name stands for.
pub(super) fn role_named(name: &str) -> Role {
    if name == "admin" {
        Role::Admin
    } else {
        Role::Viewer
    }
}

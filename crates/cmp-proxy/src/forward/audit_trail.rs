//! What the forwarding path writes to the audit log for a mutation: the canonical body that
//! was sent with the platform's answer (or the proxy's error), or, for a mutation refused
//! before sending, the body exactly as received with [`REFUSED`] as its result. A failure
//! to write is logged, never answered: the change itself already happened or did not.

use crate::access::identity::Identity;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::AuditEntry;
use crate::upstream::UpstreamReply;
use cmp_api::Operation;
use serde_json::Value;

/// The result code of an entry the proxy refused: nothing reached the platform.
pub const REFUSED: &str = "REFUSED";

/// The most of a refused body kept in its entry, in characters.
const KEPT_BODY_CHARS: usize = 4096;

/// Records a mutation that was sent: `params` is the body sent (without signing members).
pub async fn record_sent(
    state: &AppState,
    who: &Identity,
    op: Operation,
    params: Value,
    result: &Result<UpstreamReply, ApiError>,
) {
    let (code, message) = match result {
        Ok(reply) => (reply.code().to_owned(), reply.message().to_owned()),
        Err(e) => (e.code().to_owned(), e.to_string()),
    };
    write(
        state,
        AuditEntry::new(who, op.name(), params, code, message),
    )
    .await;
}

/// Records a mutation refused before sending, with `body` as received: as text, since a
/// refused body may not be JSON, and parsing it could round the very number it was refused
/// for.
pub async fn record_refused(
    state: &AppState,
    who: &Identity,
    op: Operation,
    body: &[u8],
    error: &ApiError,
) {
    let text = String::from_utf8_lossy(body);
    let kept = match text.char_indices().nth(KEPT_BODY_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.into_owned(),
    };
    let message = format!("refused by the proxy, not sent: {error}");
    let entry = AuditEntry::new(who, op.name(), Value::String(kept), REFUSED.into(), message);
    write(state, entry).await;
}

/// Writes `entry`; a failure is logged, never answered (the change it records is made).
pub async fn write(state: &AppState, entry: AuditEntry) {
    let op = entry.operation.clone();
    if let Err(e) = state.store.record_audit(entry).await {
        tracing::error!(error = %e, op, "could not write the audit log");
    }
}

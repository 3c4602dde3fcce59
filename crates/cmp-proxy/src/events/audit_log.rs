//! `GET /api/audit` (admins only): the audit log of every mutation sent through the proxy,
//! newest first, a page at a time. The entries are written by [`crate::forward`] and kept
//! in [`crate::store::audit`].

use crate::access::caller::{Caller, dashboard_only};
use crate::error::ApiError;
use crate::events::paging::{Paging, page_envelope};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use serde_json::Value;

/// `GET /api/audit?page_no=&page_size=` (admin only), newest first.
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(paging): Query<Paging>,
) -> Result<Json<Value>, ApiError> {
    dashboard_only(&caller.0, "reading the audit log")?;
    caller.require_admin("reading the audit log")?;
    let (page_no, page_size) = paging.resolve()?;
    let (entries, total) = state
        .store
        .audit_page(page_no, page_size)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Json(page_envelope(
        "entries", entries, page_no, page_size, total,
    )))
}

//! `GET /api/audit` (admins only): the audit log of every mutation sent through the proxy,
//! newest first, a page at a time. The entries are written by [`crate::forward`] and kept
//! in [`crate::store::audit`].

use crate::access::caller::{Caller, dashboard_only};
use crate::error::ApiError;
use crate::events::paging::{Paging, page_info};
use crate::state::AppState;
use crate::store::audit::AuditEntry;
use axum::Json;
use axum::extract::{Query, State};
use cmp_api::{Envelope, PageInfo};
use serde::Serialize;

/// One page of the audit log, newest first (the `data` of `/api/audit`).
#[derive(Debug, Serialize)]
pub struct AuditPage {
    /// Where this page sits.
    pub page: PageInfo,
    /// The entries on it.
    pub entries: Vec<AuditEntry>,
}

/// `GET /api/audit?page_no=&page_size=` (admin only), newest first.
pub async fn audit(
    State(state): State<AppState>,
    caller: Caller,
    Query(paging): Query<Paging>,
) -> Result<Json<Envelope<AuditPage>>, ApiError> {
    dashboard_only(&caller.0, "reading the audit log")?;
    caller.require_admin("reading the audit log")?;
    let (page_no, page_size) = paging.resolve()?;
    let (entries, total) = state.store.audit_page(page_no, page_size).await?;
    Ok(Json(Envelope::ok(AuditPage {
        page: page_info(page_no, page_size, total),
        entries,
    })))
}

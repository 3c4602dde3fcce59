//! `GET /api/alerts`, `POST /api/alerts/{id}/ack` and `GET /api/alerts/{id}/deliveries`: the alerts a token may see (a token
//! limited to some devices or pools sees those devices' and pools' alerts only), newest
//! first, all or open ones, with the open count for the bell; admins acknowledge them. An
//! order-push alert has no condition that clears, so acknowledging it also resolves it.

use super::scope::redact_url;
use crate::access::caller::{Caller, dashboard_only};
use crate::access::identity::Role;
use crate::error::ApiError;
use crate::events::paging::{Paging, page_info};
use crate::forward::audit_trail;
use crate::state::AppState;
use crate::store::alerts::AlertScope;
use crate::store::audit::AuditEntry;
use axum::Json;
use axum::extract::{Path, Query, State};
use cmp_api::Envelope;
use cmp_api::proxy_api::alert::{Alert, AlertDeliveries, AlertPage, AlertSubject};
use serde::Deserialize;
use serde_json::json;

/// Query parameters of `GET /api/alerts`.
#[derive(Debug, Default, Deserialize)]
pub struct AlertsQuery {
    /// `open` or `all` (the default).
    pub state: Option<String>,
    /// Page from 1.
    pub page_no: Option<String>,
    /// Alerts per page (default 20, at most 100).
    pub page_size: Option<String>,
}

/// `GET /api/alerts?state=open|all&page_no=&page_size=`.
pub async fn list(
    State(state): State<AppState>,
    Caller(who): Caller,
    Query(q): Query<AlertsQuery>,
) -> Result<Json<Envelope<AlertPage>>, ApiError> {
    dashboard_only(&who, "reading alerts")?;
    let open_only = match q.state.as_deref().map(str::trim) {
        None | Some("") | Some("all") => false,
        Some("open") => true,
        Some(other) => {
            return Err(ApiError::BadRequest(format!(
                "state must be open or all, not {other:?}"
            )));
        }
    };
    let paging = Paging {
        page_no: q.page_no,
        page_size: q.page_size,
    };
    let (page_no, page_size) = paging.resolve()?;
    let (alerts, total, open) = state
        .store
        .alerts_page(page_no, page_size, open_only, AlertScope::of(&who))
        .await?;
    Ok(Json(Envelope::ok(AlertPage {
        page: page_info(page_no, page_size, total),
        open,
        alerts,
    })))
}

/// `POST /api/alerts/{id}/ack` (admins): the alert, acknowledged (the first
/// acknowledgement stays; again is not an error).
pub async fn acknowledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Envelope<Alert>>, ApiError> {
    dashboard_only(&caller.0, "acknowledging alerts")?;
    caller.require_admin("acknowledging alerts")?;
    let who = &caller.0;
    let alert = visible(&state, &AlertScope::of(who), &id).await?;
    let resolve = matches!(alert.subject, AlertSubject::Order { .. });
    let alert = state
        .store
        .acknowledge_alert(alert.id, &who.name, resolve)
        .await?
        .ok_or_else(|| no_alert(&id))?;
    let entry = AuditEntry::new(
        who,
        "acknowledgeAlert",
        json!({"alert_id": alert.id}),
        "0000".into(),
        format!("alert {} acknowledged", alert.id),
    );
    audit_trail::write(&state, entry).await;
    Ok(Json(Envelope::ok(alert)))
}

/// `GET /api/alerts/{id}/deliveries`: the alert's webhook deliveries and every attempt
/// (URLs cut to their host for non-admins).
pub async fn deliveries(
    State(state): State<AppState>,
    Caller(who): Caller,
    Path(id): Path<String>,
) -> Result<Json<Envelope<AlertDeliveries>>, ApiError> {
    dashboard_only(&who, "reading alert deliveries")?;
    let alert = visible(&state, &AlertScope::of(&who), &id).await?;
    let mut deliveries = state.store.alert_deliveries(alert.id).await?;
    if who.role != Role::Admin {
        for d in &mut deliveries {
            d.url = redact_url(&d.url);
        }
    }
    Ok(Json(Envelope::ok(AlertDeliveries {
        alert_id: alert.id,
        deliveries,
    })))
}

/// The alert the path names, if `scope` covers it; 404 otherwise.
pub async fn visible(state: &AppState, scope: &AlertScope, id: &str) -> Result<Alert, ApiError> {
    let number: u64 = id.trim().parse().map_err(|_| no_alert(id))?;
    match state.store.alert(number).await? {
        Some(alert) if scope.covers(&alert) => Ok(alert),
        _ => Err(no_alert(id)),
    }
}

fn no_alert(id: &str) -> ApiError {
    ApiError::NotFound(format!("there is no alert {id} you may see"))
}

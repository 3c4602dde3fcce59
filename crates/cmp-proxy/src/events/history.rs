//! `GET /api/events/history`: the stored order-status events, newest first, a page at a
//! time; a token limited to some devices sees only theirs.

use crate::access::caller::{authenticate, dashboard_only};
use crate::error::ApiError;
use crate::events::paging::{Paging, page_info};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use cmp_api::Envelope;
use cmp_api::proxy_api::EventPage;

/// `GET /api/events/history?page_no=&page_size=`: stored events, newest first.
pub async fn history(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(paging): Query<Paging>,
) -> Result<Json<Envelope<EventPage>>, ApiError> {
    let who = authenticate(&state, &headers, None)?;
    dashboard_only(&who, "reading past events")?;
    let (page_no, page_size) = paging.resolve()?;
    let (events, total) = state
        .store
        .events_page(page_no, page_size, who.devices)
        .await?;
    Ok(Json(Envelope::ok(EventPage {
        page: page_info(page_no, page_size, total),
        events,
    })))
}

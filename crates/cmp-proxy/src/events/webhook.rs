//! `POST /hooks/order-status/{secret}`: the platform's order-status push. A push is stored
//! durably before it is acknowledged; a repeated delivery is acknowledged and stored once;
//! a body that cannot be read is kept as a dead letter and refused with 400. Every push
//! empties the read cache: the platform says something changed.

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Inserted;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use cmp_api::Envelope;
use cmp_api::OrderStatusPush;

/// Largest push body accepted.
pub const MAX_PUSH: usize = 64 * 1024;

/// Receives one push.
pub async fn order_status(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    body: Bytes,
) -> Result<Json<Envelope<()>>, ApiError> {
    let known = state
        .hook_secret
        .as_ref()
        .is_some_and(|s| s.matches(&secret));
    if !known {
        return Err(ApiError::NotFound(
            "there is nothing at this address".into(),
        ));
    }
    // Even a push that cannot be read says the platform changed something.
    state.upstream.cache().invalidate();
    if body.len() > MAX_PUSH {
        return Err(ApiError::TooLarge);
    }
    let push: OrderStatusPush = match cmp_api::decode_slice(&body) {
        Ok(push) => push,
        Err(e) => {
            let reason = e.to_string();
            tracing::warn!(reason = %reason, bytes = body.len(), "malformed push kept as a dead letter");
            return Err(dead_letter(&state, &body, reason).await);
        }
    };
    if push.assetid.is_empty() || push.orderid.is_empty() {
        let reason = "assetid and orderid must not be empty".to_owned();
        return Err(dead_letter(&state, &body, reason).await);
    }
    match state
        .store
        .insert_event(push)
        .await
        .map_err(|e| ApiError::Internal(e.to_string()))?
    {
        Inserted::New(event) => {
            tracing::info!(seq = event.seq, operation = %event.operation, "order-status push stored")
        }
        Inserted::Duplicate => {
            tracing::info!("repeated order-status push acknowledged, stored before")
        }
    }
    Ok(Json(Envelope::ok_empty()))
}

/// Keeps `body`, which is not a push for `reason`, as a dead letter; the refusal to answer.
async fn dead_letter(state: &AppState, body: &[u8], reason: String) -> ApiError {
    match state.store.dead_letter(body.to_vec(), reason.clone()).await {
        Ok(()) => ApiError::BadRequest(format!("the body is not an order-status push: {reason}")),
        Err(e) => ApiError::Internal(e.to_string()),
    }
}

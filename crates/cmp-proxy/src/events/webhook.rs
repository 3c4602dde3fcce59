//! `POST /hooks/order-status/{secret}`: the platform's order-status push, as JSON or form
//! fields ([`super::push_body`]). The replies, and why:
//! - **200** `{"code":"0000",…}` once the push is stored durably, and also for a redelivery
//!   (see [`crate::store::Store::insert_event`]), which is acknowledged and stored once: the
//!   platform retries until it sees a 2xx, so a 2xx must mean "nothing more to send";
//! - **400** for a body that is not a push (kept as a dead letter for an operator to read):
//!   sending it again cannot help, and the platform's side should see the refusal;
//! - **404** for an unknown path secret, **413** for a body over 64 KiB;
//! - **503** `STORE_UNAVAILABLE` (with `Retry-After`) while the store's database cannot be
//!   reached, **500** when the store fails otherwise: either way nothing was acknowledged,
//!   the platform retries, and nothing acknowledged is lost.
//!
//! Every push empties the read cache: the platform says something changed. A new event is
//! handed to the order-push alert rules ([`crate::alerts::push_rules`]).

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Inserted;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use cmp_api::Envelope;

/// Largest push body accepted.
pub const MAX_PUSH: usize = 64 * 1024;

/// Receives one push.
pub async fn order_status(
    State(state): State<AppState>,
    Path(secret): Path<String>,
    headers: HeaderMap,
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
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let push = match super::push_body::read_push(content_type, &body) {
        Ok(push) => push,
        Err(reason) => {
            tracing::warn!(reason = %reason, bytes = body.len(), "malformed push kept as a dead letter");
            state.metrics.pushes.inc(&["dead_letter"]);
            return Err(dead_letter(&state, &body, reason).await);
        }
    };
    if push.assetid.is_empty() || push.orderid.is_empty() {
        let reason = "assetid and orderid must not be empty".to_owned();
        state.metrics.pushes.inc(&["dead_letter"]);
        return Err(dead_letter(&state, &body, reason).await);
    }
    match state
        .store
        .insert_event(push, state.config.push_dedup_window)
        .await
        .inspect_err(|_| state.metrics.pushes.inc(&["store_failed"]))?
    {
        Inserted::New(event) => {
            state.metrics.pushes.inc(&["stored"]);
            tracing::info!(seq = event.seq, operation = %event.operation, "order-status push stored");
            // Order-push alert rules, at once but without holding up the acknowledgement.
            tokio::spawn(crate::alerts::push_rules::on_event(state.clone(), event));
        }
        Inserted::Duplicate => {
            state.metrics.pushes.inc(&["redelivery"]);
            tracing::info!("repeated order-status push acknowledged, stored before")
        }
    }
    Ok(Json(Envelope::ok_empty()))
}

/// Keeps `body`, which is not a push for `reason`, as a dead letter; the refusal to answer.
async fn dead_letter(state: &AppState, body: &[u8], reason: String) -> ApiError {
    match state.store.dead_letter(body.to_vec(), reason.clone()).await {
        Ok(()) => ApiError::BadRequest(format!("the body is not an order-status push: {reason}")),
        Err(e) => ApiError::from(e),
    }
}

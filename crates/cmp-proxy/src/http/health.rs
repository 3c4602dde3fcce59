//! `GET /healthz` (the process answers) and `GET /readyz` (the upstream answers a cheap
//! signed query: one catalogue entry).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use cmp_api::Operation;
use serde_json::{Value, json};

/// Always 200 while the process serves requests.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 200 when the upstream accepts a signed `syncPackages` of one entry, else the error.
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let body = json!({ "page_no": 1, "page_size": 1 });
    let Value::Object(body) = body else {
        unreachable!("json! of an object literal is an object")
    };
    let reply = state.upstream.post(Operation::SyncPackages, body).await?;
    if reply.code() != cmp_api::envelope::SUCCESS_CODE {
        return Err(ApiError::UpstreamUnavailable(format!(
            "the platform answered but refused a catalogue query: {} (code {})",
            reply.message(),
            reply.code()
        )));
    }
    Ok(Json(json!({ "status": "ready" })))
}

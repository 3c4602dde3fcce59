//! `GET /healthz` (the process answers) and `GET /readyz` (the store answers a query and
//! the upstream a cheap signed one: one catalogue entry).

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use cmp_api::Operation;
use serde_json::{Value, json};
use std::time::Duration;

/// How long `/readyz` waits for the store; a probe should not hang on a database that
/// stopped answering.
const STORE_CHECK: Duration = Duration::from_secs(3);

/// Always 200 while the process serves requests.
pub async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// 200 when the store answers and the upstream accepts a signed `syncPackages` of one
/// entry; else 503 saying which is not ready (the database by name, never its password).
pub async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let store = match tokio::time::timeout(STORE_CHECK, state.store.check()).await {
        Ok(checked) => checked.map_err(|e| e.to_string()),
        Err(_) => Err(format!(
            "{} did not answer within {} s",
            state.store.describe(),
            STORE_CHECK.as_secs()
        )),
    };
    if let Err(why) = store {
        return Err(ApiError::StoreUnavailable(format!("not ready: {why}")));
    }
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

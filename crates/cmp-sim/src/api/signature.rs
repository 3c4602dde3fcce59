//! The signature check on the `/cmp-api` routes: when the simulator has an access code and
//! a secret, every request must carry a valid signature (`cmp_api::sign`) whose timestamp
//! is within 10 minutes of the simulator's wall clock, or it is refused with code `1001`.

use crate::error::{self, ApiError};
use crate::state::{SimState, wall_ms};
use axum::body::Body;
use axum::extract::{Query, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cmp_api::Operation;
use serde_json::{Map, Value};

/// Largest request body read for signature checks.
const MAX_BODY: usize = 2 * 1024 * 1024;

/// Rejects requests whose signature is missing, wrong or stale, when signing is configured.
pub async fn check_signature(State(state): State<SimState>, req: Request, next: Next) -> Response {
    let (Some(code), Some(secret)) = (&state.config().access_code, &state.config().secret) else {
        return next.run(req).await;
    };
    let (parts, body) = req.into_parts();
    let (params, body) = if parts.method == Method::GET {
        let pairs = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map(|q| q.0)
            .unwrap_or_default();
        let sim =
            Operation::from_path(parts.uri.path()).and_then(|(_, sim)| sim.map(str::to_owned));
        let params = cmp_api::sign::get_params(
            pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            sim.as_deref(),
        );
        (params, Body::empty())
    } else {
        let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
            return ApiError::new(
                error::BAD_REQUEST,
                "the request body is too large or could not be read",
            )
            .into_response();
        };
        let params = match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        (params, Body::from(bytes))
    };
    if let Err(e) = cmp_api::sign::verify(&params, code, secret, wall_ms()) {
        return ApiError::new(error::AUTH, format!("authentication failed: {e}")).into_response();
    }
    next.run(Request::from_parts(parts, body)).await
}

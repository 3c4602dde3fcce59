//! `/cmp-api/*`: the upstream's own paths, authorised, signed and forwarded; the upstream's
//! envelope comes back unchanged, except the lists rebuilt for callers who may see only part
//! of them. Every POST body is read into its typed request first and only that request's
//! canonical body goes on; mutations are written to the audit log, those refused before
//! sending too. The body arrives already bounded by [`crate::http::request_body`].
//!
//! ## Layout
//! - this module: the handler, from the request's path, query and body to the answer.
//! - [`door`]: the body read into cmp-api's typed request, or refused naming the field.
//! - [`request_limits`]: paging and bulk sizes checked before anything is sent.
//! - [`cdr_window`]: the CDR GET's dates within the platform's 180 days, in its time zone.
//! - [`audit_trail`]: the audit entries of mutations sent and refused.
//! - [`scoped_lists`]: queryOrder merged per device, getTrafficPoolInfo cut to an embed
//!   token's pools.
//! - [`whole_list`]: the one way to read an upstream list whole and page it again.

pub mod audit_trail;
pub mod cdr_window;
pub mod door;
pub mod request_limits;
pub mod scoped_lists;
pub mod whole_list;

use crate::access::caller::Caller;
use crate::access::plan::Plan;
use crate::access::scope::{authorize, may_call};
use crate::error::ApiError;
use crate::state::AppState;
use crate::upstream::UpstreamRequest;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use cmp_api::Operation;
use scoped_lists::{filtered_pools, merged_orders};
use serde_json::Value;

/// Handles every `/cmp-api/...` request.
pub async fn forward(
    State(state): State<AppState>,
    Caller(who): Caller,
    method: Method,
    uri: Uri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let (op, sim_id) = Operation::from_path(uri.path()).ok_or_else(|| {
        ApiError::NotFound(format!("{} is not an operation of the CMP API", uri.path()))
    })?;
    let expected = if op.is_get() {
        Method::GET
    } else {
        Method::POST
    };
    if method != expected {
        return Err(ApiError::BadRequest(format!(
            "{} takes {expected}, not {method}",
            op.name()
        )));
    }
    may_call(&who, op)?;
    let admitted = door::admit(op, sim_id, &uri, &body).and_then(|request| {
        request_limits::check(op, &request, state.config.limits.max_bulk_devices)?;
        cdr_window::check(&request, state.platform_today())?;
        Ok(request)
    });
    let request = match admitted {
        Ok(request) => request,
        Err(refused) => {
            if op.is_mutation() {
                audit_trail::record_refused(&state, &who, op, &body, &refused).await;
            }
            return Err(refused);
        }
    };
    let plan = authorize(&state, &who, op, &request).await?;
    match (&plan, &request) {
        (Plan::MergeOrders(devices), UpstreamRequest::Post(body)) => {
            return merged_orders(&state.upstream, body, devices).await;
        }
        (Plan::FilterPools(pools), UpstreamRequest::Post(body)) => {
            return filtered_pools(&state.upstream, body, pools).await;
        }
        _ => {}
    }
    let result = state.upstream.call(op, &request).await;
    if op.is_mutation() {
        let params = match &request {
            UpstreamRequest::Post(b) => Value::Object(b.clone()),
            UpstreamRequest::Cdr { .. } => Value::Null,
        };
        audit_trail::record_sent(&state, &who, op, params, &result).await;
    }
    Ok(result?.into_response())
}

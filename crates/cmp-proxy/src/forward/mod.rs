//! `/cmp-api/*`: the upstream's own paths, authorised, signed and forwarded; the upstream's
//! envelope comes back unchanged, except the lists rebuilt for callers who may see only part
//! of them. Mutations are written to the audit log. The body arrives already bounded by
//! [`crate::http::request_body`].
//!
//! ## Layout
//! - this module: the handler, from the request's path, query and body to the answer.
//! - [`request_limits`]: paging and bulk sizes checked before anything is sent.
//! - [`scoped_lists`]: queryOrder merged per device, getTrafficPoolInfo cut to an embed
//!   token's pools.
//! - [`whole_list`]: the one way to read an upstream list whole and page it again.

pub mod request_limits;
pub mod scoped_lists;
pub mod whole_list;

use crate::access::caller::Caller;
use crate::access::plan::Plan;
use crate::access::scope::authorize;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::AuditEntry;
use crate::upstream::UpstreamRequest;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{Method, Uri};
use axum::response::{IntoResponse, Response};
use cmp_api::Operation;
use cmp_api::sign::{ACCESS_CODE, SIGN, TIMESTAMP};
use scoped_lists::{filtered_pools, merged_orders};
use serde_json::{Map, Value};

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
    let request = match sim_id {
        Some(sim) => UpstreamRequest::Cdr {
            sim_id: sim.to_owned(),
            query: query_pairs(&uri),
        },
        None => UpstreamRequest::Post(json_object(&body)?),
    };
    request_limits::check(op, &request, state.config.limits.max_bulk_devices)?;
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
        let (code, message) = match &result {
            Ok(reply) => (reply.code().to_owned(), reply.message().to_owned()),
            Err(e) => (e.code().to_owned(), e.to_string()),
        };
        let params = match &request {
            UpstreamRequest::Post(b) => Value::Object(b.clone()),
            UpstreamRequest::Cdr { .. } => Value::Null,
        };
        let entry = AuditEntry::new(&who, op.name(), params, code, message);
        if let Err(e) = state.store.record_audit(entry).await {
            tracing::error!(error = %e, op = op.name(), "could not write the audit log");
        }
    }
    Ok(result?.into_response())
}

/// The body as a JSON object without any signing fields the caller may have sent.
fn json_object(body: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut map)) => {
            for k in [ACCESS_CODE, TIMESTAMP, SIGN] {
                map.remove(k);
            }
            Ok(map)
        }
        _ => Err(ApiError::BadRequest(
            "the request body must be a JSON object".into(),
        )),
    }
}

/// The query pairs without signing fields or a `token`, decoded as `application/x-www-form-urlencoded`
/// (what `Url::query_pairs` does, without parsing a whole URL around the query).
fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    let query = uri.query().unwrap_or("");
    form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| ![ACCESS_CODE, TIMESTAMP, SIGN, "token"].contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

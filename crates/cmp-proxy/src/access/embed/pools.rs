//! getTrafficPoolInfo for an embed token: every page of the enterprise's pools is read and
//! only the token's pools are kept, with `total` and paging recomputed, so a partner's
//! customer never learns how many other pools exist, let alone their names or usage.

use crate::access::scope::page_param;
use crate::error::ApiError;
use crate::state::AppState;
use crate::upstream::UpstreamReply;
use cmp_api::Operation;
use serde_json::{Map, Value, json};

/// The upstream's largest getTrafficPoolInfo page.
const UPSTREAM_PAGE: u64 = 100;
/// Most upstream pages read for one request, so it stays bounded.
const MAX_PAGES: u64 = 50;

/// The pools named in `pools`, paged as `body` asks; an upstream refusal is passed back.
pub async fn filtered_pools(
    state: &AppState,
    body: &Map<String, Value>,
    pools: &[String],
) -> Result<Result<Value, UpstreamReply>, ApiError> {
    let page_no = page_param(body, "page_no", 1);
    let page_size = page_param(body, "page_size", 20).min(UPSTREAM_PAGE);
    let mut kept = Vec::new();
    let mut seen = 0u64;
    for page in 1..=MAX_PAGES {
        let query = json!({ "page_no": page, "page_size": UPSTREAM_PAGE });
        let reply = state
            .upstream
            .post(Operation::GetTrafficPoolInfo, object(query))
            .await?;
        if !reply.is_success() {
            return Ok(Err(reply));
        }
        let mut envelope = reply.envelope();
        let rows = match envelope.pointer_mut("/data/rows") {
            Some(Value::Array(rows)) => std::mem::take(rows),
            _ => Vec::new(),
        };
        let total = envelope
            .pointer("/data/total")
            .and_then(|v| v.as_u64().or_else(|| v.as_str()?.trim().parse().ok()))
            .unwrap_or(0);
        let empty = rows.is_empty();
        seen += rows.len() as u64;
        kept.extend(
            rows.into_iter()
                .filter(|row| pool_id(row).is_some_and(|id| pools.iter().any(|p| p == id))),
        );
        if empty || seen >= total || kept.len() == pools.len() {
            break;
        }
    }
    let total = kept.len();
    let start = ((page_no - 1).saturating_mul(page_size) as usize).min(total);
    let rows: Vec<Value> = kept
        .into_iter()
        .skip(start)
        .take(page_size as usize)
        .collect();
    Ok(Ok(json!({
        "code": cmp_api::envelope::SUCCESS_CODE,
        "data": { "rows": rows, "total": total },
        "message": "success",
        "success": true
    })))
}

fn pool_id(row: &Value) -> Option<&str> {
    row.get("trafficPoolId")
        .or_else(|| row.get("traffic_pool_id"))
        .and_then(Value::as_str)
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

//! The lists rebuilt for callers who may see only part of them, through
//! [`super::whole_list`]: a device-limited or embed token's queryOrder, merged from exact
//! per-device queries and sorted newest first; an embed token's getTrafficPoolInfo, cut down
//! to its own pools so it never learns how many others exist, let alone their names or usage.

use crate::error::ApiError;
use crate::forward::whole_list::{read_whole, repaged, requested_page};
use crate::upstream::Upstream;
use axum::Json;
use axum::response::{IntoResponse, Response};
use cmp_api::{OrderPage, TrafficPool, TrafficPoolPage};
use serde_json::{Map, Value, json};
use std::cmp::Reverse;

/// Answers a queryOrder for `devices` only: each device is queried (all pages, exact device
/// match since the upstream matches device ids fuzzily), merged newest first, then paged as
/// `body` asks. An upstream refusal is passed back as it came.
pub async fn merged_orders(
    upstream: &Upstream,
    body: &Map<String, Value>,
    devices: &[String],
) -> Result<Response, ApiError> {
    let (page_no, page_size) = requested_page(body);
    let mut all = Vec::new();
    for device in devices {
        let mut query = body.clone();
        query.insert("device_id".into(), json!(device));
        let exact = |order: &cmp_api::PackageOrder| order.device_id.as_deref() == Some(device);
        match read_whole::<OrderPage>(upstream, &query, exact, |_| false).await? {
            Ok(orders) => all.extend(orders),
            Err(refusal) => return Ok(refusal.into_response()),
        }
    }
    all.sort_by_key(|order| Reverse(order.order_date));
    Ok(Json(repaged::<OrderPage>(all, page_no, page_size)).into_response())
}

/// Answers a getTrafficPoolInfo with the pools named in `pools` only, paged as `body` asks;
/// an upstream refusal is passed back as it came.
pub async fn filtered_pools(
    upstream: &Upstream,
    body: &Map<String, Value>,
    pools: &[String],
) -> Result<Response, ApiError> {
    let (page_no, page_size) = requested_page(body);
    let named = |pool: &TrafficPool| {
        !pool.traffic_pool_id.is_empty() && pools.contains(&pool.traffic_pool_id)
    };
    let all_found = |kept: &[TrafficPool]| kept.len() == pools.len();
    match read_whole::<TrafficPoolPage>(upstream, &Map::new(), named, all_found).await? {
        Ok(kept) => Ok(Json(repaged::<TrafficPoolPage>(kept, page_no, page_size)).into_response()),
        Err(refusal) => Ok(refusal.into_response()),
    }
}

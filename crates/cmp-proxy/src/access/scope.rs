//! Who may do what: viewers only query; tokens limited to some devices may only name those
//! devices (orders are resolved to their device through the upstream), and their order
//! lists are rebuilt from per-device queries so nothing of another device leaks. Embed
//! tokens follow their own, stricter rules in [`crate::access::embed::scope`].

use crate::access::plan::Plan;
use crate::access::tokens::{Identity, Role};
use crate::error::ApiError;
use crate::state::AppState;
use crate::upstream::{UpstreamReply, UpstreamRequest};
use cmp_api::Operation;
use serde_json::{Map, Value, json};

/// Checks `who` may send `request` for `op`, and how to answer it.
pub async fn authorize(
    state: &AppState,
    who: &Identity,
    op: Operation,
    request: &UpstreamRequest,
) -> Result<Plan, ApiError> {
    if let Some(grant) = &who.embed {
        return crate::access::embed::scope::authorize(who, grant, op, request);
    }
    if op.is_mutation() && who.role != Role::Admin {
        return Err(ApiError::Forbidden(format!(
            "{} changes orders and needs an admin token; yours (\"{}\") is a viewer token that may only query",
            op.name(),
            who.name
        )));
    }
    let Some(devices) = &who.devices else {
        return Ok(Plan::Forward);
    };
    let body = match request {
        UpstreamRequest::Post(body) => body,
        UpstreamRequest::Cdr { sim_id, .. } => {
            require_device(who, Some(sim_id))?;
            return Ok(Plan::Forward);
        }
    };
    match op {
        Operation::SyncPackages | Operation::GetTrafficPoolInfo => Ok(Plan::Forward),
        Operation::QueryDevice => {
            require_device(who, text(body, "device_id")).map(|_| Plan::Forward)
        }
        Operation::SimCdr => Ok(Plan::Forward),
        Operation::BatchOrderPackages => {
            let list = body
                .get("deviceList")
                .or_else(|| body.get("device_list"))
                .and_then(Value::as_array);
            let list = list.ok_or_else(|| {
                ApiError::BadRequest("deviceList must list the devices to order for".into())
            })?;
            for d in list {
                require_device(who, d.as_str())?;
            }
            Ok(Plan::Forward)
        }
        Operation::OpenPackage | Operation::CancelPackage | Operation::AheadFinishDeviceOrder => {
            let order = text(body, "order_id")
                .ok_or_else(|| ApiError::BadRequest("order_id is required".into()))?;
            require_order(state, who, order)
                .await
                .map(|_| Plan::Forward)
        }
        Operation::QueryOrder => {
            if let Some(order) = text(body, "order_id") {
                require_order(state, who, order).await?;
            }
            match text(body, "device_id") {
                Some(d) => {
                    require_device(who, Some(d)).map(|d| Plan::MergeOrders(vec![d.to_owned()]))
                }
                None => Ok(Plan::MergeOrders(devices.clone())),
            }
        }
    }
}

fn text<'a>(body: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    body.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn require_device<'a>(who: &Identity, device: Option<&'a str>) -> Result<&'a str, ApiError> {
    match device {
        None => Err(ApiError::Forbidden(
            "your token is limited to some devices: name one of them (device_id)".into(),
        )),
        Some(d) if who.may_see(d) => Ok(d),
        Some(d) => Err(ApiError::Forbidden(format!(
            "device {d} is not one of the devices your token may see"
        ))),
    }
}

/// The device an order belongs to, looked up upstream.
pub async fn order_device(state: &AppState, order: &str) -> Result<Option<String>, ApiError> {
    let body = json!({ "order_id": order, "page_no": 1, "page_size": 100 });
    let reply = state
        .upstream
        .post(Operation::QueryOrder, object(body))
        .await?;
    Ok(orders_of(&mut reply.envelope())
        .into_iter()
        .find(|o| order_code(o) == Some(order))
        .and_then(|o| order_device_id(&o).map(str::to_owned)))
}

async fn require_order(state: &AppState, who: &Identity, order: &str) -> Result<(), ApiError> {
    match order_device(state, order).await? {
        Some(d) if who.may_see(&d) => Ok(()),
        _ => Err(ApiError::Forbidden(format!(
            "order {order} is not an order of a device your token may see"
        ))),
    }
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn orders_of(envelope: &mut Value) -> Vec<Value> {
    match envelope.pointer_mut("/data/package_order") {
        Some(Value::Array(orders)) => std::mem::take(orders),
        _ => Vec::new(),
    }
}

fn order_code(o: &Value) -> Option<&str> {
    o.get("orderCode")
        .or_else(|| o.get("order_code"))
        .and_then(Value::as_str)
}

fn order_device_id(o: &Value) -> Option<&str> {
    o.get("deviceId")
        .or_else(|| o.get("device_id"))
        .and_then(Value::as_str)
}

/// A positive paging parameter of `body` (number or numeric string), else `default`.
pub(crate) fn page_param(body: &Map<String, Value>, key: &str, default: u64) -> u64 {
    let v = body.get(key);
    v.and_then(Value::as_u64)
        .or_else(|| {
            v.and_then(Value::as_str)
                .and_then(|s| s.trim().parse().ok())
        })
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// Most pages read per device when merging, so one request stays bounded.
const MAX_PAGES_PER_DEVICE: u64 = 50;

/// Answers a queryOrder for `devices` only: each device is queried (all pages, exact device
/// match since the upstream matches device ids fuzzily), merged newest first, then paged.
/// An upstream refusal is passed back as it came.
pub async fn merged_orders(
    state: &AppState,
    body: &Map<String, Value>,
    devices: &[String],
) -> Result<Result<Value, UpstreamReply>, ApiError> {
    let page_no = page_param(body, "page_no", 1);
    let page_size = page_param(body, "page_size", 20).min(100);
    let mut all = Vec::new();
    for device in devices {
        let mut page = 1;
        loop {
            let mut query = body.clone();
            query.insert("device_id".into(), json!(device));
            query.insert("page_no".into(), json!(page));
            query.insert("page_size".into(), json!(100));
            let reply = state.upstream.post(Operation::QueryOrder, query).await?;
            if !reply.is_success() {
                return Ok(Err(reply));
            }
            let mut envelope = reply.envelope();
            let orders = orders_of(&mut envelope);
            let total_pages = envelope
                .pointer("/data/page/total_pages")
                .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                .unwrap_or(1);
            let empty = orders.is_empty();
            all.extend(
                orders
                    .into_iter()
                    .filter(|o| order_device_id(o) == Some(device.as_str())),
            );
            if empty || page >= total_pages || page >= MAX_PAGES_PER_DEVICE {
                break;
            }
            page += 1;
        }
    }
    let date_key = |o: &Value| -> String {
        o.get("orderDate")
            .or_else(|| o.get("order_date"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    };
    all.sort_by_key(|o| std::cmp::Reverse(date_key(o)));
    let info = cmp_api::PageInfo::new(page_no, page_size, all.len() as u64);
    let start = ((page_no - 1).saturating_mul(page_size) as usize).min(all.len());
    let rows: Vec<Value> = all
        .into_iter()
        .skip(start)
        .take(page_size as usize)
        .collect();
    let count = rows.len();
    Ok(Ok(json!({
        "code": cmp_api::envelope::SUCCESS_CODE,
        "data": { "page": info, "package_order": rows, "package_order_num": count },
        "message": "success",
        "success": true
    })))
}

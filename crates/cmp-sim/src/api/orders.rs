//! Ordering and the order lifecycle requests: batchOrderPackages, queryOrder, openPackage,
//! cancelPackage and aheadFinishDeviceOrder.

use super::render;
use super::{read, required};
use crate::error::{self, ApiError, paging};
use crate::orders::lifecycle::Event;
use crate::orders::record::{Order, Status};
use crate::state::SimState;
use crate::world::catalogue::is_available;
use crate::world::new_order;
use axum::Json;
use axum::extract::State;
use bytes::Bytes;
use cmp_api::time::TimeFormat;
use cmp_api::{
    AheadFinishRequest, BatchOrderRequest, BatchOrderResult, CmpTime, DeviceOrderResult, Envelope,
    OpenFlag, OpenPackageResult, OrderIdRequest, OrderPage, PageInfo, QueryOrderRequest,
};

/// Largest `page_size` queryOrder accepts (the spec's limit).
pub const ORDER_MAX_PAGE: u64 = 100;
/// Most devices one bulk order may name.
pub const MAX_BATCH: usize = 1000;

/// `POST /cmp-api/package/batchOrderPackages`.
pub async fn batch_order(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<BatchOrderResult>>, ApiError> {
    let (raw, req): (_, BatchOrderRequest) = read(&body)?;
    let code = required(&req.package_code, "package_code")?;
    if req.device_list.is_empty() {
        return Err(ApiError::missing("deviceList"));
    }
    if req.device_list.len() > MAX_BATCH {
        return Err(ApiError::new(
            error::BAD_REQUEST,
            format!("deviceList may name at most {MAX_BATCH} devices"),
        ));
    }
    let open = match &req.is_open {
        OpenFlag::Yes => true,
        OpenFlag::No => false,
        OpenFlag::Unknown(v) if v.is_empty() => return Err(ApiError::missing("is_open")),
        OpenFlag::Unknown(v) => {
            return Err(ApiError::new(
                error::BAD_REQUEST,
                format!("is_open must be \"0\" or \"1\", not {v:?}"),
            ));
        }
    };
    if raw.get("subscribed_count").is_some_and(|v| !v.is_null()) && req.subscribed_count.is_none() {
        return Err(ApiError::new(
            error::BAD_REQUEST,
            "subscribed_count must be a whole number",
        ));
    }
    let limit = state.world().order_limit();
    if let Some(n) = req.subscribed_count.filter(|n| *n > limit) {
        return Err(ApiError::new(
            error::POOL_LIMIT,
            format!(
                "Traffic pool order count exceeds the allowable limit: {n} asked, at most {limit} allowed"
            ),
        ));
    }
    let package = state.world().package(&code).ok_or_else(|| {
        ApiError::new(
            error::UNKNOWN_PACKAGE,
            format!("no package {code:?} exists; list packages with syncPackages"),
        )
    })?;
    if !is_available(package) {
        return Err(ApiError::new(
            error::OBSOLETE_PACKAGE,
            format!("package {code} is obsolete and can no longer be ordered"),
        ));
    }
    let cycles = package.min_order_period.filter(|m| *m > 0).unwrap_or(1) as u32;
    let mut results = Vec::with_capacity(req.device_list.len());
    for raw_id in &req.device_list {
        let id = raw_id.trim();
        let outcome = order_one(&state, id, package, cycles, open);
        results.push(match outcome {
            Ok(order) => {
                let day = |t: Option<i64>| {
                    t.map(|s| CmpTime::from_seconds(s).with_format(TimeFormat::CompactDate))
                };
                DeviceOrderResult {
                    error: cmp_api::envelope::SUCCESS_CODE.into(),
                    error_msg: Some("success".into()),
                    order_id: Some(order.id.clone()),
                    device_id: id.to_owned(),
                    order_start_date: day(order.active_at),
                    order_expire_date: day(order.expire_at),
                }
            }
            Err(e) => DeviceOrderResult {
                error: e.code.into(),
                error_msg: Some(e.message),
                order_id: None,
                device_id: id.to_owned(),
                order_start_date: None,
                order_expire_date: None,
            },
        });
    }
    Ok(Json(Envelope::ok(BatchOrderResult {
        device_order: results,
    })))
}

fn order_one(
    state: &SimState,
    id: &str,
    package: &cmp_api::Package,
    cycles: u32,
    open: bool,
) -> Result<Order, ApiError> {
    let device = state
        .world()
        .device(id)
        .ok_or_else(|| ApiError::unknown_device(id))?;
    // An OTA device that already holds a plan gets a secondary plan, which only OTA starts.
    let has_plan = state.with_book(|book, _| {
        book.orders
            .iter()
            .any(|o| o.device_id == id && o.status != Status::Ended)
    });
    let secondary = device.ota && has_plan;
    if secondary && open {
        return Err(ApiError::new(
            error::OTA_SECONDARY,
            format!(
                "device {id} is an OTA device that already has a plan: its secondary plan cannot be opened immediately; order it with is_open \"0\" and it starts when the device reports a location in a covered country"
            ),
        ));
    }
    state.create_order(
        |code, now| {
            let mut o = new_order(code, device, package, cycles, now);
            o.secondary = secondary;
            o
        },
        open,
    )
}

/// `POST /cmp-api/package/queryOrder`.
pub async fn query_order(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<OrderPage>>, ApiError> {
    let (raw, req): (_, QueryOrderRequest) = read(&body)?;
    let (no, size) = paging(&raw, ORDER_MAX_PAGE)?;
    if raw
        .get("order_status")
        .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        && !matches!(req.order_status, Some(ref s) if !matches!(s, cmp_api::OrderStatus::Unknown(_)))
    {
        return Err(ApiError::new(
            error::BAD_REQUEST,
            "order_status must be 1 (not started), 2 (started), 3 (ended) or 5 (paused)",
        ));
    }
    let device_filter = req
        .device_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let order_filter = req
        .order_id
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    // Only the page's orders are copied out of the book: a large world holds tens of
    // thousands, and a client reading them all asks for every page.
    let (matched, total, now) = state.with_book(|book, now| {
        let mut total = 0u64;
        let skip = (no - 1).saturating_mul(size);
        let mut matched: Vec<Order> = Vec::new();
        for o in book
            .orders
            .iter()
            .rev()
            .filter(|o| device_filter.is_none_or(|d| o.device_id.contains(d)))
            .filter(|o| order_filter.is_none_or(|id| o.id == id))
            .filter(|o| {
                req.order_status
                    .as_ref()
                    .is_none_or(|s| o.status.to_api() == *s)
            })
        {
            if total >= skip && total < skip.saturating_add(size) {
                matched.push(o.clone());
            }
            total += 1;
        }
        (matched, total, now)
    });
    let page: Vec<_> = matched
        .iter()
        .map(|o| render::package_order(&state, o, now, TimeFormat::CompactDateTime))
        .collect();
    Ok(Json(Envelope::ok(OrderPage {
        page: PageInfo::new(no, size, total),
        sign: None,
        package_order_num: page.len() as u64,
        package_order: page,
    })))
}

/// `POST /cmp-api/package/openPackage`.
pub async fn open_package(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<OpenPackageResult>>, ApiError> {
    let (_, req): (_, OrderIdRequest) = read(&body)?;
    let id = required(&req.order_id, "order_id")?;
    let order = state.transition(&id, Event::Enable)?;
    let at = |t: Option<i64>| t.map(CmpTime::from_seconds);
    Ok(Json(Envelope::ok(OpenPackageResult {
        sign: None,
        order_id: order.id,
        order_start_date: at(order.active_at),
        order_expire_date: at(order.expire_at),
    })))
}

/// `POST /cmp-api/package/cancelPackage`.
pub async fn cancel_package(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<()>>, ApiError> {
    let (_, req): (_, OrderIdRequest) = read(&body)?;
    let id = required(&req.order_id, "order_id")?;
    state.transition(&id, Event::Cancel)?;
    Ok(Json(Envelope::ok_empty()))
}

/// `POST /cmp-api/package/aheadFinishDeviceOrder`.
pub async fn ahead_finish(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<()>>, ApiError> {
    let (_, req): (_, AheadFinishRequest) = read(&body)?;
    let id = required(&req.order_id, "order_id")?;
    required(&req.ahead_finish_cause, "ahead_finish_cause")?;
    state.transition(&id, Event::TerminateEarly)?;
    Ok(Json(Envelope::ok_empty()))
}

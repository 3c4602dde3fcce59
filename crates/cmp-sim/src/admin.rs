//! Admin endpoints under `/_sim` (outside `/cmp-api`, never signed, never faulted): the
//! simulated clock, platform-side order events (pause, restart, OTA enable, renew, reduce,
//! pay), device location reports (which enable OTA orders), data used on demand (to cross a
//! usage threshold now), fault rules, the push log, the push settings (encoding,
//! redeliveries) and a look at the world.

use crate::api::render;
use crate::error::{self, ApiError, parse_body};
use crate::faults::FaultRule;
use crate::orders::lifecycle::Event;
use crate::orders::push_settings::PushSettingsChange;
use crate::state::SimState;
use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use bytes::Bytes;
use cmp_api::time::TimeFormat;
use cmp_api::{CmpTime, Envelope, PackageOrder};
use serde::Deserialize;
use serde_json::{Value, json};

/// The `/_sim` routes.
pub fn routes() -> Router<SimState> {
    Router::new()
        .route("/_sim/clock", get(clock))
        .route("/_sim/clock/advance", post(advance))
        .route("/_sim/orders/{id}", get(order))
        .route("/_sim/orders/{id}/{action}", post(order_action))
        .route(
            "/_sim/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/_sim/devices/{id}/location", post(location))
        .route("/_sim/devices/{id}/use", post(device_use))
        .route("/_sim/pushes", get(pushes))
        .route(
            "/_sim/pushes/settings",
            get(push_settings).post(change_push_settings),
        )
        .route("/_sim/world", get(world))
}

type Answer = Result<Json<Envelope<Value>>, ApiError>;

/// The simulated time (UTC), the platform's zone and its date there, from which the CDR
/// history's days count.
fn clock_json(state: &SimState) -> Value {
    let now_ms = state.now_ms();
    let zone = state.config().utc_offset;
    json!({
        "now": CmpTime::from_unix_millis(now_ms).to_string(),
        "now_ms": now_ms,
        "utc_offset": zone.to_string(),
        "today": zone.today(now_ms).to_string(),
    })
}

async fn clock(State(state): State<SimState>) -> Answer {
    Ok(Json(Envelope::ok(clock_json(&state))))
}

#[derive(Deserialize)]
struct Advance {
    seconds: i64,
}

async fn advance(State(state): State<SimState>, body: Bytes) -> Answer {
    let req: Advance = parse_body(&body)?;
    if req.seconds < 0 {
        return Err(ApiError::new(
            error::BAD_REQUEST,
            "seconds must be 0 or more: the clock only moves forward",
        ));
    }
    state.advance(req.seconds);
    Ok(Json(Envelope::ok(clock_json(&state))))
}

async fn order(
    State(state): State<SimState>,
    Path(id): Path<String>,
) -> Result<Json<Envelope<PackageOrder>>, ApiError> {
    let (order, now) = state.with_book(|book, now| (book.order(&id).cloned(), now));
    let order = order.ok_or_else(|| ApiError::unknown_order(&id))?;
    Ok(Json(Envelope::ok(render::package_order(
        &state,
        &order,
        now,
        TimeFormat::CompactDateTime,
    ))))
}

#[derive(Deserialize)]
struct Cycles {
    #[serde(default = "one")]
    cycles: u32,
}

fn one() -> u32 {
    1
}

async fn order_action(
    State(state): State<SimState>,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Answer {
    let cycles = || parse_body::<Cycles>(&body).map(|c| c.cycles);
    let order = match action.as_str() {
        "pause" => state.transition(&id, Event::Pause)?,
        "restart" => state.transition(&id, Event::Restart)?,
        "ota-enable" => state.transition(&id, Event::OtaEnable)?,
        "renew" => state.transition(&id, Event::Renew(cycles()?))?,
        "reduce" => state.transition(&id, Event::Reduce(cycles()?))?,
        "pay" => state.mark_paid(&id)?,
        other => {
            return Err(ApiError::new(
                error::BAD_REQUEST,
                format!(
                    "unknown action {other:?}: use pause, restart, ota-enable, renew, reduce or pay"
                ),
            ));
        }
    };
    let value = serde_json::to_value(&order).unwrap_or(Value::Null);
    Ok(Json(Envelope::ok(value)))
}

#[derive(Deserialize)]
struct Location {
    mcc: String,
}

/// A location report: every not-started OTA order of the device whose package covers the
/// reported country is enabled (push 1007).
async fn location(State(state): State<SimState>, Path(id): Path<String>, body: Bytes) -> Answer {
    let report: Location = parse_body(&body)?;
    let world = state.world();
    if world.device(&id).is_none() {
        return Err(ApiError::unknown_device(&id));
    }
    let candidates: Vec<String> = state.with_book(|book, _| {
        book.orders
            .iter()
            .filter(|o| {
                o.device_id == id && o.ota && o.status == crate::orders::record::Status::NotStarted
            })
            .filter(|o| {
                world
                    .package(&o.package_code)
                    .is_some_and(|p| p.country_codes().contains(&report.mcc.as_str()))
            })
            .map(|o| o.id.clone())
            .collect()
    });
    let mut enabled = Vec::new();
    for order_id in candidates {
        if state.transition(&order_id, Event::OtaEnable).is_ok() {
            enabled.push(order_id);
        }
    }
    Ok(Json(Envelope::ok(json!({"enabled": enabled}))))
}

#[derive(Deserialize)]
struct Use {
    percent: f64,
}

/// `{"percent":95}`: the device's started order (the latest started, when several) has used
/// at least that share of its volume this cycle, as `used_flow / flow`: the data missing is
/// used now ([`crate::orders::bursts`]); an order already past it is left as it is. Answers
/// the order as queryOrder shows it and the bytes added.
async fn device_use(State(state): State<SimState>, Path(id): Path<String>, body: Bytes) -> Answer {
    let asked: Use = parse_body(&body)?;
    if !(asked.percent.is_finite() && asked.percent > 0.0 && asked.percent <= 1000.0) {
        return Err(ApiError::new(
            error::BAD_REQUEST,
            "percent must be above 0 and at most 1000: the share of the plan's volume used this cycle",
        ));
    }
    if state.world().device(&id).is_none() {
        return Err(ApiError::unknown_device(&id));
    }
    let (order, now) = state.with_book(|book, now| {
        let started = book
            .orders
            .iter()
            .filter(|o| o.device_id == id && o.status == crate::orders::record::Status::Started)
            .max_by_key(|o| o.active_at)
            .cloned();
        (started, now)
    });
    let order = order.ok_or_else(|| {
        ApiError::new(
            error::ORDER_STATE,
            format!(
                "device {id} has no started order to use data on; open one of its orders first"
            ),
        )
    })?;
    let shown = render::package_order(&state, &order, now, TimeFormat::CompactDateTime);
    let volume_kb = shown.flow.map_or(0, |f| f.0 * 1024);
    if volume_kb == 0 {
        return Err(ApiError::new(
            error::ORDER_STATE,
            format!("order {} has no volume to use a share of", order.id),
        ));
    }
    let target_kb = (asked.percent * volume_kb as f64 / 100.0).ceil() as u64;
    let used_kb = shown.used_flow.map_or(0, |k| k.0);
    let added = target_kb.saturating_sub(used_kb) * 1024;
    if added > 0 {
        state.0.bursts.add(&order.id, now, added);
    }
    let after = render::package_order(&state, &order, now, TimeFormat::CompactDateTime);
    Ok(Json(Envelope::ok(
        json!({"order": after, "added_bytes": added}),
    )))
}

async fn list_faults(State(state): State<SimState>) -> Answer {
    Ok(Json(Envelope::ok(json!(state.faults().rules()))))
}

async fn add_faults(State(state): State<SimState>, body: Bytes) -> Answer {
    let value: Value = parse_body(&body)?;
    let rules: Vec<FaultRule> = match value {
        Value::Array(_) => serde_json::from_value(value),
        other => serde_json::from_value(other).map(|r| vec![r]),
    }
    .map_err(|e| {
        ApiError::new(
            error::BAD_REQUEST,
            format!("not a fault rule: {e}; see the crate docs for the shape"),
        )
    })?;
    if let Some(why) = rules.iter().find_map(|r| r.kind.problem()) {
        return Err(ApiError::new(error::BAD_REQUEST, why));
    }
    let mut faults = state.faults();
    faults.add(rules);
    Ok(Json(Envelope::ok(json!(faults.rules()))))
}

async fn clear_faults(State(state): State<SimState>) -> Answer {
    state.faults().clear();
    Ok(Json(Envelope::ok(json!([]))))
}

async fn pushes(State(state): State<SimState>) -> Answer {
    let settings = state.push_settings();
    let book = state.lock();
    Ok(Json(Envelope::ok(json!({
        "pending": book.outbox.len(),
        "delivered": book.delivered,
        "redelivered": book.redelivered,
        "settings": settings,
        "recent": book.recent,
    }))))
}

async fn push_settings(State(state): State<SimState>) -> Answer {
    Ok(Json(Envelope::ok(json!(state.push_settings()))))
}

/// `{"encoding":"json"|"form","redeliveries":N}`, either field optional: the settings after
/// the change. The next delivery attempt uses them.
async fn change_push_settings(State(state): State<SimState>, body: Bytes) -> Answer {
    let change: PushSettingsChange = parse_body(&body)?;
    let settings = state
        .change_push_settings(change)
        .map_err(|e| ApiError::new(error::BAD_REQUEST, e.to_string()))?;
    Ok(Json(Envelope::ok(json!(settings))))
}

async fn world(State(state): State<SimState>) -> Answer {
    let w = state.world();
    let devices: Vec<Value> = w
        .devices
        .iter()
        .map(|d| json!({"device_id": d.iccid, "lifecycle": d.lifecycle.to_string(), "ota": d.ota, "imsis": d.imsis, "pool": d.pool}))
        .collect();
    let (orders, now) = state.with_book(|book, now| {
        let orders: Vec<Value> = book
            .orders
            .iter()
            .map(|o| json!({"order_id": o.id, "device_id": o.device_id, "status": o.status.to_api(), "paid": o.paid, "ota": o.ota, "secondary": o.secondary, "prepaid": o.prepaid}))
            .collect();
        (orders, now)
    });
    Ok(Json(Envelope::ok(json!({
        "seed": w.seed,
        "now": CmpTime::from_seconds(now).to_string(),
        "heavy_device_id": crate::HEAVY_DEVICE_ID,
        "devices": devices,
        "orders": orders,
    }))))
}

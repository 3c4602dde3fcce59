//! queryDevice: a device's flags, lifecycle and its started or paused order.

use super::render;
use super::{read, required};
use crate::error::ApiError;
use crate::state::SimState;
use axum::Json;
use axum::extract::State;
use bytes::Bytes;
use cmp_api::{DeviceInfo, Envelope, QueryDeviceRequest};

/// `POST /cmp-api/device/queryDevice`.
pub async fn query_device(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<DeviceInfo>>, ApiError> {
    let (_, req): (_, QueryDeviceRequest) = read(&body)?;
    let id = required(&req.device_id, "device_id")?;
    let device = state
        .world()
        .device(&id)
        .ok_or_else(|| ApiError::unknown_device(&id))?;
    let (orders, now) = state.with_book(|book, now| {
        (
            book.orders
                .iter()
                .filter(|o| o.device_id == id && o.status.to_api().is_live())
                .cloned()
                .collect::<Vec<_>>(),
            now,
        )
    });
    let refs: Vec<_> = orders.iter().collect();
    Ok(Json(Envelope::ok(render::device_info(
        &state, device, &refs, now,
    ))))
}

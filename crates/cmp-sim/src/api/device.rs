//! queryDevice: a device's flags, lifecycle and its started or paused order.

use super::{read, required};
use crate::error::{ApiError, UNKNOWN_DEVICE};
use crate::state::SimState;
use crate::views;
use axum::Json;
use axum::extract::State;
use bytes::Bytes;
use cmp_api::{DeviceInfo, Envelope, QueryDeviceRequest};

/// The error for a device id that does not exist.
pub fn unknown_device(id: &str) -> ApiError {
    ApiError::new(
        UNKNOWN_DEVICE,
        format!("no device {id:?} exists; check the ICCID"),
    )
}

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
        .ok_or_else(|| unknown_device(&id))?;
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
    Ok(Json(Envelope::ok(views::device_info(
        &state, device, &refs, now,
    ))))
}

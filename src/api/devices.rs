//! `POST /cmp-api/device/queryDevice`: one device's flags, lifecycle and started order.

use super::{ApiError, post_json};
use cmp_api::{DeviceInfo, Envelope, Operation, QueryDeviceRequest};

/// Fetches what the platform knows about `device_id` (an ICCID, already validated).
pub async fn query_device(device_id: &str) -> Result<DeviceInfo, ApiError> {
    let request = QueryDeviceRequest {
        device_id: device_id.to_owned(),
    };
    let envelope: Envelope<DeviceInfo> = post_json(Operation::QueryDevice.path(), &request).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

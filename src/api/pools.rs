//! `POST /cmp-api/package/getTrafficPoolInfo`: the enterprise's traffic pools, a page at a time.

use super::{ApiError, post_json};
use cmp_api::{Envelope, Operation, TrafficPoolPage, TrafficPoolRequest};

/// Fetches page `page_no` (from 1) of the traffic pools, `page_size` pools a page.
pub async fn traffic_pools(page_no: u64, page_size: u64) -> Result<TrafficPoolPage, ApiError> {
    let request = TrafficPoolRequest {
        page_no: Some(page_no),
        page_size: Some(page_size),
    };
    let envelope: Envelope<TrafficPoolPage> =
        post_json(Operation::GetTrafficPoolInfo.path(), &request).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

//! `POST /cmp-api/package/getTrafficPoolInfo`: the enterprise's traffic pools, a page at a time.

use super::{ApiError, owner_signal, post_json_under};
use cmp_api::{Envelope, Operation, TrafficPoolPage, TrafficPoolRequest};
use web_sys::AbortSignal;

/// Fetches page `page_no` (from 1) of the traffic pools, `page_size` pools a page; leaving
/// the page aborts it.
pub async fn traffic_pools(page_no: u64, page_size: u64) -> Result<TrafficPoolPage, ApiError> {
    traffic_pools_under(page_no, page_size, owner_signal().as_ref()).await
}

/// [`traffic_pools`] under the caller's abort `signal` (a load of every page).
pub async fn traffic_pools_under(
    page_no: u64,
    page_size: u64,
    signal: Option<&AbortSignal>,
) -> Result<TrafficPoolPage, ApiError> {
    let request = TrafficPoolRequest {
        page_no: Some(page_no),
        page_size: Some(page_size),
    };
    let envelope: Envelope<TrafficPoolPage> =
        post_json_under(Operation::GetTrafficPoolInfo.path(), &request, signal).await?;
    Ok(envelope.into_result()?.unwrap_or_default())
}

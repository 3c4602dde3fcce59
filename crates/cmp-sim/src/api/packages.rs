//! syncPackages and getTrafficPoolInfo: the catalogue and the pools, one page at a time.

use super::read;
use super::render;
use crate::error::{ApiError, paging};
use crate::state::SimState;
use axum::Json;
use axum::extract::State;
use bytes::Bytes;
use cmp_api::{
    Envelope, PackagePage, PageInfo, SyncPackagesRequest, TrafficPoolPage, TrafficPoolRequest,
};

/// Largest `page_size` syncPackages accepts.
pub const SYNC_MAX_PAGE: u64 = 1000;
/// Largest `page_size` getTrafficPoolInfo accepts.
pub const POOL_MAX_PAGE: u64 = 100;

/// `POST /cmp-api/package/syncPackages`.
pub async fn sync_packages(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<PackagePage>>, ApiError> {
    let (raw, _req): (_, SyncPackagesRequest) = read(&body)?;
    let (no, size) = paging(&raw, SYNC_MAX_PAGE)?;
    let all = &state.world().packages;
    let page: Vec<_> = all
        .iter()
        .skip(((no - 1) * size) as usize)
        .take(size as usize)
        .cloned()
        .collect();
    Ok(Json(Envelope::ok(PackagePage {
        page: PageInfo::new(no, size, all.len() as u64),
        sign: None,
        package_num: all.len() as u64,
        package: page,
    })))
}

/// `POST /cmp-api/package/getTrafficPoolInfo`.
pub async fn traffic_pools(
    State(state): State<SimState>,
    body: Bytes,
) -> Result<Json<Envelope<TrafficPoolPage>>, ApiError> {
    let (raw, _req): (_, TrafficPoolRequest) = read(&body)?;
    let (no, size) = paging(&raw, POOL_MAX_PAGE)?;
    let now = state.with_book(|_, now| now);
    let pools = &state.world().pools;
    let rows = pools
        .iter()
        .enumerate()
        .skip(((no - 1) * size) as usize)
        .take(size as usize)
        .map(|(i, def)| render::pool(&state, i, def, now))
        .collect();
    Ok(Json(Envelope::ok(TrafficPoolPage {
        rows,
        total: pools.len() as u64,
    })))
}

//! Handlers of the nine upstream operations, at the spec's paths, answering in the
//! envelope. Bodies are read leniently (numbers as strings, `null`, `""`) through the
//! `cmp-api` models and validated strictly; every refusal is an [`ApiError`] envelope.
//!
//! ## Layout
//! - this file: [`routes`] and the body helpers the handlers share.
//! - `packages`: syncPackages and getTrafficPoolInfo.
//! - `orders`: batchOrderPackages, queryOrder, openPackage, cancelPackage,
//!   aheadFinishDeviceOrder.
//! - `device`: queryDevice.
//! - `cdr`: the per-SIM CDR endpoint.
//! - [`render`]: the simulator's records as the upstream's response models.
//! - [`signature`]: the middleware refusing unsigned or badly signed requests.

mod cdr;
mod device;
mod orders;
mod packages;
pub mod render;
pub mod signature;

use crate::error::{ApiError, BAD_REQUEST, parse_body};
use crate::state::SimState;
use axum::Router;
use axum::routing::{get, post};
use bytes::Bytes;
use serde_json::Value;

/// The `/cmp-api` routes (without middleware).
pub fn routes() -> Router<SimState> {
    Router::new()
        .route(
            "/cmp-api/package/syncPackages",
            post(packages::sync_packages),
        )
        .route(
            "/cmp-api/package/getTrafficPoolInfo",
            post(packages::traffic_pools),
        )
        .route(
            "/cmp-api/package/batchOrderPackages",
            post(orders::batch_order),
        )
        .route("/cmp-api/package/queryOrder", post(orders::query_order))
        .route("/cmp-api/package/openPackage", post(orders::open_package))
        .route(
            "/cmp-api/package/cancelPackage",
            post(orders::cancel_package),
        )
        .route(
            "/cmp-api/package/aheadFinishDeviceOrder",
            post(orders::ahead_finish),
        )
        .route("/cmp-api/device/queryDevice", post(device::query_device))
        .route("/cmp-api/sims/{sim_id}/cdr", get(cdr::sim_cdr))
}

/// A body as raw JSON (for paging checks) and as the typed request.
fn read<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<(Value, T), ApiError> {
    let raw: Value = parse_body(body)?;
    if !raw.is_object() {
        return Err(ApiError::new(
            BAD_REQUEST,
            "the request body must be a JSON object",
        ));
    }
    let typed = serde_json::from_value(raw.clone())
        .map_err(|e| ApiError::new(BAD_REQUEST, format!("the request body is not valid: {e}")))?;
    Ok((raw, typed))
}

/// A required text field: present and not blank.
fn required(value: &str, field: &str) -> Result<String, ApiError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ApiError::missing(field))
    } else {
        Ok(v.to_owned())
    }
}

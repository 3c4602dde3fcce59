//! Who may do what: viewers only query; tokens limited to some devices may only name those
//! devices (orders are resolved to their device through [`crate::access::order_owner`]), and
//! their order lists are rebuilt from per-device queries ([`Plan::MergeOrders`]) so nothing of
//! another device leaks. Devices and orders are read in every spelling
//! ([`crate::access::named_ids`]). Embed tokens follow their own, stricter rules in
//! [`crate::access::embed::scope`].

use crate::access::identity::{Identity, Role};
use crate::access::named_ids::{self, DEVICE, ORDER};
use crate::access::order_owner::order_device;
use crate::access::plan::Plan;
use crate::error::ApiError;
use crate::state::AppState;
use crate::upstream::UpstreamRequest;
use cmp_api::Operation;

/// Checks `who` may send `op` at all, before its body is read: a mutation needs an admin
/// dashboard token, so a viewer or an embed token hears that rather than what is wrong with
/// a body it could never send.
pub fn may_call(who: &Identity, op: Operation) -> Result<(), ApiError> {
    if !op.is_mutation() {
        return Ok(());
    }
    if who.embed.is_some() {
        return Err(crate::access::embed::scope::change_refused(who, op));
    }
    if who.role != Role::Admin {
        return Err(ApiError::Forbidden(format!(
            "{} changes orders and needs an admin token; yours (\"{}\") is a viewer token that may only query",
            op.name(),
            who.name
        )));
    }
    Ok(())
}

/// Checks `who` may send `request` for `op`, and how to answer it. `request` is the typed
/// request's canonical body, so the members checked here are the ones the platform reads.
pub async fn authorize(
    state: &AppState,
    who: &Identity,
    op: Operation,
    request: &UpstreamRequest,
) -> Result<Plan, ApiError> {
    may_call(who, op)?;
    if who.embed.is_some() {
        return crate::access::embed::scope::authorize(who, op, request);
    }
    if op == Operation::GetTrafficPoolInfo {
        return pool_plan(who);
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
            let device = named_ids::one(body, &DEVICE)?;
            require_device(who, device.as_deref()).map(|_| Plan::Forward)
        }
        Operation::SimCdr => Ok(Plan::Forward),
        Operation::BatchOrderPackages => {
            let list = named_ids::device_list(body)?.ok_or_else(|| {
                ApiError::BadRequest("deviceList must list the devices to order for".into())
            })?;
            for d in &list {
                require_device(who, Some(d))?;
            }
            Ok(Plan::Forward)
        }
        Operation::OpenPackage | Operation::CancelPackage | Operation::AheadFinishDeviceOrder => {
            let order = named_ids::one(body, &ORDER)?
                .ok_or_else(|| ApiError::BadRequest("order_id is required".into()))?;
            require_order(state, who, &order)
                .await
                .map(|_| Plan::Forward)
        }
        Operation::QueryOrder => {
            if let Some(order) = named_ids::one(body, &ORDER)? {
                require_order(state, who, &order).await?;
            }
            match named_ids::one(body, &DEVICE)? {
                Some(d) => {
                    require_device(who, Some(&d)).map(|d| Plan::MergeOrders(vec![d.to_owned()]))
                }
                None => Ok(Plan::MergeOrders(devices.clone())),
            }
        }
    }
}

/// getTrafficPoolInfo for a dashboard token: every pool, only the pools it names, or none.
fn pool_plan(who: &Identity) -> Result<Plan, ApiError> {
    match who.pools.as_deref() {
        None => Ok(Plan::Forward),
        Some([]) => Err(ApiError::Forbidden(format!(
            "your token (\"{}\") is limited to some devices and names no traffic pools, so it cannot show pools; ask an administrator to add the pools you may see to it (pools = [...])",
            who.name
        ))),
        Some(pools) => Ok(Plan::FilterPools(pools.to_vec())),
    }
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

async fn require_order(state: &AppState, who: &Identity, order: &str) -> Result<(), ApiError> {
    match order_device(&state.upstream, order).await? {
        Some(d) if who.may_see(&d) => Ok(()),
        _ => Err(ApiError::Forbidden(format!(
            "order {order} is not an order of a device your token may see"
        ))),
    }
}

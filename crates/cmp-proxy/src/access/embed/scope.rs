//! What an embed token may ask the upstream: reads only, inside its scope. queryDevice and
//! the CDRs of one of its devices; queryOrder filtered by one of its devices; the traffic
//! pools, cut down to its own. Everything else is refused with a sentence naming what the
//! token does cover.

use super::covers;
use crate::access::identity::Identity;
use crate::access::named_ids::{self, DEVICE};
use crate::access::plan::Plan;
use crate::error::ApiError;
use crate::upstream::UpstreamRequest;
use cmp_api::Operation;

/// Why an embed token may not send `op`, a mutation: embed tokens only read.
pub fn change_refused(who: &Identity, op: Operation) -> ApiError {
    refusal(
        who,
        format!("it may only read, and {} changes orders", op.name()),
    )
}

fn refusal(who: &Identity, why: String) -> ApiError {
    ApiError::Forbidden(format!(
        "this embed token is for {} only; {why}",
        covers(who)
    ))
}

/// Checks an embed token may send `request` for `op`, and how to answer it.
pub fn authorize(
    who: &Identity,
    op: Operation,
    request: &UpstreamRequest,
) -> Result<Plan, ApiError> {
    let refuse = |why: String| Err(refusal(who, why));
    if op.is_mutation() {
        return Err(change_refused(who, op));
    }
    // Every spelling of the device is read: a null in one never hides another's value.
    let device = match request {
        UpstreamRequest::Cdr { sim_id, .. } => Some(sim_id.clone()),
        UpstreamRequest::Post(body) => named_ids::one(body, &DEVICE)?,
    };
    match op {
        Operation::QueryDevice | Operation::SimCdr | Operation::QueryOrder => match device {
            Some(d) if who.may_see(&d) => Ok(if op == Operation::QueryOrder {
                // Merged from an exact-match query: the upstream matches device ids fuzzily.
                Plan::MergeOrders(vec![d])
            } else {
                Plan::Forward
            }),
            Some(d) => refuse(format!("it cannot show device {d}")),
            None => refuse("name one of its devices (device_id)".into()),
        },
        Operation::GetTrafficPoolInfo => match who.pools.as_deref() {
            Some(pools) if !pools.is_empty() => Ok(Plan::FilterPools(pools.to_vec())),
            _ => refuse("it cannot show traffic pools".into()),
        },
        Operation::SyncPackages => refuse("it cannot list the package catalogue".into()),
        // Mutations were refused above.
        _ => refuse(format!("it cannot call {}", op.name())),
    }
}

//! The door: a request body as a caller sent it (a script, a partner's backend, the
//! dashboard) read strictly into cmp-api's request type for its operation, or refused with
//! the field and a sentence ([`RequestError`]). What is passed on is [`CheckedRequest::body`],
//! the canonical serialisation of the typed request, so what is signed, checked for access
//! and forwarded is exactly what the platform receives.
//!
//! The rules, field by field, are those of the dashboard's forms (`crate::validate`) and the
//! spec's tables:
//! - a field the spec types `string` must be JSON text: a 20-digit ICCID or order id sent as
//!   a number has already lost digits in any 64-bit JSON reader;
//! - whole numbers (`page_no`, `page_size`, `subscribed_count`) are JSON integers or numeric
//!   text, in range;
//! - any other number is passed on only when it comes out exactly as it was sent
//!   ([`number`]); a 24-digit integer is refused, never rounded to `8.98e23`;
//! - one member per field: two spellings of one field (`order_id` and `orderId`) or a
//!   repeated key are refused; the signing members are dropped (the proxy signs).
//!
//! Mutations take only the spec's fields: the typed request is all that is sent, so an extra
//! member is refused rather than silently dropped. Queries keep members the spec does not
//! name: its prose names filters its tables do not (queryOrder's "order type" and
//! "equipment type"), a client of the platform may rely on them, and a read changes nothing
//! when a member is wrong.
//!
//! ## Layout
//! - [`error`]: [`RequestError`], the field and the [`Problem`] with it.
//! - [`mutations`] and [`queries`]: the operations, one reader each.
//! - [`fields`]: a body's members sorted into the spec's fields and the rest; value readers.
//! - [`json`]: members read as raw text; values checked for exact numbers.
//! - [`number`]: whether serde_json writes a number back as it was sent.
//! - [`sent`]: what was sent, in words, for messages.

pub mod error;
pub mod fields;
pub mod json;
pub mod mutations;
pub mod number;
pub mod queries;
pub mod sent;

pub use error::{Problem, RequestError};
pub use queries::Query;

use crate::model::device::QueryDeviceRequest;
use crate::model::order::{
    AheadFinishRequest, BatchOrderRequest, OrderIdRequest, QueryOrderRequest,
};
use crate::model::package::SyncPackagesRequest;
use crate::model::pool::TrafficPoolRequest;
use crate::operation::Operation;
use serde::Serialize;
use serde_json::{Map, Value};

/// A request body read and checked for its operation.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckedRequest {
    /// batchOrderPackages.
    BatchOrder(BatchOrderRequest),
    /// openPackage.
    OpenPackage(OrderIdRequest),
    /// cancelPackage.
    CancelPackage(OrderIdRequest),
    /// aheadFinishDeviceOrder.
    AheadFinish(AheadFinishRequest),
    /// queryOrder.
    QueryOrder(Query<QueryOrderRequest>),
    /// queryDevice.
    QueryDevice(Query<QueryDeviceRequest>),
    /// getTrafficPoolInfo.
    TrafficPools(Query<TrafficPoolRequest>),
    /// syncPackages.
    SyncPackages(Query<SyncPackagesRequest>),
}

/// Reads `body` as the request of `op`, a POST operation (the CDR query has no body).
pub fn read(op: Operation, body: &[u8]) -> Result<CheckedRequest, RequestError> {
    let members = json::object(body)?;
    Ok(match op {
        Operation::BatchOrderPackages => {
            CheckedRequest::BatchOrder(mutations::batch_order(members)?)
        }
        Operation::OpenPackage => {
            CheckedRequest::OpenPackage(mutations::order_id_only(members, "openPackage")?)
        }
        Operation::CancelPackage => {
            CheckedRequest::CancelPackage(mutations::order_id_only(members, "cancelPackage")?)
        }
        Operation::AheadFinishDeviceOrder => {
            CheckedRequest::AheadFinish(mutations::ahead_finish(members)?)
        }
        Operation::QueryOrder => CheckedRequest::QueryOrder(queries::query_order(members)?),
        Operation::QueryDevice => CheckedRequest::QueryDevice(queries::query_device(members)?),
        Operation::GetTrafficPoolInfo => {
            CheckedRequest::TrafficPools(queries::traffic_pools(members)?)
        }
        Operation::SyncPackages => CheckedRequest::SyncPackages(queries::sync_packages(members)?),
        Operation::SimCdr => {
            return Err(RequestError::body(Problem::NotObject(
                "a body: simCdr is a GET and takes its parameters in the query string".into(),
            )));
        }
    })
}

impl CheckedRequest {
    /// The canonical body: the typed request serialised as the dashboard sends it (its
    /// serde attributes decide names and kinds), plus a query's other members.
    pub fn body(&self) -> Map<String, Value> {
        match self {
            CheckedRequest::BatchOrder(r) => object(r),
            CheckedRequest::OpenPackage(r) | CheckedRequest::CancelPackage(r) => object(r),
            CheckedRequest::AheadFinish(r) => object(r),
            CheckedRequest::QueryOrder(q) => with_others(object(&q.request), &q.others),
            CheckedRequest::QueryDevice(q) => with_others(object(&q.request), &q.others),
            CheckedRequest::TrafficPools(q) => with_others(object(&q.request), &q.others),
            CheckedRequest::SyncPackages(q) => with_others(object(&q.request), &q.others),
        }
    }
}

/// A request type as a JSON object. The request types are structs of strings, numbers,
/// lists and options, which always serialise to an object; anything else is a bug in them.
fn object<T: Serialize>(request: &T) -> Map<String, Value> {
    match serde_json::to_value(request) {
        Ok(Value::Object(map)) => map,
        other => unreachable!("a request type serialised to {other:?}, not an object"),
    }
}

/// `typed` with a query's other members added (they never share a name: the door sorted
/// every spelling of a typed field into the typed request).
fn with_others(mut typed: Map<String, Value>, others: &Map<String, Value>) -> Map<String, Value> {
    for (key, value) in others {
        typed.insert(key.clone(), value.clone());
    }
    typed
}

//! The four POST queries read into cmp-api's request types: queryOrder, queryDevice,
//! getTrafficPoolInfo and syncPackages. The fields the spec names are typed and checked like
//! the mutations' fields; members it does not name are kept (see [`super`] for why), their
//! numbers exactly as sent.

use super::error::{Problem, RequestError};
use super::fields::{Fields, required_text, text, whole};
use super::json::{Members, exact_value};
use super::sent::{Kind, describe, kind};
use crate::codes::OrderStatus;
use crate::model::device::QueryDeviceRequest;
use crate::model::order::QueryOrderRequest;
use crate::model::package::SyncPackagesRequest;
use crate::model::pool::TrafficPoolRequest;
use crate::validate::{self, CodeField};
use serde_json::{Map, Value};

/// A query's typed fields and the members the spec does not name.
#[derive(Debug, Clone, PartialEq)]
pub struct Query<T> {
    /// The fields the spec names.
    pub request: T,
    /// Every other member, its numbers exactly as sent.
    pub others: Map<String, Value>,
}

/// An optional identifier field, checked with [`validate::code`].
fn code(f: &Fields<'_>, field: &str, kind: CodeField) -> Result<Option<String>, RequestError> {
    text(field, f.get(field))?
        .map(|sent| validate::code(kind, &sent))
        .transpose()
        .map_err(|e| RequestError::new(field, Problem::Invalid(e)))
}

/// `page_no` and `page_size`: whole numbers from 1 when sent. The largest page each
/// operation serves is the proxy's to enforce.
fn paging(f: &Fields<'_>) -> Result<(Option<u64>, Option<u64>), RequestError> {
    Ok((
        whole("page_no", f.get("page_no"), 1)?,
        whole("page_size", f.get("page_size"), 1)?,
    ))
}

/// A queryOrder body.
pub fn query_order(members: Members<'_>) -> Result<Query<QueryOrderRequest>, RequestError> {
    const FIELDS: [&str; 5] = [
        "device_id",
        "order_id",
        "order_status",
        "page_no",
        "page_size",
    ];
    let f = Fields::sort(members, &FIELDS)?;
    let device_id = code(&f, "device_id", CodeField::DeviceLookup)?;
    let order_id = code(&f, "order_id", CodeField::OrderId)?;
    let order_status = match text("order_status", f.get("order_status"))? {
        None => None,
        Some(sent) => match OrderStatus::from_code(&sent) {
            OrderStatus::Unknown(_) => {
                let allowed = OrderStatus::ALL
                    .iter()
                    .map(|s| format!("\"{}\" ({})", s.code(), s.label()))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(RequestError::new(
                    "order_status",
                    Problem::NotOneOf {
                        allowed: format!("one of {allowed}, or left out"),
                        sent: f.get("order_status").map_or_else(String::new, describe),
                    },
                ));
            }
            known => Some(known),
        },
    };
    let (page_no, page_size) = paging(&f)?;
    Ok(Query {
        request: QueryOrderRequest {
            device_id,
            order_id,
            order_status,
            page_no,
            page_size,
        },
        others: f.others()?,
    })
}

/// A queryDevice body. The id need not be an ICCID: the spec also lists MiFi, module and
/// SoC devices, so it is checked as an identifier only.
pub fn query_device(members: Members<'_>) -> Result<Query<QueryDeviceRequest>, RequestError> {
    let f = Fields::sort(members, &["device_id"])?;
    let sent = required_text(
        "device_id",
        f.get("device_id"),
        "give the device's id as text, e.g. \"89852202310161621656\"",
    )?;
    let device_id = validate::code(CodeField::DeviceLookup, &sent)
        .map_err(|e| RequestError::new("device_id", Problem::Invalid(e)))?;
    Ok(Query {
        request: QueryDeviceRequest { device_id },
        others: f.others()?,
    })
}

/// A getTrafficPoolInfo body.
pub fn traffic_pools(members: Members<'_>) -> Result<Query<TrafficPoolRequest>, RequestError> {
    let f = Fields::sort(members, &["page_no", "page_size"])?;
    let (page_no, page_size) = paging(&f)?;
    Ok(Query {
        request: TrafficPoolRequest { page_no, page_size },
        others: f.others()?,
    })
}

/// A syncPackages body. `version` is typed `string` in the spec's table but a number (`1.0`)
/// in its example, so either is taken, a number exactly as sent.
pub fn sync_packages(members: Members<'_>) -> Result<Query<SyncPackagesRequest>, RequestError> {
    let f = Fields::sort(members, &["page_no", "page_size", "version"])?;
    let (page_no, page_size) = paging(&f)?;
    let version = match f.get("version") {
        None => None,
        Some(raw) => match kind(raw) {
            Kind::Null => None,
            Kind::Text => text("version", Some(raw))?.map(Value::String),
            Kind::Number => Some(exact_value(raw, "version")?),
            _ => {
                return Err(RequestError::new(
                    "version",
                    Problem::WrongKind {
                        expected: "text or a number",
                        sent: describe(raw),
                    },
                ));
            }
        },
    };
    Ok(Query {
        request: SyncPackagesRequest {
            page_no,
            page_size,
            version,
        },
        others: f.others()?,
    })
}

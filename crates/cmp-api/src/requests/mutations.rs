//! The four mutations read strictly into cmp-api's request types, with the checks the
//! dashboard's forms run (`crate::validate`): batchOrderPackages, openPackage,
//! cancelPackage and aheadFinishDeviceOrder. A member the spec does not define is refused,
//! since only the typed request is passed on and dropping it silently would hide a mistake.

use super::error::{Problem, RequestError};
use super::fields::{Fields, list, required_text, text, whole_text};
use super::json::Members;
use super::sent::describe;
use crate::codes::{DeviceType, OpenFlag};
use crate::model::order::{AheadFinishRequest, BatchOrderRequest, OrderIdRequest};
use crate::validate::{self, CodeField};

const ORDER_ID_HINT: &str =
    "give the order's id as text, e.g. \"ORDER_1595320587633311744\" (queryOrder lists them)";

/// A batchOrderPackages body.
pub fn batch_order(members: Members<'_>) -> Result<BatchOrderRequest, RequestError> {
    const FIELDS: [&str; 4] = ["deviceList", "package_code", "is_open", "subscribed_count"];
    let f = Fields::sort(members, &FIELDS)?;
    f.only_spec(
        "batchOrderPackages",
        "deviceList, package_code, is_open and subscribed_count",
    )?;
    let device_list = devices(&f)?;
    let package_code = required_text(
        "package_code",
        f.get("package_code"),
        "give the package's code as text, e.g. \"DP20190726001274\" (syncPackages lists them)",
    )?;
    let package_code = validate::code(CodeField::PackageCode, &package_code)
        .map_err(|e| RequestError::new("package_code", Problem::Invalid(e)))?;
    let is_open = open_flag(&f)?;
    let subscribed_count = match whole_text("subscribed_count", f.get("subscribed_count"))? {
        None => None,
        Some(sent) => validate::subscribed_count(&sent)
            .map_err(|e| RequestError::new("subscribed_count", Problem::Invalid(e)))?,
    };
    Ok(BatchOrderRequest {
        device_list,
        is_open,
        package_code,
        subscribed_count,
    })
}

/// `deviceList`: a non-empty list of distinct device ids, each checked as the bulk order
/// form checks a line ([`validate::device_id`]).
fn devices(f: &Fields<'_>) -> Result<Vec<String>, RequestError> {
    const FIELD: &str = "deviceList";
    let items = list(FIELD, f.get(FIELD), "a list of device ids")?.ok_or_else(|| {
        RequestError::new(
            FIELD,
            Problem::Missing {
                hint: "list the devices to order for, e.g. [\"89852022018041800192\"]",
            },
        )
    })?;
    if items.is_empty() {
        return Err(RequestError::new(FIELD, Problem::EmptyList));
    }
    let mut ids: Vec<String> = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let field = format!("{FIELD}[{i}]");
        // `null` and "" read as nothing entered, which the check below names.
        let sent = text(&field, Some(item))?.unwrap_or_default();
        let id = validate::device_id(&sent)
            .map_err(|e| RequestError::new(&field, Problem::Invalid(e)))?;
        if let Some(first) = ids.iter().position(|seen| *seen == id) {
            let first = format!("{FIELD}[{first}]");
            return Err(RequestError::new(
                field,
                Problem::RepeatedDevice { id, first },
            ));
        }
        ids.push(id);
    }
    Ok(ids)
}

/// `is_open`: the text `"0"` or `"1"`.
fn open_flag(f: &Fields<'_>) -> Result<OpenFlag, RequestError> {
    const FIELD: &str = "is_open";
    let sent = required_text(
        FIELD,
        f.get(FIELD),
        "send \"1\" to activate the new orders at once or \"0\" not to",
    )?;
    match OpenFlag::from_code(&sent) {
        OpenFlag::Unknown(_) => Err(RequestError::new(
            FIELD,
            Problem::NotOneOf {
                allowed: "\"0\" (do not activate) or \"1\" (activate at once)".into(),
                sent: f.get(FIELD).map_or_else(String::new, describe),
            },
        )),
        flag => Ok(flag),
    }
}

/// An openPackage or cancelPackage body (`operation` names which, for messages).
pub fn order_id_only(
    members: Members<'_>,
    operation: &'static str,
) -> Result<OrderIdRequest, RequestError> {
    let f = Fields::sort(members, &["order_id"])?;
    f.only_spec(operation, "order_id only")?;
    Ok(OrderIdRequest {
        order_id: order_id(&f)?,
    })
}

/// `order_id`: required, an order id ([`validate::code`]).
fn order_id(f: &Fields<'_>) -> Result<String, RequestError> {
    let sent = required_text("order_id", f.get("order_id"), ORDER_ID_HINT)?;
    validate::code(CodeField::OrderId, &sent)
        .map_err(|e| RequestError::new("order_id", Problem::Invalid(e)))
}

/// An aheadFinishDeviceOrder body.
pub fn ahead_finish(members: Members<'_>) -> Result<AheadFinishRequest, RequestError> {
    const FIELDS: [&str; 3] = ["order_id", "ahead_finish_cause", "device_type"];
    let f = Fields::sort(members, &FIELDS)?;
    f.only_spec(
        "aheadFinishDeviceOrder",
        "order_id, ahead_finish_cause and device_type",
    )?;
    let order_id = order_id(&f)?;
    let cause = required_text(
        "ahead_finish_cause",
        f.get("ahead_finish_cause"),
        "say why the order ends early (up to 200 characters); the platform keeps it",
    )?;
    let ahead_finish_cause = validate::reason(&cause)
        .map_err(|e| RequestError::new("ahead_finish_cause", Problem::Invalid(e)))?;
    let device_type = match text("device_type", f.get("device_type"))? {
        None => None,
        Some(sent) => match DeviceType::from_code(&sent) {
            DeviceType::Unknown(_) => {
                let allowed = DeviceType::ALL
                    .iter()
                    .map(|t| format!("\"{}\" ({})", t.code(), t.label()))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(RequestError::new(
                    "device_type",
                    Problem::NotOneOf {
                        allowed: format!("one of {allowed}, or left out"),
                        sent: f.get("device_type").map_or_else(String::new, describe),
                    },
                ));
            }
            known => Some(known),
        },
    };
    Ok(AheadFinishRequest {
        ahead_finish_cause,
        device_type,
        order_id,
    })
}

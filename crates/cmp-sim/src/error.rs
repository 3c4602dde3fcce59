//! Business errors and their codes. Every rule violation answers HTTP 200 with the
//! envelope `{"code": <not "0000">, "data": null, "message": <what to do>, "success": false}`,
//! as the upstream does. The codes are listed in the crate docs.

use axum::Json;
use axum::response::{IntoResponse, Response};
use cmp_api::Envelope;

/// A refused request: a code from the table in the crate docs and a sentence to act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (code {code})")]
pub struct ApiError {
    /// The envelope code.
    pub code: &'static str,
    /// The envelope message.
    pub message: String,
}

/// Signature missing, wrong or stale.
pub const AUTH: &str = "1001";
/// The body is not JSON of the expected shape, or a required field is missing or empty.
pub const BAD_REQUEST: &str = "1002";
/// `page_no` / `page_size` are not positive whole numbers.
pub const BAD_PAGE: &str = "1003";
/// `page_size` above the operation's maximum.
pub const PAGE_TOO_LARGE: &str = "1004";
/// No such device.
pub const UNKNOWN_DEVICE: &str = "2001";
/// No such order.
pub const UNKNOWN_ORDER: &str = "2002";
/// No such package.
pub const UNKNOWN_PACKAGE: &str = "2003";
/// The package is obsolete.
pub const OBSOLETE_PACKAGE: &str = "2004";
/// The order's state does not allow the operation.
pub const ORDER_STATE: &str = "3001";
/// The order is unpaid.
pub const UNPAID: &str = "3002";
/// The order is an OTA secondary plan.
pub const OTA_SECONDARY: &str = "3003";
/// Cycle counts out of range.
pub const CYCLES: &str = "3004";
/// CDR dates malformed.
pub const BAD_DATE: &str = "4001";
/// CDR range starts more than 180 days ago.
pub const RANGE_TOO_OLD: &str = "4002";
/// CDR range ends before it starts.
pub const RANGE_REVERSED: &str = "4003";
/// `subscribed_count` above the traffic pool's limit.
pub const POOL_LIMIT: &str = "5001";
/// An injected fault (`error-rate`).
pub const INJECTED: &str = "9001";

impl ApiError {
    /// An error with a code and message.
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }

    /// A required field is missing or empty.
    pub fn missing(field: &str) -> ApiError {
        ApiError::new(
            BAD_REQUEST,
            format!("{field} is required and must not be empty"),
        )
    }

    /// No device has this id (ICCID).
    pub fn unknown_device(id: &str) -> ApiError {
        ApiError::new(
            UNKNOWN_DEVICE,
            format!("no device {id:?} exists; check the device id"),
        )
    }

    /// No order has this code.
    pub fn unknown_order(id: &str) -> ApiError {
        ApiError::new(
            UNKNOWN_ORDER,
            format!("no order {id:?} exists; check the order_id returned when it was ordered"),
        )
    }

    /// The envelope for this error.
    pub fn envelope(&self) -> Envelope<()> {
        Envelope::fail(self.code, self.message.clone())
    }
}

impl From<crate::orders::lifecycle::RuleError> for ApiError {
    fn from(e: crate::orders::lifecycle::RuleError) -> ApiError {
        use crate::orders::lifecycle::RuleError as R;
        let code = match e {
            R::Unpaid(_) => UNPAID,
            R::OtaSecondary(_) => OTA_SECONDARY,
            R::ZeroCycles | R::TooManyCycles { .. } | R::TooFewCycles(_) | R::PrepaidRenewal(_) => {
                CYCLES
            }
            _ => ORDER_STATE,
        };
        ApiError::new(code, e.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Json(self.envelope()).into_response()
    }
}

/// Reads a JSON body into `T`, turning every failure into a [`BAD_REQUEST`] envelope.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let text = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(text).map_err(|e| {
        let why = e.to_string();
        let why = why.split(" at line").next().unwrap_or(&why).to_owned();
        ApiError::new(BAD_REQUEST, format!("the request body is not valid: {why}"))
    })
}

/// Reads paging input from the raw parameters: `page_no` defaults to 1 and `page_size` to
/// 20 when absent, `null` or `""`; anything else must be a whole number ≥ 1, and
/// `page_size` at most `max`.
pub fn paging(params: &serde_json::Value, max: u64) -> Result<(u64, u64), ApiError> {
    let read = |name: &str, default: u64| -> Result<u64, ApiError> {
        let bad = || {
            ApiError::new(
                BAD_PAGE,
                format!("{name} must be a whole number of at least 1"),
            )
        };
        match params.get(name) {
            None | Some(serde_json::Value::Null) => Ok(default),
            Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(default),
            Some(serde_json::Value::String(s)) => s
                .trim()
                .parse::<u64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or_else(bad),
            Some(serde_json::Value::Number(n)) => n.as_u64().filter(|n| *n >= 1).ok_or_else(bad),
            Some(_) => Err(bad()),
        }
    };
    let no = read("page_no", 1)?;
    let size = read("page_size", 20)?;
    if size > max {
        return Err(ApiError::new(
            PAGE_TOO_LARGE,
            format!("page_size may be at most {max}"),
        ));
    }
    Ok((no, size))
}

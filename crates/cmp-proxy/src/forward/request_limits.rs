//! Checks of a `/cmp-api` request's content before it is sent upstream: paging within each
//! operation's limits, and no more devices in one bulk order than `CMP_MAX_BULK_DEVICES`.
//! They run on what [`super::door`] admitted (a POST body already typed, so its paging
//! values are numbers or `null`) and on the CDR's query string. The upstream checks too;
//! refusing here saves the round trip and says what to change.

use crate::error::ApiError;
use crate::upstream::UpstreamRequest;
use cmp_api::Operation;
use serde_json::{Map, Value};

/// The largest `page_size` the upstream serves for `op`, for the operations that page.
pub fn max_page_size(op: Operation) -> Option<u64> {
    match op {
        Operation::QueryOrder | Operation::GetTrafficPoolInfo => Some(100),
        Operation::SyncPackages | Operation::SimCdr => Some(1000),
        _ => None,
    }
}

/// Checks `request` for `op`; `max_bulk_devices` bounds a batchOrderPackages device list.
pub fn check(
    op: Operation,
    request: &UpstreamRequest,
    max_bulk_devices: usize,
) -> Result<(), ApiError> {
    if let Some(max) = max_page_size(op) {
        let (page_no, page_size) = match request {
            UpstreamRequest::Post(body) => (field(body, "page_no"), field(body, "page_size")),
            UpstreamRequest::Cdr { query, .. } => {
                (pair(query, "page_no"), pair(query, "page_size"))
            }
        };
        paging_value(page_no, "page_no", u64::from(u32::MAX))?;
        paging_value(page_size, "page_size", max).map_err(|e| match e {
            ApiError::BadRequest(m) => ApiError::BadRequest(format!("{m} for {}", op.name())),
            other => other,
        })?;
    }
    if let (Operation::BatchOrderPackages, UpstreamRequest::Post(body)) = (op, request) {
        let sent = body
            .get("deviceList")
            .or_else(|| body.get("device_list"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if sent > max_bulk_devices {
            return Err(ApiError::TooManyDevices {
                sent,
                max: max_bulk_devices,
            });
        }
    }
    Ok(())
}

/// A paging value as sent: absent, a number, or a string.
enum Sent {
    Absent,
    Number(Option<u64>),
    Text(String),
}

fn field(body: &Map<String, Value>, key: &str) -> Sent {
    match body.get(key) {
        None | Some(Value::Null) => Sent::Absent,
        Some(Value::Number(n)) => Sent::Number(n.as_u64()),
        Some(Value::String(s)) => Sent::Text(s.clone()),
        Some(_) => Sent::Number(None),
    }
}

fn pair(query: &[(String, String)], key: &str) -> Sent {
    query
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Sent::Absent, |(_, v)| Sent::Text(v.clone()))
}

fn paging_value(sent: Sent, name: &str, max: u64) -> Result<(), ApiError> {
    let value = match sent {
        Sent::Absent => return Ok(()),
        Sent::Text(s) if s.trim().is_empty() => return Ok(()),
        Sent::Text(s) => s.trim().parse::<u64>().ok(),
        Sent::Number(n) => n,
    };
    match value {
        Some(n) if (1..=max).contains(&n) => Ok(()),
        _ => Err(ApiError::BadRequest(format!(
            "{name} must be a whole number from 1 to {max}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn post(v: Value) -> UpstreamRequest {
        match v {
            Value::Object(m) => UpstreamRequest::Post(m),
            _ => unreachable!(),
        }
    }

    #[test]
    fn page_sizes_are_bounded_per_operation() {
        let ok = post(json!({"page_no": 2, "page_size": "100"}));
        assert!(check(Operation::QueryOrder, &ok, 10).is_ok());
        let big = post(json!({"page_size": 101}));
        let e = check(Operation::QueryOrder, &big, 10).unwrap_err();
        assert!(
            e.to_string().contains("from 1 to 100 for queryOrder"),
            "{e}"
        );
        assert!(check(Operation::SyncPackages, &big, 10).is_ok());
        for bad in [
            json!({"page_size": 0}),
            json!({"page_no": -1}),
            json!({"page_size": 2.5}),
            json!({"page_no": "x"}),
        ] {
            assert!(
                check(Operation::GetTrafficPoolInfo, &post(bad.clone()), 10).is_err(),
                "{bad}"
            );
        }
        assert!(
            check(
                Operation::QueryOrder,
                &post(json!({"page_no": null, "page_size": ""})),
                10
            )
            .is_ok()
        );
        let cdr = |size: &str| UpstreamRequest::Cdr {
            sim_id: "1".into(),
            query: vec![("page_size".into(), size.into())],
        };
        assert!(check(Operation::SimCdr, &cdr("1000"), 10).is_ok());
        assert!(check(Operation::SimCdr, &cdr("1001"), 10).is_err());
    }

    #[test]
    fn bulk_orders_are_bounded() {
        let three = post(json!({"deviceList": ["1", "2", "3"]}));
        assert!(check(Operation::BatchOrderPackages, &three, 3).is_ok());
        let e = check(Operation::BatchOrderPackages, &three, 2).unwrap_err();
        assert!(matches!(e, ApiError::TooManyDevices { sent: 3, max: 2 }));
        assert!(e.to_string().contains("lists 3 devices") && e.to_string().contains("at most 2"));
    }
}

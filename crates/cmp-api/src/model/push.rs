//! The order-status push the platform POSTs to our webhook.

use crate::codes::PushOperation;
use crate::time::CmpTime;
use serde::{Deserialize, Deserializer, Serialize};

/// Body of an order-status push.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OrderStatusPush {
    /// The device (asset id).
    #[serde(with = "crate::lenient::opt_text_required")]
    pub assetid: String,
    /// IMSIs, comma-separated.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub imsi: String,
    /// What happened.
    pub operation: PushOperation,
    /// The order.
    #[serde(with = "crate::lenient::opt_text_required")]
    pub orderid: String,
    /// The spec's "order creation time": the same for every push about one order, so it
    /// does not tell two events of one order apart. Read from any of the platform's date
    /// formats or from Unix seconds or milliseconds (a number or digits), see [`push_time`].
    #[serde(deserialize_with = "push_time")]
    pub time: CmpTime,
}

impl OrderStatusPush {
    /// The IMSIs as a list.
    pub fn imsis(&self) -> Vec<&str> {
        split_imsis(&self.imsi)
    }

    /// What a redelivery repeats exactly: order, operation and time. Two pushes with the same
    /// key are one event delivered twice only when nothing else happened to the order in
    /// between (a pause, a resume and a pause again share it too); the store decides that.
    pub fn delivery_key(&self) -> String {
        format!("{}|{}|{}", self.orderid, self.operation.code(), self.time)
    }

    /// The operation in words for people; an operation the spec does not list reads
    /// "operation N".
    pub fn operation_words(&self) -> String {
        operation_words(&self.operation)
    }
}

/// `operation` in words; an operation the spec does not list reads "operation N".
pub fn operation_words(operation: &PushOperation) -> String {
    match operation {
        PushOperation::Unknown(code) => format!("operation {code}"),
        known => known.label(),
    }
}

/// Unix times above this are milliseconds: 10^11 seconds is the year 5138.
const MILLIS_FROM: u64 = 100_000_000_000;

/// Reads a push's `time`: any of the platform's date formats ([`CmpTime`]'s), or Unix
/// seconds or milliseconds as a number or a string of 10 or 13 digits (taken as UTC).
pub fn push_time<'de, D: Deserializer<'de>>(d: D) -> Result<CmpTime, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = CmpTime;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a date and time (YYYY-MM-DD hh:mm:ss) or Unix seconds or milliseconds")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<CmpTime, E> {
            let s = crate::lenient::trim(v);
            if matches!(s.len(), 10 | 13) && s.bytes().all(|b| b.is_ascii_digit()) {
                return s.parse::<u64>().map(from_unix).map_err(E::custom);
            }
            s.parse().map_err(E::custom)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<CmpTime, E> {
            Ok(from_unix(v))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<CmpTime, E> {
            u64::try_from(v)
                .map(from_unix)
                .map_err(|_| E::custom(format!("{v} is before 1970")))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<CmpTime, E> {
            if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v < 1e15 {
                Ok(from_unix(v as u64))
            } else {
                Err(E::custom(format!("{v} is not a Unix time")))
            }
        }
    }
    d.deserialize_any(Visitor)
}

fn from_unix(n: u64) -> CmpTime {
    let seconds = if n >= MILLIS_FROM { n / 1000 } else { n };
    CmpTime::from_seconds(i64::try_from(seconds).unwrap_or(i64::MAX / 86_400_000))
}

/// The IMSIs of a push's comma-separated `imsi` field, trimmed, empty entries dropped.
pub fn split_imsis(imsi: &str) -> Vec<&str> {
    imsi.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time_of(json_time: &str) -> String {
        let body = format!(
            r#"{{"assetid":"D","imsi":"1","operation":"1005","orderid":"O","time":{json_time}}}"#
        );
        crate::decode::<OrderStatusPush>(&body)
            .map(|p| p.time.to_string())
            .unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn time_comes_in_every_platform_spelling() {
        assert_eq!(time_of(r#""2019-10-16 12:34:54""#), "2019-10-16 12:34:54");
        assert_eq!(time_of(r#""20191016123454""#), "20191016123454");
        assert_eq!(time_of(r#""2019-10-16""#), "2019-10-16");
        assert_eq!(time_of(r#""20191016""#), "20191016");
    }

    #[test]
    fn unix_seconds_and_milliseconds_are_read_as_utc() {
        for t in [
            "1571229294",
            r#""1571229294""#,
            "1571229294000",
            r#""1571229294000""#,
        ] {
            assert_eq!(time_of(t), "2019-10-16 12:34:54", "{t}");
        }
        assert!(time_of("-5").starts_with("error"));
        assert!(time_of(r#""yesterday""#).starts_with("error"));
    }

    #[test]
    fn unknown_operations_read_as_their_number() {
        let push: OrderStatusPush = crate::decode(
            r#"{"assetid":"D","imsi":"1","operation":1099,"orderid":"O","time":"2019-10-16 12:34:54"}"#,
        )
        .unwrap();
        assert_eq!(push.operation, PushOperation::Unknown("1099".into()));
        assert_eq!(push.operation_words(), "operation 1099");
    }
}

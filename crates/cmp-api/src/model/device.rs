//! queryDevice: a device's flags, lifecycle and its started or paused order.
//!
//! The spec's example gives `package_order` as one object, while its table describes "each
//! package_order node" (as in queryOrder's list) holding "only activated orders": both
//! shapes are read, and from a list the current order is taken ([`current_order`]).

use crate::codes::{FeatureFlag, Lifecycle, MultiImsiFlag, OrderStatus};
use crate::model::order::PackageOrder;
use crate::time::CmpTime;
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::cmp::Reverse;
use std::fmt;

/// Body of `POST /cmp-api/device/queryDevice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryDeviceRequest {
    /// The device (its ICCID).
    #[serde(with = "crate::lenient::opt_text_required")]
    pub device_id: String,
}

/// `data` of the queryDevice answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeviceInfo {
    /// The device.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub device_id: String,
    /// Has OTA.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub ota_flag: Option<FeatureFlag>,
    /// Has BIP.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub bip_flag: Option<FeatureFlag>,
    /// Multi-IMSI.
    #[serde(
        default,
        rename(serialize = "multiImsi_flag"),
        alias = "multiImsi_flag",
        with = "crate::lenient::opt_str"
    )]
    pub multi_imsi_flag: Option<MultiImsiFlag>,
    /// Current lifecycle stage.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub lifecycle: Option<Lifecycle>,
    /// When the stage began.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub lifecycle_start_time: Option<CmpTime>,
    /// When the stage ends.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub lifecycle_end_time: Option<CmpTime>,
    /// Length of the silent period, months (the spec's spelling).
    #[serde(
        default,
        rename(serialize = "lifecycle_slient_period"),
        alias = "lifecycle_slient_period",
        with = "crate::lenient::opt_str"
    )]
    pub lifecycle_silent_period: Option<u32>,
    /// Length of the suspended-service period, months.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub lifecycle_shutdown_period: Option<u32>,
    /// The started or paused order, if any: the one object the spec's example shows, or
    /// the current one of a list ([`current_order`]).
    #[serde(default, deserialize_with = "one_or_current")]
    pub package_order: Option<PackageOrder>,
}

/// The device's current order among several: the running one (started), else a paused
/// one, else one not started yet, else an ended one; among orders of the same status the
/// most recently activated, then the most recently ordered; on a full tie the first listed.
pub fn current_order(orders: Vec<PackageOrder>) -> Option<PackageOrder> {
    let rank = |o: &PackageOrder| match o.order_status {
        Some(OrderStatus::Started) => 0,
        Some(OrderStatus::Paused) => 1,
        Some(OrderStatus::Ended) => 3,
        // Not started, unknown or missing: not known to be running, not known to be over.
        _ => 2,
    };
    // `min_by_key` keeps the first of equal keys, so a full tie goes to the first listed.
    orders
        .into_iter()
        .min_by_key(|o| (rank(o), Reverse(o.active_date), Reverse(o.order_date)))
}

/// Reads `package_order` as an object, a list (its [`current_order`]) or nothing (`null`,
/// `""`, any other scalar). Objects and lists are decoded as they stream by.
fn one_or_current<'de, D: Deserializer<'de>>(d: D) -> Result<Option<PackageOrder>, D::Error> {
    d.deserialize_any(OneOrCurrent)
}

struct OneOrCurrent;

impl<'de> Visitor<'de> for OneOrCurrent {
    type Value = Option<PackageOrder>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an order, a list of orders or null")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        PackageOrder::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        let orders = Vec::<PackageOrder>::deserialize(de::value::SeqAccessDeserializer::new(seq))?;
        Ok(current_order(orders))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

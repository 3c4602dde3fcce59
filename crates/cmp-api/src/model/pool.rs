//! getTrafficPoolInfo: the enterprise's shared traffic pools.

use crate::time::CmpTime;
use crate::units::Bytes;
use serde::{Deserialize, Serialize};

/// Body of `POST /cmp-api/package/getTrafficPoolInfo`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrafficPoolRequest {
    /// Page, from 1.
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_no: Option<u64>,
    /// Pools per page (default 20).
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_size: Option<u64>,
}

/// `data` of the getTrafficPoolInfo answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TrafficPoolPage {
    /// This page's pools.
    #[serde(default, with = "crate::lenient::list")]
    pub rows: Vec<TrafficPool>,
    /// Pools across all pages.
    #[serde(default, with = "crate::lenient::num")]
    pub total: u64,
}

/// One traffic pool.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TrafficPool {
    /// Quota, bytes.
    #[serde(
        default,
        rename(serialize = "totalQuotaByte"),
        alias = "totalQuotaByte",
        with = "crate::lenient::opt_str"
    )]
    pub total_quota_byte: Option<Bytes>,
    /// Used, bytes.
    #[serde(
        default,
        rename(serialize = "usedByte"),
        alias = "usedByte",
        with = "crate::lenient::opt_str"
    )]
    pub used_byte: Option<Bytes>,
    /// Period start.
    #[serde(
        default,
        rename(serialize = "trafficPoolStartTime"),
        alias = "trafficPoolStartTime",
        with = "crate::lenient::opt_str"
    )]
    pub traffic_pool_start_time: Option<CmpTime>,
    /// Period end.
    #[serde(
        default,
        rename(serialize = "trafficPoolEndTime"),
        alias = "trafficPoolEndTime",
        with = "crate::lenient::opt_str"
    )]
    pub traffic_pool_end_time: Option<CmpTime>,
    /// Pool id.
    #[serde(
        default,
        rename(serialize = "trafficPoolId"),
        alias = "trafficPoolId",
        with = "crate::lenient::opt_text_required"
    )]
    pub traffic_pool_id: String,
    /// Pool name.
    #[serde(
        default,
        rename(serialize = "trafficPoolName"),
        alias = "trafficPoolName",
        with = "crate::lenient::opt_text_required"
    )]
    pub traffic_pool_name: String,
}

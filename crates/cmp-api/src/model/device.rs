//! queryDevice: a device's flags, lifecycle and its started or paused order.

use crate::codes::{FeatureFlag, Lifecycle, MultiImsiFlag};
use crate::model::order::PackageOrder;
use crate::time::CmpTime;
use serde::{Deserialize, Serialize};

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
    /// The started or paused order, if any.
    #[serde(default)]
    pub package_order: Option<PackageOrder>,
}

//! Ordering and the order lifecycle: batchOrderPackages, queryOrder, openPackage,
//! cancelPackage and aheadFinishDeviceOrder.

use crate::codes::{BuyType, DeviceType, OpenFlag, OrderStatus, PackageType, RefuelingStatus};
use crate::envelope::PageInfo;
use crate::time::{CmpTime, TimeFormat};
use crate::units::{Kilobytes, Megabytes};
use serde::{Deserialize, Serialize};

/// Body of `POST /cmp-api/package/batchOrderPackages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchOrderRequest {
    /// Devices to order for.
    #[serde(
        rename(serialize = "deviceList"),
        alias = "deviceList",
        with = "crate::lenient::list"
    )]
    #[serde(default)]
    pub device_list: Vec<String>,
    /// Activate at once (`"1"`) or not (`"0"`).
    pub is_open: OpenFlag,
    /// The package to order.
    pub package_code: String,
    /// How many to subscribe, limited by the traffic pool.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::lenient::opt_num"
    )]
    pub subscribed_count: Option<u64>,
}

/// `data` of the batchOrderPackages answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BatchOrderResult {
    /// One result per device, in request order.
    #[serde(default, alias = "Device_order", with = "crate::lenient::list")]
    pub device_order: Vec<DeviceOrderResult>,
}

/// The outcome of ordering for one device.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DeviceOrderResult {
    /// `"0000"` when this device's order was created.
    #[serde(default, alias = "Error", with = "crate::lenient::opt_text_required")]
    pub error: String,
    /// The message for this device.
    #[serde(
        default,
        rename(serialize = "errorMsg"),
        alias = "errorMsg",
        alias = "ErrorMsg",
        with = "crate::lenient::opt_text"
    )]
    pub error_msg: Option<String>,
    /// The new order's id on success.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub order_id: Option<String>,
    /// The device.
    #[serde(
        default,
        alias = "Device_id",
        with = "crate::lenient::opt_text_required"
    )]
    pub device_id: String,
    /// Activation date (`YYYYMMDD`) when activated at once.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub order_start_date: Option<CmpTime>,
    /// Expected expiry (`YYYYMMDD`) when activated at once.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub order_expire_date: Option<CmpTime>,
}

impl DeviceOrderResult {
    /// Whether this device's order was created.
    pub fn succeeded(&self) -> bool {
        self.error == crate::envelope::SUCCESS_CODE
    }
}

/// Body of `POST /cmp-api/package/queryOrder`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueryOrderRequest {
    /// Device id (the upstream matches it fuzzily).
    #[serde(default, with = "crate::lenient::opt_text")]
    pub device_id: Option<String>,
    /// Order code.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub order_id: Option<String>,
    /// Status filter.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub order_status: Option<OrderStatus>,
    /// Page, from 1.
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_no: Option<u64>,
    /// Orders per page, at most 100.
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_size: Option<u64>,
}

/// `data` of the queryOrder answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OrderPage {
    /// Paging.
    #[serde(default)]
    pub page: PageInfo,
    /// The upstream's own signature of the payload (not checked).
    #[serde(
        default,
        with = "crate::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub sign: Option<String>,
    /// This page's orders.
    #[serde(default, with = "crate::lenient::list")]
    pub package_order: Vec<PackageOrder>,
    /// Number of orders on this page, as the upstream states it.
    #[serde(default, with = "crate::lenient::num")]
    pub package_order_num: u64,
}

/// One order, as queryOrder and queryDevice return it (camelCase on the wire, snake_case
/// in the spec's tables: both are read).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PackageOrder {
    /// Prepaid or postpaid.
    #[serde(
        default,
        rename(serialize = "buyType"),
        alias = "buyType",
        with = "crate::lenient::opt_str"
    )]
    pub buy_type: Option<BuyType>,
    /// Expiry date.
    #[serde(
        default,
        rename(serialize = "expireDate"),
        alias = "expireDate",
        with = "crate::lenient::opt_str"
    )]
    pub expire_date: Option<CmpTime>,
    /// Volume per cycle, MB.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub flow: Option<Megabytes>,
    /// The order's code.
    #[serde(
        default,
        rename(serialize = "orderCode"),
        alias = "orderCode",
        with = "crate::lenient::opt_text_required"
    )]
    pub order_code: String,
    /// Status.
    #[serde(
        default,
        rename(serialize = "orderStatus"),
        alias = "orderStatus",
        with = "crate::lenient::opt_str"
    )]
    pub order_status: Option<OrderStatus>,
    /// When it was ordered.
    #[serde(
        default,
        rename(serialize = "orderDate"),
        alias = "orderDate",
        with = "crate::lenient::opt_str"
    )]
    pub order_date: Option<CmpTime>,
    /// Subscription cycles.
    #[serde(
        default,
        rename(serialize = "orderPeriod"),
        alias = "orderPeriod",
        with = "crate::lenient::opt_str"
    )]
    pub order_period: Option<u32>,
    /// Package code.
    #[serde(
        default,
        rename(serialize = "packageCode"),
        alias = "packageCode",
        with = "crate::lenient::opt_text"
    )]
    pub package_code: Option<String>,
    /// Package name.
    #[serde(
        default,
        rename(serialize = "packageName"),
        alias = "packageName",
        with = "crate::lenient::opt_text"
    )]
    pub package_name: Option<String>,
    /// Package period type.
    #[serde(
        default,
        rename(serialize = "packageType"),
        alias = "packageType",
        with = "crate::lenient::opt_str"
    )]
    pub package_type: Option<PackageType>,
    /// Used in the current cycle, KB.
    #[serde(
        default,
        rename(serialize = "usedFlow"),
        alias = "usedFlow",
        with = "crate::lenient::opt_str"
    )]
    pub used_flow: Option<Kilobytes>,
    /// `used_flow / flow` as the upstream writes it, e.g. `"12.50%"`.
    #[serde(
        default,
        rename(serialize = "flowUseRate"),
        alias = "flowUseRate",
        with = "crate::lenient::opt_text"
    )]
    pub flow_use_rate: Option<String>,
    /// Used over the whole order, KB.
    #[serde(
        default,
        rename(serialize = "orderUsedFlow"),
        alias = "orderUsedFlow",
        with = "crate::lenient::opt_str"
    )]
    pub order_used_flow: Option<Kilobytes>,
    /// Supplier.
    #[serde(
        default,
        rename(serialize = "supplierCode"),
        alias = "supplierCode",
        with = "crate::lenient::opt_text"
    )]
    pub supplier_code: Option<String>,
    /// Refuelling packages on a prepaid order.
    #[serde(
        default,
        rename(serialize = "refuelingPackageList"),
        alias = "refuelingPackageList",
        with = "crate::lenient::list"
    )]
    pub refueling_package_list: Vec<RefuelingPackage>,
    /// Whether test traffic is included (`"0"`/`"1"`).
    #[serde(
        default,
        rename(serialize = "hasTestFlow"),
        alias = "hasTestFlow",
        with = "crate::lenient::opt_text"
    )]
    pub has_test_flow: Option<String>,
    /// Profiles (ICCID, IMSI, MSISDN) of the order.
    #[serde(
        default,
        rename(serialize = "profileList"),
        alias = "profileList",
        with = "crate::lenient::list"
    )]
    pub profile_list: Vec<Profile>,
    /// Flow-plus marker.
    #[serde(
        default,
        rename(serialize = "isFlowPlus"),
        alias = "isFlowPlus",
        with = "crate::lenient::opt_text"
    )]
    pub is_flow_plus: Option<String>,
    /// The device.
    #[serde(
        default,
        rename(serialize = "deviceId"),
        alias = "deviceId",
        with = "crate::lenient::opt_text"
    )]
    pub device_id: Option<String>,
    /// Activation date.
    #[serde(
        default,
        rename(serialize = "activeDate"),
        alias = "activeDate",
        with = "crate::lenient::opt_str"
    )]
    pub active_date: Option<CmpTime>,
    /// Main ICCID.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub main_iccid: Option<String>,
}

impl PackageOrder {
    /// Used in the current cycle as a share of the cycle's volume, 0..=100+.
    pub fn usage_percent(&self) -> Option<f64> {
        let flow = self.flow?.bytes();
        let used = self.used_flow.unwrap_or_default().bytes();
        (flow.0 > 0).then(|| crate::units::percent(used, flow))
    }

    /// The first day of the cycle `now` (the platform's time) falls in: the day `used_flow`
    /// counts from. A prepaid order's `used_flow` is "the currently used traffic" of the
    /// whole order (the spec), so its cycle is the order: from its activation. A postpaid
    /// order's cycles are its package's period (a day, month, quarter, half-year or year)
    /// from the activation day, `order_period` of them; after the last one, the last.
    /// `None` before activation (no `active_date`).
    pub fn cycle_start(&self, now: CmpTime) -> Option<CmpTime> {
        let active = self
            .active_date?
            .start_of_day()
            .with_format(TimeFormat::Date);
        if self.buy_type == Some(BuyType::Prepaid) {
            return Some(active);
        }
        let next = |n: u32| {
            let n = i32::try_from(n).unwrap_or(i32::MAX);
            match self.package_type {
                Some(PackageType::Day) => active.add_days(i64::from(n)),
                Some(PackageType::Quarter) => active.add_months(n.saturating_mul(3)),
                Some(PackageType::HalfYear) => active.add_months(n.saturating_mul(6)),
                Some(PackageType::Year) => active.add_months(n.saturating_mul(12)),
                // A month, or a type this build does not know: the spec's most common.
                _ => active.add_months(n),
            }
        };
        let mut start = active;
        for n in 1..self.order_period.unwrap_or(1).max(1) {
            let candidate = next(n);
            if candidate > now {
                break;
            }
            start = candidate;
        }
        Some(start)
    }
}

/// One refuelling package of a prepaid order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RefuelingPackage {
    /// Its order code.
    #[serde(
        default,
        alias = "ref_orderId",
        with = "crate::lenient::opt_text_required"
    )]
    pub ref_order_id: String,
    /// Extra volume, MB.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub refpackage_flow: Option<Megabytes>,
    /// When it was ordered.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub refpackage_order_date: Option<CmpTime>,
    /// Its status.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub refpackage_status: Option<RefuelingStatus>,
}

/// One SIM profile of an order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Profile {
    /// ICCID.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub iccid: String,
    /// IMSI.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub imsi: String,
    /// MSISDN (may be a placeholder such as `FFFFFFFFFF`).
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub msisdn: String,
}

/// Body of openPackage and cancelPackage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderIdRequest {
    /// The order to act on.
    #[serde(with = "crate::lenient::opt_text_required")]
    pub order_id: String,
}

/// `data` of the openPackage answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct OpenPackageResult {
    /// The upstream's own signature of the payload (not checked).
    #[serde(
        default,
        with = "crate::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub sign: Option<String>,
    /// The order.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub order_id: String,
    /// When it started.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub order_start_date: Option<CmpTime>,
    /// When it is expected to expire.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub order_expire_date: Option<CmpTime>,
}

/// Body of `POST /cmp-api/package/aheadFinishDeviceOrder`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AheadFinishRequest {
    /// Why the order ends early.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub ahead_finish_cause: String,
    /// The device's type, optional.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub device_type: Option<DeviceType>,
    /// The order to end.
    #[serde(with = "crate::lenient::opt_text_required")]
    pub order_id: String,
}

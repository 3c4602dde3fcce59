//! syncPackages: the package catalogue, one page at a time.

use crate::codes::{BuyType, PackageStatus, PackageType, PriceType, UsageAttribute};
use crate::envelope::PageInfo;
use crate::units::Megabytes;
use serde::{Deserialize, Serialize};

/// Body of `POST /cmp-api/package/syncPackages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SyncPackagesRequest {
    /// Page to fetch, from 1 (empty means 1).
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_no: Option<u64>,
    /// Packages per page (empty means 20).
    #[serde(default, with = "crate::lenient::opt_num")]
    pub page_size: Option<u64>,
    /// Catalogue version, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<serde_json::Value>,
}

/// `data` of the syncPackages answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PackagePage {
    /// Paging of the catalogue.
    #[serde(default)]
    pub page: PageInfo,
    /// The upstream's own signature of the payload (not checked).
    #[serde(
        default,
        with = "crate::lenient::opt_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub sign: Option<String>,
    /// Total packages, as the upstream states it.
    #[serde(default, with = "crate::lenient::num")]
    pub package_num: u64,
    /// This page's packages.
    #[serde(default, with = "crate::lenient::list")]
    pub package: Vec<Package>,
}

/// One package of the catalogue.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Package {
    /// Volume per cycle, MB.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub flow: Option<Megabytes>,
    /// Available or obsolete.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub status: Option<PackageStatus>,
    /// Service cycles.
    #[serde(
        default,
        rename(serialize = "serviceCycleCount"),
        alias = "serviceCycleCount",
        with = "crate::lenient::opt_str"
    )]
    pub service_cycle_count: Option<u32>,
    /// Prepaid or postpaid.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub buy_type: Option<BuyType>,
    /// Covered mobile country codes, `;`-separated.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub cover_country_mcc: Option<String>,
    /// Covered country names, `;`-separated.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub cover_countrys: Option<String>,
    /// Longest order period; -1 means no limit.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub max_order_period: Option<i64>,
    /// Shortest order period.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub min_order_period: Option<i64>,
    /// The package's code, the key to order it.
    #[serde(default, with = "crate::lenient::opt_text_required")]
    pub package_code: String,
    /// Description.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub package_desc: Option<String>,
    /// Name.
    #[serde(
        default,
        alias = "Package_name",
        with = "crate::lenient::opt_text_required"
    )]
    pub package_name: String,
    /// Period type.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub package_type: Option<PackageType>,
    /// Resident or temporary.
    #[serde(default, with = "crate::lenient::opt_str")]
    pub package_usage_attribute: Option<UsageAttribute>,
    /// Pricing kind (type-0 packages only).
    #[serde(default, with = "crate::lenient::opt_str")]
    pub price_type: Option<PriceType>,
    /// Price, as the upstream writes it.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub whole_price: Option<String>,
    /// IMSI type of the package.
    #[serde(default, with = "crate::lenient::opt_text")]
    pub package_imsi_type: Option<String>,
}

impl Package {
    /// Covered countries as a list of names.
    pub fn countries(&self) -> Vec<&str> {
        split_list(self.cover_countrys.as_deref())
    }

    /// Covered mobile country codes as a list.
    pub fn country_codes(&self) -> Vec<&str> {
        split_list(self.cover_country_mcc.as_deref())
    }

    /// "no limit" for -1, else the number.
    pub fn max_period_label(&self) -> String {
        match self.max_order_period {
            Some(-1) => "no limit".into(),
            Some(n) => n.to_string(),
            None => "—".into(),
        }
    }
}

fn split_list(s: Option<&str>) -> Vec<&str> {
    s.unwrap_or("")
        .split([';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

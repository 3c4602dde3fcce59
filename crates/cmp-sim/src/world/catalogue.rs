//! The package catalogue: 61 packages across countries, period types, buy types and
//! statuses. It is fixed (the same for every seed) so pages and counts are predictable.

use cmp_api::{BuyType, Megabytes, Package, PackageStatus, PackageType, UsageAttribute};

/// A country (or region) the catalogue sells in: short code, name and mobile country codes.
pub struct Country {
    /// Two-letter tag used in package names.
    pub tag: &'static str,
    /// Name as `cover_countrys` shows it.
    pub name: &'static str,
    /// `;`-separated MCCs as `cover_country_mcc` shows them.
    pub mcc: &'static str,
}

/// Every country the catalogue covers; devices' home networks are drawn from these.
pub const COUNTRIES: &[Country] = &[
    Country {
        tag: "CN",
        name: "China",
        mcc: "460;461",
    },
    Country {
        tag: "IN",
        name: "India",
        mcc: "404;405;406",
    },
    Country {
        tag: "JP",
        name: "Japan",
        mcc: "440;441",
    },
    Country {
        tag: "DE",
        name: "Germany",
        mcc: "262",
    },
    Country {
        tag: "GB",
        name: "United Kingdom",
        mcc: "234;235",
    },
    Country {
        tag: "US",
        name: "United States",
        mcc: "310;311;312;313;316",
    },
    Country {
        tag: "HK",
        name: "Hong Kong",
        mcc: "454",
    },
    Country {
        tag: "AT",
        name: "Austria",
        mcc: "232",
    },
    Country {
        tag: "EU",
        name: "Germany;France;Spain;Italy;Austria",
        mcc: "262;208;214;222;232",
    },
    Country {
        tag: "TH",
        name: "Thailand",
        mcc: "520",
    },
    Country {
        tag: "BR",
        name: "Brazil",
        mcc: "724",
    },
];

/// How many packages the catalogue holds.
pub const PACKAGE_COUNT: usize = 61;

const FLOWS_MB: [u64; 7] = [10, 100, 500, 1024, 3072, 10240, 30720];

/// The whole catalogue, in a stable order.
pub fn catalogue() -> Vec<Package> {
    (0..PACKAGE_COUNT).map(package_at).collect()
}

fn package_at(i: usize) -> Package {
    let country = &COUNTRIES[i % COUNTRIES.len()];
    let ptype = (i / COUNTRIES.len() + i) % 5 + 1;
    let flow = FLOWS_MB[(i * 3 + ptype) % FLOWS_MB.len()];
    let prepaid = i.is_multiple_of(3);
    let obsolete = i % 9 == 8;
    let period = ["Daily", "Monthly", "Quarterly", "HalfYearly", "Yearly"][ptype - 1];
    let flow_label = if flow >= 1024 {
        format!("{}GB", flow / 1024)
    } else {
        format!("{flow}MB")
    };
    let speed = if i % 4 == 1 {
        "Speed-Down-256K"
    } else {
        "UnLimited-Speed"
    };
    Package {
        flow: Some(Megabytes(flow)),
        status: Some(if obsolete {
            PackageStatus::Obsolete
        } else {
            PackageStatus::Available
        }),
        service_cycle_count: Some(1),
        buy_type: Some(if prepaid {
            BuyType::Prepaid
        } else {
            BuyType::Postpaid
        }),
        cover_country_mcc: Some(country.mcc.into()),
        cover_countrys: Some(country.name.into()),
        max_order_period: Some(if prepaid {
            1
        } else if i.is_multiple_of(2) {
            -1
        } else {
            24
        }),
        min_order_period: Some(1),
        package_code: format!(
            "DP2019{:02}{:02}{:06}",
            1 + i % 12,
            1 + i % 28,
            1200 + i * 17
        ),
        package_desc: i
            .is_multiple_of(5)
            .then(|| format!("{period} {flow_label} plan for {}", country.name)),
        package_name: format!("{}-{flow_label}-{speed}-{period}", country.tag),
        package_type: Some(PackageType::from_code(&ptype.to_string())),
        package_usage_attribute: Some(if i % 4 == 3 {
            UsageAttribute::Temporary
        } else {
            UsageAttribute::Resident
        }),
        price_type: None,
        whole_price: i
            .is_multiple_of(2)
            .then(|| format!("{}.{:02}", 2 + flow / 256, (i * 7) % 100)),
        package_imsi_type: Some(if i % 6 == 5 { "1" } else { "2" }.into()),
    }
}

/// Finds a package by code.
pub fn find<'a>(packages: &'a [Package], code: &str) -> Option<&'a Package> {
    packages.iter().find(|p| p.package_code == code)
}

/// Whether a package can be ordered.
pub fn is_available(p: &Package) -> bool {
    p.status == Some(PackageStatus::Available)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn catalogue_is_varied_and_codes_unique() {
        let all = catalogue();
        let codes: HashSet<_> = all.iter().map(|p| p.package_code.clone()).collect();
        assert_eq!(codes.len(), all.len());
        let types: HashSet<_> = all.iter().filter_map(|p| p.package_type.clone()).collect();
        assert_eq!(types.len(), 5);
        assert!(all.iter().any(|p| !is_available(p)));
        assert!(all.iter().any(|p| p.buy_type == Some(BuyType::Prepaid)));
        assert!(all.iter().any(|p| p.buy_type == Some(BuyType::Postpaid)));
        let countries: HashSet<_> = all
            .iter()
            .filter_map(|p| p.cover_countrys.clone())
            .collect();
        assert!(countries.len() >= 5);
    }
}

//! `PackageOrder::cycle_start`: the day an order's `used_flow` counts from.

use cmp_api::{BuyType, CmpTime, PackageOrder, PackageType};

fn order(kind: PackageType, buy: BuyType, active: &str, cycles: u32) -> PackageOrder {
    PackageOrder {
        package_type: Some(kind),
        buy_type: Some(buy),
        active_date: Some(active.parse().unwrap()),
        order_period: Some(cycles),
        ..Default::default()
    }
}

fn at(text: &str) -> CmpTime {
    text.parse().unwrap()
}

#[test]
fn a_postpaid_order_counts_from_its_current_period() {
    let monthly = order(PackageType::Month, BuyType::Postpaid, "20231124", 6);
    let start = |now| monthly.cycle_start(at(now)).unwrap().iso_date();
    assert_eq!(start("2023-11-24 00:00:00"), "2023-11-24");
    assert_eq!(start("2023-12-23 23:59:59"), "2023-11-24");
    assert_eq!(start("2023-12-24 00:00:00"), "2023-12-24");
    assert_eq!(start("2024-05-23 12:00:00"), "2024-04-24");
    // After its last cycle, the last one.
    assert_eq!(start("2025-01-01 00:00:00"), "2024-04-24");
    let daily = order(PackageType::Day, BuyType::Postpaid, "20240301", 30);
    assert_eq!(
        daily
            .cycle_start(at("2024-03-05 08:00:00"))
            .unwrap()
            .iso_date(),
        "2024-03-05"
    );
    let quarterly = order(PackageType::Quarter, BuyType::Postpaid, "20240131", 4);
    assert_eq!(
        quarterly
            .cycle_start(at("2024-08-01 00:00:00"))
            .unwrap()
            .iso_date(),
        "2024-07-31"
    );
    // The 31st in a shorter month: the month's last day, as the platform's expiry counts.
    let end_of_month = order(PackageType::Month, BuyType::Postpaid, "20240131", 3);
    assert_eq!(
        end_of_month
            .cycle_start(at("2024-03-01 00:00:00"))
            .unwrap()
            .iso_date(),
        "2024-02-29"
    );
}

#[test]
fn a_prepaid_order_is_one_cycle_and_an_unstarted_one_none() {
    let prepaid = order(PackageType::Month, BuyType::Prepaid, "20231124", 6);
    assert_eq!(
        prepaid
            .cycle_start(at("2024-03-01 00:00:00"))
            .unwrap()
            .iso_date(),
        "2023-11-24"
    );
    let unstarted = PackageOrder {
        active_date: None,
        ..prepaid
    };
    assert_eq!(unstarted.cycle_start(at("2024-03-01 00:00:00")), None);
}

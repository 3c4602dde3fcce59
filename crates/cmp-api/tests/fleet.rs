//! The Overview's figures: counts by status, devices at thresholds of their plan, the top
//! devices by use, days left in a cycle, the pools' exhaustion and the last day's events.

use cmp_api::fleet::{
    FleetTally, LIST_LENGTH, PoolsSummary, RecentEvents, StatusCounts, cycle_end,
    days_left_in_cycle, periods_after, usage_at_least,
};
use cmp_api::pool_figures::Projection;
use cmp_api::proxy_api::{EventPage, OrderEvent};
use cmp_api::units::GB;
use cmp_api::{
    BuyType, Bytes, CmpTime, Kilobytes, Megabytes, OrderStatus, PackageOrder, PackageType,
    PageInfo, PushOperation, TrafficPool,
};

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

const NOW: &str = "2026-11-20 12:00:00";

/// A running monthly postpaid order of `device`: `flow_mb` a cycle, `used_mb` used.
fn running(device: &str, flow_mb: u64, used_mb: u64) -> PackageOrder {
    PackageOrder {
        order_code: format!("ORDER_{device}_{used_mb}"),
        device_id: Some(device.into()),
        order_status: Some(OrderStatus::Started),
        buy_type: Some(BuyType::Postpaid),
        package_type: Some(PackageType::Month),
        flow: Some(Megabytes(flow_mb)),
        used_flow: Some(Kilobytes(used_mb * 1024)),
        active_date: Some(t("20260905")),
        expire_date: Some(t("20270304")),
        ..PackageOrder::default()
    }
}

fn with_status(status: &str) -> PackageOrder {
    PackageOrder {
        order_status: Some(OrderStatus::from_code(status)),
        device_id: Some("89852000000000000001".into()),
        used_flow: Some(Kilobytes(999)),
        ..PackageOrder::default()
    }
}

#[test]
fn orders_are_counted_by_status_and_only_running_ones_count_as_use() {
    let mut tally = FleetTally::default();
    let orders = [
        with_status("1"),
        with_status("3"),
        with_status("3"),
        with_status("5"),
        with_status("9"),
        PackageOrder::default(),
        running("A", 1024, 10),
    ];
    tally.add_all(&orders, t(NOW));
    let counts = tally.statuses;
    assert_eq!(
        (
            counts.not_started,
            counts.started,
            counts.ended,
            counts.paused,
            counts.other
        ),
        (1, 1, 2, 1, 2)
    );
    assert_eq!(counts.total(), 7);
    assert_eq!(counts.of(&OrderStatus::Ended), 2);
    assert_eq!((tally.running_orders, tally.running_devices()), (1, 1));
    assert_eq!(tally.cycle_used, Bytes(10 * 1024 * 1024));
}

#[test]
fn counts_from_the_platforms_totals_put_the_rest_in_other() {
    let counts = StatusCounts::from_totals(
        100,
        &[
            (OrderStatus::NotStarted, 10),
            (OrderStatus::Started, 50),
            (OrderStatus::Ended, 30),
            (OrderStatus::Paused, 5),
        ],
    );
    assert_eq!((counts.started, counts.other, counts.total()), (50, 5, 100));
    // Totals read at different moments may overlap: never a negative rest.
    let racing = StatusCounts::from_totals(10, &[(OrderStatus::Started, 12)]);
    assert_eq!((racing.started, racing.other), (12, 0));
}

#[test]
fn thresholds_count_devices_at_80_and_100_percent_of_a_running_plan() {
    let mut tally = FleetTally::default();
    let orders = [
        running("A", 1000, 799),  // 79.9 %
        running("B", 1000, 800),  // 80 %
        running("C", 1000, 999),  // 99.9 %
        running("D", 1000, 1000), // 100 %
        running("E", 1000, 1500), // over
        // A second running plan of A at 90 %: the device's largest share counts.
        running("A", 100, 90),
        // No volume stated: counts as use, never at a threshold.
        PackageOrder {
            flow: None,
            ..running("F", 0, 5000)
        },
    ];
    tally.add_all(&orders, t(NOW));
    assert_eq!(tally.running_devices(), 6);
    assert_eq!(tally.devices_at_least(80.0), 5);
    assert_eq!(tally.devices_at_least(100.0), 2);
    // The orders list's filter reads orders the same way.
    let listed = orders.iter().filter(|o| usage_at_least(o, 80.0)).count();
    assert_eq!(listed, 5, "B, C, D, E and A's second plan");
}

#[test]
fn the_top_ten_by_use_sum_a_devices_running_plans_and_break_ties_by_id() {
    let mut tally = FleetTally::default();
    for i in 0..30u64 {
        tally.add(&running(&format!("D{i:02}"), 10_000, i * 10), t(NOW));
    }
    tally.add(&running("D03", 10_000, 500), t(NOW));
    tally.add(&running("D99", 10_000, 290), t(NOW));
    let top = tally.top_by_use(LIST_LENGTH);
    let ids: Vec<&str> = top.iter().map(|d| d.device_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "D03", "D29", "D99", "D28", "D27", "D26", "D25", "D24", "D23", "D22"
        ]
    );
    assert_eq!(top[0].used, Bytes(530 * 1024 * 1024));
    assert_eq!(top[0].orders, 2);
    // A device that used nothing is never in the top list.
    let mut quiet = FleetTally::default();
    quiet.add(&running("Z", 100, 0), t(NOW));
    assert!(quiet.top_by_use(10).is_empty());
}

#[test]
fn closest_to_limit_orders_by_share_then_days_left() {
    let now = t(NOW);
    let mut tally = FleetTally::default();
    let ends_sooner = PackageOrder {
        expire_date: Some(t("20261122")),
        ..running("B", 1000, 900)
    };
    tally.add_all(
        &[
            running("A", 1000, 900),
            ends_sooner,
            running("C", 1000, 1200),
            running("D", 1000, 10),
        ],
        now,
    );
    let closest = tally.closest_to_limit(3, now);
    let ids: Vec<&str> = closest.iter().map(|d| d.device_id.as_str()).collect();
    assert_eq!(ids, ["C", "B", "A"]);
    assert_eq!(closest[0].percent, Some(120.0));
    // A's monthly cycle from 2026-09-05 ends 2026-12-04: 14 days after the 20th.
    assert_eq!(closest[2].days_left(now), Some(14));
    assert_eq!(
        closest[1].days_left(now),
        Some(2),
        "B's order expires first"
    );
}

#[test]
fn a_postpaid_cycle_ends_the_day_before_the_next_period_and_never_after_expiry() {
    let now = t(NOW);
    let month = running("A", 1, 0);
    assert_eq!(cycle_end(&month, now), Some(t("2026-12-04 23:59:59")));
    let kinds = [
        (PackageType::Day, "2026-11-20 23:59:59"),
        (PackageType::Quarter, "2026-12-04 23:59:59"),
        (PackageType::HalfYear, "2027-03-04 23:59:59"),
        (PackageType::Year, "2027-09-04 23:59:59"),
    ];
    for (kind, end) in kinds {
        let order = PackageOrder {
            package_type: Some(kind.clone()),
            expire_date: Some(t("20301231")),
            ..month.clone()
        };
        assert_eq!(cycle_end(&order, now), Some(t(end)), "{kind:?}");
    }
    // The yearly cycle would end in 2027-09; the order's expiry comes first.
    let capped = PackageOrder {
        package_type: Some(PackageType::Year),
        ..month.clone()
    };
    assert_eq!(cycle_end(&capped, now), Some(t("2027-03-04 23:59:59")));
    // On the last day of a cycle there are 0 days left, the next day a new cycle starts.
    assert_eq!(
        days_left_in_cycle(&month, t("2026-12-04 08:00:00")),
        Some(0)
    );
    assert_eq!(
        days_left_in_cycle(&month, t("2026-12-05 00:00:00")),
        Some(30)
    );
}

#[test]
fn a_prepaid_order_counts_to_its_expiry_and_an_order_without_dates_has_no_cycle() {
    let now = t(NOW);
    let prepaid = PackageOrder {
        buy_type: Some(BuyType::Prepaid),
        ..running("A", 1, 0)
    };
    assert_eq!(cycle_end(&prepaid, now), Some(t("2027-03-04 23:59:59")));
    let undated = PackageOrder {
        active_date: None,
        expire_date: None,
        ..running("A", 1, 0)
    };
    assert_eq!(cycle_end(&undated, now), None);
}

#[test]
fn periods_clamp_to_the_months_end_from_the_first_day() {
    let start = t("2026-01-31 18:10:04");
    let month = Some(&PackageType::Month);
    assert_eq!(periods_after(month, start, 1), t("2026-02-28 00:00:00"));
    assert_eq!(periods_after(month, start, 2), t("2026-03-31 00:00:00"));
    let unknown = PackageType::Unknown("7".into());
    assert_eq!(
        periods_after(Some(&unknown), start, 1),
        t("2026-02-28 00:00:00")
    );
    assert_eq!(
        periods_after(Some(&PackageType::Day), start, 3),
        t("2026-02-03 00:00:00")
    );
}

fn pool(id: &str, used_gb: u64, quota_gb: u64, start: &str, end: &str) -> TrafficPool {
    TrafficPool {
        total_quota_byte: Some(Bytes(quota_gb * GB)),
        used_byte: Some(Bytes(used_gb * GB)),
        traffic_pool_start_time: Some(t(start)),
        traffic_pool_end_time: Some(t(end)),
        traffic_pool_id: id.into(),
        traffic_pool_name: format!("Pool {id}"),
    }
}

#[test]
fn pools_are_ordered_by_share_with_the_soonest_exhaustion_and_the_exhausted_counted() {
    let now = t(NOW);
    let month = ("2026-11-01 00:00:00", "2026-11-30 23:59:59");
    let pools = [
        // 19.5 days in: 60 % → runs out on day 32.5, after the period.
        pool("LASTS", 60, 100, month.0, month.1),
        // 90 % → the rest in ~2.2 days.
        pool("SOON", 90, 100, month.0, month.1),
        // 80 % → the rest in ~4.9 days.
        pool("LATER", 80, 100, month.0, month.1),
        pool("GONE", 130, 100, month.0, month.1),
    ];
    let summary = PoolsSummary::of(&pools, now);
    let order: Vec<&str> = summary
        .rows
        .iter()
        .map(|r| r.pool.traffic_pool_id.as_str())
        .collect();
    assert_eq!(order, ["GONE", "SOON", "LATER", "LASTS"]);
    assert_eq!(summary.exhausted(), 1);
    let (row, at) = summary.soonest_exhaustion().expect("a pool runs out");
    assert_eq!(row.pool.traffic_pool_id, "SOON");
    assert_eq!(at.iso_date(), "2026-11-22");
    assert_eq!(summary.rows[3].projection, Projection::NotAtThisRate);
    assert!(PoolsSummary::of(&[], now).soonest_exhaustion().is_none());
}

fn event(seq: u64, received_at: &str) -> OrderEvent {
    OrderEvent {
        seq,
        received_at: received_at.into(),
        assetid: "89852000000000000001".into(),
        imsi: String::new(),
        operation: PushOperation::from_code("1005"),
        operation_label: String::new(),
        orderid: format!("ORDER_{seq}"),
        time: String::new(),
    }
}

fn page(no: u64, pages: u64, events: Vec<OrderEvent>) -> EventPage {
    EventPage {
        page: PageInfo {
            cur_page_no: no,
            page_size: 2,
            total_count: pages * 2,
            total_pages: pages,
        },
        events,
    }
}

#[test]
fn recent_events_are_counted_until_an_older_one_or_the_last_page() {
    let now = t("2026-11-30 12:00:00");
    let since = RecentEvents::window_start(now);
    assert_eq!(since, t("2026-11-29 12:00:00"));
    let mut recent = RecentEvents::default();
    let first = page(
        1,
        3,
        vec![
            event(9, "2026-11-30T11:59:00Z"),
            event(8, "2026-11-30T01:00:00.250Z"),
        ],
    );
    assert!(recent.add_page(&first, since), "page 2 may hold more");
    let second = page(
        2,
        3,
        vec![
            event(7, "2026-11-29T12:00:00Z"),
            event(6, "2026-11-29T11:59:59Z"),
        ],
    );
    assert!(!recent.add_page(&second, since), "an older event ends it");
    assert_eq!(
        recent,
        RecentEvents {
            count: 3,
            complete: true
        }
    );

    let mut few = RecentEvents::default();
    let only = page(
        1,
        1,
        vec![event(1, "2026-11-30T10:00:00Z"), event(2, "soon")],
    );
    assert!(!few.add_page(&only, since), "the last page ends it");
    assert_eq!((few.count, few.complete), (1, true));
    let mut none = RecentEvents::default();
    assert!(!none.add_page(&EventPage::default(), since));
    assert_eq!((none.count, none.complete), (0, true));
}

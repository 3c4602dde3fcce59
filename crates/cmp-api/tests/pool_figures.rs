//! A traffic pool's figures: volumes and share, days left, burn rate and the projected
//! exhaustion, counted from a fixed "now".

use cmp_api::pool_figures::{
    PoolFigures, Projection, TimeLeft, burn_per_day, days_left, pool_burn_per_day, project,
    project_pool, time_left,
};
use cmp_api::units::GB;
use cmp_api::{Bytes, CmpTime, TrafficPool};

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

const START: &str = "2025-11-01 00:00:00";
const END: &str = "2025-11-30 23:59:59";
/// Ten days into the period.
const NOW: &str = "2025-11-11 00:00:00";

fn pool(used: u64, total: u64) -> TrafficPool {
    TrafficPool {
        total_quota_byte: Some(Bytes(total)),
        used_byte: Some(Bytes(used)),
        traffic_pool_start_time: Some(t(START)),
        traffic_pool_end_time: Some(t(END)),
        traffic_pool_id: "CTP20251101ABCDEF".into(),
        traffic_pool_name: "Fleet trackers pool".into(),
    }
}

#[test]
fn figures_count_used_quota_remaining_and_share() {
    let figures = PoolFigures::of(&pool(40 * GB, 100 * GB));
    assert_eq!(figures.used, Bytes(40 * GB));
    assert_eq!(figures.total, Bytes(100 * GB));
    assert_eq!(figures.remaining, Bytes(60 * GB));
    assert_eq!(figures.share, 40.0);

    let exceeded = PoolFigures::of(&pool(130 * GB, 100 * GB));
    assert_eq!(exceeded.remaining, Bytes(0));
    assert_eq!(exceeded.share, 130.0);

    let blank = PoolFigures::of(&TrafficPool {
        total_quota_byte: None,
        used_byte: None,
        ..pool(0, 0)
    });
    assert_eq!(
        (blank.used, blank.total, blank.remaining, blank.share),
        (Bytes(0), Bytes(0), Bytes(0), 0.0),
        "missing numbers count as 0, and no quota is no share"
    );
}

#[test]
fn burn_rate_and_days_left_count_from_the_period_start() {
    assert_eq!(
        burn_per_day(Bytes(40 * GB), t(START), t(NOW)),
        Some(Bytes(4 * GB))
    );
    assert_eq!(burn_per_day(Bytes(GB), t(START), t(START)), None);
    assert_eq!(days_left(t(END), t(NOW)), 19);
    assert_eq!(days_left(t(END), t("2025-11-30 08:00:00")), 0);
    assert_eq!(days_left(t(END), t("2025-12-03 08:00:00")), 0);
}

#[test]
fn a_pools_burn_rate_stops_counting_at_its_period_end() {
    let used = pool(30 * GB, 100 * GB);
    assert_eq!(pool_burn_per_day(&used, t(NOW)), Some(Bytes(3 * GB)));
    // Thirty days and a second of period, however long after it one looks.
    let after = pool_burn_per_day(&used, t("2026-01-01 00:00:00"));
    assert_eq!(after, burn_per_day(Bytes(30 * GB), t(START), t(END)));
    assert_eq!(pool_burn_per_day(&used, t("2025-10-01 00:00:00")), None);
    let unstarted = TrafficPool {
        traffic_pool_start_time: None,
        ..used
    };
    assert_eq!(pool_burn_per_day(&unstarted, t(NOW)), None);
}

#[test]
fn time_left_is_days_to_the_last_day_or_why_there_are_none() {
    let end = Some(t(END));
    assert_eq!(time_left(end, t(NOW)), TimeLeft::Days(19));
    assert_eq!(time_left(end, t("2025-11-29 08:00:00")), TimeLeft::Days(1));
    assert_eq!(time_left(end, t("2025-11-30 08:00:00")), TimeLeft::Days(0));
    assert_eq!(time_left(end, t("2025-12-01 00:00:00")), TimeLeft::Ended);
    assert_eq!(time_left(None, t(NOW)), TimeLeft::NoEnd);
}

#[test]
fn projection_at_the_current_rate() {
    let (start, end, now) = (t(START), t(END), t(NOW));
    // 4 GB a day with 60 GB left: 15 more days.
    assert_eq!(
        project(Bytes(40 * GB), Bytes(100 * GB), start, end, now),
        Projection::On(t("2025-11-26 00:00:00"))
    );
    // 1 GB a day with 90 GB left outlasts the 20 days remaining.
    assert_eq!(
        project(Bytes(10 * GB), Bytes(100 * GB), start, end, now),
        Projection::NotAtThisRate
    );
    let total = Bytes(100 * GB);
    assert_eq!(
        project(Bytes(0), total, start, end, now),
        Projection::NoUsage
    );
    assert_eq!(
        project(total, total, start, end, now),
        Projection::Exhausted
    );
    assert_eq!(
        project(Bytes(GB), total, start, end, t("2025-10-20 00:00:00")),
        Projection::NotStarted
    );
    assert_eq!(
        project(Bytes(GB), total, start, end, t("2025-12-01 00:00:00")),
        Projection::Ended
    );
    assert_eq!(
        project(Bytes(GB), Bytes(0), start, end, now),
        Projection::Unknown
    );
    let undated = TrafficPool {
        traffic_pool_end_time: None,
        ..pool(GB, 100 * GB)
    };
    assert_eq!(project_pool(&undated, now), Projection::Unknown);
    assert_eq!(
        project_pool(&pool(10 * GB, 100 * GB), now),
        Projection::NotAtThisRate
    );
    assert!(
        Projection::NotAtThisRate
            .text()
            .contains("Lasts the whole period at this rate")
    );
}

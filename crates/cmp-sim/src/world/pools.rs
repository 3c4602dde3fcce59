//! Traffic pools: a monthly, a quarterly, a yearly and last month's, with quotas and the
//! order limit bulk orders are checked against.

use super::PoolDef;
use crate::rng::Rng;

pub(super) fn pools(seed: u64, origin: i64) -> Vec<PoolDef> {
    let now = cmp_api::CmpTime::from_seconds(origin);
    let month = cmp_api::CmpTime { day: 1, ..now }.start_of_day();
    let year = cmp_api::CmpTime { month: 1, ..month };
    let specs: [(&str, u64, cmp_api::CmpTime, i32, u64); 4] = [
        ("Enterprise shared pool (monthly)", 100, month, 1, 200),
        ("Fleet trackers pool", 500, month.add_months(-2), 3, 500),
        ("POS terminals pool (yearly)", 1024, year, 12, 1000),
        ("Pilot pool (last month)", 50, month.add_months(-1), 1, 50),
    ];
    let mut r = Rng::for_parts(&[seed, 3]);
    specs
        .iter()
        .map(|(name, gb, start, months, limit)| {
            let code: String = (0..6)
                .map(|_| char::from(*r.pick(b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789")))
                .collect();
            PoolDef {
                id: format!(
                    "CTP{:04}{:02}{:02}{code}",
                    start.year, start.month, start.day
                ),
                name: (*name).into(),
                quota: gb * cmp_api::units::GB,
                start: start.seconds_since_epoch(),
                end: start.add_months(*months).seconds_since_epoch() - 1,
                order_limit: *limit,
            }
        })
        .collect()
}

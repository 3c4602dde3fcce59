//! The heavy device's plan fits its traffic: its running order is a plan whose flow holds
//! any month of its CDRs, so the dashboard's usage bar reads a sensible percentage.

use crate::common::{self, DEVICE, HEAVY_DEVICE_ID, START_MS, code, get, post};
use std::collections::BTreeMap;

/// Bytes per day (`YYYY-MM-DD`) of the heavy device's CDRs over the 180 days up to today.
async fn daily_bytes(sim: &cmp_sim::SimState) -> BTreeMap<String, u64> {
    let today = cmp_api::CmpTime::from_unix_millis(START_MS).start_of_day();
    let (from, to) = (today.add_days(-179).iso_date(), today.iso_date());
    let mut per_day = BTreeMap::new();
    for page in 1.. {
        let v = get(
            sim,
            &format!(
                "/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time={from}&received_end_by={to}&page_no={page}&page_size=1000"
            ),
        )
        .await;
        assert_eq!(code(&v), "0000");
        let rows = v["data"]["data"].as_array().unwrap();
        for r in rows {
            let day = r["session_started_at"].as_str().unwrap()[..10].to_owned();
            *per_day.entry(day).or_default() += r["data"].as_u64().unwrap();
        }
        if rows.len() < 1000 {
            break;
        }
    }
    per_day
}

#[tokio::test]
async fn heavy_device_plan_holds_a_month_of_its_traffic() {
    let sim = common::sim();
    let v = post(
        &sim,
        DEVICE,
        serde_json::json!({"device_id": HEAVY_DEVICE_ID}),
    )
    .await;
    let order = &v["data"]["package_order"];
    assert_eq!(order["orderStatus"], "2", "the heavy device's plan runs");
    let flow_bytes = order["flow"].as_str().unwrap().parse::<u64>().unwrap() * 1024 * 1024;
    let rate: f64 = order["flowUseRate"]
        .as_str()
        .unwrap()
        .trim_end_matches('%')
        .parse()
        .unwrap();
    assert!(
        rate > 0.0 && rate < 100.0,
        "usage of the current cycle: {rate} %"
    );

    let per_day = daily_bytes(&sim).await;
    let days: Vec<u64> = per_day.values().copied().collect();
    assert!(days.len() >= 170, "traffic on most days: {}", days.len());
    let busiest_month = days
        .windows(31)
        .map(|w| w.iter().sum::<u64>())
        .max()
        .unwrap();
    assert!(
        busiest_month < flow_bytes,
        "31 days of traffic ({busiest_month} B) fit the plan's {flow_bytes} B"
    );
    // Still a heavy user: the busiest month uses a real share of the plan.
    assert!(
        busiest_month * 5 > flow_bytes,
        "{busiest_month} B of {flow_bytes} B"
    );
}

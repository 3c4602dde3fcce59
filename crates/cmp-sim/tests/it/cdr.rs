//! Router-level tests of the CDR endpoint: paging, the heavy device, realism and rules.

use crate::common::{self, START_MS, code, get};
use cmp_sim::HEAVY_DEVICE_ID;

fn today() -> cmp_api::CmpTime {
    cmp_api::CmpTime::from_unix_millis(START_MS).start_of_day()
}

fn cdr_path(sim: &str, from_days_ago: i64, to_days_ago: i64, extra: &str) -> String {
    let d = |n: i64| today().add_days(-n).iso_date();
    format!(
        "/cmp-api/sims/{sim}/cdr?received_start_time={}&received_end_by={}{extra}",
        d(from_days_ago),
        d(to_days_ago)
    )
}

/// The 180 days, today included, are counted from the platform's date: at the tests' start
/// (2026-11-29 22:24 UTC) a UTC+8 platform is already on 2026-11-30.
#[tokio::test]
async fn the_history_starts_from_the_platforms_date() {
    let utc = common::sim();
    let east = cmp_sim::SimState::new(cmp_sim::SimConfig {
        utc_offset: "UTC+8".parse().unwrap(),
        ..common::config()
    })
    .unwrap();
    // UTC's 179 days back, and 180.
    let (utc_179, utc_180) = (
        cdr_path(HEAVY_DEVICE_ID, 179, 0, ""),
        cdr_path(HEAVY_DEVICE_ID, 180, 0, ""),
    );
    assert_eq!(code(&get(&utc, &utc_179).await), "0000");
    assert_eq!(code(&get(&utc, &utc_180).await), "4002");
    // For the platform a day later, UTC's 179 days back is its 180th: too old.
    let refused = get(&east, &utc_179).await;
    assert_eq!(code(&refused), "4002", "{refused}");
    assert_eq!(
        refused["message"],
        "CDRs are kept for 180 days: received_start_time must be 2026-06-04 or later"
    );
    let platform_179 = format!(
        "/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time=2026-06-04&received_end_by=2026-11-30"
    );
    assert_eq!(code(&get(&east, &platform_179).await), "0000");
    let clock = get(&east, "/_sim/clock").await;
    assert_eq!(
        (&clock["data"]["utc_offset"], &clock["data"]["today"]),
        (
            &serde_json::json!("UTC+08:00"),
            &serde_json::json!("2026-11-30")
        )
    );
    assert_eq!(today().add_days(-179).iso_date(), "2026-06-03");
}

#[tokio::test]
async fn cdr_pages_and_rules() {
    let sim = common::sim();
    let v = get(
        &sim,
        &cdr_path(HEAVY_DEVICE_ID, 179, 0, "&page_no=1&page_size=1000"),
    )
    .await;
    assert_eq!(code(&v), "0000");
    let total = v["data"]["total_count"].as_u64().unwrap();
    assert!(total >= 20_000, "{total}");
    let rows = v["data"]["data"].as_array().unwrap();
    assert_eq!(rows.len(), 1000);
    assert_eq!(v["data"]["status"]["code"], "CB-00-0000");
    let starts: Vec<&str> = rows
        .iter()
        .map(|r| r["session_started_at"].as_str().unwrap())
        .collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // Page 2 of size 500 is the second half of page 1 of size 1000.
    let p2 = get(
        &sim,
        &cdr_path(HEAVY_DEVICE_ID, 179, 0, "&page_no=2&page_size=500"),
    )
    .await;
    assert_eq!(p2["data"]["data"][0], rows[500]);
    // Defaults: 20 a page.
    let d = get(&sim, &cdr_path(HEAVY_DEVICE_ID, 1, 0, "")).await;
    assert_eq!(d["data"]["data"].as_array().unwrap().len(), 20);

    for (path, want) in [
        (cdr_path(HEAVY_DEVICE_ID, 180, 0, ""), "4002"),
        (cdr_path(HEAVY_DEVICE_ID, 1, 3, ""), "4003"),
        (cdr_path(HEAVY_DEVICE_ID, 1, 0, "&page_size=1001"), "1004"),
        (cdr_path(HEAVY_DEVICE_ID, 1, 0, "&page_no=0"), "1003"),
        (cdr_path("8900000", 1, 0, ""), "2001"),
        (
            format!(
                "/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_start_time=2026/11/01&received_end_by=2026-11-02"
            ),
            "4001",
        ),
        (
            format!("/cmp-api/sims/{HEAVY_DEVICE_ID}/cdr?received_end_by=2026-11-02"),
            "1002",
        ),
    ] {
        assert_eq!(code(&get(&sim, &path).await), want, "{path}");
    }
}

#[tokio::test]
async fn cdrs_look_real() {
    let sim = common::sim();
    let mut networks = std::collections::HashSet::new();
    let mut operators = std::collections::HashSet::new();
    let (mut min, mut max, mut open) = (u64::MAX, 0, 0);
    for page in 1..=4 {
        let v = get(
            &sim,
            &cdr_path(
                HEAVY_DEVICE_ID,
                179,
                0,
                &format!("&page_no={page}&page_size=1000"),
            ),
        )
        .await;
        for r in v["data"]["data"].as_array().unwrap() {
            networks.insert(r["network"].as_str().unwrap().to_owned());
            operators.insert(format!(
                "{}-{}",
                r["mcc"].as_str().unwrap(),
                r["mnc"].as_str().unwrap()
            ));
            let b = r["data"].as_u64().unwrap();
            (min, max) = (min.min(b), max.max(b));
            open += usize::from(r["session_ended_at"].is_null());
        }
    }
    assert!(networks.len() >= 3, "{networks:?}");
    assert!(operators.len() >= 3, "{operators:?}");
    assert!(min < 100 && max > 100_000_000, "{min}..{max}");
    assert!(open > 0);
}

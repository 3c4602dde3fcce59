//! The CDR GET's dates over HTTP: a range outside the platform's 180 days (today included),
//! or ending after its today, is refused with 400 and the validation sentence before
//! anything reaches the platform; "today" is the platform's date in `CMP_UPSTREAM_TZ`,
//! which `/api/session` tells the SPA.

mod common;

use axum::http::StatusCode;
use common::*;
use serde_json::{Value, json};
use std::sync::atomic::Ordering;

/// 2026-11-29 22:24:44 UTC: already 2026-11-30 at UTC+8, still 2026-11-29 at UTC−05:30.
const LATE_ON_THE_29TH: i64 = 1_795_991_084;
/// 2026-12-01 00:01:00 UTC: still 2026-11-30 at UTC−05:30.
const JUST_AFTER_MIDNIGHT: i64 = 1_796_083_260;

const ANSWER: &str =
    r#"{"code":"0000","data":{"data":[],"total_count":0},"message":"success","success":true}"#;

fn cdr(from: &str, to: &str) -> String {
    format!(
        "/cmp-api/sims/{D1}/cdr?received_start_time={from}&received_end_by={to}&page_no=1&page_size=10"
    )
}

/// A proxy on a platform at `zone` whose clock stands at `now` (Unix seconds), in front of
/// an upstream that counts its calls.
async fn proxy_at(
    dir: &std::path::Path,
    zone: &str,
    now: i64,
) -> (
    cmp_proxy::AppState,
    std::sync::Arc<std::sync::atomic::AtomicU32>,
) {
    let (addr, calls) = answering(StatusCode::OK, ANSWER).await;
    let state = state_from(
        config(dir, &[("CMP_UPSTREAM_TZ", zone)]),
        addr,
        SECRET,
        5_000,
    );
    state.clock.freeze_at(now);
    (state, calls)
}

async fn get(state: &cmp_proxy::AppState, uri: &str) -> (StatusCode, Value) {
    send_json(state, request("GET", uri, Some(VIEWER), None)).await
}

#[tokio::test]
async fn the_180_days_count_from_the_platforms_date_east_of_utc() {
    let dir = tempfile::tempdir().unwrap();
    let (state, calls) = proxy_at(dir.path(), "UTC+8", LATE_ON_THE_29TH).await;
    // UTC's 179 days back (2026-06-03) is the platform's 180th: refused, never sent.
    let (status, body) = get(&state, &cdr("2026-06-03", "2026-11-29")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "BAD_REQUEST");
    assert_eq!(body["data"]["field"], "received_start_time");
    assert_eq!(
        body["message"],
        "received_start_time: Usage records go back 180 days, today included: the start date 2026-06-03 is before 2026-06-04, the earliest you can ask for."
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    // The platform's own 180 days, up to its today (a day ahead of UTC's), are sent.
    let (status, body) = get(&state, &cdr("2026-06-04", "2026-11-30")).await;
    assert_eq!((status, &body["code"]), (StatusCode::OK, &json!("0000")));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let (status, body) = get(&state, &cdr("2026-11-30", "2026-12-01")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["data"]["field"], "received_end_by");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_utc_platform_counts_from_utcs_date() {
    let dir = tempfile::tempdir().unwrap();
    let (state, calls) = proxy_at(dir.path(), "UTC", LATE_ON_THE_29TH).await;
    let (status, _) = get(&state, &cdr("2026-06-03", "2026-11-29")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = get(&state, &cdr("2026-06-02", "2026-11-29")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // The UTC+8 platform's today is the future here.
    let (status, body) = get(&state, &cdr("2026-11-30", "2026-11-30")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["message"],
        "received_end_by: The end date 2026-11-30 is after today (2026-11-29); pick today or an earlier day."
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn west_of_utc_the_platforms_today_is_utcs_yesterday() {
    let dir = tempfile::tempdir().unwrap();
    let (state, calls) = proxy_at(dir.path(), "-0530", JUST_AFTER_MIDNIGHT).await;
    let (status, body) = get(&state, &cdr("2026-12-01", "2026-12-01")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("after today (2026-11-30)"),
        "{body}"
    );
    // 2026-11-30 − 179 days: 2026-06-04.
    let (status, _) = get(&state, &cdr("2026-06-04", "2026-11-30")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = get(&state, &cdr("2026-06-03", "2026-11-30")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn missing_malformed_and_repeated_dates_are_refused_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    let (state, calls) = proxy_at(dir.path(), "UTC", LATE_ON_THE_29TH).await;
    for (uri, field) in [
        (
            format!("/cmp-api/sims/{D1}/cdr?page_no=1&page_size=10"),
            "received_start_time",
        ),
        (cdr("2026-11-01", ""), "received_end_by"),
        (cdr("2026-11-1", "2026-11-02"), "received_start_time"),
        (
            format!(
                "{}&received_end_by=2026-11-03",
                cdr("2026-11-01", "2026-11-02")
            ),
            "received_end_by",
        ),
    ] {
        let (status, body) = get(&state, &uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["data"]["field"], field, "{uri}: {body}");
    }
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_session_tells_the_spa_the_platforms_offset() {
    let dir = tempfile::tempdir().unwrap();
    for (zone, minutes) in [("UTC", 0), ("UTC+8", 480), ("-0530", -330)] {
        let (state, _) = proxy_at(dir.path(), zone, LATE_ON_THE_29TH).await;
        let (status, body) = get(&state, "/api/session").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body["limits"]["platform_utc_offset_minutes"],
            json!(minutes),
            "{zone}: {body}"
        );
    }
}

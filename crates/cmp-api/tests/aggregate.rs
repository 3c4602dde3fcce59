//! CDR aggregation: the spec's example page, buckets, sessions, series and share charts.

mod common;

use cmp_api::aggregate::{
    self, OTHER, UNKNOWN, UsageSummary, country_label, country_name, operator_label, operator_name,
    top_n,
};
use cmp_api::{Bytes, CdrPage, CdrRecord, CmpTime, Envelope, decode};
use std::collections::BTreeMap;

fn t(s: &str) -> CmpTime {
    s.parse().unwrap()
}

fn record(
    bytes: u64,
    mcc: &str,
    mnc: &str,
    network: &str,
    start: Option<&str>,
    end: Option<&str>,
) -> CdrRecord {
    CdrRecord {
        data: Bytes(bytes),
        mcc: mcc.into(),
        mnc: mnc.into(),
        network: network.into(),
        session_started_at: start.map(t),
        session_ended_at: end.map(t),
        ..Default::default()
    }
}

#[test]
fn the_spec_example_page() {
    let env: Envelope<CdrPage> = decode(&common::fixture("cdr_response")).unwrap();
    let summary = aggregate::aggregate(&env.data.unwrap().data);
    assert_eq!(summary.total, Bytes(1 + 2 + 1303552 * 2));
    assert_eq!(summary.records, 4);
    let days: Vec<(&str, u64)> = summary
        .per_day
        .iter()
        .map(|(k, v)| (k.as_str(), v.0))
        .collect();
    assert_eq!(days, [("2024-05-08", 2 + 1303552 * 2), ("2024-05-09", 1)]);
    assert_eq!(summary.per_operator.get("460-00"), Some(&summary.total));
    assert_eq!(summary.per_network.get("4G"), Some(&summary.total));
    assert_eq!(
        summary.per_country_name().get("China"),
        Some(&summary.total)
    );
    assert_eq!(
        (
            summary.sessions.count,
            summary.sessions.open,
            summary.sessions.closed()
        ),
        (4, 4, 0)
    );
    assert_eq!(summary.sessions.average_duration_secs(), None);
    assert_eq!(summary.first_start, Some(t("2024-05-08 16:49:59")));
    assert_eq!(summary.last_start, Some(t("2024-05-09 18:18:56")));
}

#[test]
fn buckets_sessions_and_unknowns() {
    let records = [
        record(
            100,
            "232",
            "01",
            "4G",
            Some("2024-05-01 10:00:00"),
            Some("2024-05-01 10:30:00"),
        ),
        record(
            50,
            "232",
            "03",
            "5G",
            Some("2024-05-01 23:59:59"),
            Some("2024-05-02 00:00:09"),
        ),
        record(7, "404", "10", "4G", Some("2024-05-03 08:00:00"), None),
        record(3, "", "", "", None, None),
        // An end before the start counts as closed, with no length.
        record(
            1,
            "999",
            "",
            "3G",
            Some("2024-05-03 09:00:00"),
            Some("2024-05-03 08:00:00"),
        ),
    ];
    let s = aggregate::aggregate(&records);
    assert_eq!(s.total, Bytes(161));
    assert_eq!(s.per_day.get(UNKNOWN), Some(&Bytes(3)));
    assert_eq!(
        s.per_day.keys().last().map(String::as_str),
        Some(UNKNOWN),
        "unknown sorts after dates"
    );
    assert_eq!(s.per_day.get("2024-05-01"), Some(&Bytes(150)));
    assert_eq!(s.per_network.get(UNKNOWN), Some(&Bytes(3)));
    assert_eq!(s.per_country.get("232"), Some(&Bytes(150)));
    assert_eq!(s.per_operator.get("232-03"), Some(&Bytes(50)));
    assert_eq!(s.per_operator.get(UNKNOWN), Some(&Bytes(3)));
    assert_eq!(s.per_operator.get("999-unknown"), Some(&Bytes(1)));
    let names = s.per_country_name();
    assert_eq!(names.get("Austria"), Some(&Bytes(150)));
    assert_eq!(names.get("India"), Some(&Bytes(7)));
    assert_eq!(names.get("MCC 999"), Some(&Bytes(1)));
    assert_eq!(names.get(UNKNOWN), Some(&Bytes(3)));
    assert_eq!(
        (s.sessions.count, s.sessions.open, s.sessions.closed()),
        (5, 2, 3)
    );
    assert_eq!(s.sessions.total_duration_secs, 1800 + 10);
    assert_eq!(s.sessions.longest_duration_secs, 1800);
    assert_eq!(s.sessions.average_duration_secs(), Some(1810 / 3));
    assert_eq!(s.first_start, Some(t("2024-05-01 10:00:00")));
    assert_eq!(s.last_start, Some(t("2024-05-03 09:00:00")));
}

#[test]
fn pages_added_as_they_arrive() {
    let a = [record(
        10,
        "460",
        "00",
        "4G",
        Some("2024-05-01 01:00:00"),
        None,
    )];
    let b = [record(
        20,
        "460",
        "01",
        "4G",
        Some("2024-04-30 01:00:00"),
        None,
    )];
    let mut s = UsageSummary::default();
    s.extend(&a);
    s.extend(b.iter());
    let mut merged = aggregate::aggregate(&b);
    merged.merge(&aggregate::aggregate(&a));
    assert_eq!(s, merged);
    assert_eq!(s.first_start, Some(t("2024-04-30 01:00:00")));
    assert_eq!(s.total, Bytes(30));
}

#[test]
fn daily_and_cumulative_series_include_zero_days() {
    let s = aggregate::aggregate(&[
        record(5, "460", "00", "4G", Some("2024-02-28 12:00:00"), None),
        record(7, "460", "00", "4G", Some("2024-03-01 00:00:00"), None),
        record(100, "460", "00", "4G", Some("2024-03-09 00:00:00"), None),
    ]);
    let days = s.daily_series(t("2024-02-27 18:00:00"), t("2024-03-02"));
    let values: Vec<(&str, u64)> = days.iter().map(|(d, b)| (d.as_str(), b.0)).collect();
    assert_eq!(
        values,
        [
            ("2024-02-27", 0),
            ("2024-02-28", 5),
            ("2024-02-29", 0),
            ("2024-03-01", 7),
            ("2024-03-02", 0)
        ]
    );
    let running: Vec<u64> = s
        .cumulative_series(t("2024-02-27"), t("2024-03-02"))
        .iter()
        .map(|(_, b)| b.0)
        .collect();
    assert_eq!(running, [0, 5, 5, 12, 12]);
    assert!(s.daily_series(t("2024-03-02"), t("2024-03-01")).is_empty());
    assert_eq!(s.daily_series(t("2024-03-01"), t("2024-03-01")).len(), 1);
    let capped = s.daily_series(t("1900-01-01"), t("2900-01-01"));
    assert_eq!(capped.len(), aggregate::MAX_SERIES_DAYS);
}

#[test]
fn top_n_groups_the_rest_as_other() {
    let map: BTreeMap<String, Bytes> = [("a", 5), ("b", 50), ("c", 20), ("d", 20), ("e", 1)]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), Bytes(v)))
        .collect();
    let top = top_n(&map, 2);
    let view: Vec<(&str, u64)> = top.iter().map(|(k, v)| (k.as_str(), v.0)).collect();
    assert_eq!(view, [("b", 50), ("c", 20), (OTHER, 26)]);
    assert_eq!(top_n(&map, 5).len(), 5);
    assert!(top_n(&map, 9).iter().all(|(k, _)| k != OTHER));
    assert_eq!(top_n(&map, 0), [(OTHER.to_owned(), Bytes(96))]);
    assert!(top_n(&BTreeMap::new(), 3).is_empty());
}

#[test]
fn country_table() {
    for (mcc, name) in [
        ("460", "China"),
        ("404", "India"),
        ("405", "India"),
        ("406", "India"),
        ("440", "Japan"),
        ("441", "Japan"),
        ("232", "Austria"),
        ("204", "Netherlands"),
        ("310", "United States"),
        ("316", "United States"),
        ("234", "United Kingdom"),
        ("235", "United Kingdom"),
        ("262", "Germany"),
        ("208", "France"),
        ("454", "Hong Kong"),
        ("525", "Singapore"),
        ("520", "Thailand"),
        ("510", "Indonesia"),
        ("724", "Brazil"),
        ("334", "Mexico"),
        ("505", "Australia"),
    ] {
        assert_eq!(country_name(mcc), Some(name), "{mcc}");
    }
    assert_eq!(country_name("317"), None);
    assert_eq!(country_name(""), None);
    assert_eq!(country_label("999"), "MCC 999");
    assert_eq!(country_label(" 460 "), "China");
    assert_eq!(country_label(""), UNKNOWN);
}

#[test]
fn operator_shares_by_name() {
    let records = [
        record(500, "520", "03", "4G", Some("2026-11-01 10:00:00"), None),
        record(200, "460", "00", "4G", Some("2026-11-01 11:00:00"), None),
        // Two codes of one operator add up under its name.
        record(100, "460", "07", "5G", Some("2026-11-02 11:00:00"), None),
        record(40, "232", "07", "4G", Some("2026-11-02 12:00:00"), None),
        record(30, "999", "01", "4G", Some("2026-11-02 13:00:00"), None),
        record(20, "", "", "", None, None),
    ];
    let s = aggregate::aggregate(&records);
    let names = s.per_operator_name();
    assert_eq!(names.get("AIS Thailand"), Some(&Bytes(500)));
    assert_eq!(names.get("China Mobile"), Some(&Bytes(300)));
    assert_eq!(names.get("Austria 232-07"), Some(&Bytes(40)));
    assert_eq!(names.get("Network 999-01"), Some(&Bytes(30)));
    assert_eq!(names.get(UNKNOWN), Some(&Bytes(20)));
    assert_eq!(names.len(), 5);
    assert_eq!(
        names.values().copied().sum::<Bytes>(),
        s.total,
        "no byte lost"
    );
    let top = top_n(&names, 2);
    assert_eq!(top[0], ("AIS Thailand".to_owned(), Bytes(500)));
    assert_eq!(top[2], (OTHER.to_owned(), Bytes(90)));
}

#[test]
fn operator_table() {
    for (mcc, mnc, name) in [
        ("460", "00", "China Mobile"),
        ("460", "01", "China Unicom"),
        ("404", "45", "Airtel India"),
        ("440", "10", "NTT Docomo"),
        ("262", "01", "Telekom DE"),
        ("234", "15", "Vodafone UK"),
        ("310", "260", "T-Mobile US"),
        ("454", "00", "CSL Hong Kong"),
        ("232", "01", "A1 Austria"),
        ("520", "03", "AIS Thailand"),
    ] {
        assert_eq!(operator_name(mcc, mnc), Some(name), "{mcc}-{mnc}");
    }
    assert_eq!(operator_name(" 460 ", "00 "), Some("China Mobile"));
    assert_eq!(operator_name("460", "99"), None);
    assert_eq!(operator_label("460-99"), "China 460-99");
    assert_eq!(operator_label("999-unknown"), "Network 999-unknown");
    assert_eq!(operator_label(UNKNOWN), UNKNOWN);
}

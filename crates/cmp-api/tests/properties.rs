//! Properties that must hold for every input: aggregation buckets add up, order and paging
//! do not matter, the device list reader accounts for every entry and never panics, dates
//! round-trip, and the byte formatter is monotonic.

use cmp_api::aggregate::{self, UsageSummary};
use cmp_api::time::TimeFormat;
use cmp_api::validate::{self, ValidationError, device_list};
use cmp_api::{Bytes, CdrRecord, CmpTime, format_bytes};
use proptest::prelude::*;
use proptest::sample::select;
use std::collections::{BTreeMap, HashMap};

fn arb_time() -> impl Strategy<Value = CmpTime> {
    // 2023-11-14 .. 2024-06-30: wide enough for many days, narrow enough for repeats.
    (1_700_000_000i64..1_719_700_000).prop_map(CmpTime::from_seconds)
}

fn arb_record() -> impl Strategy<Value = CdrRecord> {
    (
        0u64..(1 << 40),
        select(vec!["460", "404", "232", "999", ""]),
        select(vec!["00", "01", ""]),
        select(vec!["4G", "5G", "3G", ""]),
        proptest::option::of(arb_time()),
        proptest::option::of(0i64..200_000),
    )
        .prop_map(|(data, mcc, mnc, network, start, length)| CdrRecord {
            data: Bytes(data),
            mcc: mcc.into(),
            mnc: mnc.into(),
            network: network.into(),
            session_ended_at: length.map(|l| start.unwrap_or_default().add_seconds(l)),
            session_started_at: start,
            sim_id: "89852202310161621656".into(),
            ..Default::default()
        })
}

fn bucket_sum(map: &BTreeMap<String, Bytes>) -> Bytes {
    map.values().copied().sum()
}

proptest! {
    #[test]
    fn every_bucket_map_sums_to_the_total(records in prop::collection::vec(arb_record(), 0..60)) {
        let s = aggregate::aggregate(&records);
        let total: Bytes = records.iter().map(|r| r.data).sum();
        prop_assert_eq!(s.total, total);
        prop_assert_eq!(s.records, records.len() as u64);
        prop_assert_eq!(bucket_sum(&s.per_day), total);
        prop_assert_eq!(bucket_sum(&s.per_network), total);
        prop_assert_eq!(bucket_sum(&s.per_country), total);
        prop_assert_eq!(bucket_sum(&s.per_operator), total);
        prop_assert_eq!(bucket_sum(&s.per_country_name()), total);
        prop_assert_eq!(s.sessions.count, records.len() as u64);
        prop_assert!(s.sessions.open <= s.sessions.count);
        prop_assert!(s.sessions.longest_duration_secs <= s.sessions.total_duration_secs);
        for n in 0..6 {
            prop_assert_eq!(aggregate::top_n(&s.per_operator, n).iter().map(|(_, b)| *b).sum::<Bytes>(), total);
        }
    }

    #[test]
    fn order_does_not_matter(
        (records, shuffled) in prop::collection::vec(arb_record(), 0..60)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle()))
    ) {
        prop_assert_eq!(aggregate::aggregate(&records), aggregate::aggregate(&shuffled));
    }

    #[test]
    fn merging_halves_equals_the_whole(
        (records, at) in prop::collection::vec(arb_record(), 0..60)
            .prop_flat_map(|v| { let n = v.len(); (Just(v), 0..=n) })
    ) {
        let (left, right) = records.split_at(at);
        let mut merged = aggregate::aggregate(left);
        merged.merge(&aggregate::aggregate(right));
        prop_assert_eq!(&merged, &aggregate::aggregate(&records));
        let mut paged = UsageSummary::default();
        for page in records.chunks(7) {
            paged.extend(page);
        }
        prop_assert_eq!(paged, merged);
    }

    #[test]
    fn daily_series_covers_the_range(records in prop::collection::vec(arb_record(), 0..40), span in 0i64..200) {
        let s = aggregate::aggregate(&records);
        let start = CmpTime::date(2023, 11, 1).unwrap();
        let end = start.add_days(span);
        let series = s.daily_series(start, end);
        prop_assert_eq!(series.len() as i64, span + 1);
        let in_range: Bytes = s.per_day.iter()
            .filter(|(d, _)| d.as_str() >= start.iso_date().as_str() && d.as_str() <= end.iso_date().as_str())
            .map(|(_, b)| *b).sum();
        prop_assert_eq!(series.iter().map(|(_, b)| *b).sum::<Bytes>(), in_range);
        let cumulative = s.cumulative_series(start, end);
        prop_assert_eq!(cumulative.last().map(|(_, b)| *b).unwrap_or_default(), in_range);
        prop_assert!(cumulative.windows(2).all(|w| w[0].1 <= w[1].1));
    }
}

/// A token for a pasted list: a valid id from a small pool (so repeats happen), random digits
/// of any length, or digits with a symbol inside. No letters and no quotes, so the text is
/// always read as a plain list.
fn arb_token() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "89852022018041800192",
            "8965011909030066336",
            "893107042131441209"
        ])
        .prop_map(String::from),
        "[0-9]{1,25}",
        "[0-9]{0,10}[-+#/.*][0-9]{0,10}",
    ]
}

fn arb_separator() -> impl Strategy<Value = &'static str> {
    select(vec![
        "\n", "\r\n", ",", ", ", ";", " ", "\t", "\n\n", " ;\n",
    ])
}

proptest! {
    #[test]
    fn device_list_accounts_for_every_entry(
        parts in prop::collection::vec((arb_token(), arb_separator()), 0..40),
        lead in arb_separator(),
    ) {
        let mut text = lead.to_owned();
        let mut expected_valid: Vec<String> = Vec::new();
        let mut first_line: HashMap<String, usize> = HashMap::new();
        let mut expected_problems: Vec<(usize, String, bool)> = Vec::new();
        for (token, sep) in &parts {
            let line = 1 + text.matches('\n').count();
            text.push_str(token);
            text.push_str(sep);
            match validate::device_id(token) {
                Ok(id) => match first_line.get(&id) {
                    Some(_) => expected_problems.push((line, token.clone(), true)),
                    None => {
                        first_line.insert(id.clone(), line);
                        expected_valid.push(id);
                    }
                },
                Err(_) => expected_problems.push((line, token.clone(), false)),
            }
        }
        let report = device_list(&text);
        prop_assert_eq!(report.valid.len() + report.problems.len(), parts.len());
        prop_assert_eq!(&report.valid, &expected_valid);
        let got: Vec<(usize, String, bool)> = report.problems.iter()
            .map(|p| (p.line, p.text.clone(), matches!(p.error, ValidationError::Duplicate { .. })))
            .collect();
        prop_assert_eq!(got, expected_problems);
        for p in &report.problems {
            if let ValidationError::Duplicate { id, first_line: first } = &p.error {
                prop_assert_eq!(first_line.get(id), Some(first));
            }
        }
    }

    #[test]
    fn device_list_never_panics(text in any::<String>()) {
        let report = device_list(&text);
        prop_assert!(report.problems.iter().all(|p| p.line >= 1 && !p.error.to_string().is_empty()));
    }

    #[test]
    fn device_list_never_panics_on_csv_like_text(
        text in prop::collection::vec(
            select(vec!["\"", ",", ";", "\t", "\n", "\r", " ", "iccid", "device_id", "x", "é", "💥",
                        "\u{feff}", "89852022018041800192", "12", "\"\""]),
            0..60,
        ).prop_map(|parts| parts.concat())
    ) {
        let report = device_list(&text);
        let distinct: std::collections::HashSet<&String> = report.valid.iter().collect();
        prop_assert_eq!(distinct.len(), report.valid.len());
        prop_assert!(report.valid.iter().all(|id| validate::device_id(id).as_ref() == Ok(id)));
    }

    #[test]
    fn cmp_time_display_parse_round_trip(
        secs in -30_610_224_000i64..253_402_300_799,
        format in select(vec![TimeFormat::CompactDate, TimeFormat::CompactDateTime, TimeFormat::Date, TimeFormat::DateTime]),
    ) {
        let t = CmpTime::from_seconds(secs).with_format(format);
        let text = t.to_string();
        let back: CmpTime = text.parse().unwrap();
        prop_assert_eq!(back.to_string(), text.clone());
        let expected = match format {
            TimeFormat::CompactDate | TimeFormat::Date => t.start_of_day(),
            _ => t,
        };
        prop_assert_eq!(back, expected);
        prop_assert_eq!(back.seconds_since_epoch(), expected.seconds_since_epoch());
    }

    #[test]
    fn format_bytes_is_monotonic_and_never_empty(
        a in prop_oneof![any::<u64>(), (0u32..64, -3i64..=3).prop_map(|(k, d)| (1u64 << k).saturating_add_signed(d))],
        b in prop_oneof![any::<u64>(), 0u64..10_000_000],
    ) {
        let (lo, hi) = (a.min(b), a.max(b));
        let (lo_text, hi_text) = (format_bytes(lo), format_bytes(hi));
        prop_assert!(!lo_text.is_empty() && !hi_text.is_empty());
        let (lo_amount, lo_unit) = shown(&lo_text);
        let (hi_amount, hi_unit) = shown(&hi_text);
        prop_assert!(lo_unit <= hi_unit, "{} then {}", lo_text, hi_text);
        prop_assert!(lo_amount <= hi_amount, "{} then {}", lo_text, hi_text);
    }
}

/// The amount a formatted size shows, in bytes, and its unit's rank.
fn shown(text: &str) -> (f64, i32) {
    let (number, unit) = text.split_once(' ').expect("a number and a unit");
    let rank = ["B", "KB", "MB", "GB", "TB", "PB"]
        .iter()
        .position(|u| *u == unit)
        .expect("a known unit") as i32;
    (
        number.parse::<f64>().expect("a number") * 1024f64.powi(rank),
        rank,
    )
}

/// Codes drawn to collide once joined (`1-2` + `3` and `1` + `2-3`), blank, `unknown`,
/// or longer than the seven bytes the batch path compares as one integer (one of them
/// ending in NUL, which must not meet its shorter twin).
fn arb_code() -> impl Strategy<Value = String> {
    select(vec![
        "460",
        "1-2",
        "3",
        "1",
        "2-3",
        "",
        "unknown",
        " 01 ",
        "LTE-M/NB-IoT",
        "LTE-M/NB-IoT2",
        "a\0",
        "a",
        "1234567",
        "12345678",
    ])
    .prop_map(String::from)
}

fn arb_odd_record() -> impl Strategy<Value = CdrRecord> {
    (
        any::<u64>(),
        (arb_code(), arb_code(), arb_code()),
        proptest::option::of((-20_000i32..20_000, 0u8..=13, 0u8..=32, 0u8..=24)),
        proptest::option::of(0i64..200_000),
        proptest::option::of(any::<u64>()),
    )
        .prop_map(|(data, (mcc, mnc, network), start, length, duration)| {
            let start = start.map(|(year, month, day, hour)| CmpTime {
                year,
                month,
                day,
                hour,
                ..CmpTime::default()
            });
            CdrRecord {
                data: Bytes(data),
                mcc: mcc.into(),
                mnc: mnc.into(),
                network: network.into(),
                session_ended_at: length.map(|l| start.unwrap_or_default().add_seconds(l)),
                session_started_at: start,
                duration,
                ..Default::default()
            }
        })
}

proptest! {
    /// The batch path (borrowed keys, one string per distinct key) gives exactly what
    /// counting records one by one gives, even for odd dates, colliding codes and sums
    /// that saturate.
    #[test]
    fn batch_counting_equals_one_by_one(
        records in prop::collection::vec(prop_oneof![arb_record(), arb_odd_record()], 0..80)
    ) {
        let mut one_by_one = UsageSummary::default();
        for record in &records {
            one_by_one.add(record);
        }
        prop_assert_eq!(aggregate::aggregate(&records), one_by_one);
    }

    /// Numbers read as text or as counts without a detour through a `String` read as
    /// they did through one: their `Display` text.
    #[test]
    fn numbers_read_as_their_display_text(n in any::<u64>(), i in any::<i64>(), f in any::<f64>()) {
        let record: CdrRecord = cmp_api::decode(&format!(
            r#"{{"data":{n},"msisdn":{i},"plan_id":{n},"duration":"{n}"}}"#
        )).unwrap();
        prop_assert_eq!(record.data, Bytes(n));
        prop_assert_eq!(record.msisdn, Some(i.to_string().into()));
        prop_assert_eq!(record.plan_id, Some(n.to_string().into()));
        prop_assert_eq!(record.duration, Some(n));
        if f.is_finite() {
            let text = serde_json::to_string(&f).unwrap();
            let read: f64 = serde_json::from_str(&text).unwrap();
            let expected = if read.fract() == 0.0 && read.abs() < 9.0e15 {
                format!("{}", read as i64)
            } else {
                read.to_string()
            };
            let record: CdrRecord = cmp_api::decode(&format!(r#"{{"imsi":{text}}}"#)).unwrap();
            prop_assert_eq!(record.imsi, expected);
        }
    }
}

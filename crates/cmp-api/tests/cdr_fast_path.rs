//! The one-pass reading of CDR answers (`read_cdr_answer`) against the serde path
//! (`decode_slice`): on arbitrary answers (plain and odd values, numbers as text, `null`,
//! escapes, floats, negative and huge numbers, unknown and repeated keys, whitespace,
//! trailing bytes) it either gives up or reads exactly what the serde path reads; and it
//! does not give up on the answers the platform sends (the benchmark's pages).

use cmp_api::{CdrPage, Envelope, decode_cdr_answer, decode_slice, read_cdr_answer};
use proptest::prelude::*;

#[allow(dead_code)]
#[path = "../benches/cdr_input.rs"]
mod cdr_input;

fn serde_path(body: &str) -> String {
    match decode_slice::<Envelope<CdrPage>>(body.as_bytes()) {
        Ok(answer) => format!("{answer:?}"),
        Err(e) => format!("error: {e}"),
    }
}

const RECORD_KEYS: &[&str] = &[
    "data",
    "imsi",
    "mcc",
    "mnc",
    "msisdn",
    "network",
    "plan_id",
    "session_ended_at",
    "session_started_at",
    "sim_id",
    "duration",
    "data",
    "extra",
    "simId",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9 .:-]{0,24}".prop_map(|s| format!("\"{s}\"")),
        3 => (2025u32..2027, 1u32..13, 0u32..32, 0u32..24, 0u32..60, 0u32..61)
            .prop_map(|(y, mo, d, h, mi, s)| format!("\"{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}\"")),
        3 => any::<u64>().prop_map(|n| n.to_string()),
        2 => (0u32..5_000_000).prop_map(|n| n.to_string()),
        2 => Just("null".to_owned()),
        1 => prop_oneof![
            Just("\"\""), Just("\" 42 \""), Just("\"12.5\""), Just("01"), Just("-5"), Just("1.5"),
            Just("1e3"), Just("true"), Just("false"), Just("\"a\\nb\""), Just("[]"), Just("{}"),
            Just("\"\u{3000}460\u{a0}\""), Just("18446744073709551616"), Just("0"), Just("\"é€\""),
            Just("nul"), Just("\"20240509\""), Just("20240509"),
        ].prop_map(str::to_owned),
    ]
}

/// Whitespace JSON allows, usually none.
fn ws() -> impl Strategy<Value = &'static str> {
    prop_oneof![8 => Just(""), 1 => Just(" "), 1 => Just("\n\t "), 1 => Just("\r\n")]
}

fn record() -> impl Strategy<Value = String> {
    let members = prop::collection::vec((0..RECORD_KEYS.len(), scalar(), ws()), 0..12);
    (members, 0u8..8).prop_map(|(members, shape)| {
        let mut seen = std::collections::HashSet::new();
        let members: Vec<String> = members
            .into_iter()
            // Mostly each field once, as the platform writes them; now and then repeated.
            .filter(|(k, _, _)| seen.insert(*k) || shape == 0)
            .map(|(k, v, w)| format!("{w}\"{}\"{w}:{w}{v}{w}", RECORD_KEYS[k]))
            .collect();
        format!("{{{}}}", members.join(","))
    })
}

/// A record of the shapes the platform writes (each field once, times as text), so the
/// fast path reads whole answers of them.
fn plain_record() -> impl Strategy<Value = String> {
    let time = prop_oneof![
        (
            2025u32..2027,
            1u32..13,
            0u32..32,
            0u32..24,
            0u32..60,
            0u32..61
        )
            .prop_map(|(y, mo, d, h, mi, s)| format!(
                "\"{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}\""
            )),
        Just("null".to_owned()),
        Just("\" \"".to_owned()),
        "[0-9 -:]{0,20}".prop_map(|s| format!("\"{s}\"")),
    ];
    let plain = prop_oneof![
        "[a-zA-Z0-9 .:-]{0,24}".prop_map(|s| format!("\"{s}\"")),
        any::<u64>().prop_map(|n| n.to_string()),
        Just("null".to_owned()),
        Just("\" 0042 \"".to_owned()),
        Just("\"\u{3000}é\"".to_owned()),
    ];
    (
        prop::collection::vec((plain, any::<bool>()), 9),
        time.clone(),
        time,
        ws(),
    )
        .prop_map(|(values, ended, started, w)| {
            let keys = [0, 1, 2, 3, 4, 5, 6, 9, 10];
            let mut members: Vec<String> = keys
                .iter()
                .zip(&values)
                .filter(|(_, (_, present))| *present)
                .map(|(k, (v, _))| format!("\"{}\":{w}{v}", RECORD_KEYS[*k]))
                .collect();
            members.push(format!("\"session_ended_at\":{ended}"));
            members.push(format!("{w}\"session_started_at\":{started}"));
            format!("{{{}}}", members.join(","))
        })
}

fn answer() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            prop::collection::vec(record(), 0..5),
            prop::collection::vec(plain_record(), 0..5),
        ],
        prop_oneof![Just("\"0000\""), Just("0"), Just("null"), Just("\" CB \"")],
        prop_oneof![Just("true"), Just("false"), Just("null"), Just("\"true\"")],
        prop_oneof![
            4 => Just(r#","status":{"code":"0000","detail":null,"message":"OK"}"#),
            1 => Just(r#","status":null"#),
            1 => Just(r#","status":{"code":"CB-01","detail":" busy ","message":""}"#),
            1 => Just(""),
            1 => Just(r#","other":1"#),
        ],
        prop_oneof![4 => Just(""), 1 => Just(" \n"), 1 => Just("x"), 1 => Just(",")],
        ws(),
        0u8..10,
    )
        .prop_map(|(records, code, success, status, tail, w, shape)| {
            let data = match shape {
                0 => "null".to_owned(),
                1 => r#"{"data":null,"total_count":0}"#.to_owned(),
                _ => format!(
                    r#"{{"data":[{}]{status},"total_count":{}}}"#,
                    records.join(&format!(",{w}")),
                    records.len()
                ),
            };
            format!(
                r#"{w}{{"code":{code},"message":"成功","success":{success},"data":{data}}}{tail}"#
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn the_fast_path_reads_what_the_serde_path_reads_or_gives_up(body in answer()) {
        if let Some(fast) = read_cdr_answer(body.as_bytes()) {
            prop_assert_eq!(format!("{fast:?}"), serde_path(&body), "body {}", body);
        }
        let either = match decode_cdr_answer(body.as_bytes()) {
            Ok(answer) => format!("{answer:?}"),
            Err(e) => format!("error: {e}"),
        };
        prop_assert_eq!(either, serde_path(&body), "body {}", body);
    }
}

#[test]
fn the_platforms_pages_take_the_fast_path() {
    for body in cdr_input::cdr_pages(3, 300) {
        let fast = read_cdr_answer(body.as_bytes()).expect("the fast path reads the page");
        assert_eq!(fast.data.as_ref().map(|p| p.data.len()), Some(300));
        assert_eq!(format!("{fast:?}"), serde_path(&body));
    }
    let spec = r#"{"code":"0000","data":{"data":[{"data":"1024","imsi":"232010879771943","mcc":"232","mnc":"01","msisdn":null,"network":"4G","plan_id":"","session_ended_at":null,"session_started_at":"2026-06-03 10:00:00","sim_id":"8985","duration":60}],"status":{"code":"CB-00-0000","detail":null,"message":"Success"},"total_count":1},"message":"success","success":true}"#;
    let fast = read_cdr_answer(spec.as_bytes()).expect("the fast path reads it");
    assert_eq!(format!("{fast:?}"), serde_path(spec));
}

#[test]
fn odd_shapes_are_left_to_the_serde_path() {
    for body in [
        r#"{"code":"0000","data":{"data":[{"data":1.5}]}}"#,
        r#"{"code":"0000","data":{"data":[{"imsi":"a\"b"}]}}"#,
        r#"{"code":"0000","data":{"data":[{"mcc":"1","mcc":"2"}]}}"#,
        r#"{"code":"0000","data":{"data":[{"simId":"1"}]}}"#,
        r#"{"code":"0000","data":{"data":[]}} x"#,
        r#"{"code":"0000","data":""}"#,
    ] {
        assert!(read_cdr_answer(body.as_bytes()).is_none(), "{body}");
        let either = decode_cdr_answer(body.as_bytes()).map(|a| format!("{a:?}"));
        assert_eq!(
            either.map_err(|e| e.to_string()),
            decode_slice::<Envelope<CdrPage>>(body.as_bytes())
                .map(|a| format!("{a:?}"))
                .map_err(|e| e.to_string())
        );
    }
}

#[test]
fn the_property_above_exercises_the_fast_path() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let (mut read, mut records) = (0, 0);
    for _ in 0..1000 {
        let body = answer().new_tree(&mut runner).unwrap().current();
        if let Some(answer) = read_cdr_answer(body.as_bytes()) {
            read += 1;
            records += answer.data.map_or(0, |p| p.data.len());
        }
    }
    // Not vacuous: a good share of the generated answers, records included, are read fast.
    assert!(
        read >= 150 && records >= 100,
        "{read} answers, {records} records"
    );
}

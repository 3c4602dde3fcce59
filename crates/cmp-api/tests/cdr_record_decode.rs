//! The hand-written decoder of `CdrRecord` against the serde-derived one it replaced, kept
//! here as the oracle: on arbitrary records (numbers as strings, `null`, `""`, escapes,
//! missing, unknown, repeated and camelCase keys, records given as arrays, values of every
//! JSON type) both read the same record, or both refuse it with the same words; through
//! text, through `serde_json::Value`, and inside a whole answer as the SPA decodes it.

use cmp_api::{CdrRecord, CmpTime, Envelope, decode};
use proptest::prelude::*;
use serde::Deserialize;

/// `CdrRecord` as it was declared before its decoder was written by hand.
#[derive(Debug, Deserialize)]
#[serde(rename = "CdrRecord")]
struct Derived {
    data: cmp_api::Bytes,
    #[serde(default, with = "cmp_api::lenient::opt_text_required")]
    imsi: String,
    #[serde(default, with = "cmp_api::lenient::opt_text_required")]
    mcc: String,
    #[serde(default, with = "cmp_api::lenient::opt_text_required")]
    mnc: String,
    #[serde(default, with = "cmp_api::lenient::opt_text")]
    msisdn: Option<String>,
    #[serde(default, with = "cmp_api::lenient::opt_text_required")]
    network: String,
    #[serde(default, with = "cmp_api::lenient::opt_text")]
    plan_id: Option<String>,
    #[serde(default, with = "cmp_api::lenient::opt_str")]
    session_ended_at: Option<CmpTime>,
    #[serde(default, with = "cmp_api::lenient::opt_str")]
    session_started_at: Option<CmpTime>,
    #[serde(default, with = "cmp_api::lenient::opt_text_required")]
    sim_id: String,
    #[serde(default, with = "cmp_api::lenient::opt_num")]
    duration: Option<u64>,
}

impl From<Derived> for CdrRecord {
    fn from(d: Derived) -> Self {
        CdrRecord {
            data: d.data,
            imsi: d.imsi.into(),
            mcc: d.mcc.into(),
            mnc: d.mnc.into(),
            msisdn: d.msisdn.map(Into::into),
            network: d.network.into(),
            plan_id: d.plan_id.map(Into::into),
            session_ended_at: d.session_ended_at,
            session_started_at: d.session_started_at,
            sim_id: d.sim_id.into(),
            duration: d.duration,
        }
    }
}

/// The derived twin of `CdrPage`, for whole answers.
#[derive(Debug, Deserialize)]
struct DerivedPage {
    #[serde(default, with = "cmp_api::lenient::list")]
    data: Vec<Derived>,
}

/// What a decode gave, in full (`CmpTime`'s `==` ignores how a time was written; `Debug`
/// does not), or the error's words.
fn outcome<E: std::fmt::Display>(r: Result<CdrRecord, E>) -> String {
    match r {
        Ok(record) => format!("{record:?}"),
        Err(e) => format!("error: {}", same_name(e)),
    }
}

/// An error's words with the oracle's type named as the record was (serde's derive names
/// the Rust type in "struct … with 11 elements").
fn same_name(e: impl std::fmt::Display) -> String {
    e.to_string().replace("struct Derived", "struct CdrRecord")
}

const KEYS: &[&str] = &[
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
    // Near misses, other spellings, escapes, unknown keys.
    "sessionStartedAt",
    "planId",
    "simId",
    "dat",
    "datA",
    "mcd",
    "d\\u0061ta",
    "sim_i\\u0064",
    "extra",
    "",
];

/// A JSON value as text, of the kinds the upstream sends and some it should not.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("\"\"".to_owned()),
        Just("\"  \"".to_owned()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u32..5_000_000).prop_map(|n| format!("\"{n}\"")),
        (0u32..5_000_000).prop_map(|n| format!("\" {n} \"")),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        prop_oneof![
            Just("12.5"),
            Just("1e16"),
            Just("-0.0"),
            Just("3e19"),
            Just("\"7.9\"")
        ]
        .prop_map(str::to_owned),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("[1,\"a\",null]".to_owned()),
        Just("{\"a\":{\"b\":[]}}".to_owned()),
        // Dates, valid and not, in every format and near misses.
        (
            2000u32..2100,
            0u32..14,
            0u32..33,
            0u32..25,
            0u32..61,
            0u32..61
        )
            .prop_map(|(y, mo, d, h, mi, s)| format!(
                "\"{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}\""
            )),
        (2000u32..2100, 1u32..13, 1u32..29)
            .prop_map(|(y, mo, d)| format!("\"{y:04}{mo:02}{d:02}\"")),
        Just("\" 2024-05-09 10:00:00\"".to_owned()),
        Just("\"2024-05-09T10:00:00\"".to_owned()),
        Just("\"2024-02-30 10:00:00\"".to_owned()),
        Just("\"2024-05-09\"".to_owned()),
        Just("20240509".to_owned()),
        Just("20240509103000".to_owned()),
        // Text with escapes and beyond ASCII.
        "[a-zA-Z0-9 .:-]{0,24}".prop_map(|s| format!("\"{s}\"")),
        prop_oneof![
            Just("\"4\\u0047\""),
            Just("\"a\\\"b\\\\c\\n\""),
            Just("\"caf\\u00e9 \\u20ac\""),
            Just("\"\\ud83d\\ude00\""),
            Just("\"\u{3000}460\u{a0}\""),
            Just("\"\\t460\\n\""),
            Just("\"\\ud800\""),
        ]
        .prop_map(str::to_owned),
    ]
}

/// A record as JSON text: an object of (key, value) members (keys may repeat), or now and
/// then the values alone as an array (serde reads a struct from an array too).
fn record() -> impl Strategy<Value = String> {
    let members = prop::collection::vec((0..KEYS.len(), value()), 0..14);
    (members, 0u8..12).prop_map(|(members, shape)| {
        if shape == 0 {
            let values: Vec<&str> = members.iter().map(|(_, v)| v.as_str()).collect();
            format!("[{}]", values.join(","))
        } else {
            let members: Vec<String> = members
                .iter()
                .map(|(k, v)| format!("\"{}\":{v}", KEYS[*k]))
                .collect();
            format!("{{{}}}", members.join(","))
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn the_hand_written_decoder_reads_what_the_derived_one_read(text in record()) {
        let new = serde_json::from_str::<CdrRecord>(&text);
        let old = serde_json::from_str::<Derived>(&text).map(CdrRecord::from);
        prop_assert_eq!(outcome(new), outcome(old), "text {}", text);

        // Through serde_json::Value, as the envelope's fallback reads a record.
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) {
            let new = serde_json::from_value::<CdrRecord>(value.clone());
            let old = serde_json::from_value::<Derived>(value).map(CdrRecord::from);
            prop_assert_eq!(outcome(new), outcome(old), "value {}", text);
        }
    }

    #[test]
    fn whole_answers_decode_alike(records in prop::collection::vec(record(), 0..4)) {
        let body = format!(
            r#"{{"code":"0000","data":{{"data":[{}],"total_count":3}},"success":true}}"#,
            records.join(",")
        );
        let new = decode::<Envelope<cmp_api::CdrPage>>(&body)
            .map(|e| e.data.map(|p| format!("{:?}", p.data)));
        let old = decode::<Envelope<DerivedPage>>(&body).map(|e| {
            e.data.map(|p| {
                let records: Vec<CdrRecord> = p.data.into_iter().map(CdrRecord::from).collect();
                format!("{records:?}")
            })
        });
        prop_assert_eq!(
            new.map_err(|e| e.to_string()),
            old.map_err(same_name),
            "body {}",
            body
        );
        // And from bytes, as the SPA reads an answer.
        let from_bytes = cmp_api::decode_slice::<Envelope<cmp_api::CdrPage>>(body.as_bytes())
            .map(|e| e.data.map(|p| format!("{:?}", p.data)));
        let from_text = decode::<Envelope<cmp_api::CdrPage>>(&body)
            .map(|e| e.data.map(|p| format!("{:?}", p.data)));
        prop_assert_eq!(
            from_bytes.map_err(|e| e.to_string()),
            from_text.map_err(|e| e.to_string())
        );
    }
}

#[test]
fn a_record_from_the_platform_reads_the_same() {
    let text = r#"{"data":"1024","imsi":232010879771943,"mcc":"232","mnc":"01","msisdn":null,"network":"4G","plan_id":"","session_ended_at":null,"session_started_at":"2026-06-03 10:00:00","sim_id":"8985","duration":"60"}"#;
    let new: CdrRecord = serde_json::from_str(text).unwrap();
    let old: CdrRecord = serde_json::from_str::<Derived>(text).unwrap().into();
    assert_eq!(format!("{new:?}"), format!("{old:?}"));
    assert_eq!(new.data.0, 1024);
    assert_eq!(new.imsi, "232010879771943");
    assert_eq!(new.duration, Some(60));
    assert_eq!(new.msisdn, None);
}

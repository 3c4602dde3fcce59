//! The scan against the serde reading it replaced (kept here as the oracle): the same
//! answer for real answers, odd envelopes, and every truncation, deletion and replacement
//! of one byte of them.

use super::*;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::fmt;

/// The serde reading of an envelope before the scan (`UpstreamReply::parse` until then).
fn oracle(body: &[u8]) -> Option<Scanned> {
    if body.trim_ascii_start().first() != Some(&b'{') {
        return None;
    }
    let head: Head = serde_json::from_slice(body).ok()?;
    if matches!(head.code, Scalar::Other(_)) {
        return None;
    }
    let data_status = head.data.and_then(|d| d.status).map(|raw| {
        let start = raw.get().as_ptr() as usize - body.as_ptr() as usize;
        start..start + raw.get().len()
    });
    Some(Scanned {
        code: head.code.into_text(),
        message: head.message.map(Scalar::into_text).unwrap_or_default(),
        data_status,
    })
}

/// The envelope fields the proxy reads; everything else is skipped unparsed into values.
#[derive(Deserialize)]
struct Head<'a> {
    code: Scalar,
    #[serde(default)]
    message: Option<Scalar>,
    #[serde(default, borrow)]
    data: Option<DataHead<'a>>,
}

/// `data` skipped, except for where its `status` member lies (any other shape reads as none).
#[derive(Default)]
struct DataHead<'a> {
    status: Option<&'a RawValue>,
}

impl<'de: 'a, 'a> Deserialize<'de> for DataHead<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DataVisitor(std::marker::PhantomData))
    }
}

struct DataVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for DataVisitor<'a> {
    type Value = DataHead<'a>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<DataHead<'a>, M::Error> {
        let mut head = DataHead::default();
        while let Some(IsStatus(is_status)) = map.next_key()? {
            if is_status {
                head.status = map.next_value()?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(head)
    }

    fn visit_seq<S: SeqAccess<'de>>(self, mut seq: S) -> Result<DataHead<'a>, S::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(DataHead::default())
    }

    fn visit_bool<E>(self, _: bool) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }

    fn visit_i64<E>(self, _: i64) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }

    fn visit_u64<E>(self, _: u64) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }

    fn visit_f64<E>(self, _: f64) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }

    fn visit_str<E>(self, _: &str) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }

    fn visit_unit<E>(self) -> Result<DataHead<'a>, E> {
        Ok(DataHead::default())
    }
}

/// Whether an object key is `status`, read without keeping it.
struct IsStatus(bool);

impl<'de> Deserialize<'de> for IsStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = IsStatus;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object key")
            }

            fn visit_str<E>(self, key: &str) -> Result<IsStatus, E> {
                Ok(IsStatus(key == "status"))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A `code` or `message`: text is kept, a number is accepted (as the upstream sometimes
/// sends codes) but reads as no text, as before; anything else is skipped.
#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    #[allow(dead_code, reason = "only told apart from other values, never read")]
    Number(serde_json::Number),
    Other(IgnoredAny),
}

impl Scalar {
    fn into_text(self) -> String {
        match self {
            Scalar::Text(s) => s,
            Scalar::Number(_) | Scalar::Other(_) => String::new(),
        }
    }
}

const SAMPLES: &[&str] = &[
    r#"{"code":"0000","data":{"data":[{"data":56,"imsi":"520030503490290","mcc":"520","mnc":"03","network":"5G","session_ended_at":"2026-12-07 21:25:10","duration":20},{"data":5.9e1,"x":[true,false,null,-0.5,1E+2,[],{}]}],"status":{"code":"CB-00-0000","detail":null,"message":"Success"},"total_count":2},"message":"success","success":true}"#,
    r#" {"code":1001,"message":null}  "#,
    "{\n\t\"data\" : null ,\r\"code\":\"2001\"}",
    r#"{"code":"3","message":{"zh":"x","n":[1,2.5]},"data":[{"status":1}]}"#,
    r#"{"c\u006fde":"0\u0030","message":"a\"b\\c\/\b\f\n\r\t\u00e9","data":{"stat\u0075s":7,"status":{"a":"\ud83d\ude00"}}}"#,
    r#"{"code":"0000","data":"text","message":"é ü"}"#,
    r#"{"code":"0000","data":-12,"extra":{"status":{"deep":[[[]]]}}}"#,
];

fn check(body: &[u8]) {
    assert_eq!(
        scan(body),
        oracle(body),
        "{:?}",
        String::from_utf8_lossy(body)
    );
}

#[test]
fn real_and_odd_envelopes_read_as_serde_read_them() {
    for sample in SAMPLES {
        assert!(oracle(sample.as_bytes()).is_some(), "{sample}");
        check(sample.as_bytes());
    }
    for text in [
        "",
        "{}",
        "{ }",
        "[]",
        "42",
        r#"{"code":null}"#,
        r#"{"code":["0000"]}"#,
        r#"{"code":"1","code":"2"}"#,
        r#"{"code":"1","data":1,"data":2}"#,
        r#"{"code":"1",}"#,
        r#"{"code":"1"} x"#,
        r#"{"code":"1","data":{"status":1,"status":null}}"#,
        r#"{"code":1e400}"#,
        r#"{"code":"1","message":1e400}"#,
        r#"{"code":"1","data":1e400}"#,
        r#"{"code":"1","other":1e400}"#,
        r#"{"code":"1","data":[01]}"#,
        r#"{"code":"1","data":"\ud800"}"#,
        r#"{"code":"1","other":"\ud800"}"#,
        r#"{"code":"\ud800"}"#,
        "{\"code\":\"1\",\"other\":\"\u{1}\"}",
        "{\"code\":\"1\"}\u{c}",
    ] {
        check(text.as_bytes());
    }
    let bad_utf8: [&[u8]; 4] = [
        b"{\"code\":\"\xff\"}",
        b"{\"code\":\"1\",\"other\":\"\xff\"}",
        b"{\"code\":\"1\",\"\xff\":1}",
        b"{\"code\":\"1\",\"data\":{\"\xff\":1,\"x\":\"\xff\"}}",
    ];
    for body in bad_utf8 {
        check(body);
    }
}

#[test]
fn every_cut_deletion_and_changed_byte_reads_as_serde_read_it() {
    let replacements = b"\"\\{}[],:0-e.+ un\x01\xff/9tE";
    for sample in SAMPLES {
        let bytes = sample.as_bytes();
        for cut in 0..bytes.len() {
            check(&bytes[..cut]);
            let mut deleted = bytes.to_vec();
            deleted.remove(cut);
            check(&deleted);
            for &r in replacements {
                let mut changed = bytes.to_vec();
                changed[cut] = r;
                check(&changed);
            }
        }
    }
}

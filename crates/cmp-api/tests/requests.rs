//! The door (`cmp_api::requests`): the spec's example bodies pass and come out as the typed
//! request's serialisation; malformed bodies are refused naming the field; every valid typed
//! request survives the trip through JSON exactly; and no number ever comes out altered.

use cmp_api::requests::number::same_number;
use cmp_api::requests::{CheckedRequest, Problem, Query, RequestError, read};
use cmp_api::validate::MAX_SUBSCRIBED_COUNT;
use cmp_api::{
    AheadFinishRequest, BatchOrderRequest, DeviceType, OpenFlag, Operation, OrderIdRequest,
    OrderStatus, QueryOrderRequest,
};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}.json", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn canonical(op: Operation, body: &[u8]) -> Value {
    let checked = read(op, body).unwrap_or_else(|e| panic!("{}: {e}", op.name()));
    Value::Object(checked.body())
}

fn refusal(op: Operation, body: &str) -> RequestError {
    match read(op, body.as_bytes()) {
        Ok(checked) => panic!("{} accepted {body} as {checked:?}", op.name()),
        Err(e) => e,
    }
}

#[test]
fn the_specs_example_bodies_pass_and_come_out_typed() {
    use Operation::*;
    let expect = [
        (
            BatchOrderPackages,
            "batch_order_request",
            json!({"deviceList":["89852022018041800192","89852022018041800193"],"is_open":"0","package_code":"DP20190726001274","subscribed_count":10}),
        ),
        (
            OpenPackage,
            "open_package_request",
            json!({"order_id":"202107061625560742397"}),
        ),
        (
            CancelPackage,
            "cancel_package_request",
            json!({"order_id":"202108011627816741391"}),
        ),
        (
            AheadFinishDeviceOrder,
            "ahead_finish_request",
            json!({"ahead_finish_cause":"test","device_type":null,"order_id":"202107061625560742397"}),
        ),
        (
            QueryOrder,
            "query_order_request",
            json!({"device_id":null,"order_id":null,"order_status":null,"page_no":1,"page_size":3}),
        ),
        (
            QueryDevice,
            "query_device_request",
            json!({"device_id":"89852202310161621656"}),
        ),
        (
            GetTrafficPoolInfo,
            "traffic_pool_request",
            json!({"page_no":1,"page_size":1}),
        ),
    ];
    for (op, name, want) in expect {
        assert_eq!(canonical(op, &fixture(name)), want, "{name}");
    }
    // The example's `"version": 1.0` stays the number 1.0, written as it was sent.
    let sync = canonical(SyncPackages, &fixture("sync_packages_request"));
    assert_eq!(
        sync.to_string(),
        r#"{"page_no":1,"page_size":2,"version":1.0}"#
    );
}

#[test]
fn malformed_bodies_are_refused_naming_the_field() {
    use Operation::*;
    let d = "89852022018041800192";
    let cases: Vec<(Operation, String, &str, &str)> = vec![
        (CancelPackage, "{}".into(), "order_id", "is required"),
        (OpenPackage, "".into(), "order_id", "is required"),
        (
            CancelPackage,
            r#"{"order_id":null}"#.into(),
            "order_id",
            "is required",
        ),
        (
            OpenPackage,
            r#"{"order_id":""}"#.into(),
            "order_id",
            "is required",
        ),
        (
            OpenPackage,
            r#"{"order_id":"  "}"#.into(),
            "order_id",
            "is required",
        ),
        (
            CancelPackage,
            r#"{"order_id":202108011627816741391}"#.into(),
            "order_id",
            "text in quotes, not the number 202108011627816741391",
        ),
        (
            OpenPackage,
            r#"{"order_id":["A"]}"#.into(),
            "order_id",
            "not a list",
        ),
        (
            OpenPackage,
            r#"{"order_id":"ORD 1"}"#.into(),
            "order_id",
            "a space at position 4",
        ),
        (
            OpenPackage,
            r#"{"order_id":"A","orderId":"B"}"#.into(),
            "order_id",
            "given twice",
        ),
        (
            CancelPackage,
            r#"{"order_id":"A","reason":"x"}"#.into(),
            "reason",
            "not a field of cancelPackage",
        ),
        (
            BatchOrderPackages,
            r#"{"deviceList":"x","package_code":1,"is_open":"9"}"#.into(),
            "deviceList",
            "a list of device ids, not the text “x”",
        ),
        (
            BatchOrderPackages,
            r#"{"deviceList":[],"package_code":"DP1","is_open":"0"}"#.to_string(),
            "deviceList",
            "is empty",
        ),
        (
            BatchOrderPackages,
            r#"{"package_code":"DP1","is_open":"0"}"#.into(),
            "deviceList",
            "is required",
        ),
        (
            BatchOrderPackages,
            r#"{"deviceList":[89852022018041800192],"package_code":"DP1","is_open":"0"}"#.into(),
            "deviceList[0]",
            "the number 89852022018041800192",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}","12"],"package_code":"DP1","is_open":"0"}}"#),
            "deviceList[1]",
            "“12” has 2 digits",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}",null],"package_code":"DP1","is_open":"0"}}"#),
            "deviceList[1]",
            "nothing was entered",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}"," {d}"],"package_code":"DP1","is_open":"0"}}"#),
            "deviceList[1]",
            "already deviceList[0]",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}"],"package_code":1,"is_open":"0"}}"#),
            "package_code",
            "not the number 1",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}"],"package_code":"DP1","is_open":"9"}}"#),
            "is_open",
            "\"0\" (do not activate) or \"1\" (activate at once), not the text “9”",
        ),
        (
            BatchOrderPackages,
            format!(r#"{{"deviceList":["{d}"],"package_code":"DP1","is_open":1}}"#),
            "is_open",
            "text in quotes",
        ),
        (
            BatchOrderPackages,
            format!(
                r#"{{"deviceList":["{d}"],"package_code":"DP1","is_open":"0","subscribed_count":0}}"#
            ),
            "subscribed_count",
            "“0” is not",
        ),
        (
            BatchOrderPackages,
            format!(
                r#"{{"deviceList":["{d}"],"package_code":"DP1","is_open":"0","subscribed_count":2147483648}}"#
            ),
            "subscribed_count",
            "from 1 to 2147483647",
        ),
        (
            BatchOrderPackages,
            format!(
                r#"{{"deviceList":["{d}"],"device_list":["{d}"],"package_code":"DP1","is_open":"0"}}"#
            ),
            "deviceList",
            "given twice",
        ),
        (
            AheadFinishDeviceOrder,
            r#"{"order_id":"A"}"#.into(),
            "ahead_finish_cause",
            "is required",
        ),
        (
            AheadFinishDeviceOrder,
            format!(
                r#"{{"order_id":"A","ahead_finish_cause":"{}"}}"#,
                "x".repeat(201)
            ),
            "ahead_finish_cause",
            "at most 200 characters",
        ),
        (
            AheadFinishDeviceOrder,
            r#"{"order_id":"A","ahead_finish_cause":"t","device_type":"9"}"#.into(),
            "device_type",
            "\"5\" (SoC)",
        ),
        (QueryDevice, "{}".into(), "device_id", "is required"),
        (
            QueryDevice,
            r#"{"device_id":89852202310161621656}"#.into(),
            "device_id",
            "text in quotes",
        ),
        (
            QueryOrder,
            r#"{"page_no":0}"#.into(),
            "page_no",
            "from 1 up",
        ),
        (
            QueryOrder,
            r#"{"page_size":2.5}"#.into(),
            "page_size",
            "the number 2.5",
        ),
        (
            QueryOrder,
            r#"{"order_status":"4"}"#.into(),
            "order_status",
            "\"5\" (paused)",
        ),
        (
            QueryOrder,
            r#"{"page_no":1,"x":898520220180418001920000}"#.into(),
            "x",
            "the number 898520220180418001920000 cannot be passed on exactly",
        ),
        (
            GetTrafficPoolInfo,
            r#"{"page_no":99999999999999999999999}"#.into(),
            "page_no",
            "not the number 99999999999999999999999",
        ),
        (
            SyncPackages,
            r#"{"version":[1]}"#.into(),
            "version",
            "text or a number",
        ),
        (
            SyncPackages,
            "[1]".into(),
            "body",
            "must be a JSON object, not a list",
        ),
        (
            SyncPackages,
            "{\"page_no\":".into(),
            "body",
            "not valid JSON",
        ),
    ];
    assert!(cases.len() >= 30);
    for (op, body, field, says) in cases {
        let e = refusal(op, &body);
        assert_eq!(e.field, field, "{} {body}: {e}", op.name());
        let message = e.to_string();
        assert!(message.starts_with(&format!("{field}: ")), "{message}");
        assert!(message.contains(says), "{} {body}: {message}", op.name());
    }
}

#[test]
fn spellings_fold_to_the_spec_and_signing_members_are_dropped() {
    let body = br#"{"device_list":[" 89852022018041800192 "],"Package_code":"DP1","isOpen":"1","access_code":"X","timestamp":"1","sign":"s"}"#;
    assert_eq!(
        canonical(Operation::BatchOrderPackages, body),
        json!({"deviceList":["89852022018041800192"],"is_open":"1","package_code":"DP1"})
    );
    let query = br#"{"deviceId":"8985","pageNo":"2","order_type":"1","filter":{"n":[1,2.5]}}"#;
    assert_eq!(
        canonical(Operation::QueryOrder, query),
        json!({"device_id":"8985","order_id":null,"order_status":null,"page_no":2,"page_size":null,"order_type":"1","filter":{"n":[1,2.5]}})
    );
}

#[test]
fn the_cdr_operation_has_no_body_to_read() {
    assert_eq!(refusal(Operation::SimCdr, "{}").field, "body");
}

fn device_id() -> impl Strategy<Value = String> {
    "[0-9]{18,22}"
}

fn code() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.:-]{1,64}"
}

/// A reason the end-early dialog would send: trimmed, 1 to 200 characters, any script.
fn reason() -> impl Strategy<Value = String> {
    "[\\PC&&[^\u{2028}\u{2029}]]{1,200}".prop_filter_map("blank or padded", |s| {
        let t = s.trim().to_owned();
        (!t.is_empty() && t.chars().count() <= 200).then_some(t)
    })
}

fn batch() -> impl Strategy<Value = BatchOrderRequest> {
    (
        prop::collection::btree_set(device_id(), 1..30),
        select(vec![OpenFlag::No, OpenFlag::Yes]),
        code(),
        prop::option::of(1..=MAX_SUBSCRIBED_COUNT),
    )
        .prop_map(
            |(ids, is_open, package_code, subscribed_count)| BatchOrderRequest {
                device_list: ids.into_iter().collect(),
                is_open,
                package_code,
                subscribed_count,
            },
        )
}

fn ahead() -> impl Strategy<Value = AheadFinishRequest> {
    (
        reason(),
        prop::option::of(select(DeviceType::ALL.to_vec())),
        code(),
    )
        .prop_map(
            |(ahead_finish_cause, device_type, order_id)| AheadFinishRequest {
                ahead_finish_cause,
                device_type,
                order_id,
            },
        )
}

fn query_order() -> impl Strategy<Value = QueryOrderRequest> {
    (
        prop::option::of(code()),
        prop::option::of(code()),
        prop::option::of(select(OrderStatus::ALL.to_vec())),
        prop::option::of(1..=u64::MAX),
        prop::option::of(1..=u64::MAX),
    )
        .prop_map(|(device_id, order_id, order_status, page_no, page_size)| {
            QueryOrderRequest {
                device_id,
                order_id,
                order_status,
                page_no,
                page_size,
            }
        })
}

/// Number text of every shape JSON allows: long integers, fractions, exponents.
fn number_text() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        "[1-9][0-9]{0,40}|0",
        prop::option::of("[0-9]{1,25}"),
        prop::option::of((
            select(vec!["e", "E"]),
            select(vec!["", "+", "-"]),
            0u32..400,
        )),
    )
        .prop_map(|(negative, int, frac, exp)| {
            let mut s = String::new();
            if negative {
                s.push('-');
            }
            s.push_str(&int);
            if let Some(frac) = frac {
                s.push('.');
                s.push_str(&frac);
            }
            if let Some((e, sign, n)) = exp {
                s.push_str(&format!("{e}{sign}{n}"));
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// What the dashboard sends is read back as exactly the request it built, and passed on
    /// as exactly its serialisation.
    #[test]
    fn valid_typed_requests_survive_exactly(
        b in batch(),
        a in ahead(),
        q in query_order(),
        order_id in code(),
    ) {
        let text = serde_json::to_vec(&b).unwrap();
        let read_back = read(Operation::BatchOrderPackages, &text).unwrap();
        prop_assert_eq!(&read_back, &CheckedRequest::BatchOrder(b.clone()));
        prop_assert_eq!(Value::Object(read_back.body()), serde_json::to_value(&b).unwrap());

        let text = serde_json::to_vec(&a).unwrap();
        let read_back = read(Operation::AheadFinishDeviceOrder, &text).unwrap();
        prop_assert_eq!(&read_back, &CheckedRequest::AheadFinish(a.clone()));
        prop_assert_eq!(Value::Object(read_back.body()), serde_json::to_value(&a).unwrap());

        let text = serde_json::to_vec(&q).unwrap();
        let read_back = read(Operation::QueryOrder, &text).unwrap();
        let want = CheckedRequest::QueryOrder(Query { request: q.clone(), others: Default::default() });
        prop_assert_eq!(&read_back, &want);
        prop_assert_eq!(Value::Object(read_back.body()), serde_json::to_value(&q).unwrap());

        let o = OrderIdRequest { order_id };
        let text = serde_json::to_vec(&o).unwrap();
        for op in [Operation::OpenPackage, Operation::CancelPackage] {
            let body = read(op, &text).unwrap().body();
            prop_assert_eq!(Value::Object(body), serde_json::to_value(&o).unwrap());
        }
    }

    /// A number anywhere in a body is refused naming its field, or comes out with exactly
    /// the value it was sent with (an integer still an integer); a whole number in range is
    /// always accepted.
    #[test]
    fn numbers_never_come_out_altered(n in number_text()) {
        // Where the spec says text: always refused, quoting the number exactly.
        let e = read(Operation::CancelPackage, format!(r#"{{"order_id":{n}}}"#).as_bytes()).unwrap_err();
        prop_assert_eq!(&e.field, "order_id");
        prop_assert!(e.to_string().contains(&format!("the number {n}")) || n.len() > 40, "{}", e);
        let body = format!(r#"{{"deviceList":[{n}],"package_code":"DP1","is_open":"0"}}"#);
        prop_assert_eq!(read(Operation::BatchOrderPackages, body.as_bytes()).unwrap_err().field, "deviceList[0]");

        // A whole-number field: the value itself, or a refusal naming it.
        let body = format!(r#"{{"deviceList":["89852022018041800192"],"package_code":"DP1","is_open":"0","subscribed_count":{n}}}"#);
        let in_range = n.bytes().all(|b| b.is_ascii_digit())
            && n.parse::<u64>().is_ok_and(|v| (1..=MAX_SUBSCRIBED_COUNT).contains(&v));
        match read(Operation::BatchOrderPackages, body.as_bytes()) {
            Ok(CheckedRequest::BatchOrder(b)) => {
                prop_assert!(in_range, "{} accepted", n);
                prop_assert_eq!(b.subscribed_count.map(|c| c.to_string()), Some(n.clone()));
            }
            Ok(other) => prop_assert!(false, "{:?}", other),
            Err(e) => {
                prop_assert!(!in_range, "{} refused: {}", n, e);
                prop_assert_eq!(e.field, "subscribed_count");
            }
        }

        // A member a query passes on, nested: exactly the same number, or refused by path.
        let body = format!(r#"{{"page_no":1,"extra":{{"list":[true,{n}]}}}}"#);
        // `-0` is the one integer serde_json reads as a double (`-0.0`), so it is refused.
        let fits_64 = !n.contains(['.', 'e', 'E'])
            && n != "-0"
            && (n.parse::<u64>().is_ok() || n.parse::<i64>().is_ok());
        match read(Operation::QueryOrder, body.as_bytes()) {
            Ok(checked) => {
                let out = checked.body()["extra"]["list"][1].to_string();
                prop_assert!(same_number(&n, &out), "{} came out as {}", n, out);
                let wire = serde_json::to_string(&checked.body()).unwrap();
                prop_assert!(wire.contains(&out));
            }
            Err(e) => {
                prop_assert!(!fits_64, "{} refused: {}", n, e);
                prop_assert_eq!(&e.field, "extra.list[1]");
                prop_assert!(matches!(e.problem, Problem::Inexact(ref sent) if *sent == n));
            }
        }
    }
}

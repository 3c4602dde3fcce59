//! Decoding leniently: numbers as strings or numbers; `null`, `""` or missing fields; both
//! spellings of a field (even side by side); the four date formats; unknown enum codes.

use cmp_api::units::MB;
use cmp_api::*;
use serde_json::{Value, json};

fn order(value: Value) -> PackageOrder {
    decode(&value.to_string()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

#[test]
fn numbers_arrive_as_strings_or_numbers() {
    for flow in [
        json!("30720"),
        json!(30720),
        json!(30720.0),
        json!(" 30720 "),
    ] {
        assert_eq!(
            order(json!({ "flow": flow })).flow,
            Some(Megabytes(30720)),
            "{flow}"
        );
    }
    for used in [json!("512"), json!(512)] {
        assert_eq!(
            order(json!({ "usedFlow": used }))
                .used_flow
                .unwrap()
                .bytes(),
            Bytes(512 * 1024)
        );
    }
    let page: PageInfo =
        decode(r#"{"cur_page_no":"2","page_size":20,"total_count":"41","total_pages":3}"#).unwrap();
    assert_eq!(page, PageInfo::new(2, 20, 41));
    let record: CdrRecord = decode(r#"{"data":"1303552","mcc":460,"mnc":"00"}"#).unwrap();
    assert_eq!((record.data, record.mcc.as_str()), (Bytes(1303552), "460"));
    let request: SyncPackagesRequest = decode(r#"{"page_no":"3","page_size":"50"}"#).unwrap();
    assert_eq!((request.page_no, request.page_size), (Some(3), Some(50)));
}

#[test]
fn null_empty_and_missing_all_read_as_absent() {
    for blank in [
        json!({ "price_type": null }),
        json!({ "price_type": "" }),
        json!({}),
    ] {
        let package: Package = decode(&blank.to_string()).unwrap();
        assert_eq!(
            (package.price_type, package.flow, package.package_type),
            (None, None, None),
            "{blank}"
        );
        assert_eq!(package.package_code, "");
    }
    for blank in [json!(null), json!(""), json!("   ")] {
        let o = order(json!({ "expireDate": blank, "profileList": null, "orderStatus": blank }));
        assert_eq!((o.expire_date, o.order_status), (None, None), "{blank}");
        assert!(o.profile_list.is_empty());
    }
    let page: CdrPage = decode(r#"{"data":null}"#).unwrap();
    assert!(page.data.is_empty() && page.status.is_none() && page.total_count == 0);
    let env: Envelope<OrderPage> = decode(r#"{"code":"0000","data":null}"#).unwrap();
    assert_eq!(
        (env.data, env.message.as_str(), env.success),
        (None, "", false)
    );
}

#[test]
fn camel_and_snake_spellings_decode_alike() {
    let camel = order(json!({
        "orderCode": "ORDER_1", "deviceId": "89852202110293091394", "usedFlow": "10",
        "orderUsedFlow": "20", "orderStatus": "2", "packageCode": "DP1", "activeDate": "20231124"
    }));
    let snake = order(json!({
        "order_code": "ORDER_1", "device_id": "89852202110293091394", "used_flow": "10",
        "order_used_flow": "20", "order_status": "2", "package_code": "DP1", "active_date": "20231124"
    }));
    assert_eq!(camel, snake);
    assert_eq!(camel.order_code, "ORDER_1");
    assert_eq!(camel.used_flow, Some(Kilobytes(10)));
    assert_eq!(camel.order_status, Some(OrderStatus::Started));
}

#[test]
fn both_spellings_side_by_side() {
    let same = order(json!({ "deviceId": "898522", "device_id": "898522", "orderCode": "O" }));
    assert_eq!(same.device_id.as_deref(), Some("898522"));
    // Whichever spelling carries a value wins over a null or empty twin.
    for (camel, snake) in [
        (json!(null), json!("898522")),
        (json!("898522"), json!("")),
        (json!("898522"), json!(null)),
    ] {
        let o = order(json!({ "deviceId": camel, "device_id": snake, "flow": "1" }));
        assert_eq!(o.device_id.as_deref(), Some("898522"), "{camel} / {snake}");
        assert_eq!(o.flow.unwrap().bytes(), Bytes(MB));
    }
    let env: Envelope<OrderPage> = decode(
        r#"{"code":"0000","success":"true","data":{"package_order":[
            {"orderCode":"A","order_code":"A","usedFlow":"5","used_flow":"5"}]}}"#,
    )
    .unwrap();
    let o = &env.data.unwrap().package_order[0];
    assert_eq!(
        (o.order_code.as_str(), o.used_flow),
        ("A", Some(Kilobytes(5)))
    );
}

#[test]
fn all_four_date_formats() {
    let expected = CmpTime::date(2023, 11, 24).unwrap();
    for (text, with_time) in [
        ("20231124", false),
        ("2023-11-24", false),
        ("20231124181004", true),
        ("2023-11-24 18:10:04", true),
    ] {
        let o = order(json!({ "orderDate": text }));
        let date = o.order_date.unwrap();
        assert_eq!(date.start_of_day(), expected, "{text}");
        assert_eq!(date == expected, !with_time, "{text}");
        assert_eq!(date.to_string(), text, "{text} re-encodes as it came");
    }
    assert_eq!(order(json!({ "orderDate": "2023-02-30" })).order_date, None);
}

#[test]
fn unknown_codes_stay_readable() {
    let push = |op: Value| -> OrderStatusPush {
        decode(
            &json!({"assetid":"8985","imsi":"1,2","operation":op,"orderid":"O","time":"2024-05-09 18:18:56"})
                .to_string(),
        )
        .unwrap()
    };
    assert_eq!(push(json!("1000")).operation, PushOperation::Created);
    assert_eq!(push(json!(1012)).operation, PushOperation::OtaRedownload);
    assert_eq!(push(json!(1001)).operation, PushOperation::TerminatedEarly);
    let unknown = push(json!("1099"));
    assert_eq!(unknown.operation, PushOperation::Unknown("1099".into()));
    assert_eq!(unknown.imsis(), ["1", "2"]);
    assert_eq!(serde_json::to_value(&unknown).unwrap()["operation"], "1099");
    assert_eq!(
        order(json!({ "orderStatus": "4" })).order_status,
        Some(OrderStatus::Unknown("4".into()))
    );
    assert_eq!(
        order(json!({ "packageType": 9 })).package_type,
        Some(PackageType::Unknown("9".into()))
    );
    let device: DeviceInfo = decode(r#"{"lifecycle":"7","multiImsi_flag":1}"#).unwrap();
    assert_eq!(device.lifecycle, Some(Lifecycle::Unknown("7".into())));
    assert_eq!(device.multi_imsi_flag, Some(MultiImsiFlag::Yes));
}

#[test]
fn a_refusal_whose_data_is_text_still_carries_its_message() {
    for data in [json!(""), json!("  "), json!("device not found"), json!(0)] {
        let body = json!({"code":"2001","data":data,"message":"unknown device","success":false});
        let envelope: Envelope<DeviceInfo> =
            decode(&body.to_string()).unwrap_or_else(|e| panic!("{body}: {e}"));
        assert_eq!(envelope.data, None, "{body}");
        let refusal = envelope.into_result().unwrap_err();
        assert_eq!(
            (refusal.code.as_str(), refusal.message.as_str()),
            ("2001", "unknown device")
        );
        // The same through the byte path the SPA and the proxy use, and with a list type.
        let envelope: Envelope<OrderPage> = decode_slice(body.to_string().as_bytes()).unwrap();
        assert_eq!(envelope.message, "unknown device");
    }
    // Text that is the payload's own type is kept; objects are still read as before.
    let text: Envelope<String> = decode(r#"{"code":"0000","data":"ok"}"#).unwrap();
    assert_eq!(text.data.as_deref(), Some("ok"));
    let device: Envelope<DeviceInfo> =
        decode(r#"{"code":"0000","data":{"device_id":"89"},"message":"success"}"#).unwrap();
    assert_eq!(device.data.unwrap().device_id, "89");
    let empty: Envelope<DeviceInfo> = decode(r#"{"code":"0000","data":null}"#).unwrap();
    assert_eq!(empty.data, None);
    // An object that is not the payload still fails: only text and scalars are forgiven.
    assert!(
        decode::<Envelope<OrderPage>>(r#"{"code":"0000","data":{"package_order":"x"}}"#).is_err()
    );
}

#[test]
fn query_device_reads_package_order_as_an_object_or_a_list() {
    let device = |orders: Value| -> DeviceInfo {
        let body = json!({"device_id":"89","package_order":orders});
        decode(&body.to_string()).unwrap_or_else(|e| panic!("{body}: {e}"))
    };
    let code = |d: DeviceInfo| d.package_order.map(|o| o.order_code);
    assert_eq!(
        code(device(json!({"orderCode":"ONE","orderStatus":"2"}))),
        Some("ONE".into())
    );
    // The running order wins over paused, not started and ended ones, wherever it is listed.
    let mixed = json!([
        {"orderCode":"ENDED","orderStatus":"3","activeDate":"20240601"},
        {"orderCode":"PAUSED","orderStatus":"5","activeDate":"20240501"},
        {"orderCode":"RUNNING","orderStatus":"2","activeDate":"20240101"},
        {"orderCode":"WAITING","orderStatus":"1"}
    ]);
    assert_eq!(code(device(mixed)), Some("RUNNING".into()));
    // Of two running orders (the spec's snake_case spelling too), the newest activation.
    let two = json!([
        {"order_code":"OLD","order_status":"2","active_date":"20240101","order_date":"20231201120000"},
        {"orderCode":"NEW","orderStatus":"2","activeDate":"20240301","orderDate":"20231101120000"}
    ]);
    assert_eq!(code(device(two)), Some("NEW".into()));
    // Same activation: the later order date.
    let tie = json!([
        {"orderCode":"A","orderStatus":"5","activeDate":"20240101","orderDate":"20231201120000"},
        {"orderCode":"B","orderStatus":"5","activeDate":"20240101","orderDate":"20231215120000"}
    ]);
    assert_eq!(code(device(tie)), Some("B".into()));
    let paused = json!([{"orderCode":"E","orderStatus":"3"},{"orderCode":"P","orderStatus":"5"}]);
    assert_eq!(code(device(paused)), Some("P".into()));
    for nothing in [json!([]), json!(null), json!(""), json!(0)] {
        assert_eq!(code(device(nothing.clone())), None, "{nothing}");
    }
    // Inside the envelope, as the SPA and the proxy read it.
    let envelope: Envelope<DeviceInfo> = decode(
        &json!({"code":"0000","data":{"device_id":"89","package_order":[{"orderCode":"X","orderStatus":"2"}]},"message":"success"})
            .to_string(),
    )
    .unwrap();
    assert_eq!(code(envelope.data.unwrap()), Some("X".into()));
}

#[test]
fn bytes_that_are_not_utf8_in_an_unread_value_still_decode() {
    // decode_slice reads UTF-8 bodies as text; any other body takes the byte path, where
    // serde_json skips a value nobody reads without checking its bytes, as it always did.
    let mut body = br#"{"code":"0000","data":{"device_id":"89","note":"#.to_vec();
    body.extend_from_slice(b"\"caf\xe9\"}}");
    let envelope: Envelope<DeviceInfo> = decode_slice(&body).unwrap();
    assert_eq!(envelope.data.unwrap().device_id, "89");
    // Not UTF-8 in a value that is read: refused, on either path.
    let mut bad = br#"{"code":"0000","data":{"device_id":"#.to_vec();
    bad.extend_from_slice(b"\"8\xe99\"}}");
    assert!(decode_slice::<Envelope<DeviceInfo>>(&bad).is_err());
}

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

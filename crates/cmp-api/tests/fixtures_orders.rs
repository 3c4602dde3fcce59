//! The spec's JSON examples of the order operations (batchOrderPackages, queryOrder,
//! openPackage, cancelPackage, aheadFinishDeviceOrder): decoded, checked, re-encoded with
//! the upstream's field names, and decoded back unchanged.

mod common;

use cmp_api::units::MB;
use cmp_api::*;
use common::{round_trip, time};
use serde_json::Value;

#[test]
fn batch_order_packages() {
    let (req, json) = round_trip::<BatchOrderRequest>("batch_order_request", &[]);
    assert_eq!(
        req.device_list,
        ["89852022018041800192", "89852022018041800193"]
    );
    assert_eq!(req.is_open, OpenFlag::No);
    assert_eq!(req.package_code, "DP20190726001274");
    assert_eq!(req.subscribed_count, Some(10));
    assert_eq!(json["deviceList"][1], "89852022018041800193");

    let (env, json) = round_trip::<Envelope<BatchOrderResult>>("batch_order_response", &[]);
    let results = env.data.unwrap().device_order;
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(DeviceOrderResult::succeeded));
    assert_eq!(
        results[0].order_id.as_deref(),
        Some("ORDER_47454030993031168")
    );
    assert_eq!(results[1].device_id, "89852022018041800193");
    assert_eq!(results[0].error_msg.as_deref(), Some("success"));
    assert_eq!(results[0].order_start_date, None);
    assert_eq!(json["data"]["device_order"][0]["errorMsg"], "success");
}

#[test]
fn query_order() {
    let (req, json) = round_trip::<QueryOrderRequest>("query_order_request", &[]);
    assert_eq!(
        req,
        QueryOrderRequest {
            page_no: Some(1),
            page_size: Some(3),
            ..Default::default()
        }
    );
    assert_eq!(json["order_status"], Value::Null);

    // The answer spells the device twice (deviceId and device_id); the model keeps one.
    let lost = ["data.package_order[0].device_id"];
    let (env, json) = round_trip::<Envelope<OrderPage>>("query_order_response", &lost);
    let page = env.data.unwrap();
    assert_eq!(page.page.total_pages, 64);
    assert_eq!(page.package_order_num, 1);
    let order = &page.package_order[0];
    assert_eq!(order.order_code, "ORDER_1595320587633311744");
    assert_eq!(order.device_id.as_deref(), Some("89852202110293091394"));
    assert_eq!(order.order_status, Some(OrderStatus::NotStarted));
    assert_eq!(order.buy_type, Some(BuyType::Postpaid));
    assert_eq!(order.package_type, None);
    assert_eq!(order.flow.unwrap().bytes(), Bytes(10 * MB));
    assert_eq!(order.used_flow, Some(Kilobytes(0)));
    assert_eq!(order.order_used_flow, Some(Kilobytes(0)));
    assert_eq!(order.order_date, Some(time("2022-11-23 15:37:22")));
    assert_eq!(order.order_date.unwrap().to_string(), "20221123153722");
    assert_eq!((order.expire_date, order.active_date), (None, None));
    assert_eq!(order.order_period, Some(30));
    assert!(order.refueling_package_list.is_empty() && order.profile_list.is_empty());
    assert_eq!(order.usage_percent(), Some(0.0));
    let encoded = &json["data"]["package_order"][0];
    for key in [
        "orderCode",
        "deviceId",
        "usedFlow",
        "orderUsedFlow",
        "orderDate",
        "packageCode",
    ] {
        assert!(encoded.get(key).is_some(), "{key} missing from {encoded}");
    }
    assert_eq!(encoded["orderDate"], "20221123153722");
}

#[test]
fn open_package() {
    let (req, _) = round_trip::<OrderIdRequest>("open_package_request", &[]);
    assert_eq!(req.order_id, "202107061625560742397");
    let (env, json) = round_trip::<Envelope<OpenPackageResult>>("open_package_response", &[]);
    let result = env.data.unwrap();
    assert_eq!(result.order_id, "202107061625560742397");
    assert_eq!(result.order_start_date, Some(time("2022-01-27 11:23:43")));
    assert_eq!(result.order_expire_date, Some(time("2023-11-27 23:59:59")));
    assert_eq!(json["data"]["order_expire_date"], "2023-11-27 23:59:59");
}

#[test]
fn cancel_package() {
    let (req, _) = round_trip::<OrderIdRequest>("cancel_package_request", &[]);
    assert_eq!(req.order_id, "202108011627816741391");
    let (env, json) = round_trip::<Envelope<()>>("cancel_package_response", &[]);
    assert!(env.is_success());
    assert_eq!(env.clone().into_result(), Ok(None));
    assert_eq!(env.message, "Success");
    assert_eq!(json["data"], Value::Null);
}

#[test]
fn ahead_finish_device_order() {
    let (req, _) = round_trip::<AheadFinishRequest>("ahead_finish_request", &[]);
    assert_eq!(req.ahead_finish_cause, "test");
    assert_eq!(req.device_type, None);
    assert_eq!(req.order_id, "202107061625560742397");
    let (env, _) = round_trip::<Envelope<()>>("ahead_finish_response", &[]);
    assert!(env.is_success() && env.data.is_none());
}

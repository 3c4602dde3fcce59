//! The spec's JSON examples of the push, CDRs, packages, devices and traffic pools, decoded
//! into their models, checked value by value (units, dates, enums), re-encoded with the
//! upstream's field names, and decoded back unchanged.

mod common;

use cmp_api::units::{GB, KB, MB};
use cmp_api::*;
use common::{round_trip, time};

#[test]
fn order_status_push() {
    let (push, json) = round_trip::<OrderStatusPush>("push", &[]);
    assert_eq!(push.assetid, "89852420180910344720");
    assert_eq!(push.imsis(), ["204046990912345"]);
    assert_eq!(push.operation, PushOperation::TerminatedEarly);
    assert_eq!(push.orderid, "L201901290000000533");
    assert_eq!(
        push.time,
        CmpTime::date(2019, 10, 16)
            .unwrap()
            .add_seconds(12 * 3600 + 34 * 60 + 54)
    );
    assert_eq!(json["operation"], "1001");
    assert_eq!(json["time"], "2019-10-16 12:34:54");
}

#[test]
fn cdr_response() {
    let (env, json) = round_trip::<Envelope<CdrPage>>("cdr_response", &[]);
    assert!(env.is_success() && env.success);
    let page = env.data.unwrap();
    assert_eq!(page.total_count, 4);
    assert_eq!(page.status.as_ref().unwrap().code, "CB-00-0000");
    let bytes: Vec<u64> = page.data.iter().map(|r| r.data.0).collect();
    assert_eq!(bytes, [1, 2, 1303552, 1303552]);
    let first = &page.data[0];
    assert_eq!(
        (
            first.mcc.as_str(),
            first.mnc.as_str(),
            first.network.as_str()
        ),
        ("460", "00", "4G")
    );
    assert_eq!(first.operator(), "460-00");
    assert_eq!(first.session_ended_at, None);
    assert_eq!(first.session_started_at, Some(time("2024-05-09 18:18:56")));
    assert_eq!(first.plan_id.as_deref(), Some("LP14240410004345"));
    assert_eq!(first.duration_secs(), None);
    assert_eq!(json["data"]["data"][2]["data"], 1303552);
    assert_eq!(
        json["data"]["data"][0]["session_started_at"],
        "2024-05-09 18:18:56"
    );
}

#[test]
fn sync_packages() {
    let (req, json) = round_trip::<SyncPackagesRequest>("sync_packages_request", &[]);
    assert_eq!((req.page_no, req.page_size), (Some(1), Some(2)));
    assert_eq!(json["page_size"], 2);

    let (env, json) = round_trip::<Envelope<PackagePage>>("sync_packages_response", &[]);
    let page = env.data.unwrap();
    assert_eq!(
        page.page,
        PageInfo {
            cur_page_no: 1,
            page_size: 2,
            total_count: 87,
            total_pages: 44
        }
    );
    assert_eq!(page.package_num, 87);
    assert_eq!(page.sign.as_deref(), Some("mtu8eRc2AaBhBvG8ZJkIT1kKY0w="));
    let [india, china] = &page.package[..] else {
        panic!("two packages expected")
    };
    assert_eq!(india.flow.unwrap().bytes(), Bytes(1000 * MB));
    assert_eq!(india.package_type, Some(PackageType::Month));
    assert_eq!(india.buy_type, Some(BuyType::Postpaid));
    assert_eq!(india.status, Some(PackageStatus::Available));
    assert_eq!(india.country_codes(), ["404", "405", "406"]);
    assert_eq!(india.max_order_period, Some(-1));
    assert_eq!(india.max_period_label(), "no limit");
    assert_eq!(india.price_type, None);
    assert_eq!(india.whole_price, None);
    assert_eq!(india.service_cycle_count, Some(1));
    assert_eq!(china.package_type, Some(PackageType::Day));
    assert_eq!(china.flow, Some(Megabytes(100)));
    assert_eq!(china.package_name, "CN-100MB-Speed-Down-256K-Daily");
    assert_eq!(json["data"]["package"][0]["serviceCycleCount"], "1");
    assert_eq!(json["data"]["package"][0]["flow"], "1000");
}

#[test]
fn query_device() {
    let (req, _) = round_trip::<QueryDeviceRequest>("query_device_request", &[]);
    assert_eq!(req.device_id, "89852202310161621656");

    let (env, json) = round_trip::<Envelope<DeviceInfo>>("query_device_response", &[]);
    let device = env.data.unwrap();
    assert_eq!(device.device_id, "89852202310161621656");
    assert_eq!(device.ota_flag, Some(FeatureFlag::No));
    assert_eq!(device.bip_flag, Some(FeatureFlag::No));
    assert_eq!(device.multi_imsi_flag, Some(MultiImsiFlag::No));
    assert_eq!(device.lifecycle, Some(Lifecycle::Usage));
    assert_eq!(device.lifecycle_start_time, CmpTime::date(2023, 11, 24));
    assert_eq!(device.lifecycle_end_time, CmpTime::date(2024, 5, 31));
    assert_eq!(
        (
            device.lifecycle_silent_period,
            device.lifecycle_shutdown_period
        ),
        (Some(6), Some(2))
    );
    let order = device.package_order.unwrap();
    assert_eq!(order.flow.unwrap().bytes(), Bytes(30 * GB));
    assert_eq!(order.flow.unwrap().bytes().human(), "30 GB");
    assert_eq!(order.used_flow.unwrap().bytes(), Bytes(0));
    assert_eq!(
        order.order_used_flow.unwrap().bytes(),
        Bytes(19_397_607 * KB)
    );
    assert_eq!(order.flow_use_rate.as_deref(), Some("0.00%"));
    assert_eq!(order.order_status, Some(OrderStatus::Started));
    assert!(order.order_status.unwrap().is_live());
    assert_eq!(order.order_date, Some(time("2023-11-24 18:10:04")));
    assert_eq!(order.active_date, CmpTime::date(2023, 11, 24));
    assert_eq!(order.expire_date.unwrap().to_string(), "20240531");
    assert_eq!(order.profile_list.len(), 1);
    assert_eq!(order.profile_list[0].imsi, "440039980621656");
    let data = &json["data"];
    assert_eq!(data["multiImsi_flag"], "0");
    assert_eq!(data["lifecycle_slient_period"], "6");
    assert_eq!(
        data["package_order"]["orderCode"],
        "ORDER_1727992973356523520"
    );
    assert_eq!(data["package_order"]["flow"], "30720");
    assert_eq!(data["package_order"]["activeDate"], "20231124");
}

#[test]
fn traffic_pool_info() {
    let (req, _) = round_trip::<TrafficPoolRequest>("traffic_pool_request", &[]);
    assert_eq!((req.page_no, req.page_size), (Some(1), Some(1)));

    let (env, json) = round_trip::<Envelope<TrafficPoolPage>>("traffic_pool_response", &[]);
    assert_eq!(env.message, "成功");
    let page = env.data.unwrap();
    assert_eq!(page.total, 1);
    let pool = &page.rows[0];
    assert_eq!(pool.total_quota_byte, Some(Bytes(100 * GB)));
    assert_eq!(pool.total_quota_byte.unwrap().human(), "100 GB");
    assert_eq!(pool.used_byte, Some(Bytes(0)));
    assert_eq!(
        pool.traffic_pool_start_time,
        Some(time("2025-10-30 00:00:00"))
    );
    assert_eq!(
        pool.traffic_pool_end_time,
        Some(time("2025-11-10 23:59:59"))
    );
    assert_eq!(pool.traffic_pool_id, "CTP20251030APY9JB");
    assert_eq!(pool.traffic_pool_name, "pt客户流量池(Te)");
    assert_eq!(json["data"]["rows"][0]["totalQuotaByte"], "107374182400");
}

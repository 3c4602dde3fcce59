//! Router-level tests of ordering and the order operations: happy paths and every rule.

use crate::common::{
    self, BATCH, CANCEL, FINISH, OPEN, QUERY, START_MS, code, find_device, find_order, get, post,
};
use cmp_sim::HEAVY_DEVICE_ID;
use serde_json::{Value, json};

async fn order_status(sim: &cmp_sim::SimState, id: &str) -> Value {
    let v = post(sim, QUERY, json!({"order_id": id})).await;
    v["data"]["package_order"][0]["orderStatus"].clone()
}

#[tokio::test]
async fn query_order_filters() {
    let sim = common::sim();
    let all = post(&sim, QUERY, json!({"page_size": 3})).await;
    let total = all["data"]["page"]["total_count"].as_u64().unwrap();
    assert!(total > 500, "{total}");
    assert_eq!(all["data"]["package_order_num"], 3);
    let fuzzy = post(
        &sim,
        QUERY,
        json!({"device_id": &HEAVY_DEVICE_ID[6..16], "page_size": 100}),
    )
    .await;
    let orders = fuzzy["data"]["package_order"].as_array().unwrap();
    assert!(!orders.is_empty());
    assert!(orders.iter().all(|o| {
        o["deviceId"]
            .as_str()
            .unwrap()
            .contains(&HEAVY_DEVICE_ID[6..16])
    }));
    let started = post(&sim, QUERY, json!({"order_status": "2", "page_size": 100})).await;
    assert!(
        started["data"]["package_order"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["orderStatus"] == "2")
    );
    let id = orders[0]["orderCode"].as_str().unwrap();
    let one = post(&sim, QUERY, json!({"order_id": id})).await;
    assert_eq!(one["data"]["page"]["total_count"], 1);
    assert_eq!(
        code(&post(&sim, QUERY, json!({"order_status": "9"})).await),
        "1002"
    );
}

#[tokio::test]
async fn batch_order_reports_each_device() {
    let sim = common::sim();
    let fresh = find_device(&sim, |d| d["lifecycle"] == "0" && d["ota"] == false).await;
    let code_ = "DP20190202001217";
    let v = post(&sim, BATCH, json!({"deviceList": [fresh, "89000000000000000000"], "is_open": "0", "package_code": code_, "subscribed_count": 2})).await;
    assert_eq!(code(&v), "0000");
    let results = v["data"]["device_order"].as_array().unwrap();
    assert_eq!(results[0]["error"], "0000");
    assert_eq!(results[0]["order_start_date"], Value::Null);
    assert_eq!(results[1]["error"], "2001");
    let id = results[0]["order_id"].as_str().unwrap();
    assert_eq!(order_status(&sim, id).await, "1");
    let pushes = get(&sim, "/_sim/pushes").await;
    assert_eq!(
        pushes["data"]["recent"].as_array().unwrap().last().unwrap()["operation"],
        "1000"
    );

    let opened = post(
        &sim,
        BATCH,
        json!({"deviceList": [fresh], "is_open": "1", "package_code": code_}),
    )
    .await;
    let r = &opened["data"]["device_order"][0];
    assert_eq!(r["error"], "0000");
    assert!(r["order_start_date"].as_str().unwrap().len() == 8);
    assert_eq!(
        order_status(&sim, r["order_id"].as_str().unwrap()).await,
        "2"
    );
}

#[tokio::test]
async fn batch_order_rule_violations() {
    let sim = common::sim();
    let dev = find_device(&sim, |d| d["lifecycle"] == "0").await;
    let body = |pkg: &str, extra: Value| {
        let mut b = json!({"deviceList": [dev], "is_open": "0", "package_code": pkg});
        b.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        b
    };
    assert_eq!(
        code(&post(&sim, BATCH, body("DP-NOPE", json!({}))).await),
        "2003"
    );
    let obsolete = cmp_sim::world::catalogue::catalogue()
        .into_iter()
        .find(|p| !cmp_sim::world::catalogue::is_available(p))
        .unwrap();
    assert_eq!(
        code(&post(&sim, BATCH, body(&obsolete.package_code, json!({}))).await),
        "2004"
    );
    assert_eq!(
        code(
            &post(
                &sim,
                BATCH,
                body("DP20190202001217", json!({"subscribed_count": 100000}))
            )
            .await
        ),
        "5001"
    );
    assert_eq!(
        code(
            &post(
                &sim,
                BATCH,
                json!({"is_open": "0", "package_code": "DP20190202001217"})
            )
            .await
        ),
        "1002"
    );
    assert_eq!(
        code(
            &post(
                &sim,
                BATCH,
                json!({"deviceList": [dev], "package_code": "DP20190202001217"})
            )
            .await
        ),
        "1002"
    );
    assert_eq!(
        code(
            &post(
                &sim,
                BATCH,
                body("DP20190202001217", json!({"is_open": "7"}))
            )
            .await
        ),
        "1002"
    );
    // An OTA device that already has a plan: its secondary plan cannot open at once.
    let ota_order = find_order(&sim, |o| {
        o["ota"] == true && (o["status"] == "2" || o["status"] == "5")
    })
    .await;
    let ota_dev = ota_order["device_id"].as_str().unwrap();
    let v = post(
        &sim,
        BATCH,
        json!({"deviceList": [ota_dev], "is_open": "1", "package_code": "DP20190202001217"}),
    )
    .await;
    assert_eq!(v["data"]["device_order"][0]["error"], "3003");
}

#[tokio::test]
async fn open_package_rules() {
    let sim = common::sim();
    let unpaid = find_order(&sim, |o| o["status"] == "1" && o["paid"] == false).await;
    let v = post(&sim, OPEN, json!({"order_id": unpaid["order_id"]})).await;
    assert_eq!(code(&v), "3002");
    let secondary = find_order(&sim, |o| {
        o["status"] == "1" && o["paid"] == true && o["secondary"] == true
    })
    .await;
    assert_eq!(
        code(&post(&sim, OPEN, json!({"order_id": secondary["order_id"]})).await),
        "3003"
    );
    let started = find_order(&sim, |o| o["status"] == "2").await;
    assert_eq!(
        code(&post(&sim, OPEN, json!({"order_id": started["order_id"]})).await),
        "3001"
    );
    assert_eq!(
        code(&post(&sim, OPEN, json!({"order_id": "ORDER_0"})).await),
        "2002"
    );
    assert_eq!(
        code(&post(&sim, OPEN, json!({"order_id": ""})).await),
        "1002"
    );
    assert_eq!(code(&post(&sim, OPEN, json!({})).await), "1002");

    let ready = find_order(&sim, |o| {
        o["status"] == "1" && o["paid"] == true && o["secondary"] == false
    })
    .await;
    let id = ready["order_id"].as_str().unwrap();
    let v = post(&sim, OPEN, json!({"order_id": id})).await;
    assert_eq!(code(&v), "0000", "{v}");
    assert_eq!(v["data"]["order_id"], id);
    assert_eq!(
        v["data"]["order_start_date"],
        cmp_api::CmpTime::from_unix_millis(START_MS).to_string()
    );
    assert!(
        v["data"]["order_expire_date"]
            .as_str()
            .unwrap()
            .ends_with("23:59:59")
    );
    assert_eq!(order_status(&sim, id).await, "2");
    // Paying makes an unpaid order openable.
    let uid = unpaid["order_id"].as_str().unwrap();
    post(&sim, &format!("/_sim/orders/{uid}/pay"), json!({})).await;
    if unpaid["secondary"] == false {
        assert_eq!(
            code(&post(&sim, OPEN, json!({"order_id": uid})).await),
            "0000"
        );
    }
}

#[tokio::test]
async fn cancel_and_finish_rules() {
    let sim = common::sim();
    let started = find_order(&sim, |o| o["status"] == "2").await;
    let waiting = find_order(&sim, |o| o["status"] == "1").await;
    assert_eq!(
        code(&post(&sim, CANCEL, json!({"order_id": started["order_id"]})).await),
        "3001"
    );
    assert_eq!(
        code(
            &post(
                &sim,
                FINISH,
                json!({"order_id": waiting["order_id"], "ahead_finish_cause": "test"})
            )
            .await
        ),
        "3001"
    );
    assert_eq!(
        code(&post(&sim, FINISH, json!({"order_id": started["order_id"]})).await),
        "1002"
    );
    assert_eq!(
        code(&post(&sim, CANCEL, json!({"order_id": "ORDER_0"})).await),
        "2002"
    );

    let c = post(&sim, CANCEL, json!({"order_id": waiting["order_id"]})).await;
    assert_eq!(
        c,
        json!({"code":"0000","data":null,"message":"Success","success":true})
    );
    assert_eq!(
        order_status(&sim, waiting["order_id"].as_str().unwrap()).await,
        "3"
    );
    let f = post(
        &sim,
        FINISH,
        json!({"order_id": started["order_id"], "ahead_finish_cause": "test", "device_type": ""}),
    )
    .await;
    assert_eq!(code(&f), "0000");
    assert_eq!(
        order_status(&sim, started["order_id"].as_str().unwrap()).await,
        "3"
    );
    // Ended is final.
    assert_eq!(
        code(
            &post(
                &sim,
                FINISH,
                json!({"order_id": started["order_id"], "ahead_finish_cause": "again"})
            )
            .await
        ),
        "3001"
    );
}

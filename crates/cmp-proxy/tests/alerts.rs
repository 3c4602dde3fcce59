//! Alert evaluation end to end in one process: rules written over HTTP, a fake platform
//! whose orders and pools the tests change, [`run_once`] for a scheduled run, pushes to the
//! webhook, `GET /api/alerts`, acknowledgements, and the `alert` events of `/api/events`.

mod common;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use cmp_proxy::AppState;
use cmp_proxy::alerts::evaluate::run_once;
use common::*;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A platform whose started orders and pools the test sets; `failing` answers HTTP 500.
#[derive(Clone, Default)]
struct Platform {
    orders: Arc<Mutex<Vec<Value>>>,
    pools: Arc<Mutex<Vec<Value>>>,
    failing: Arc<AtomicBool>,
}

impl Platform {
    fn set_orders(&self, orders: Vec<Value>) {
        *self.orders.lock().unwrap() = orders;
    }

    fn set_pools(&self, pools: Vec<Value>) {
        *self.pools.lock().unwrap() = pools;
    }
}

async fn platform_op(
    State(p): State<Platform>,
    Path(rest): Path<String>,
    Json(body): Json<Value>,
) -> (StatusCode, Json<Value>) {
    if p.failing.load(Ordering::SeqCst) {
        return (StatusCode::INTERNAL_SERVER_ERROR, Json(json!({})));
    }
    let page_no = body["page_no"].as_u64().unwrap_or(1) as usize;
    let size = body["page_size"].as_u64().unwrap_or(20) as usize;
    let page = |all: &[Value]| -> Vec<Value> {
        all.iter()
            .skip((page_no - 1) * size)
            .take(size)
            .cloned()
            .collect()
    };
    let data = match rest.as_str() {
        "package/queryOrder" => {
            let all = p.orders.lock().unwrap().clone();
            let rows = page(&all);
            let pages = all.len().div_ceil(size).max(1);
            json!({"page":{"cur_page_no":page_no,"page_size":size,"total_count":all.len(),"total_pages":pages},
                   "package_order":rows,"package_order_num":rows.len()})
        }
        "package/getTrafficPoolInfo" => {
            let all = p.pools.lock().unwrap().clone();
            json!({"rows": page(&all), "total": all.len()})
        }
        _ => Value::Null,
    };
    (
        StatusCode::OK,
        Json(json!({"code":"0000","data":data,"message":"success","success":true})),
    )
}

/// A proxy in front of a fresh [`Platform`], its clock frozen on 2024-03-20 10:00:00 UTC.
async fn proxy(dir: &std::path::Path) -> (AppState, Platform) {
    let platform = Platform::default();
    let router = Router::new()
        .route("/cmp-api/{*rest}", post(platform_op))
        .with_state(platform.clone());
    let addr = spawn(router).await;
    // No read cache: each run asks the platform as the test left it.
    let state = state_from(
        config(dir, &[("CMP_CACHE_TTL_MS", "0")]),
        addr,
        SECRET,
        5_000,
    );
    freeze(&state, "2024-03-20 10:00:00");
    (state, platform)
}

fn freeze(state: &AppState, at: &str) {
    let t: cmp_api::CmpTime = at.parse().unwrap();
    state.clock.freeze_at(t.seconds_since_epoch());
}

/// A started monthly postpaid order of 1000 MB, activated on 2024-01-15, `used_mb` used.
fn order(device: &str, code: &str, used_mb: u64) -> Value {
    json!({"orderCode": code, "deviceId": device, "orderStatus": "2", "flow": "1000",
           "usedFlow": (used_mb * 1024).to_string(), "packageType": "2", "buyType": "2",
           "orderPeriod": "12", "activeDate": "20240115"})
}

/// A pool of 1000 bytes for March 2024, `used` used.
fn pool(id: &str, used: u64) -> Value {
    json!({"trafficPoolId": id, "trafficPoolName": format!("pool {id}"), "totalQuotaByte": "1000",
           "usedByte": used.to_string(), "trafficPoolStartTime": "2024-03-01 00:00:00",
           "trafficPoolEndTime": "2024-03-31 23:59:59"})
}

async fn add_rule(state: &AppState, condition: Value) -> u64 {
    let rule = json!({"name": "Watch", "condition": condition});
    let (status, body) = post_json(state, "/api/alerts/rules", ADMIN, rule).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["data"]["id"].as_u64().unwrap()
}

async fn alerts(state: &AppState, token: &str, query: &str) -> Value {
    let uri = format!("/api/alerts{query}");
    let (status, body) = send_json(state, request("GET", &uri, Some(token), None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["data"].clone()
}

fn subjects(page: &Value) -> Vec<String> {
    page["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = &a["subject"];
            s["device_id"]
                .as_str()
                .or(s["pool_id"].as_str())
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn an_alert_fires_once_per_cycle_and_resolves_when_the_condition_clears() {
    let dir = tempfile::tempdir().unwrap();
    let (state, platform) = proxy(dir.path()).await;
    add_rule(&state, json!({"kind": "device_use", "percent": 80})).await;
    platform.set_orders(vec![order(D1, "O1", 850), order(D2, "O2", 100)]);

    let report = run_once(&state).await.unwrap();
    assert_eq!(report.fired.len(), 1);
    let first = &report.fired[0];
    assert_eq!(first.cycle, "2024-03-15");
    assert_eq!(first.figures.percent, Some(85.0));
    assert!(
        first.sentence.starts_with(&format!(
            "Device {D1} has used 85.0 % of its plan this cycle"
        )),
        "{}",
        first.sentence
    );
    // The next runs in the same cycle fire nothing new and resolve nothing.
    for _ in 0..2 {
        let again = run_once(&state).await.unwrap();
        assert!(again.fired.is_empty() && again.resolved.is_empty());
    }
    let page = alerts(&state, VIEWER, "?state=open").await;
    assert_eq!(
        (page["open"].as_u64(), page["page"]["total_count"].as_u64()),
        (Some(1), Some(1))
    );

    // The platform cannot be asked: nothing is decided, nothing resolves.
    platform.set_orders(vec![order(D1, "O1", 10)]);
    platform.failing.store(true, Ordering::SeqCst);
    let blind = run_once(&state).await.unwrap();
    assert_eq!(blind.unread, ["queryOrder"]);
    assert!(blind.resolved.is_empty());
    platform.failing.store(false, Ordering::SeqCst);

    // A new cycle starts with little used: the alert resolves.
    freeze(&state, "2024-04-16 08:00:00");
    let cleared = run_once(&state).await.unwrap();
    assert!(cleared.fired.is_empty());
    assert_eq!(cleared.resolved.len(), 1);
    assert_eq!(cleared.resolved[0].id, first.id);
    // Crossing again in the new cycle is a new alert.
    platform.set_orders(vec![order(D1, "O1", 900)]);
    let second = run_once(&state).await.unwrap();
    assert_eq!(second.fired.len(), 1);
    assert_eq!(second.fired[0].cycle, "2024-04-15");
    let all = alerts(&state, ADMIN, "").await;
    let states: Vec<&str> = all["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["open", "resolved"], "newest first");
    assert_eq!(all["open"], 1);
}

#[tokio::test]
async fn pools_alert_on_use_and_on_the_projection_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    let (state, platform) = proxy(dir.path()).await;
    add_rule(&state, json!({"kind": "pool_use", "percent": 90})).await;
    add_rule(
        &state,
        json!({"kind": "pool_exhaustion", "pools": ["P2", "P150"]}),
    )
    .await;
    // 150 pools: two pages of the platform's 100.
    let mut pools: Vec<Value> = (1..=150).map(|i| pool(&format!("P{i}"), 100)).collect();
    pools[1] = pool("P2", 700);
    pools[149] = pool("P150", 950);
    platform.set_pools(pools);
    let report = run_once(&state).await.unwrap();
    let mut fired: Vec<(String, u64)> = report
        .fired
        .iter()
        .map(|a| (a.subject.key(), a.rule_id))
        .collect();
    fired.sort();
    assert_eq!(
        fired,
        [
            ("pool:P150".to_owned(), 1),
            ("pool:P150".into(), 2),
            ("pool:P2".into(), 2)
        ]
    );
    let p2 = report
        .fired
        .iter()
        .find(|a| a.subject.key() == "pool:P2")
        .unwrap();
    assert_eq!(p2.figures.runs_out_on.as_deref(), Some("2024-03-28"));
    assert!(
        p2.sentence
            .contains("projected to run out around 2024-03-28"),
        "{}",
        p2.sentence
    );
}

#[tokio::test]
async fn viewers_see_only_the_alerts_of_their_devices_and_pools() {
    let dir = tempfile::tempdir().unwrap();
    let (state, platform) = proxy(dir.path()).await;
    add_rule(&state, json!({"kind": "device_use", "percent": 80})).await;
    add_rule(&state, json!({"kind": "pool_use", "percent": 50})).await;
    platform.set_orders(vec![order(D1, "O1", 850), order(D2, "O2", 900)]);
    platform.set_pools(vec![pool("P1", 600), pool("P3", 700)]);
    assert_eq!(run_once(&state).await.unwrap().fired.len(), 4);

    let all = alerts(&state, VIEWER, "").await;
    assert_eq!(all["open"], 4);
    assert_eq!(subjects(&all), ["P3", "P1", D2, D1]);
    let scoped = alerts(&state, SCOPED, "").await;
    assert_eq!(
        (subjects(&scoped), scoped["open"].as_u64()),
        (vec![D1.to_owned()], Some(1))
    );
    let with_pool = alerts(&state, SCOPED_POOLS, "?state=open").await;
    assert_eq!(subjects(&with_pool), ["P3", D1]);
    let embed = embed_token(&[D1], &[], 600);
    let (status, _) = send_json(&state, request("GET", "/api/alerts", Some(&embed), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Acknowledging: admins only, and only alerts they may see.
    let d2 = all["alerts"][2]["id"].as_u64().unwrap();
    let ack = format!("/api/alerts/{d2}/ack");
    let (status, _) = send_json(&state, request("POST", &ack, Some(VIEWER), None)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = send_json(&state, request("POST", &ack, Some(SCOPED_ADMIN), None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = send_json(&state, request("POST", &ack, Some(ADMIN), None)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["data"]["acknowledged_by"], "ops");
    assert_eq!(
        body["data"]["state"], "open",
        "a device's alert stays open until it clears"
    );
    let (status, _) = send_json(
        &state,
        request("POST", "/api/alerts/999/ack", Some(ADMIN), None),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = send_json(
        &state,
        request("GET", "/api/alerts?state=closed", Some(ADMIN), None),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

fn push(device: &str, order: &str, op: &str) -> Value {
    json!({"assetid":device,"imsi":"204046990912345","operation":op,"orderid":order,"time":"2024-03-01 10:00:00"})
}

async fn deliver(state: &AppState, body: Value) {
    let (status, answer) = send_json(
        state,
        request(
            "POST",
            &format!("/hooks/order-status/{HOOK}"),
            None,
            Some(body),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

/// Waits until `GET /api/alerts` (admin) holds `n` alerts.
async fn until_alerts(state: &AppState, n: usize) -> Value {
    for _ in 0..200 {
        let page = alerts(state, ADMIN, "").await;
        if page["alerts"].as_array().unwrap().len() >= n {
            return page;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{n} alerts did not come");
}

#[tokio::test]
async fn order_push_rules_fire_at_once_and_acknowledging_resolves_them() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = proxy(dir.path()).await;
    state.clock.freeze_at(now_secs());
    add_rule(
        &state,
        json!({"kind": "order_push", "operations": ["1002", "1001"]}),
    )
    .await;
    deliver(&state, push(D1, "ORD-9", "1002")).await;
    let page = until_alerts(&state, 1).await;
    let alert = &page["alerts"][0];
    assert_eq!(
        alert["subject"],
        json!({"kind": "order", "order_code": "ORD-9", "device_id": D1})
    );
    assert_eq!(alert["figures"]["operation"], "1002");
    assert!(
        alert["sentence"]
            .as_str()
            .unwrap()
            .starts_with("Order ORD-9 was cancelled")
    );
    // The platform's redelivery is stored once, so it fires nothing; nor does another operation.
    deliver(&state, push(D1, "ORD-9", "1002")).await;
    deliver(&state, push(D1, "ORD-9", "1003")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        alerts(&state, ADMIN, "").await["alerts"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A scheduled run's catch-up finds nothing more to fire.
    assert!(run_once(&state).await.unwrap().fired.is_empty());
    let ack = format!("/api/alerts/{}/ack", alert["id"]);
    let (_, body) = send_json(&state, request("POST", &ack, Some(ADMIN), None)).await;
    assert_eq!(
        body["data"]["state"], "resolved",
        "nothing else would clear it"
    );
}

#[tokio::test]
async fn a_push_not_evaluated_when_it_came_is_caught_up_by_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let (state, _) = proxy(dir.path()).await;
    state.clock.freeze_at(now_secs());
    add_rule(
        &state,
        json!({"kind": "order_push", "operations": ["1008"]}),
    )
    .await;
    assert!(
        run_once(&state).await.unwrap().fired.is_empty(),
        "sets where pushes start"
    );
    // Stored, but the process died before its rules were evaluated.
    let stored: cmp_api::OrderStatusPush =
        serde_json::from_value(push(D2, "ORD-5", "1008")).unwrap();
    state
        .store
        .insert_event(stored, Duration::from_secs(60))
        .await
        .unwrap();
    let report = run_once(&state).await.unwrap();
    assert_eq!(report.fired.len(), 1);
    assert_eq!(report.fired[0].subject.key(), "order:ORD-5");
    assert!(run_once(&state).await.unwrap().fired.is_empty(), "once");
}

#[tokio::test]
async fn switching_a_rule_off_or_removing_it_resolves_its_alerts() {
    let dir = tempfile::tempdir().unwrap();
    let (state, platform) = proxy(dir.path()).await;
    let off = add_rule(
        &state,
        json!({"kind": "device_use", "percent": 80, "devices": [D1]}),
    )
    .await;
    let gone = add_rule(
        &state,
        json!({"kind": "device_use", "percent": 80, "devices": [D2]}),
    )
    .await;
    platform.set_orders(vec![order(D1, "O1", 850), order(D2, "O2", 900)]);
    assert_eq!(run_once(&state).await.unwrap().fired.len(), 2);
    let rule = json!({"name": "Watch", "condition": {"kind": "device_use", "percent": 80, "devices": [D1]}, "enabled": false});
    let (status, _) = send_json(
        &state,
        request(
            "PUT",
            &format!("/api/alerts/rules/{off}"),
            Some(ADMIN),
            Some(rule),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send_json(
        &state,
        request(
            "DELETE",
            &format!("/api/alerts/rules/{gone}"),
            Some(ADMIN),
            None,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let page = alerts(&state, ADMIN, "").await;
    assert_eq!(page["open"], 0);
    assert_eq!(
        page["alerts"].as_array().unwrap().len(),
        2,
        "kept, resolved"
    );
    assert!(
        run_once(&state).await.unwrap().fired.is_empty(),
        "off and gone fire nothing"
    );
}

/// Reads until `done` holds for the text so far, failing after 20 s (heartbeats included).
async fn read_until(
    stream: &mut tokio::net::TcpStream,
    text: &mut String,
    done: impl Fn(&str) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    let mut buf = [0u8; 4096];
    while !done(text) {
        let n = tokio::time::timeout_at(deadline, stream.read(&mut buf))
            .await
            .unwrap_or_else(|_| panic!("the stream stalled: {text}"))
            .unwrap();
        assert!(n > 0, "the stream closed early: {text}");
        text.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
}

#[tokio::test]
async fn alerts_arrive_on_the_event_stream_as_named_events_for_those_who_may_see_them() {
    let dir = tempfile::tempdir().unwrap();
    let (state, platform) = proxy(dir.path()).await;
    state.clock.freeze_at(now_secs());
    add_rule(
        &state,
        json!({"kind": "order_push", "operations": ["1002"]}),
    )
    .await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cmp_proxy::run(listener, state.clone(), async move {
        let _ = stopped.await;
    }));
    let open = |token: &str| {
        let req = format!("GET /api/events?token={token} HTTP/1.1\r\nHost: {addr}\r\n\r\n");
        async move {
            let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
            s.write_all(req.as_bytes()).await.unwrap();
            let mut text = String::new();
            read_until(&mut s, &mut text, |t| t.contains("\r\n\r\n")).await;
            (s, text)
        }
    };
    let (mut all, mut all_text) = open(ADMIN).await;
    let (mut mine, mut mine_text) = open(SCOPED).await;
    // A scheduled run's alert reaches streams that have had no order event yet. (The
    // server's own schedule ran at its start, when there was nothing to find, and waits
    // ten minutes.)
    add_rule(&state, json!({"kind": "device_use", "percent": 80})).await;
    platform.set_orders(vec![order(D1, "O1", 850)]);
    assert_eq!(run_once(&state).await.unwrap().fired.len(), 1);
    let alerts_in = |t: &str| t.matches("event: alert").count();
    read_until(&mut all, &mut all_text, |t| alerts_in(t) == 1).await;
    read_until(&mut mine, &mut mine_text, |t| alerts_in(t) == 1).await;
    assert!(mine_text.contains("\"kind\":\"device\""), "{mine_text}");
    let client = reqwest::Client::new();
    for device in [D2, D1] {
        let r = client
            .post(format!("http://{addr}/hooks/order-status/{HOOK}"))
            .json(&push(device, &format!("ORD-{device}"), "1002"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    }
    read_until(&mut all, &mut all_text, |t| {
        alerts_in(t) == 3 && t.matches("\nid: ").count() == 2
    })
    .await;
    read_until(&mut mine, &mut mine_text, |t| {
        alerts_in(t) == 2 && t.contains(&format!("ORD-{D1}\",\"device_id"))
    })
    .await;
    // The order events keep their ids and default type; alerts carry neither an id nor
    // another token's device.
    assert!(all_text.contains(&format!("\"order_code\":\"ORD-{D2}\"")));
    for block in all_text
        .split("\n\n")
        .filter(|b| b.contains("event: alert"))
    {
        assert!(!block.contains("\nid: "), "{block}");
        assert!(block.contains("\"state\":\"open\""), "{block}");
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut rest = [0u8; 4096];
    if let Ok(Ok(n)) = tokio::time::timeout(Duration::from_millis(200), mine.read(&mut rest)).await
    {
        mine_text.push_str(&String::from_utf8_lossy(&rest[..n]));
    }
    assert!(!mine_text.contains(&format!("ORD-{D2}")), "{mine_text}");
    let _ = stop.send(());
    let _ = server.await;
}

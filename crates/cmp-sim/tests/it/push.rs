//! Push delivery over real HTTP: a receiver that refuses the first attempts still gets
//! every push, in order (at-least-once with retries).

use crate::common::{self, code};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use cmp_api::OrderStatusPush;
use cmp_sim::{SimConfig, SimState};
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

#[derive(Clone)]
struct Receiver {
    attempts: Arc<AtomicU32>,
    fail_first: u32,
    tx: mpsc::UnboundedSender<OrderStatusPush>,
}

async fn receive(State(r): State<Receiver>, Json(push): Json<OrderStatusPush>) -> StatusCode {
    let n = r.attempts.fetch_add(1, Ordering::SeqCst) + 1;
    if n <= r.fail_first {
        return StatusCode::SERVICE_UNAVAILABLE;
    }
    let _ = r.tx.send(push);
    StatusCode::OK
}

#[tokio::test]
async fn pushes_are_retried_until_acknowledged() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let attempts = Arc::new(AtomicU32::new(0));
    let receiver = Receiver {
        attempts: attempts.clone(),
        fail_first: 3,
        tx,
    };
    let hook = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_addr = hook.local_addr().unwrap();
    let hook_app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(receiver);
    tokio::spawn(async move { axum::serve(hook, hook_app).await });

    let config = SimConfig {
        push_url: Some(format!("http://{hook_addr}/hook")),
        push_retry_base_ms: 10,
        ..common::config()
    };
    let sim = SimState::new(config).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(cmp_sim::run(listener, sim.clone(), async move {
        let _ = stop_rx.await;
    }));

    let device = common::find_device(&sim, |d| d["lifecycle"] == "0" && d["ota"] == false).await;
    let v = common::post(
        &sim,
        "/cmp-api/package/batchOrderPackages",
        json!({"deviceList": [device], "is_open": "1", "package_code": "DP20190202001217"}),
    )
    .await;
    assert_eq!(code(&v), "0000");
    let order_id = v["data"]["device_order"][0]["order_id"]
        .as_str()
        .unwrap()
        .to_owned();

    let mut got = Vec::new();
    while got.len() < 2 {
        let push = tokio::time::timeout(Duration::from_secs(30), rx.recv())
            .await
            .expect("push never arrived")
            .unwrap();
        got.push(push);
    }
    assert!(
        attempts.load(Ordering::SeqCst) >= 5,
        "three refusals, then two deliveries"
    );
    assert_eq!(got[0].orderid, order_id);
    assert_eq!(got[0].operation.code(), "1000");
    assert_eq!(got[1].operation.code(), "1005");
    assert_eq!(got[0].assetid, device);
    assert!(!got[0].imsi.is_empty());
    // The receiver answered before the simulator recorded the acknowledgement: wait for it.
    let pushes = tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let p = common::get(&sim, "/_sim/pushes").await;
            if p["data"]["pending"] == 0 {
                return p;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("acknowledgements were never recorded");
    assert_eq!(pushes["data"]["delivered"], 2);
    let _ = stop_tx.send(());
    server.await.unwrap().unwrap();
}

//! A webhook over real HTTP that records each push exactly as it arrived (content type and
//! raw body, acknowledged with 200), and a simulator served by `cmp_sim::run` that pushes
//! to it: what the push tests look at is the bytes on the wire, not the simulator's log.

use crate::common;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::routing::post;
use cmp_sim::{SimConfig, SimState};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// One push as the webhook received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The `Content-Type` header ("" when missing).
    pub content_type: String,
    /// The body, as text.
    pub body: String,
}

impl Received {
    /// The body's fields as text, read as its content type says (JSON object or form).
    pub fn fields(&self) -> BTreeMap<String, String> {
        if self
            .content_type
            .starts_with("application/x-www-form-urlencoded")
        {
            return form_urlencoded::parse(self.body.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
        }
        let value: Value = serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body));
        let object = value.as_object().expect("a JSON object").clone();
        object
            .into_iter()
            .map(|(k, v)| {
                let text = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                (k, text)
            })
            .collect()
    }

    /// One field.
    pub fn field(&self, name: &str) -> String {
        self.fields()
            .remove(name)
            .unwrap_or_else(|| panic!("no {name} in {}", self.body))
    }

    /// What a receiver would take as the event's identity: `orderid|operation|time`.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.field("orderid"),
            self.field("operation"),
            self.field("time")
        )
    }
}

async fn receive(
    State(tx): State<mpsc::UnboundedSender<Received>>,
    headers: HeaderMap,
    body: String,
) -> StatusCode {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let _ = tx.send(Received { content_type, body });
    StatusCode::OK
}

/// A simulator served over HTTP whose pushes go to a recording webhook.
pub struct Running {
    /// The simulator (for router-level calls to its API and admin endpoints).
    pub sim: SimState,
    pushes: mpsc::UnboundedReceiver<Received>,
    stop: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// Starts a webhook and a simulator from `config` (its push URL replaced) pushing to it.
pub async fn serve(config: SimConfig) -> Running {
    let (tx, pushes) = mpsc::unbounded_channel();
    let hook = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let hook_addr = hook.local_addr().unwrap();
    let hook_app = axum::Router::new()
        .route("/hook", post(receive))
        .with_state(tx);
    tokio::spawn(async move { axum::serve(hook, hook_app).await });
    let sim = SimState::new(SimConfig {
        push_url: Some(format!("http://{hook_addr}/hook")),
        push_retry_base_ms: 10,
        ..config
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(cmp_sim::run(listener, sim.clone(), async move {
        let _ = stopped.await;
    }));
    Running {
        sim,
        pushes,
        stop,
        server,
    }
}

impl Running {
    /// The next `n` pushes about order `id`, in arrival order (at most 30 s each); pushes
    /// about other orders (the world's own orders expiring as the clock moves) are skipped.
    pub async fn take(&mut self, id: &str, n: usize) -> Vec<Received> {
        let mut got = Vec::with_capacity(n);
        while got.len() < n {
            let push = tokio::time::timeout(Duration::from_secs(30), self.pushes.recv())
                .await
                .unwrap_or_else(|_| panic!("only {} of {n} pushes arrived: {got:?}", got.len()))
                .expect("the webhook stopped");
            if push.field("orderid") == id {
                got.push(push);
            }
        }
        got
    }

    /// Waits until the outbox is empty, then checks that no more pushes about order `id`
    /// arrived: the ones taken were all there were.
    pub async fn assert_no_more(&mut self, id: &str) {
        tokio::time::timeout(Duration::from_secs(30), async {
            loop {
                let p = common::get(&self.sim, "/_sim/pushes").await;
                if p["data"]["pending"] == 0 {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("the outbox never emptied");
        // The webhook queues a push before it answers, and the simulator counts it only
        // after the answer: everything delivered is in the channel by now.
        while let Ok(extra) = self.pushes.try_recv() {
            assert_ne!(extra.field("orderid"), id, "an unexpected push: {extra:?}");
        }
    }

    /// Stops the simulator and waits for it.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        self.server.await.unwrap().unwrap();
    }
}

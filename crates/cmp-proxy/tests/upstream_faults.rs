//! The embedded simulator's fault injection, over real HTTP: an answer slower than the
//! proxy's timeout, HTTP 500, HTTP 429 with Retry-After, malformed JSON and a dropped
//! connection. Each becomes a clear error envelope, queries are tried three times and
//! mutations exactly once (counted at the simulator: each attempt uses up one unit of a
//! counted fault rule), and the proxy keeps serving.

mod common;

use common::config;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

/// The proxy's per-attempt upstream timeout in these tests.
const TIMEOUT_MS: &str = "500";

struct Rig {
    proxy: String,
    sim: reqwest::Url,
    admin: String,
    http: reqwest::Client,
    /// Dropping it stops the simulator.
    _sim: Option<cmp_proxy::upstream::in_process_sim::EmbeddedSim>,
    _dir: tempfile::TempDir,
}

async fn rig() -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // The faults are switched on at the simulator behind the proxy's back, so a query that
    // just succeeded would be answered from the read cache: every attempt must reach it.
    let cfg = config(
        dir.path(),
        &[
            ("CMP_UPSTREAM_TIMEOUT_MS", TIMEOUT_MS),
            ("CMP_CACHE_TTL_MS", "0"),
        ],
    );
    let prepared = cmp_proxy::prepare(cfg, addr).await.unwrap();
    let sim = prepared.sim.as_ref().unwrap().url.clone();
    let admin = prepared.generated.as_ref().unwrap().admin.clone();
    tokio::spawn(cmp_proxy::run(
        listener,
        prepared.state,
        std::future::pending(),
    ));
    Rig {
        _sim: prepared.sim,
        proxy: format!("http://{addr}"),
        sim,
        admin,
        // Only a guard against a hang: the proxy must answer long before this.
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        _dir: dir,
    }
}

impl Rig {
    async fn inject(&self, rule: Value) {
        let url = self.sim.join("/_sim/faults").unwrap();
        let r = self.http.post(url).json(&rule).send().await.unwrap();
        assert!(r.status().is_success());
    }

    /// The counts left on the active fault rules, in order.
    async fn counts_left(&self) -> Vec<u64> {
        let url = self.sim.join("/_sim/faults").unwrap();
        let v: Value = self
            .http
            .get(url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let rules = v["data"].as_array().unwrap();
        rules.iter().map(|r| r["count"].as_u64().unwrap()).collect()
    }

    async fn clear(&self) {
        let url = self.sim.join("/_sim/faults").unwrap();
        self.http.delete(url).send().await.unwrap();
    }

    async fn call(&self, op_path: &str, body: Value) -> (StatusCode, Option<String>, Value) {
        let r = self
            .http
            .post(format!("{}{op_path}", self.proxy))
            .bearer_auth(&self.admin)
            .json(&body)
            .send()
            .await
            .expect("the proxy answers");
        let status = r.status();
        let retry_after = r
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        (status, retry_after, r.json().await.unwrap_or(Value::Null))
    }

    async fn query(&self) -> (StatusCode, Option<String>, Value) {
        self.call(
            "/cmp-api/package/queryOrder",
            json!({"page_no": 1, "page_size": 5}),
        )
        .await
    }

    async fn cancel(&self) -> (StatusCode, Option<String>, Value) {
        self.call(
            "/cmp-api/package/cancelPackage",
            json!({"order_id": "ORDER_NONE"}),
        )
        .await
    }

    async fn still_serving(&self) {
        let r = self
            .http
            .get(format!("{}/healthz", self.proxy))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let (status, _, body) = self.query().await;
        assert_eq!(
            (status, body["code"].clone()),
            (StatusCode::OK, json!("0000"))
        );
    }
}

fn rule(route: &str, kind: Value, count: u64) -> Value {
    let mut r = kind;
    r["route"] = json!(route);
    r["count"] = json!(count);
    r
}

/// Asserts a refusal in the proxy's envelope with `code`, whose message says `says`.
fn assert_error(
    got: &(StatusCode, Option<String>, Value),
    status: StatusCode,
    code: &str,
    says: &str,
) {
    let (s, _, body) = got;
    assert_eq!((*s, body["code"].as_str()), (status, Some(code)), "{body}");
    assert_eq!(body["success"], false);
    let message = body["message"].as_str().unwrap();
    assert!(message.contains(says), "{message:?} should say {says:?}");
}

const MAYBE: &str = "may or may not have been made";

#[tokio::test]
async fn http_500_queries_are_retried_and_mutations_sent_once() {
    let rig = rig().await;
    let kind = json!({"kind": "http500"});
    rig.inject(rule("queryOrder", kind.clone(), 2)).await;
    let (status, _, body) = rig.query().await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::OK, json!("0000")),
        "the third attempt succeeds"
    );
    assert_eq!(rig.counts_left().await, Vec::<u64>::new());

    rig.inject(rule("queryOrder", kind.clone(), 5)).await;
    let got = rig.query().await;
    assert_error(
        &got,
        StatusCode::BAD_GATEWAY,
        "UPSTREAM_BAD_RESPONSE",
        "HTTP 500",
    );
    assert_eq!(rig.counts_left().await, [2], "three attempts");
    rig.clear().await;

    rig.inject(rule("cancelPackage", kind, 5)).await;
    let got = rig.cancel().await;
    assert_error(
        &got,
        StatusCode::BAD_GATEWAY,
        "UPSTREAM_BAD_RESPONSE",
        MAYBE,
    );
    assert_eq!(
        rig.counts_left().await,
        [4],
        "a mutation is sent exactly once"
    );
    rig.clear().await;
    rig.still_serving().await;
}

#[tokio::test]
async fn http_429_is_honoured_then_passed_on_with_retry_after() {
    let rig = rig().await;
    let kind = json!({"kind": "http429", "retry_after": 1});
    rig.inject(rule("queryOrder", kind.clone(), 5)).await;
    let got = rig.query().await;
    assert_error(
        &got,
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        "try again in 1 seconds",
    );
    assert_eq!(got.1.as_deref(), Some("1"), "Retry-After is passed on");
    assert_eq!(rig.counts_left().await, [2], "three attempts");
    rig.clear().await;

    rig.inject(rule("cancelPackage", kind, 5)).await;
    let got = rig.cancel().await;
    assert_eq!(got.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        rig.counts_left().await,
        [4],
        "a mutation is sent exactly once"
    );
    rig.clear().await;
    rig.still_serving().await;
}

#[tokio::test]
async fn malformed_json_is_a_bad_response_and_retried_only_for_queries() {
    retried_only_for_queries(json!({"kind": "malformed"}), "not a CMP envelope").await;
}

#[tokio::test]
async fn a_dropped_connection_is_retried_only_for_queries() {
    retried_only_for_queries(json!({"kind": "drop"}), "Try again in a moment").await;
}

/// A fault of `kind` that passes after one occurrence: the query's second attempt succeeds.
/// A lasting one: the query fails with `query_words` after three attempts, and a mutation
/// after exactly one, saying it may or may not have been made.
async fn retried_only_for_queries(kind: Value, query_words: &str) {
    let rig = rig().await;
    rig.inject(rule("queryOrder", kind.clone(), 1)).await;
    let (status, _, body) = rig.query().await;
    assert_eq!(
        (status, body["code"].clone()),
        (StatusCode::OK, json!("0000")),
        "the second attempt succeeds"
    );

    rig.inject(rule("queryOrder", kind.clone(), 5)).await;
    let got = rig.query().await;
    assert_error(
        &got,
        StatusCode::BAD_GATEWAY,
        "UPSTREAM_BAD_RESPONSE",
        query_words,
    );
    assert_eq!(rig.counts_left().await, [2], "three attempts");
    rig.clear().await;

    rig.inject(rule("cancelPackage", kind, 5)).await;
    let got = rig.cancel().await;
    assert_error(
        &got,
        StatusCode::BAD_GATEWAY,
        "UPSTREAM_BAD_RESPONSE",
        MAYBE,
    );
    assert_eq!(
        rig.counts_left().await,
        [4],
        "a mutation is sent exactly once"
    );
    rig.clear().await;
    rig.still_serving().await;
}

#[tokio::test]
async fn an_answer_slower_than_the_timeout_is_a_504_and_never_repeated() {
    let rig = rig().await;
    // Ten times the proxy's timeout.
    let kind = json!({"kind": "latency", "ms": 5000});
    rig.inject(rule("queryOrder", kind.clone(), 5)).await;
    let got = rig.query().await;
    assert_error(
        &got,
        StatusCode::GATEWAY_TIMEOUT,
        "UPSTREAM_TIMEOUT",
        "did not answer in time",
    );
    assert_eq!(
        rig.counts_left().await,
        [4],
        "a timed-out query is not tried again"
    );
    rig.clear().await;

    rig.inject(rule("cancelPackage", kind, 5)).await;
    let got = rig.cancel().await;
    assert_error(&got, StatusCode::GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT", MAYBE);
    assert_eq!(
        rig.counts_left().await,
        [4],
        "a mutation is sent exactly once"
    );
    rig.clear().await;
    rig.still_serving().await;
}

//! Shared test fixtures: a small fake upstream that checks signatures, a proxy state wired
//! to it with four kinds of token (and an embed secret), and helpers to send requests.
//! [`postgres`] starts a throwaway PostgreSQL server for the tests that need one.
#![allow(dead_code)]

pub mod postgres;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use cmp_proxy::access::identity::{Identity, Role};
use cmp_proxy::access::tokens::{TokenSet, TokenStore};
use cmp_proxy::config::Config;
use cmp_proxy::store::Store;
use cmp_proxy::upstream::Upstream;
use cmp_proxy::{AppState, Secret};
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::Path as FsPath;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tower::ServiceExt;

pub const ACCESS: &str = "AC";
pub const SECRET: &str = "s3cr3t-value-never-shown";
pub const HOOK: &str = "hook-secret-1";
pub const D1: &str = "89852000000000000001";
pub const D2: &str = "89852000000000000002";
pub const ADMIN: &str = "admin-token";
pub const VIEWER: &str = "viewer-token";
pub const SCOPED: &str = "scoped-viewer-token";
pub const SCOPED_ADMIN: &str = "scoped-admin-token";
/// A viewer limited to D1 and traffic pool P3 (`pools = ["P3"]`).
pub const SCOPED_POOLS: &str = "scoped-pools-viewer-token";
pub const EMBED_SECRET: &str = "embed-secret-for-tests-0123456789abcdef";
/// The secret outbound alert webhooks are signed with.
pub const WEBHOOK_SECRET: &str = "webhook-secret-for-tests-0123";
/// The fake platform's traffic pools, served at most [`POOL_PAGE_CAP`] per page.
pub const POOLS: [&str; 3] = ["P1", "P2", "P3"];
pub const POOL_PAGE_CAP: usize = 2;

/// One request the fake upstream saw: operation path and parameters without signing fields.
pub type SeenRequest = (String, Map<String, Value>);

/// What the fake upstream saw.
#[derive(Clone, Default)]
pub struct Seen(pub Arc<Mutex<Vec<SeenRequest>>>);

impl Seen {
    pub fn paths(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(p, _)| p.clone())
            .collect()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn refused() -> Json<Value> {
    Json(json!({"code":"1001","data":null,"message":"signature mismatch","success":false}))
}

/// Orders of the fake platform: two for D1, one for D2.
pub fn orders() -> Vec<Value> {
    vec![
        json!({"orderCode":"ORD-1","deviceId":D1,"orderStatus":"1","orderDate":"20240101120000"}),
        json!({"orderCode":"ORD-2","deviceId":D1,"orderStatus":"2","orderDate":"20240301120000"}),
        json!({"orderCode":"ORD-3","deviceId":D2,"orderStatus":"2","orderDate":"20240201120000"}),
    ]
}

async fn post_op(
    State(seen): State<Seen>,
    Path(rest): Path<String>,
    Json(mut body): Json<Map<String, Value>>,
) -> Json<Value> {
    if cmp_api::sign::verify(&body, ACCESS, SECRET, now_ms()).is_err() {
        return refused();
    }
    for k in ["access_code", "timestamp", "sign"] {
        body.remove(k);
    }
    let path = format!("/cmp-api/{rest}");
    seen.0.lock().unwrap().push((path.clone(), body.clone()));
    let data = match rest.as_str() {
        "package/syncPackages" => {
            json!({"page":{"cur_page_no":1,"page_size":1,"total_count":1,"total_pages":1},"package":[{"package_code":"DP1"}],"package_num":1})
        }
        "package/queryOrder" => {
            let device = body.get("device_id").and_then(Value::as_str);
            let order = body.get("order_id").and_then(Value::as_str);
            // Fuzzy device match, as the spec says the upstream does.
            let rows: Vec<Value> = orders()
                .into_iter()
                .filter(|o| device.is_none_or(|d| o["deviceId"].as_str().unwrap().contains(d)))
                .filter(|o| order.is_none_or(|id| o["orderCode"] == id))
                .collect();
            json!({"page":{"cur_page_no":1,"page_size":100,"total_count":rows.len(),"total_pages":1},"package_order":rows,"package_order_num":rows.len()})
        }
        "device/queryDevice" => json!({"device_id": body.get("device_id")}),
        "package/getTrafficPoolInfo" => {
            let page_no = body.get("page_no").and_then(Value::as_u64).unwrap_or(1) as usize;
            let size = body.get("page_size").and_then(Value::as_u64).unwrap_or(20) as usize;
            let size = size.min(POOL_PAGE_CAP);
            let rows: Vec<Value> = POOLS
                .iter()
                .skip((page_no - 1) * size)
                .take(size)
                .map(|id| json!({"trafficPoolId": id, "trafficPoolName": format!("pool {id}"), "totalQuotaByte": "1000", "usedByte": "10"}))
                .collect();
            json!({"rows": rows, "total": POOLS.len()})
        }
        _ => Value::Null,
    };
    Json(json!({"code":"0000","data":data,"message":"success","success":true}))
}

async fn cdr(
    State(seen): State<Seen>,
    Path(sim): Path<String>,
    RawQuery(q): RawQuery,
) -> Json<Value> {
    let url = reqwest::Url::parse(&format!("http://x/?{}", q.unwrap_or_default())).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let params = cmp_api::sign::get_params(
        pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        Some(&sim),
    );
    if cmp_api::sign::verify(&params, ACCESS, SECRET, now_ms()).is_err() {
        return refused();
    }
    seen.0
        .lock()
        .unwrap()
        .push((format!("/cmp-api/sims/{sim}/cdr"), params));
    Json(
        json!({"code":"0000","data":{"data":[],"total_count":0},"message":"success","success":true}),
    )
}

/// The fake upstream's router.
pub fn fake_upstream(seen: Seen) -> Router {
    Router::new()
        .route("/cmp-api/sims/{sim}/cdr", get(cdr))
        .route("/cmp-api/{*rest}", post(post_op))
        .with_state(seen)
}

/// An upstream answering every call with `answer` (status and body), counting the calls.
pub async fn answering(status: StatusCode, answer: &'static str) -> (SocketAddr, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let c = calls.clone();
    let handler = move || {
        let c = c.clone();
        async move {
            c.fetch_add(1, Ordering::SeqCst);
            (status, answer)
        }
    };
    let router = Router::new().route("/cmp-api/{*rest}", post(handler.clone()).get(handler));
    (spawn(router).await, calls)
}

/// Serves `router` on a loopback port.
pub async fn spawn(router: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

/// The four tokens of the tests.
pub fn token_set() -> TokenSet {
    let mut set = TokenSet::default();
    set.insert(
        ADMIN,
        Identity {
            name: "ops".into(),
            role: Role::Admin,
            devices: None,
            pools: None,
            embed: None,
        },
    );
    set.insert(
        VIEWER,
        Identity {
            name: "watcher".into(),
            role: Role::Viewer,
            devices: None,
            pools: None,
            embed: None,
        },
    );
    set.insert(
        SCOPED,
        Identity {
            name: "customer".into(),
            role: Role::Viewer,
            devices: Some(vec![D1.into()]),
            pools: Some(Vec::new()),
            embed: None,
        },
    );
    set.insert(
        SCOPED_POOLS,
        Identity {
            name: "pool-customer".into(),
            role: Role::Viewer,
            devices: Some(vec![D1.into()]),
            pools: Some(vec!["P3".into()]),
            embed: None,
        },
    );
    set.insert(
        SCOPED_ADMIN,
        Identity {
            name: "customer-admin".into(),
            role: Role::Admin,
            devices: Some(vec![D1.into()]),
            pools: Some(Vec::new()),
            embed: None,
        },
    );
    set
}

/// A configuration for tests, from `extra` environment settings over the defaults.
pub fn config(dir: &FsPath, extra: &[(&str, &str)]) -> Config {
    let mut env: HashMap<String, String> = HashMap::new();
    env.insert(
        "CMP_DATA_DIR".into(),
        dir.join("data").display().to_string(),
    );
    env.insert(
        "CMP_DIST_DIR".into(),
        dir.join("dist").display().to_string(),
    );
    env.insert("CMP_HOOK_SECRET".into(), HOOK.into());
    env.insert("CMP_EMBED_SECRET".into(), EMBED_SECRET.into());
    env.insert("CMP_ALERT_WEBHOOK_SECRET".into(), WEBHOOK_SECRET.into());
    env.insert(
        "CMP_ALLOWED_ORIGINS".into(),
        "https://portal.example".into(),
    );
    for (k, v) in extra {
        env.insert((*k).into(), (*v).into());
    }
    Config::from_sources(&env, None).unwrap()
}

/// A proxy state whose upstream is `upstream` signing with `secret`.
pub fn state_with(dir: &FsPath, upstream: SocketAddr, secret: &str, timeout_ms: u64) -> AppState {
    state_with_settings(dir, upstream, secret, timeout_ms, &[])
}

/// A proxy state in front of a fresh fake upstream, with `extra` settings over the defaults.
pub async fn fake_state_with(dir: &FsPath, extra: &[(&str, &str)]) -> (AppState, Seen) {
    let seen = Seen::default();
    let addr = spawn(fake_upstream(seen.clone())).await;
    (state_with_settings(dir, addr, SECRET, 5_000, extra), seen)
}

/// [`state_with`], with `extra` settings over the defaults.
pub fn state_with_settings(
    dir: &FsPath,
    upstream: SocketAddr,
    secret: &str,
    timeout_ms: u64,
    extra: &[(&str, &str)],
) -> AppState {
    state_from(config(dir, extra), upstream, secret, timeout_ms)
}

/// A proxy state with `config` whose upstream is `upstream` signing with `secret`.
pub fn state_from(config: Config, upstream: SocketAddr, secret: &str, timeout_ms: u64) -> AppState {
    state_for_url(config, &format!("http://{upstream}"), secret, timeout_ms)
}

/// A proxy state with `config` whose upstream is the API at `url` (a base URL, perhaps
/// with a path) signing with `secret`.
pub fn state_for_url(config: Config, url: &str, secret: &str, timeout_ms: u64) -> AppState {
    let url = reqwest::Url::parse(url).unwrap();
    let up = Upstream::new(
        url,
        ACCESS.into(),
        Secret::new(secret),
        Duration::from_millis(timeout_ms),
    )
    .unwrap();
    let store = Store::open(&config.data_dir).unwrap();
    AppState::new(
        config,
        up,
        TokenStore::fixed(token_set()),
        store,
        Some(Secret::new(HOOK)),
    )
}

/// A proxy state in front of a fresh fake upstream.
pub async fn fake_state(dir: &FsPath) -> (AppState, Seen) {
    let seen = Seen::default();
    let addr = spawn(fake_upstream(seen.clone())).await;
    (state_with(dir, addr, SECRET, 5_000), seen)
}

/// A CDR range the proxy accepts by the wall clock on a UTC platform, as query pairs:
/// the week up to yesterday (so a midnight passing during a test leaves it inside the
/// history and not in the future).
pub fn recent_dates() -> String {
    let (from, to) = recent_days();
    format!("received_start_time={from}&received_end_by={to}")
}

/// The first and last day of [`recent_dates`], `YYYY-MM-DD`.
pub fn recent_days() -> (String, String) {
    let today = cmp_api::time::UtcOffset::UTC.today(now_ms());
    (today.add_days(-7).iso_date(), today.add_days(-1).iso_date())
}

/// Unix seconds now.
pub fn now_secs() -> i64 {
    now_ms() / 1000
}

/// An embed token for `devices` and `pools`, valid for `ttl` seconds from now, signed with
/// the tests' embed secret.
pub fn embed_token(devices: &[&str], pools: &[&str], ttl: i64) -> String {
    let now = now_secs();
    let claims = cmp_api::embed_token::Claims {
        exp: now + ttl,
        sub: Some("Acme portal".into()),
        devices: devices.iter().map(|d| d.to_string()).collect(),
        pools: pools.iter().map(|p| p.to_string()).collect(),
        iat: Some(now),
        nbf: None,
    };
    cmp_api::embed_token::encode(&claims, EMBED_SECRET.as_bytes())
}

/// A request with an optional bearer token and JSON body.
pub fn request(method: &str, uri: &str, token: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header("authorization", format!("Bearer {t}"));
    }
    match body {
        Some(v) => b
            .header("content-type", "application/json")
            .body(Body::from(v.to_string()))
            .unwrap(),
        None => b.body(Body::empty()).unwrap(),
    }
}

/// Sends `req` through the app; returns status, headers and body bytes.
pub async fn send(state: &AppState, req: Request<Body>) -> (StatusCode, HeaderMap, Vec<u8>) {
    let response = cmp_proxy::app(state.clone()).oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap();
    (status, headers, body.to_vec())
}

/// Sends `req` and parses the body as JSON.
pub async fn send_json(state: &AppState, req: Request<Body>) -> (StatusCode, Value) {
    let (status, _, body) = send(state, req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// POSTs `body` to `uri` with `token` through the app and returns the status and JSON answer.
pub async fn post_json(
    state: &AppState,
    uri: &str,
    token: &str,
    body: Value,
) -> (StatusCode, Value) {
    send_json(state, request("POST", uri, Some(token), Some(body))).await
}

//! The authorization matrix: every route of the proxy × every kind of caller → the status
//! it gets, as one table so the policy reads at a glance. Every refusal (4xx) must come in
//! the error envelope with a reason. The "removed" caller held a valid admin token that was
//! deleted from the tokens file while the proxy was running (picked up by its watcher). The
//! last three columns are partner-portal embed tokens: read-only inside their scope, and
//! refused outright once expired or when signed with another secret.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cmp_proxy::AppState;
use cmp_proxy::access::secret::sha256_hex;
use cmp_proxy::access::tokens::TokenStore;
use cmp_proxy::store::Store;
use cmp_proxy::upstream::Upstream;
use common::*;
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;
use tower::ServiceExt;

/// A valid admin token that is removed from the tokens file during the test.
const LEAVER: &str = "leaving-admin-token";

/// Who calls, as the `Authorization` header they send.
#[derive(Debug, Clone, Copy)]
enum Who {
    /// No header at all.
    Nobody,
    /// A header that is not a Bearer token.
    Malformed,
    /// A Bearer token the proxy never knew.
    Unknown,
    /// A viewer with all devices.
    Viewer,
    /// An admin with all devices.
    Admin,
    /// A viewer limited to device D1 (D2 is out of its scope), naming no traffic pools.
    Scoped,
    /// A viewer limited to device D1 and traffic pool P2 (`pools = ["P2"]`).
    ScopedPools,
    /// An admin token removed from the tokens file while the proxy runs.
    Removed,
    /// A partner portal's embed token for device D1 and pool P2.
    Embed,
    /// The same embed token, expired a minute ago.
    Expired,
    /// An embed token for D1 signed with some other secret.
    Forged,
}

/// The columns of every row, in order.
const CALLERS: [Who; COLUMNS] = [
    Who::Nobody,
    Who::Malformed,
    Who::Unknown,
    Who::Viewer,
    Who::Admin,
    Who::Scoped,
    Who::ScopedPools,
    Who::Removed,
    Who::Embed,
    Who::Expired,
    Who::Forged,
];

const COLUMNS: usize = 11;

impl Who {
    fn header(self) -> Option<String> {
        let bearer = |t: &str| Some(format!("Bearer {t}"));
        match self {
            Who::Nobody => None,
            Who::Malformed => Some("Basic b3BzOnNlY3JldA==".into()),
            Who::Unknown => bearer("never-issued-token"),
            Who::Viewer => bearer(VIEWER),
            Who::Admin => bearer(ADMIN),
            Who::Scoped => bearer(SCOPED),
            Who::ScopedPools => bearer(SCOPED_POOLS),
            Who::Removed => bearer(LEAVER),
            Who::Embed => bearer(&embed_token(&[D1], &["P2"], 3600)),
            Who::Expired => bearer(&embed_token(&[D1], &["P2"], -60)),
            Who::Forged => bearer(&forged_embed_token()),
        }
    }
}

/// A well-formed embed token for D1 whose signature is made with the wrong secret.
fn forged_embed_token() -> String {
    let claims = cmp_api::embed_token::Claims {
        exp: now_secs() + 3600,
        sub: Some("intruder".into()),
        devices: vec![D1.into()],
        pools: vec![],
        iat: None,
        nbf: None,
    };
    cmp_api::embed_token::encode(&claims, b"not-the-proxy-embed-secret-0123456789")
}

/// One route: method, path and body, and the status for each caller of [`CALLERS`].
struct Row {
    method: &'static str,
    uri: String,
    body: Option<Value>,
    want: [u16; COLUMNS],
}

fn post(uri: &str, body: Value, want: [u16; COLUMNS]) -> Row {
    Row {
        method: "POST",
        uri: uri.into(),
        body: Some(body),
        want,
    }
}

fn get(uri: &str, want: [u16; COLUMNS]) -> Row {
    Row {
        method: "GET",
        uri: uri.into(),
        body: None,
        want,
    }
}

fn cdr(device: &str) -> String {
    format!(
        "/cmp-api/sims/{device}/cdr?{dates}&page_no=1&page_size=10",
        dates = recent_dates()
    )
}

/// The policy. Columns: nobody, malformed, unknown, viewer, admin, scoped, scoped with a
/// pool, removed, and the
/// embed tokens: valid (D1, pool P2), expired, forged.
fn matrix() -> Vec<Row> {
    let push = json!({"assetid": D1, "imsi": "454000000000001", "operation": "1005", "orderid": "ORD-1", "time": "2024-05-01 10:00:00"});
    let hook = format!("/hooks/order-status/{HOOK}");
    vec![
        // nobody malf unkn view admin scoped scoped+pools removed | embed expired forged
        // Queries: any valid token; a scoped token only for its own devices and their orders,
        // and the traffic pools only when it names some (a pool's quota is shared with others).
        post(
            "/cmp-api/package/syncPackages",
            json!({"page_no":1}),
            [401, 400, 401, 200, 200, 200, 200, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/getTrafficPoolInfo",
            json!({"page_no":1}),
            [401, 400, 401, 200, 200, 403, 200, 401, 200, 401, 401],
        ),
        post(
            "/cmp-api/device/queryDevice",
            json!({"device_id":D1}),
            [401, 400, 401, 200, 200, 200, 200, 401, 200, 401, 401],
        ),
        post(
            "/cmp-api/device/queryDevice",
            json!({"device_id":D2}),
            [401, 400, 401, 200, 200, 403, 403, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"page_no":1}),
            [401, 400, 401, 200, 200, 200, 200, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"device_id":D1}),
            [401, 400, 401, 200, 200, 200, 200, 401, 200, 401, 401],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"device_id":D2}),
            [401, 400, 401, 200, 200, 403, 403, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"order_id":"ORD-1"}),
            [401, 400, 401, 200, 200, 200, 200, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/queryOrder",
            json!({"order_id":"ORD-3"}),
            [401, 400, 401, 200, 200, 403, 403, 401, 403, 401, 401],
        ),
        get(
            &cdr(D1),
            [401, 400, 401, 200, 200, 200, 200, 401, 200, 401, 401],
        ),
        get(
            &cdr(D2),
            [401, 400, 401, 200, 200, 403, 403, 401, 403, 401, 401],
        ),
        // Mutations: admins only.
        post(
            "/cmp-api/package/batchOrderPackages",
            json!({"deviceList":[D1],"is_open":"0","package_code":"DP1"}),
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/openPackage",
            json!({"order_id":"ORD-1"}),
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/cancelPackage",
            json!({"order_id":"ORD-1"}),
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        post(
            "/cmp-api/package/aheadFinishDeviceOrder",
            json!({"order_id":"ORD-2","ahead_finish_cause":"t"}),
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        // The caller is checked before the operation: a wrong method or unknown operation is
        // only explained to someone signed in.
        get(
            "/cmp-api/package/queryOrder",
            [401, 400, 401, 400, 400, 400, 400, 401, 400, 401, 401],
        ),
        post(
            "/cmp-api/package/noSuchOperation",
            json!({}),
            [401, 400, 401, 404, 404, 404, 404, 401, 404, 401, 401],
        ),
        // The proxy's own API.
        get(
            "/api/session",
            [401, 400, 401, 200, 200, 200, 200, 401, 200, 401, 401],
        ),
        get(
            "/api/events",
            [401, 400, 401, 200, 200, 200, 200, 401, 403, 401, 401],
        ),
        get(
            "/api/events/history",
            [401, 400, 401, 200, 200, 200, 200, 401, 403, 401, 401],
        ),
        get(
            "/metrics",
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        get(
            "/api/audit",
            [401, 400, 401, 403, 200, 403, 403, 401, 403, 401, 401],
        ),
        // The webhook is for the platform: its path secret decides, tokens play no part.
        post(
            &hook,
            push,
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        post(
            "/hooks/order-status/wrong-secret",
            json!({}),
            [404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
        ),
        // Probes and the SPA's files are public.
        get(
            "/healthz",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        get(
            "/readyz",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        get("/", [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]),
        get(
            "/orders/new",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
        get(
            "/app-0123456789abcdef.js",
            [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        ),
    ]
}

fn tokens_file(leaver: bool) -> String {
    let entry = |name: &str, role: &str, token: &str, scope: &str| {
        format!(
            "[[token]]\nname = \"{name}\"\nrole = \"{role}\"\nsha256 = \"{}\"\n{scope}\n",
            sha256_hex(token)
        )
    };
    let d1 = format!("devices = [\"{D1}\"]\n");
    let mut text = entry("ops", "admin", ADMIN, "")
        + &entry("watcher", "viewer", VIEWER, "")
        + &entry("customer", "viewer", SCOPED, &d1)
        + &entry(
            "pool-customer",
            "viewer",
            SCOPED_POOLS,
            &format!("{d1}pools = [\"P2\"]\n"),
        );
    if leaver {
        text += &entry("leaver", "admin", LEAVER, "");
    }
    text
}

fn write_tokens(path: &Path, leaver: bool) {
    std::fs::write(path, tokens_file(leaver)).unwrap();
    // Move the mtime forward so the watcher sees the edit even on coarse file systems.
    let later = std::time::SystemTime::now() + Duration::from_secs(if leaver { 0 } else { 5 });
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(later)
        .unwrap();
}

/// A proxy in front of the fake upstream, with tokens from a file and the SPA built.
async fn state(dir: &Path) -> AppState {
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html><title>app</title>").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "export default 1;").unwrap();
    let tokens = dir.join("tokens.toml");
    write_tokens(&tokens, true);
    let config = config(dir, &[("CMP_RATE_LIMIT_PER_SEC", "0")]);
    let upstream = spawn(fake_upstream(Seen::default())).await;
    let url = reqwest::Url::parse(&format!("http://{upstream}")).unwrap();
    let up = Upstream::new(
        url,
        ACCESS.into(),
        cmp_proxy::Secret::new(SECRET),
        Duration::from_secs(5),
    )
    .unwrap();
    let store = Store::open(&config.data_dir).unwrap();
    let tokens = TokenStore::from_file(&tokens).unwrap();
    AppState::new(
        config,
        up,
        tokens,
        store,
        Some(cmp_proxy::Secret::new(HOOK)),
    )
}

/// Status and body of `row` sent by `who`; a live stream's endless body is not read.
async fn call(state: &AppState, row: &Row, who: Who) -> (u16, Value) {
    let mut b = Request::builder()
        .method(row.method)
        .uri(&row.uri)
        .header(header::ACCEPT, "text/html,application/json");
    if let Some(h) = who.header() {
        b = b.header(header::AUTHORIZATION, h);
    }
    let req = match &row.body {
        Some(v) => b
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string())),
        None => b.body(Body::empty()),
    }
    .unwrap();
    let response = cmp_proxy::app(state.clone()).oneshot(req).await.unwrap();
    let status = response.status().as_u16();
    if row.uri == "/api/events" && status == 200 {
        return (status, Value::Null);
    }
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// What `/api/session` answers the leaver's token.
async fn leaver_session(state: &AppState) -> StatusCode {
    let row = get("/api/session", [0; COLUMNS]);
    StatusCode::from_u16(call(state, &row, Who::Removed).await.0).unwrap()
}

#[tokio::test]
async fn every_route_for_every_caller() {
    let dir = tempfile::tempdir().unwrap();
    let state = state(dir.path()).await;
    // The proxy runs (with its tokens-file watcher) while the leaver's token is removed.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = tokio::spawn(cmp_proxy::run(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    assert_eq!(
        leaver_session(&state).await,
        StatusCode::OK,
        "valid before the edit"
    );
    write_tokens(&dir.path().join("tokens.toml"), false);
    let mut removed = false;
    for _ in 0..100 {
        if leaver_session(&state).await == StatusCode::UNAUTHORIZED {
            removed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        removed,
        "the running proxy stopped accepting the removed token"
    );

    let mut wrong = Vec::new();
    for row in matrix() {
        for (who, want) in CALLERS.into_iter().zip(row.want) {
            let (status, body) = call(&state, &row, who).await;
            if status != want {
                wrong.push(format!(
                    "{} {} as {who:?}: got {status}, want {want}: {body}",
                    row.method, row.uri
                ));
            } else if status >= 400 {
                let reason = body["message"].as_str().unwrap_or("");
                if body["success"] != false || reason.is_empty() {
                    wrong.push(format!(
                        "{} {} as {who:?}: refusal without an envelope and reason: {body}",
                        row.method, row.uri
                    ));
                }
            }
        }
    }
    server.abort();
    assert!(
        wrong.is_empty(),
        "{} cells differ from the policy:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

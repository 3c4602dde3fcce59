//! Journey: the Overview at `/` against the simulator's own world. The counts by status are
//! checked against the simulator's list of its orders (`/_sim/world`); the devices with a
//! running plan, the top device's use this cycle, the devices at 80 % of their plan and the
//! pools' shares against the platform's own pages, read through the proxy like any client
//! and summed here independently. Then the "≥ 80 %" tile leads to the orders list filtered
//! to match, and an embed token's `/embed/overview` shows only its devices.

use cmp_api::embed_token::{Claims, encode};
use cmp_api::{Bytes, format_count, format_percent};
use cmp_e2e::{Browser, Stack, StackOptions};
use fantoccini::Locator;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

const SECRET: &str = "overview-e2e-secret-0123456789abcdef";

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

/// Fails the journey (an `Err`, so the browser is still closed) unless `cond` holds.
macro_rules! ensure {
    ($cond:expr, $($why:tt)+) => {
        let holds: bool = $cond;
        if !holds {
            return Err(format!($($why)+));
        }
    };
}

/// Fails the journey unless `left == right`.
macro_rules! ensure_eq {
    ($left:expr, $right:expr, $what:expr) => {{
        let (left, right) = (&$left, &$right);
        ensure!(left == right, "{}: {:?} ≠ {:?}", $what, left, right);
    }};
}

/// A number the upstream writes as a string or a number.
fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().unwrap_or(0.0),
        other => other.as_f64().unwrap_or(0.0),
    }
}

/// What the Overview should show, worked out here from the simulator and the platform.
#[derive(Debug, Default)]
struct Expected {
    /// Orders by status code ("1", "2", "3", "5"), from `/_sim/world`.
    statuses: HashMap<String, u64>,
    /// Running orders' data used this cycle (KB) per device.
    used_kb: HashMap<String, u64>,
    /// Running orders at 80 % of their cycle's volume or more.
    orders_at_80: u64,
    /// Devices with a running order at 80 % or more.
    devices_at_80: u64,
    /// Each pool's share used, "42.1 %", most used first.
    pool_shares: Vec<String>,
}

fn expected(stack: &Stack) -> Expected {
    let mut expected = Expected::default();
    let (status, world) = stack
        .sim_get_json("/_sim/world")
        .expect("the simulator's world");
    assert_eq!(status, 200, "{world}");
    for order in world["data"]["orders"].as_array().expect("orders") {
        let code = order["status"].as_str().unwrap_or_default().to_owned();
        *expected.statuses.entry(code).or_default() += 1;
    }
    let mut at_80: HashMap<String, bool> = HashMap::new();
    let mut page = 1;
    loop {
        let body = json!({"page_no": page, "page_size": 100, "order_status": "2"});
        let (_, answer) = stack
            .post_json("/cmp-api/package/queryOrder", &stack.admin, &body)
            .expect("running orders through the proxy");
        let orders = answer["data"]["package_order"]
            .as_array()
            .expect("orders")
            .clone();
        for order in &orders {
            let device = order["deviceId"].as_str().unwrap_or_default().to_owned();
            let used = num(&order["usedFlow"]);
            let flow_kb = num(&order["flow"]) * 1024.0;
            *expected.used_kb.entry(device.clone()).or_default() += used as u64;
            let near = flow_kb > 0.0 && used * 100.0 / flow_kb >= 80.0;
            expected.orders_at_80 += u64::from(near);
            *at_80.entry(device).or_default() |= near;
        }
        if orders.len() < 100 {
            break;
        }
        page += 1;
    }
    expected.devices_at_80 = at_80.values().filter(|near| **near).count() as u64;
    let (_, pools) = stack
        .post_json(
            "/cmp-api/package/getTrafficPoolInfo",
            &stack.admin,
            &json!({"page_no": 1, "page_size": 100}),
        )
        .expect("pools through the proxy");
    let mut shares: Vec<f64> = pools["data"]["rows"]
        .as_array()
        .expect("pools")
        .iter()
        .map(|p| num(&p["usedByte"]) * 100.0 / num(&p["totalQuotaByte"]))
        .collect();
    shares.sort_by(|a, b| b.total_cmp(a));
    expected.pool_shares = shares.iter().map(|s| format_percent(*s)).collect();
    expected
}

fn mint(devices: &[&str], pools: &[&str]) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let claims = Claims {
        exp: now + 3600,
        sub: Some("Overview e2e".to_owned()),
        devices: devices.iter().map(|d| (*d).to_owned()).collect(),
        pools: pools.iter().map(|p| (*p).to_owned()).collect(),
        iat: Some(now),
        nbf: None,
    };
    encode(&claims, SECRET.as_bytes())
}

async fn figure(browser: &Browser, tile: &str) -> Result<String, String> {
    let css = format!("[data-testid={tile}] [data-testid=tile-figure]");
    step(browser.texts(&css).await, tile).map(|t| t.join(""))
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn overview_matches_the_world_and_a_tile_leads_to_the_filtered_list() {
    let options = StackOptions::default()
        .setting("CMP_SIM_FROZEN_CLOCK", "true")
        .embed_secret(SECRET);
    let stack = Stack::start_with("overview", &options).expect("proxy starts");
    let want = expected(&stack);
    let (top_device, top_kb) = want
        .used_kb
        .iter()
        .max_by_key(|(device, kb)| (**kb, std::cmp::Reverse((*device).clone())))
        .map(|(d, kb)| (d.clone(), *kb))
        .expect("running orders");
    assert!(
        want.orders_at_80 > 0,
        "the world has orders at 80 %: {want:?}"
    );

    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        step(
            c.goto(&stack.url_with_token("/", &stack.admin)).await,
            "open /",
        )?;
        step(
            browser
                .wait_for("[data-testid=overview-status][data-status=complete]", 60)
                .await,
            "every tile in",
        )?;
        let failed = step(
            c.find_all(Locator::Css("[data-state=failed]")).await,
            "states",
        )?;
        ensure!(failed.is_empty(), "{} source(s) failed", failed.len());
        step(browser.screenshot("overview").await, "screenshot")?;

        // Orders by status, as the simulator counts its own orders.
        let counts = step(browser.texts("[data-testid=status-count]").await, "counts")?;
        let of = |code: &str| format_count(want.statuses.get(code).copied().unwrap_or(0));
        ensure_eq!(
            counts,
            [of("2"), of("1"), of("5"), of("3")],
            "running, waiting, paused, ended"
        );
        let total: u64 = want.statuses.values().sum();
        ensure_eq!(
            figure(&browser, "tile-statuses").await?,
            format_count(total),
            "orders"
        );
        // The running plans, summed from the platform's pages.
        ensure_eq!(
            figure(&browser, "tile-running").await?,
            format_count(want.used_kb.len() as u64),
            "devices with a running plan"
        );
        let used: u64 = want.used_kb.values().sum();
        ensure_eq!(
            figure(&browser, "tile-data").await?,
            Bytes(used * 1024).human(),
            "data used"
        );
        ensure_eq!(
            figure(&browser, "tile-near-limit").await?,
            format_count(want.devices_at_80),
            "devices at 80 %"
        );
        // The top device and its use.
        let first = step(browser.texts("[data-testid=top-row]").await, "top rows")?;
        let first = first.first().cloned().unwrap_or_default();
        let top_used = Bytes(top_kb * 1024).human();
        ensure!(first.contains(&top_device), "{first} names {top_device}");
        ensure!(first.contains(&top_used), "{first} shows {top_used}");
        // The pools, most used first.
        let shares = step(
            browser.texts("[data-testid=tile-pool-percent]").await,
            "pools",
        )?;
        let listed = shares.len();
        ensure_eq!(shares, want.pool_shares[..listed], "pool shares");

        // The "≥ 80 %" tile leads to the running orders at 80 % or more.
        let tile = step(
            c.find(Locator::Css("[data-testid=tile-near-limit] .tile-link"))
                .await,
            "near-limit tile",
        )?;
        step(tile.click().await, "follow the tile")?;
        step(
            browser
                .wait_for("[data-testid=orders-usage][data-status=complete]", 60)
                .await,
            "filtered list read",
        )?;
        let url = step(c.current_url().await, "url")?;
        ensure_eq!(url.path(), "/orders", "the list's path");
        ensure_eq!(url.query(), Some("status=2&usage=80"), "the list's filters");
        let usages = step(
            browser.texts("[data-testid=order-row] .usage-text").await,
            "usages",
        )?;
        ensure_eq!(
            usages.len() as u64,
            want.orders_at_80.min(20),
            "rows on page 1"
        );
        for usage in &usages {
            let percent: f64 = usage
                .trim_end_matches(" %")
                .replace(',', "")
                .parse()
                .unwrap_or(0.0);
            let near = percent >= 80.0;
            ensure!(near, "{usage} is at least 80 %");
        }
        let caption = step(
            browser.texts("[data-testid=orders-usage-caption]").await,
            "caption",
        )?;
        let matched = format!("{} of", format_count(want.orders_at_80));
        ensure!(
            caption.join("").contains(&matched),
            "{caption:?} says {matched}"
        );
        step(
            browser.screenshot("overview-filtered-orders").await,
            "screenshot",
        )?;

        // An embed token sees only its two devices, without links or the events tile.
        let mine: Vec<&str> = want.used_kb.keys().take(2).map(String::as_str).collect();
        let token = mint(&mine, &[]);
        step(
            c.goto(&format!(
                "{}/embed/overview?theme=dark#token={token}",
                stack.base_url
            ))
            .await,
            "open the embed",
        )?;
        step(
            browser
                .wait_for("[data-testid=overview-status][data-status=complete]", 60)
                .await,
            "embed read",
        )?;
        ensure_eq!(
            figure(&browser, "tile-running").await?,
            "2",
            "the embed's devices"
        );
        let events = step(
            c.find_all(Locator::Css("[data-testid=tile-events]")).await,
            "events",
        )?;
        ensure!(events.is_empty(), "no events tile in an embed");
        let links = step(
            c.find_all(Locator::Css(".tile-link, [data-testid=top-row] a"))
                .await,
            "links",
        )?;
        ensure!(links.is_empty(), "no links out of an embed");
        step(browser.screenshot("overview-embed").await, "screenshot")?;
        Ok::<_, String>(())
    }
    .await;
    if outcome.is_err() {
        let _ = browser.screenshot("overview-failure").await;
    }
    browser.close().await;
    outcome.expect("journey");
}

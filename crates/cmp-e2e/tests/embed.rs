//! Journey: a partner portal on another origin (`examples/partner-portal.html`, served by a
//! tiny static server) embeds a device's usage and a traffic pool's gauge from the proxy
//! with signed embed tokens. Both frames render, each iframe is sized from the frame's
//! `cmp-embed:resize` message, and a frame asking for a device outside the token's scope
//! shows the refusal in words. Then every embed route is shot light and dark at phone width.

use cmp_api::embed_token::{Claims, encode};
use cmp_e2e::{Browser, Stack, StackOptions, StaticFiles};
use fantoccini::Locator;
use serde_json::{Value, json};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The embed secret of this journey's proxy (at least 32 characters, as the proxy asks).
const SECRET: &str = "e2e-embed-secret-0123456789abcdef-0123456789";

/// The simulator's device with 20,000+ records: left out so the journey stays quick.
const HEAVY_DEVICE: &str = "89852202310161621658";

/// An iframe may differ from its content by this much (rounding of fractional pixels).
const HEIGHT_TOLERANCE: f64 = 3.0;

/// Two devices (the first, with a started order that used data, to embed; the second
/// outside the token) and a pool id, read through the proxy like any client.
fn pick_scope(stack: &Stack) -> (String, String, String) {
    let (_, orders) = stack
        .post_json(
            "/cmp-api/package/queryOrder",
            &stack.viewer,
            &json!({"page_no": 1, "page_size": 100}),
        )
        .expect("orders through the proxy");
    let orders = orders["data"]["package_order"].as_array().expect("orders");
    let used = |order: &Value| match &order["usedFlow"] {
        Value::String(s) => s.parse::<f64>().unwrap_or(0.0),
        other => other.as_f64().unwrap_or(0.0),
    };
    let device_of = |order: &Value| order["deviceId"].as_str().unwrap_or_default().to_owned();
    // Status "2" is a started order: its usage lies in the last weeks, so charts have data.
    let device = orders
        .iter()
        .find(|o| o["orderStatus"] == "2" && used(o) > 0.0 && device_of(o) != HEAVY_DEVICE)
        .map(device_of)
        .expect("a started order that used data");
    let outside = orders
        .iter()
        .map(device_of)
        .find(|id| !id.is_empty() && *id != device && id != HEAVY_DEVICE)
        .expect("a second device");
    let (_, pools) = stack
        .post_json(
            "/cmp-api/package/getTrafficPoolInfo",
            &stack.viewer,
            &json!({"page_no": 1, "page_size": 20}),
        )
        .expect("pools through the proxy");
    let pool = pools["data"]["rows"][0]["trafficPoolId"]
        .as_str()
        .expect("a traffic pool")
        .to_owned();
    (device, outside, pool)
}

/// A token for `devices` and `pools`, valid for an hour, as a partner's backend mints it.
fn mint(devices: &[&str], pools: &[&str]) -> String {
    mint_with(SECRET, 3600, devices, pools)
}

/// A token signed with `secret` that expires `ttl` seconds from now (negative: already expired).
fn mint_with(secret: &str, ttl: i64, devices: &[&str], pools: &[&str]) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let claims = Claims {
        exp: now + ttl,
        sub: Some("Northwind e2e".to_owned()),
        devices: devices.iter().map(|d| (*d).to_owned()).collect(),
        pools: pools.iter().map(|p| (*p).to_owned()).collect(),
        iat: Some(now),
        nbf: None,
    };
    encode(&claims, secret.as_bytes())
}

fn err(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// Runs `script` in the current frame and returns its number.
async fn number(browser: &Browser, script: &str) -> Result<f64, String> {
    browser
        .client
        .execute(script, vec![])
        .await
        .map_err(err)?
        .as_f64()
        .ok_or_else(|| format!("`{script}` gave no number"))
}

/// Inside the iframe `frame_id`: waits for `ready` (the view's content), then returns the
/// content height the view reports and what it stores about its token.
async fn inspect_frame(
    browser: &Browser,
    frame_id: &str,
    ready: &str,
) -> Result<(f64, Value), String> {
    let frame = browser
        .wait_for(&format!("#{frame_id}"), 20)
        .await
        .map_err(err)?;
    frame.enter_frame().await.map_err(err)?;
    let inside = async {
        browser.wait_for(ready, 60).await.map_err(err)?;
        // Still loading pages means the height will still change.
        browser
            .wait_for_count("[data-testid=usage-progress], [data-testid=loading]", 0, 60)
            .await
            .map_err(err)?;
        let height = number(browser, "return document.querySelector('[data-testid=embed-root]').getBoundingClientRect().height").await?;
        let token_state = browser
            .client
            .execute(
                "return {hash: location.hash, stored: sessionStorage.getItem('cmp-dashboard.token'), \
                 accent: getComputedStyle(document.documentElement).getPropertyValue('--accent').trim()}",
                vec![],
            )
            .await
            .map_err(err)?;
        Ok::<_, String>((height, token_state))
    }
    .await;
    browser.client.enter_parent_frame().await.map_err(err)?;
    inside
}

/// Waits until the iframe `frame_id` in the portal is `content` pixels tall (give or take
/// [`HEIGHT_TOLERANCE`]) and returns its height.
async fn wait_for_frame_height(
    browser: &Browser,
    frame_id: &str,
    content: f64,
) -> Result<f64, String> {
    let script =
        format!("return document.getElementById('{frame_id}').getBoundingClientRect().height");
    let start = Instant::now();
    loop {
        let height = number(browser, &script).await?;
        if (height - content).abs() <= HEIGHT_TOLERANCE {
            return Ok(height);
        }
        if start.elapsed() > Duration::from_secs(15) {
            return Err(format!(
                "#{frame_id} stayed {height}px tall; its content is {content}px"
            ));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// How far the document in the iframe `frame_id` overflows its frame (0 when it fits,
/// i.e. the frame shows no scrollbar).
async fn frame_overflow(browser: &Browser, frame_id: &str) -> Result<f64, String> {
    let frame = browser
        .wait_for(&format!("#{frame_id}"), 5)
        .await
        .map_err(err)?;
    frame.enter_frame().await.map_err(err)?;
    let overflow = number(
        browser,
        "return document.documentElement.scrollHeight - window.innerHeight",
    )
    .await;
    browser.client.enter_parent_frame().await.map_err(err)?;
    overflow
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn partner_portal_embeds_usage_and_pool_and_shows_refusals() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let portal = StaticFiles::serve(&examples).expect("static server starts");
    let options = StackOptions::default()
        .embed_secret(SECRET)
        .frame_ancestors(portal.base_url.clone());
    let stack = Stack::start_with("embed", &options).expect("proxy starts");
    let (device, outside, pool) = pick_scope(&stack);
    let device_token = mint(&[&device], &[]);
    let pool_token = mint(&[], &[&pool]);
    let portal_url = format!(
        "{}/partner-portal.html?proxy={}&device={device}&device_token={device_token}\
         &pool={pool}&pool_token={pool_token}&outside_device={outside}&accent=%23c2410c",
        portal.base_url, stack.base_url
    );

    let browser = Browser::start(1280, 1800).await.expect("chromium starts");
    let outcome = async {
        browser.client.goto(&portal_url).await.map_err(err)?;

        let (usage_content, usage_state) = inspect_frame(
            &browser,
            "frame-usage",
            "[data-testid=usage-chart-daily] [data-testid=chart] canvas",
        )
        .await?;
        let (pool_content, pool_state) =
            inspect_frame(&browser, "frame-pool", "[data-testid=pool-gauge] svg").await?;
        let usage_height = wait_for_frame_height(&browser, "frame-usage", usage_content).await?;
        let pool_height = wait_for_frame_height(&browser, "frame-pool", pool_content).await?;
        let overflows = (
            frame_overflow(&browser, "frame-usage").await?,
            frame_overflow(&browser, "frame-pool").await?,
        );

        let outside_frame = browser.wait_for("#frame-outside", 10).await.map_err(err)?;
        outside_frame.enter_frame().await.map_err(err)?;
        let refusal = browser
            .wait_for_text("[data-testid=embed-refusal]", 30, |t| {
                t.contains("does not cover device")
            })
            .await
            .map_err(err);
        browser.client.enter_parent_frame().await.map_err(err)?;
        let refusal = refusal?;
        browser
            .screenshot("embed-partner-portal")
            .await
            .map_err(err)?;
        Ok::<_, String>((
            usage_content,
            usage_height,
            usage_state,
            pool_content,
            pool_height,
            pool_state,
            refusal,
            overflows,
        ))
    }
    .await;
    let shots = match &outcome {
        Ok(_) => shoot_routes(&browser, &stack, &device, &pool, &device_token, &pool_token).await,
        Err(_) => Ok(()),
    };
    let refusals = match &shots {
        Ok(()) => check_refusals(&browser, &stack, &device).await,
        Err(_) => Ok(()),
    };
    browser.close().await;
    let (
        usage_content,
        usage_height,
        usage_state,
        pool_content,
        pool_height,
        pool_state,
        refusal,
        overflows,
    ) = outcome.expect("the portal journey");
    shots.expect("every embed route renders, light and dark");
    refusals.expect("expired, forged and missing tokens are explained in the frame");

    assert!(
        usage_content > 300.0,
        "the usage view has charts: {usage_content}px"
    );
    assert!(
        (usage_height - 150.0).abs() > 1.0,
        "usage frame resized from the default"
    );
    assert!(
        (pool_height - 150.0).abs() > 1.0,
        "pool frame resized from the default"
    );
    assert!(
        (pool_height - pool_content).abs() <= HEIGHT_TOLERANCE,
        "pool frame {pool_height}px for {pool_content}px of content"
    );
    assert_eq!(
        overflows,
        (0.0, 0.0),
        "neither frame scrolls: (usage, pool) overflow in px"
    );
    assert_eq!(
        usage_state["hash"], "",
        "the token left the frame's address bar"
    );
    assert_eq!(
        usage_state["stored"],
        Value::Null,
        "the embed token is not stored as a dashboard session"
    );
    assert_eq!(
        pool_state["accent"], "#c2410c",
        "the portal's accent colour applies"
    );
    assert!(
        refusal.contains(&format!("This link does not cover device {outside}")),
        "{refusal}"
    );
}

/// Opens each embed route at phone width, light then dark, checks the forced theme took
/// effect and saves a screenshot of each.
async fn shoot_routes(
    browser: &Browser,
    stack: &Stack,
    device: &str,
    pool: &str,
    device_token: &str,
    pool_token: &str,
) -> Result<(), String> {
    let routes = [
        (
            "usage",
            format!("/embed/devices/{device}/usage?range=7"),
            device_token,
            "[data-testid=usage-chart-daily] canvas",
        ),
        (
            "device",
            format!("/embed/devices/{device}?"),
            device_token,
            "[data-testid=device-lifecycle]",
        ),
        (
            "pool",
            format!("/embed/pools/{pool}?"),
            pool_token,
            "[data-testid=pool-gauge]",
        ),
        (
            "orders",
            format!("/embed/orders?device_id={device}"),
            device_token,
            "[data-testid=orders-table]",
        ),
    ];
    browser
        .client
        .set_window_size(390, 1100)
        .await
        .map_err(err)?;
    for (name, path, token, ready) in routes {
        for (theme, background) in [("light", "rgb(245, 247, 250)"), ("dark", "rgb(15, 20, 26)")] {
            let url = format!("{}{path}&theme={theme}#token={token}", stack.base_url);
            browser.client.goto(&url).await.map_err(err)?;
            browser
                .wait_for(ready, 60)
                .await
                .map_err(|e| format!("{name} {theme}: {e}"))?;
            browser
                .wait_for_count("[data-testid=usage-progress], [data-testid=loading]", 0, 60)
                .await
                .map_err(|e| format!("{name} {theme}: {e}"))?;
            let shown = browser
                .client
                .execute(
                    "return getComputedStyle(document.body).backgroundColor",
                    vec![],
                )
                .await
                .map_err(err)?;
            if shown != background {
                return Err(format!("{name} with theme={theme} has background {shown}"));
            }
            let chrome = browser
                .client
                .find_all(Locator::Css("header, nav, .toasts"))
                .await
                .map_err(err)?;
            if !chrome.is_empty() {
                return Err(format!(
                    "{name} shows app chrome ({} elements)",
                    chrome.len()
                ));
            }
            browser
                .screenshot(&format!("embed-{name}-{theme}-narrow"))
                .await
                .map_err(err)?;
        }
    }
    Ok(())
}

/// Opens a device's status with an expired token, a token signed with another secret and no
/// token at all, and checks each frame says why in words.
async fn check_refusals(browser: &Browser, stack: &Stack, device: &str) -> Result<(), String> {
    let other_secret = "not-the-servers-secret-0123456789abcdef-0123";
    let cases = [
        (
            "expired",
            format!("#token={}", mint_with(SECRET, -120, &[device], &[])),
            "This embed link has expired",
        ),
        (
            "forged",
            format!("#token={}", mint_with(other_secret, 3600, &[device], &[])),
            "This embed link is not valid",
        ),
        ("missing", String::new(), "This embed link is incomplete"),
    ];
    for (name, fragment, expected) in cases {
        // A query of its own per case: a change of fragment alone would not reload the page.
        let url = format!(
            "{}/embed/devices/{device}?theme=light&case={name}{fragment}",
            stack.base_url
        );
        browser.client.goto(&url).await.map_err(err)?;
        browser
            .wait_for_text("[data-testid=embed-refusal]", 30, |t| t.contains(expected))
            .await
            .map_err(|e| format!("{name} token: {e}"))?;
        browser
            .screenshot(&format!("embed-refusal-{name}"))
            .await
            .map_err(err)?;
    }
    // A portal refreshing the link changes only the fragment: the frame must reload with it.
    let url = format!(
        "{}/embed/devices/{device}?theme=light&case=missing#token={}",
        stack.base_url,
        mint(&[device], &[])
    );
    browser.client.goto(&url).await.map_err(err)?;
    browser
        .wait_for("[data-testid=device-lifecycle]", 30)
        .await
        .map_err(|e| format!("a new token in the fragment alone: {e}"))?;
    Ok(())
}

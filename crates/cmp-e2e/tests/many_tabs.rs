//! Journey: twelve dashboard tabs in one browser behave like one. The tabs of one token
//! share one live stream (the proxy's `cmp_proxy_open_streams` says 1), so a new tab's
//! Packages page still shows the catalogue and an admin's activation in one tab completes;
//! a platform push shows in every tab exactly once; a tab signed in with another token has
//! its own stream until a `#token=` link for the page it shows signs it in with the admin
//! token without a reload; when the tab holding the stream is closed another takes over
//! within moments and the next push (sent at once, before the takeover) again shows in
//! every remaining tab exactly once. Frozen (as Chromium freezes background tabs), the tab
//! holding the stream hands it over too, and once resumed it follows again.
//!
//! Each tab records the notices it shows (a `MutationObserver` installed by the test), so a
//! notice counted after it left the screen still counts, and the moment it took the stream.

use cmp_e2e::{Browser, Stack};
use fantoccini::Locator;
use fantoccini::wd::WindowHandle;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

/// Installs, once per page, the recorder of notices shown and of the moment this tab took
/// the stream (`data-holds-stream` turning `true`, in `Date.now()` milliseconds).
const RECORDER: &str = r#"
if (!window.__e2e) {
  window.__e2e = { toasts: [], tookOverAt: null };
  const seen = (node) => {
    if (node.nodeType !== 1) return;
    const toasts = node.matches('[data-testid=toast]') ? [node] : node.querySelectorAll('[data-testid=toast]');
    for (const t of toasts) window.__e2e.toasts.push(t.querySelector('.toast-text').textContent);
  };
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'childList') r.addedNodes.forEach(seen);
      else if (r.target.getAttribute('data-holds-stream') === 'true' && window.__e2e.tookOverAt === null)
        window.__e2e.tookOverAt = Date.now();
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-holds-stream'] });
}
return true;
"#;

/// Two running orders (for pushes), a waiting one (to activate in a tab) and five devices.
fn pick(stack: &Stack) -> ([String; 2], String, Vec<String>) {
    let orders = |status: &str| -> Vec<Value> {
        let (_, body) = stack
            .post_json(
                "/cmp-api/package/queryOrder",
                &stack.admin,
                &json!({"page_no": 1, "page_size": 100, "order_status": status}),
            )
            .expect("orders through the proxy");
        body["data"]["package_order"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    let running = orders("2");
    let waiting = orders("1");
    let code = |o: &Value| o["orderCode"].as_str().unwrap_or_default().to_owned();
    let mut devices: Vec<String> = Vec::new();
    for o in running.iter().chain(&waiting) {
        let id = o["deviceId"].as_str().unwrap_or_default().to_owned();
        if !id.is_empty() && !devices.contains(&id) && devices.len() < 5 {
            devices.push(id);
        }
    }
    assert!(running.len() >= 2, "two running orders");
    (
        [code(&running[0]), code(&running[1])],
        code(waiting.first().expect("a waiting order")),
        devices,
    )
}

/// The stored events of `order` (every tab must show each of them once).
fn stored_events(stack: &Stack, order: &str) -> usize {
    let (_, body) = stack
        .get_json("/api/events/history?page_size=100", &stack.admin)
        .expect("history");
    body["data"]["events"].as_array().map_or(0, |events| {
        events.iter().filter(|e| e["orderid"] == order).count()
    })
}

fn open_streams(stack: &Stack) -> f64 {
    stack
        .metric("cmp_proxy_open_streams")
        .ok()
        .flatten()
        .unwrap_or(-1.0)
}

/// Polls the proxy's open streams until they are `n`, for up to `secs`; returns the last count.
async fn streams_become(stack: &Stack, n: f64, secs: u64) -> f64 {
    let start = Instant::now();
    loop {
        let open = open_streams(stack);
        if open == n || start.elapsed() > Duration::from_secs(secs) {
            return open;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// One open tab: its handle and the page it shows.
struct Tab {
    handle: WindowHandle,
    path: String,
}

/// What a tab recorded: the notices it showed, and when it took the stream.
async fn record_of(browser: &Browser, tab: &Tab) -> Result<(Vec<String>, Option<i64>), String> {
    step(browser.switch_to(&tab.handle).await, "switch")?;
    let record = step(browser.run_js("return window.__e2e").await, "record")?;
    let toasts = record["toasts"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok((toasts, record["tookOverAt"].as_i64()))
}

/// Waits until every tab has shown a notice containing `text`; then, a moment later so a
/// repeat would have arrived, returns how many each showed, by path.
async fn notices_in_every_tab(
    browser: &Browser,
    tabs: &[Tab],
    text: &str,
) -> Result<Vec<(String, usize)>, String> {
    let start = Instant::now();
    for tab in tabs {
        loop {
            let (toasts, _) = record_of(browser, tab).await?;
            if toasts.iter().any(|t| t.contains(text)) {
                break;
            }
            if start.elapsed() > Duration::from_secs(30) {
                return Err(format!("{}: no notice `{text}` (saw {toasts:?})", tab.path));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut counts = Vec::new();
    for tab in tabs {
        let (toasts, _) = record_of(browser, tab).await?;
        let n = toasts.iter().filter(|t| t.contains(text)).count();
        counts.push((tab.path.clone(), n));
    }
    Ok(counts)
}

/// Which of `tabs` hold the stream (by `data-holds-stream`).
async fn holders(browser: &Browser, tabs: &[Tab]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for tab in tabs {
        step(browser.switch_to(&tab.handle).await, "switch")?;
        let holds = step(
            browser
                .wait_for("[data-testid=live-indicator][data-holds-stream]", 20)
                .await,
            "indicator",
        )?
        .attr("data-holds-stream")
        .await
        .map_err(|e| e.to_string())?;
        if holds.as_deref() == Some("true") {
            out.push(tab.path.clone());
        }
    }
    Ok(out)
}

/// What the journey measured, checked after the browser is closed.
#[derive(Debug, Default)]
struct Measured {
    holders_at_start: Vec<String>,
    streams_with_twelve: f64,
    streams_with_viewer: f64,
    catalogue_secs: f64,
    no_reload: bool,
    streams_after_link: f64,
    activated: String,
    activation_notices: Vec<(String, usize)>,
    pause_notices: Vec<(String, usize)>,
    takeover_ms: Option<i64>,
    holders_after_close: Vec<String>,
    restart_notices: Vec<(String, usize)>,
    streams_after_close: f64,
    freeze_takeover_ms: Option<i64>,
    holders_while_frozen: Vec<String>,
    frozen_push_notices: Vec<(String, usize)>,
    holders_after_resume: Vec<String>,
    streams_after_resume: f64,
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn twelve_tabs_share_one_stream_and_each_shows_every_push_once() {
    let stack = Stack::start("many-tabs").expect("proxy starts");
    let ([running, other_running], waiting, devices) = pick(&stack);
    assert_eq!(devices.len(), 5, "five devices to open");
    let mut paths = vec![
        "/events".to_owned(),
        "/orders".to_owned(),
        "/packages".to_owned(),
        "/pools".to_owned(),
        "/devices".to_owned(),
        format!("/orders?order={waiting}"),
        "/orders/new".to_owned(),
    ];
    paths.extend(devices.iter().map(|d| format!("/devices/{d}")));
    assert_eq!(paths.len(), 12);

    let browser = Browser::start(1280, 900).await.expect("chromium starts");
    let outcome = async {
        let c = &browser.client;
        let mut m = Measured::default();
        let mut tabs: Vec<Tab> = Vec::new();
        for (i, path) in paths.iter().enumerate() {
            let url = stack.url_with_token(path, &stack.admin);
            let handle = if i == 0 {
                step(c.goto(&url).await, "first tab")?;
                step(c.window().await, "first tab's handle")?
            } else {
                step(browser.open_tab(&url).await, "open a tab")?
            };
            step(
                browser
                    .wait_for("[data-testid=live-indicator].live-connected", 30)
                    .await,
                &format!("{path}: live"),
            )?;
            step(browser.run_js(RECORDER).await, "recorder")?;
            tabs.push(Tab {
                handle,
                path: path.clone(),
            });
        }
        m.holders_at_start = holders(&browser, &tabs).await?;
        m.streams_with_twelve = streams_become(&stack, 1.0, 5).await;

        // A thirteenth tab, signed in as a viewer: the catalogue shows, on its own stream.
        let started = Instant::now();
        let extra = step(
            browser
                .open_tab(&stack.url_with_token("/packages", &stack.viewer))
                .await,
            "thirteenth tab",
        )?;
        step(
            browser.wait_for("[data-testid=package-row]", 30).await,
            "catalogue in the thirteenth tab",
        )?;
        m.catalogue_secs = started.elapsed().as_secs_f64();
        step(
            browser
                .wait_for("[data-testid=live-indicator].live-connected", 30)
                .await,
            "viewer live",
        )?;
        m.streams_with_viewer = streams_become(&stack, 2.0, 10).await;
        step(
            browser.screenshot("many-tabs-viewer-catalogue").await,
            "shot",
        )?;

        // A token link to the page already shown signs it in as the admin, no reload.
        step(
            browser
                .run_js("window.__noReload = true; return true")
                .await,
            "mark",
        )?;
        step(
            c.goto(&stack.url_with_token("/packages", &stack.admin))
                .await,
            "token link",
        )?;
        step(
            browser
                .wait_for_text("[data-testid=session]", 20, |t| t.contains("e2e-admin"))
                .await,
            "signed in as the admin",
        )?;
        m.no_reload = step(
            browser.run_js("return window.__noReload === true").await,
            "mark",
        )? == Value::Bool(true);
        step(browser.run_js(RECORDER).await, "recorder")?;
        m.streams_after_link = streams_become(&stack, 1.0, 20).await;
        tabs.push(Tab {
            handle: extra,
            path: "/packages (was a viewer's)".into(),
        });

        // An admin's activation in one tab completes.
        let orders_tab = &tabs[5];
        step(browser.switch_to(&orders_tab.handle).await, "orders tab")?;
        step(
            browser.wait_for("[data-testid=action-activate]", 20).await,
            "activate button",
        )?
        .click()
        .await
        .map_err(|e| e.to_string())?;
        step(
            browser.wait_for("[data-testid=confirm-ok]", 10).await,
            "dialog",
        )?;
        step(c.find(Locator::Css("[data-testid=confirm-ok]")).await, "ok")?
            .click()
            .await
            .map_err(|e| e.to_string())?;
        m.activated = step(
            browser
                .wait_for_text("[data-testid=order-status]", 20, |t| t.trim() == "started")
                .await,
            "order started",
        )?;
        m.activation_notices = notices_in_every_tab(&browser, &tabs, &waiting).await?;

        // One push from the platform: every tab shows it once.
        let paused = step(
            stack.sim_call("POST", &format!("/_sim/orders/{running}/pause"), ""),
            "pause",
        )?;
        if paused != 200 {
            return Err(format!("pause answered {paused}"));
        }
        let pause_text = format!("Order {running} was paused");
        m.pause_notices = notices_in_every_tab(&browser, &tabs, &pause_text).await?;
        // The tab looked at last is current, its notice still up.
        step(browser.screenshot("many-tabs-after-push").await, "shot")?;

        // Close the tab that holds the stream and push at once, before anyone took over.
        let leader = tabs
            .iter()
            .position(|t| m.holders_at_start.contains(&t.path))
            .ok_or("no tab held the stream")?;
        let closed = tabs.remove(leader);
        step(browser.switch_to(&closed.handle).await, "leader tab")?;
        let closed_at = step(browser.run_js("return Date.now()").await, "clock")?
            .as_i64()
            .unwrap_or_default();
        step(browser.close_tab(&tabs[0].handle).await, "close the leader")?;
        let restarted = step(
            stack.sim_call("POST", &format!("/_sim/orders/{running}/restart"), ""),
            "restart",
        )?;
        if restarted != 200 {
            return Err(format!("restart answered {restarted}"));
        }
        let restart_text = format!("Order {running} was restarted");
        m.restart_notices = notices_in_every_tab(&browser, &tabs, &restart_text).await?;
        step(browser.screenshot("many-tabs-after-takeover").await, "shot")?;
        m.holders_after_close = holders(&browser, &tabs).await?;
        let holder = tabs
            .iter()
            .position(|t| m.holders_after_close.contains(&t.path))
            .ok_or("no tab took the stream")?;
        m.takeover_ms = record_of(&browser, &tabs[holder])
            .await?
            .1
            .map(|at| at - closed_at);
        m.streams_after_close = streams_become(&stack, 1.0, 20).await;

        // Freeze the tab that holds it now (as Chromium does to background tabs): another
        // takes over, and a push reaches every tab that is not frozen, once.
        let frozen = tabs.remove(holder);
        step(browser.switch_to(&frozen.handle).await, "holder tab")?;
        let frozen_at = step(browser.run_js("return Date.now()").await, "clock")?
            .as_i64()
            .unwrap_or_default();
        let freeze = json!({"state": "frozen"});
        step(
            browser.cdp("Page.setWebLifecycleState", freeze).await,
            "freeze",
        )?;
        let paused = step(
            stack.sim_call("POST", &format!("/_sim/orders/{other_running}/pause"), ""),
            "pause another",
        )?;
        if paused != 200 {
            return Err(format!("pause answered {paused}"));
        }
        let text = format!("Order {other_running} was paused");
        m.frozen_push_notices = notices_in_every_tab(&browser, &tabs, &text).await?;
        m.holders_while_frozen = holders(&browser, &tabs).await?;
        let holder = tabs
            .iter()
            .position(|t| m.holders_while_frozen.contains(&t.path))
            .ok_or("no tab took the stream from the frozen one")?;
        m.freeze_takeover_ms = record_of(&browser, &tabs[holder])
            .await?
            .1
            .map(|at| at - frozen_at);

        // Resumed, the frozen tab joins again as a follower: still one stream.
        step(browser.switch_to(&frozen.handle).await, "frozen tab")?;
        let active = json!({"state": "active"});
        step(
            browser.cdp("Page.setWebLifecycleState", active).await,
            "resume",
        )?;
        step(
            browser
                .wait_for("[data-testid=live-indicator].live-connected", 20)
                .await,
            "resumed tab live",
        )?;
        tabs.push(frozen);
        m.holders_after_resume = holders(&browser, &tabs).await?;
        m.streams_after_resume = streams_become(&stack, 1.0, 20).await;
        Ok::<_, String>(m)
    }
    .await;
    if outcome.is_err() {
        let _ = browser.screenshot("many-tabs-failure").await;
    }
    browser.close().await;
    let m = outcome.expect("journey steps");
    println!("many tabs measured: {m:?}");

    assert_eq!(
        m.holders_at_start.len(),
        1,
        "one tab holds the stream: {m:?}"
    );
    assert_eq!(m.streams_with_twelve, 1.0, "twelve tabs, one stream");
    assert!(
        m.catalogue_secs < 15.0,
        "catalogue in {}s",
        m.catalogue_secs
    );
    assert_eq!(m.streams_with_viewer, 2.0, "the viewer's token has its own");
    assert!(m.no_reload, "the token link applied without a reload");
    assert_eq!(
        m.streams_after_link, 1.0,
        "signed in as the admin: one stream again"
    );
    assert_eq!(m.activated.trim(), "started");
    let activations = stored_events(&stack, &waiting);
    assert!(activations >= 1, "the activation was pushed");
    for (path, n) in &m.activation_notices {
        assert_eq!(
            *n, activations,
            "{path}: the activation's events, once each"
        );
    }
    assert_eq!(
        stored_events(&stack, &running),
        2,
        "pause and restart stored"
    );
    assert_eq!(m.pause_notices.len(), 13);
    for (path, n) in m.pause_notices.iter().chain(&m.restart_notices) {
        assert_eq!(*n, 1, "{path}: each push once");
    }
    assert_eq!(m.restart_notices.len(), 12, "every remaining tab");
    assert_eq!(m.holders_after_close.len(), 1, "one tab took over: {m:?}");
    let takeover = m.takeover_ms.expect("the moment of the takeover");
    assert!(takeover < 2_000, "taken over in {takeover} ms");
    assert_eq!(m.streams_after_close, 1.0, "still one stream");
    assert_eq!(m.holders_while_frozen.len(), 1, "one tab took over: {m:?}");
    let takeover = m.freeze_takeover_ms.expect("the moment of the takeover");
    assert!(
        takeover < 2_000,
        "taken over from the frozen tab in {takeover} ms"
    );
    assert_eq!(m.frozen_push_notices.len(), 11, "every tab not frozen");
    for (path, n) in &m.frozen_push_notices {
        assert_eq!(*n, 1, "{path}: the push while one tab was frozen, once");
    }
    assert_eq!(
        m.holders_after_resume, m.holders_while_frozen,
        "the resumed tab follows"
    );
    assert_eq!(m.streams_after_resume, 1.0, "one stream after the resume");
}

//! Headless Chromium through chromedriver, with the flags this machine needs (no
//! background networking: the network is closed), and waiting helpers: for an element
//! through fantoccini's own wait, for a count or a text by polling (fantoccini has no
//! wait for those); tabs of the one browser to open, switch between and close.

use crate::{E2eError, Result, free_port};
use fantoccini::error::CmdError;
use fantoccini::wd::WindowHandle;
use fantoccini::{Client, ClientBuilder, Locator};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How often the waits look again.
const POLL: Duration = Duration::from_millis(100);

/// A chromedriver process and a WebDriver session on it.
pub struct Browser {
    driver: Child,
    /// The WebDriver client.
    pub client: Client,
    profile: std::path::PathBuf,
}

fn wd(e: impl std::fmt::Display) -> E2eError {
    E2eError::WebDriver(e.to_string())
}

impl Browser {
    /// Starts chromedriver and a headless Chromium window of `width`×`height`.
    pub async fn start(width: u32, height: u32) -> Result<Browser> {
        let port = free_port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|source| E2eError::Spawn {
                what: "chromedriver",
                source,
            })?;
        let profile =
            std::env::temp_dir().join(format!("cmp-e2e-chrome-{}-{port}", std::process::id()));
        let args = serde_json::json!([
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            // The HTTPS journey's proxy has a throwaway self-signed certificate.
            "--ignore-certificate-errors",
            format!("--user-data-dir={}", profile.display()),
            format!("--window-size={width},{height}"),
        ]);
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({ "binary": chromium_binary(), "args": args }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let client = loop {
            match ClientBuilder::new(connector.clone())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if start.elapsed() < Duration::from_secs(20) => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => return Err(wd(e)),
            }
        };
        Ok(Browser {
            driver,
            client,
            profile,
        })
    }

    /// Waits until `css` matches at least one element, checking every 100 ms, up to `secs`
    /// seconds.
    pub async fn wait_for(&self, css: &str, secs: u64) -> Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(secs))
            .every(POLL)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| match e {
                CmdError::WaitTimeout => E2eError::Timeout(format!("element `{css}`")),
                other => wd(format!("waiting for `{css}`: {other}")),
            })
    }

    /// Waits until `css` matches exactly `n` elements.
    pub async fn wait_for_count(&self, css: &str, n: usize, secs: u64) -> Result<()> {
        let start = Instant::now();
        loop {
            let found = self
                .client
                .find_all(Locator::Css(css))
                .await
                .map(|v| v.len())
                .unwrap_or(0);
            if found == n {
                return Ok(());
            }
            if start.elapsed() > Duration::from_secs(secs) {
                return Err(E2eError::Timeout(format!("{n} × `{css}` (saw {found})")));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits until the text of `css` satisfies `pred`, and returns it.
    pub async fn wait_for_text(
        &self,
        css: &str,
        secs: u64,
        pred: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(t) = el.text().await
            {
                if pred(&t) {
                    return Ok(t);
                }
                last = t;
            }
            if start.elapsed() > Duration::from_secs(secs) {
                return Err(E2eError::Timeout(format!(
                    "text of `{css}` (last seen: {last:?})"
                )));
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await.map_err(wd)? {
            out.push(el.text().await.map_err(wd)?);
        }
        Ok(out)
    }

    /// Opens `url` in a new tab of the same browser (same profile, so it shares the other
    /// tabs' connections, Web Locks and channels, but not their sessionStorage) and makes
    /// it the current one. Returns its handle for [`Browser::switch_to`].
    pub async fn open_tab(&self, url: &str) -> Result<WindowHandle> {
        let tab = self.client.new_window(true).await.map_err(wd)?.handle;
        self.switch_to(&tab).await?;
        self.client.goto(url).await.map_err(wd)?;
        Ok(tab)
    }

    /// Makes `tab` the current one: later commands and waits act on it.
    pub async fn switch_to(&self, tab: &WindowHandle) -> Result<()> {
        self.client.switch_to_window(tab.clone()).await.map_err(wd)
    }

    /// Closes the current tab (as a person would: the page is hidden and unloaded) and
    /// makes `next` current.
    pub async fn close_tab(&self, next: &WindowHandle) -> Result<()> {
        self.client.close_window().await.map_err(wd)?;
        self.switch_to(next).await
    }

    /// Runs `script` (a function body; `return` gives the result) in the current tab.
    pub async fn run_js(&self, script: &str) -> Result<serde_json::Value> {
        self.client.execute(script, Vec::new()).await.map_err(wd)
    }

    /// Saves a PNG screenshot under `e2e-artifacts/` (for people to look at after a run).
    pub async fn screenshot(&self, name: &str) -> Result<()> {
        let png = self.client.screenshot().await.map_err(wd)?;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../e2e-artifacts");
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).map_err(|source| E2eError::Io {
            path: path.display().to_string(),
            source,
        })
    }

    /// Ends the WebDriver session and chromedriver. Call before asserting, so a failed
    /// assertion does not leave Chromium running.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn chromium_binary() -> &'static str {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("/usr/bin/chromium")
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}

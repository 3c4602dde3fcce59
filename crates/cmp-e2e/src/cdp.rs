//! Chrome DevTools commands through chromedriver's `goog/cdp/execute` endpoint, sent as a
//! fantoccini command on the session's own connection: a phone or desktop viewport, the
//! dark colour scheme, and full-page screenshots. WebDriver itself can do none of these.

use crate::{Browser, E2eError, Result};
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// A viewport to emulate: CSS pixels, and whether it is a phone (touch, mobile viewport).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Viewport {
    /// Width in CSS pixels.
    pub width: u32,
    /// Height in CSS pixels.
    pub height: u32,
    /// A phone: the page's `<meta name="viewport">` applies, as on a real one.
    pub mobile: bool,
}

impl Viewport {
    /// A desktop window of 1280×900.
    pub const DESKTOP: Viewport = Viewport {
        width: 1280,
        height: 900,
        mobile: false,
    };
    /// A phone of 390×844 (an iPhone 12–15).
    pub const PHONE: Viewport = Viewport {
        width: 390,
        height: 844,
        mobile: true,
    };
}

fn wd(e: impl std::fmt::Display) -> E2eError {
    E2eError::WebDriver(e.to_string())
}

/// One DevTools command for chromedriver's `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct CdpCommand {
    /// The DevTools method, e.g. `Emulation.setDeviceMetricsOverride`.
    cmd: String,
    /// Its parameters.
    params: Value,
}

impl WebDriverCompatibleCommand for CdpCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        let session = session_id.unwrap_or_default();
        base_url.join(&format!("session/{session}/goog/cdp/execute"))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.cmd, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

impl Browser {
    /// Runs the DevTools command `cmd` with `params` on the current tab and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        let command = CdpCommand {
            cmd: cmd.to_owned(),
            params,
        };
        self.client
            .issue_cmd(command)
            .await
            .map_err(|e| wd(format!("{cmd}: {e}")))
    }

    /// Emulates `viewport` and the light or dark colour scheme (`prefers-color-scheme`).
    pub async fn emulate(&self, viewport: Viewport, dark: bool) -> Result<()> {
        self.set_viewport(viewport, viewport.height).await?;
        let scheme = if dark { "dark" } else { "light" };
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await?;
        Ok(())
    }

    async fn set_viewport(&self, viewport: Viewport, height: u32) -> Result<()> {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({
                "width": viewport.width,
                "height": height,
                "deviceScaleFactor": 1,
                "mobile": viewport.mobile,
            }),
        )
        .await?;
        Ok(())
    }

    /// Saves a screenshot of the whole page (up to 6000 px tall) under `e2e-artifacts/`, by
    /// growing the emulated viewport to the page's height for the picture, then restoring it.
    pub async fn full_page_screenshot(&self, name: &str, viewport: Viewport) -> Result<()> {
        let height = self
            .client
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight)",
                vec![],
            )
            .await
            .map_err(wd)?
            .as_u64()
            .unwrap_or(u64::from(viewport.height));
        let tall = u32::try_from(height)
            .unwrap_or(u32::MAX)
            .clamp(viewport.height, 6000);
        self.set_viewport(viewport, tall).await?;
        // One frame for the layout to follow the new size before the picture.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let shot = self.screenshot(name).await;
        self.set_viewport(viewport, viewport.height).await?;
        shot
    }
}

//! Chrome DevTools commands through chromedriver's `goog/cdp/execute` endpoint: a phone or
//! desktop viewport, the dark colour scheme, and full-page screenshots. WebDriver itself
//! can do none of these.

use crate::{Browser, E2eError, Result};
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

/// Sends `request` and reads one answer: whether it was a 200, and its body.
fn exchange(addr: &str, request: &str) -> std::io::Result<(bool, String)> {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut stream = std::net::TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    stream.write_all(request.as_bytes())?;
    let mut reader = BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok((
        status.split_whitespace().nth(1) == Some("200"),
        String::from_utf8_lossy(&body).into_owned(),
    ))
}

impl Browser {
    /// Runs the DevTools command `cmd` with `params` on the current tab and returns its result.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value> {
        let session = self
            .client
            .session_id()
            .await
            .map_err(wd)?
            .ok_or_else(|| wd("no WebDriver session"))?;
        let body = json!({ "cmd": cmd, "params": params }).to_string();
        // HTTP/1.1: chromedriver answers an HTTP/1.0 request with nothing, and keeps the
        // connection open after its answer, so the body is read by its Content-Length.
        let request = format!(
            "POST /session/{session}/goog/cdp/execute HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len(),
            addr = self.driver_addr,
        );
        let addr = self.driver_addr.clone();
        let (ok, body) = tokio::task::spawn_blocking(move || exchange(&addr, &request))
            .await
            .map_err(wd)?
            .map_err(wd)?;
        let value: Value = serde_json::from_str(&body).map_err(wd)?;
        if !ok {
            return Err(wd(format!("{cmd}: {value}")));
        }
        Ok(value["value"].clone())
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

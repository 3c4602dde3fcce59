//! Journey: the proxy terminates TLS itself (`CMP_TLS_CERT`/`CMP_TLS_KEY`, a throwaway
//! self-signed certificate made with `openssl`), Chromium accepts the certificate and loads
//! the dashboard over HTTP/2: the catalogue shows, every request of the page went over `h2`,
//! and the live stream connects.

use cmp_e2e::{Browser, Stack, StackOptions};
use std::process::{Command, Stdio};

fn step<T, E: std::fmt::Display>(r: Result<T, E>, what: &str) -> Result<T, String> {
    r.map_err(|e| format!("{what}: {e}"))
}

#[tokio::test]
#[ignore = "needs the built SPA and Chromium: run through `make test-e2e`"]
async fn the_dashboard_over_https_speaks_http2() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .expect("openssl runs");
    assert!(made.success());
    let stack = Stack::start_with(
        "https",
        &StackOptions::default()
            .setting("CMP_TLS_CERT", cert.display().to_string())
            .setting("CMP_TLS_KEY", key.display().to_string()),
    )
    .expect("proxy starts");
    let https = stack
        .url_with_token("/packages", &stack.viewer)
        .replacen("http://", "https://", 1);
    let browser = Browser::start(1280, 800).await.expect("chromium starts");
    let outcome = async {
        step(browser.client.goto(&https).await, "open /packages over https")?;
        step(
            browser.wait_for("[data-testid=package-row]", 30).await,
            "catalogue shown",
        )?;
        step(
            browser
                .wait_for_text("[data-testid=live-indicator]", 30, |t| t.contains("Live"))
                .await,
            "live stream connected",
        )?;
        let protocols = step(
            browser
                .run_js(
                    "return [performance.getEntriesByType('navigation')[0].nextHopProtocol]
                       .concat(performance.getEntriesByType('resource').map(r => r.nextHopProtocol));",
                )
                .await,
            "protocols",
        )?;
        let secure = step(browser.run_js("return window.isSecureContext;").await, "secure")?;
        step(browser.screenshot("https-packages").await, "screenshot")?;
        Ok::<_, String>((protocols, secure))
    }
    .await;
    browser.close().await;
    let (protocols, secure) = outcome.expect("journey");
    let protocols: Vec<String> = serde_json::from_value(protocols).unwrap();
    assert!(!protocols.is_empty());
    assert!(
        protocols.iter().all(|p| p == "h2" || p.is_empty()),
        "every request over HTTP/2: {protocols:?}"
    );
    assert_eq!(protocols[0], "h2", "the page itself over HTTP/2");
    assert_eq!(
        secure,
        serde_json::Value::Bool(true),
        "a secure context (Web Locks need one)"
    );
}

//! Starts the real proxy binary (embedded simulator, built SPA, a known tokens file) on a
//! free loopback port and stops it when dropped. Several stacks given the same
//! [`StackOptions::database_url`] are replicas sharing one PostgreSQL database.

use crate::{E2eError, Result, free_port};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A token the stack accepts, with its role.
#[derive(Debug, Clone)]
pub struct TestToken {
    /// The bearer token itself.
    pub token: String,
    /// `admin` or `viewer`.
    pub role: &'static str,
}

/// Settings of a stack beyond the defaults, e.g. for the embed journey:
/// `StackOptions::default().embed_secret("s3cret").frame_ancestors("http://127.0.0.1:9000")`.
#[derive(Debug, Clone, Default)]
pub struct StackOptions {
    embed_secret: Option<String>,
    frame_ancestors: Option<String>,
    settings: Vec<(String, String)>,
}

impl StackOptions {
    /// Enables embed tokens signed with `secret` (`CMP_EMBED_SECRET`).
    pub fn embed_secret(mut self, secret: impl Into<String>) -> Self {
        self.embed_secret = Some(secret.into());
        self
    }

    /// Origins allowed to frame `/embed/*`, space-separated (`CMP_FRAME_ANCESTORS`).
    pub fn frame_ancestors(mut self, origins: impl Into<String>) -> Self {
        self.frame_ancestors = Some(origins.into());
        self
    }

    /// Keeps the events in the PostgreSQL database at `url` (`CMP_DATABASE_URL`) instead of
    /// the stack's own SQLite file: stacks given the same URL are replicas of one another.
    pub fn database_url(self, url: impl Into<String>) -> Self {
        self.setting("CMP_DATABASE_URL", url)
    }

    /// The webhook's path secret (`CMP_HOOK_SECRET`; else the proxy makes one up), so a
    /// test can push to `/hooks/order-status/{secret}` itself.
    pub fn hook_secret(self, secret: impl Into<String>) -> Self {
        self.setting("CMP_HOOK_SECRET", secret)
    }

    /// Any other proxy setting, e.g. `setting("CMP_SIM_FAULTS", "queryOrder:http500")`.
    pub fn setting(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.settings.push((name.into(), value.into()));
        self
    }
}

/// A running proxy + simulator.
pub struct Stack {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    /// An admin token.
    pub admin: TestToken,
    /// A viewer token.
    pub viewer: TestToken,
    /// The proxy's data directory (events database, audit log).
    pub data_dir: PathBuf,
    /// Holds the tokens file, the data directory and `proxy.log`.
    work_dir: PathBuf,
}

fn env(name: &'static str) -> Result<String> {
    std::env::var(name).map_err(|_| E2eError::MissingEnv(name))
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn write(path: &PathBuf, text: &str) -> Result<()> {
    std::fs::write(path, text).map_err(|source| E2eError::Io {
        path: path.display().to_string(),
        source,
    })
}

impl Stack {
    /// Starts the proxy with the embedded simulator and waits until it answers `/healthz`.
    pub fn start(name: &str) -> Result<Stack> {
        Stack::start_with(name, &StackOptions::default())
    }

    /// [`Stack::start`] with `options` (embed secret, frame ancestors).
    pub fn start_with(name: &str, options: &StackOptions) -> Result<Stack> {
        let bin = env("CMP_E2E_PROXY_BIN")?;
        let dist = env("CMP_E2E_DIST")?;
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("cmp-e2e-{name}-{}-{port}", std::process::id()));
        let data_dir = dir.join("data");
        std::fs::create_dir_all(&data_dir).map_err(|source| E2eError::Io {
            path: data_dir.display().to_string(),
            source,
        })?;
        let admin = TestToken {
            token: format!("e2e-admin-{port}"),
            role: "admin",
        };
        let viewer = TestToken {
            token: format!("e2e-viewer-{port}"),
            role: "viewer",
        };
        let tokens = dir.join("tokens.toml");
        write(
            &tokens,
            &format!(
                "[[token]]\nname = \"e2e-admin\"\nrole = \"admin\"\nsha256 = \"{}\"\n\n\
                 [[token]]\nname = \"e2e-viewer\"\nrole = \"viewer\"\nsha256 = \"{}\"\n",
                sha256_hex(&admin.token),
                sha256_hex(&viewer.token)
            ),
        )?;
        let log = std::fs::File::create(dir.join("proxy.log")).map_err(|source| E2eError::Io {
            path: dir.display().to_string(),
            source,
        })?;
        let mut command = Command::new(&bin);
        // Settings not asked for are removed, so the caller's environment cannot leak in.
        match &options.embed_secret {
            Some(secret) => command.env("CMP_EMBED_SECRET", secret),
            None => command.env_remove("CMP_EMBED_SECRET"),
        };
        match &options.frame_ancestors {
            Some(origins) => command.env("CMP_FRAME_ANCESTORS", origins),
            None => command.env_remove("CMP_FRAME_ANCESTORS"),
        };
        let child = command
            .env_remove("CMP_UPSTREAM_URL")
            .env_remove("CMP_DATABASE_URL")
            .env_remove("CMP_HOOK_SECRET")
            .env_remove("CMP_ALERT_INTERVAL")
            .env_remove("CMP_ALERT_WEBHOOK_SECRET")
            .env_remove("CMP_ALERT_WEBHOOK_ALLOW")
            .env("CMP_LISTEN", format!("127.0.0.1:{port}"))
            .env("CMP_DIST_DIR", &dist)
            .env("CMP_DATA_DIR", &data_dir)
            .env("CMP_TOKENS_FILE", &tokens)
            .env("RUST_LOG", "info")
            .envs(options.settings.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|source| E2eError::Spawn {
                what: "cmp-proxy",
                source,
            })?)
            .stderr(log)
            .spawn()
            .map_err(|source| E2eError::Spawn {
                what: "cmp-proxy",
                source,
            })?;
        let stack = Stack {
            child,
            base_url: format!("http://127.0.0.1:{port}"),
            admin,
            viewer,
            data_dir,
            work_dir: dir,
        };
        stack.wait_healthy(Duration::from_secs(30))?;
        Ok(stack)
    }

    fn wait_healthy(&self, limit: Duration) -> Result<()> {
        let start = Instant::now();
        let addr = self.base_url.trim_start_matches("http://").to_owned();
        while start.elapsed() < limit {
            if let Ok(mut s) = std::net::TcpStream::connect(&addr) {
                use std::io::{Read, Write};
                let _ = s.write_all(b"GET /healthz HTTP/1.0\r\nHost: e2e\r\n\r\n");
                let mut buf = String::new();
                let _ = s.read_to_string(&mut buf);
                if buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200") {
                    return Ok(());
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(E2eError::Timeout(format!(
            "cmp-proxy at {}/healthz",
            self.base_url
        )))
    }

    /// The embedded simulator's origin (its `/_sim` admin routes are at the root even when
    /// the API is served under `CMP_SIM_BASE_PATH`), from the proxy's log at start
    /// (`embedded simulator started url=…`).
    pub fn sim_url(&self) -> Result<String> {
        let log = self.work_dir.join("proxy.log");
        let text = std::fs::read_to_string(&log).map_err(|source| E2eError::Io {
            path: log.display().to_string(),
            source,
        })?;
        text.lines()
            .filter(|l| l.contains("embedded simulator started"))
            .find_map(|l| l.split_once("url=").map(|(_, rest)| rest))
            .and_then(|rest| rest.split_whitespace().next())
            .map(origin)
            .ok_or_else(|| E2eError::Timeout("the simulator's address in proxy.log".into()))
    }

    /// Sends `method path` with a JSON `body` to the embedded simulator (fault rules and
    /// other `/_sim` admin calls) and returns the status.
    pub fn sim_call(&self, method: &str, path: &str, body: &str) -> Result<u16> {
        use std::io::{Read, Write};
        let base = self.sim_url()?;
        let addr = base.trim_start_matches("http://");
        let io = |source| E2eError::Spawn {
            what: "http to the simulator",
            source,
        };
        let mut s = std::net::TcpStream::connect(addr).map_err(io)?;
        let req = format!(
            "{method} {path} HTTP/1.0\r\nHost: sim\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).map_err(io)?;
        let mut raw = String::new();
        s.read_to_string(&mut raw).map_err(io)?;
        Ok(raw.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0))
    }

    /// GETs `path` from the embedded simulator itself (its `/_sim` admin routes, e.g.
    /// `/_sim/world`, the simulator's own view of its world) and returns the parsed answer.
    pub fn sim_get_json(&self, path: &str) -> Result<(u16, serde_json::Value)> {
        let base = self.sim_url()?;
        let raw = format!("GET {path} HTTP/1.0\r\nHost: sim\r\nAccept: application/json\r\n\r\n");
        request_to(base.trim_start_matches("http://"), &raw)
    }

    /// A URL of the app for `path` (e.g. `/packages?q=JP`), signed in with `token` through the fragment.
    pub fn url_with_token(&self, path: &str, token: &TestToken) -> String {
        format!("{}{}#token={}", self.base_url, path, token.token)
    }

    /// POSTs a JSON body through the proxy with `token` and returns the parsed answer.
    pub fn post_json(
        &self,
        path: &str,
        token: &TestToken,
        body: &serde_json::Value,
    ) -> Result<(u16, serde_json::Value)> {
        let body = body.to_string();
        self.request(
            &format!(
                "POST {path} HTTP/1.0\r\nHost: e2e\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                token.token,
                body.len()
            ),
        )
    }

    /// POSTs an order-status push `body` to the webhook with path `secret`, as the platform
    /// does, and returns the status.
    pub fn push_order_status(&self, secret: &str, body: &serde_json::Value) -> Result<u16> {
        let body = body.to_string();
        let (status, _) = self.request(&format!(
            "POST /hooks/order-status/{secret} HTTP/1.0\r\nHost: e2e\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ))?;
        Ok(status)
    }

    /// GETs `path` (with its query) through the proxy with `token` and returns the parsed answer.
    pub fn get_json(&self, path: &str, token: &TestToken) -> Result<(u16, serde_json::Value)> {
        self.request(&format!(
            "GET {path} HTTP/1.0\r\nHost: e2e\r\nAuthorization: Bearer {}\r\nAccept: application/json\r\n\r\n",
            token.token
        ))
    }

    /// GETs `path` through the proxy with `token` and returns the status and the body as
    /// text (e.g. `/metrics`).
    pub fn get_text(&self, path: &str, token: &TestToken) -> Result<(u16, String)> {
        self.raw(&format!(
            "GET {path} HTTP/1.0\r\nHost: e2e\r\nAuthorization: Bearer {}\r\n\r\n",
            token.token
        ))
    }

    /// A figure of the proxy's `/metrics` (read with the admin token), e.g.
    /// `metric("cmp_proxy_open_streams")`; `None` if it is not there.
    pub fn metric(&self, name: &str) -> Result<Option<f64>> {
        let (_, text) = self.get_text("/metrics", &self.admin)?;
        Ok(text
            .lines()
            .filter_map(|line| line.strip_prefix(name)?.strip_prefix(' '))
            .find_map(|value| value.trim().parse().ok()))
    }

    /// Sends one raw HTTP/1.0 request and returns the status and the JSON body (`Null` if
    /// the body is not JSON).
    fn request(&self, raw_request: &str) -> Result<(u16, serde_json::Value)> {
        request_to(self.base_url.trim_start_matches("http://"), raw_request)
    }

    /// Sends one raw HTTP/1.0 request and returns the status and the body as text.
    fn raw(&self, raw_request: &str) -> Result<(u16, String)> {
        raw_to(self.base_url.trim_start_matches("http://"), raw_request)
    }
}

/// Sends one raw HTTP/1.0 request to `addr` (`host:port`) and returns the status and the JSON
/// body (`Null` if the body is not JSON).
fn request_to(addr: &str, raw_request: &str) -> Result<(u16, serde_json::Value)> {
    let (status, body) = raw_to(addr, raw_request)?;
    Ok((
        status,
        serde_json::from_str(&body).unwrap_or(serde_json::Value::Null),
    ))
}

/// Sends one raw HTTP/1.0 request to `addr` and returns the status and the body as text.
fn raw_to(addr: &str, raw_request: &str) -> Result<(u16, String)> {
    use std::io::{Read, Write};
    let io = |source| E2eError::Spawn {
        what: "http",
        source,
    };
    let mut s = std::net::TcpStream::connect(addr).map_err(io)?;
    s.write_all(raw_request.as_bytes()).map_err(io)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(io)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
    Ok((status, body.to_owned()))
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // A failed journey keeps its proxy.log for whoever investigates; a passing one
        // leaves nothing behind in the temp directory.
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.work_dir);
        }
    }
}

/// `http://host:port` of `url`, without any path.
fn origin(url: &str) -> String {
    let rest = url.trim_start_matches("http://");
    let host = rest.split('/').next().unwrap_or(rest);
    format!("http://{host}")
}

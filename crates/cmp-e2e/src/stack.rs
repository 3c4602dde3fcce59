//! Starts the real proxy binary (embedded simulator, built SPA, a known tokens file) on a
//! free loopback port and stops it when dropped.

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
        Stack::start_with(name, &[])
    }

    /// [`Stack::start`] with extra proxy settings, e.g. `("CMP_SIM_FROZEN_CLOCK", "true")`.
    pub fn start_with(name: &str, settings: &[(&str, &str)]) -> Result<Stack> {
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
        let child = Command::new(&bin)
            .env_remove("CMP_UPSTREAM_URL")
            .env("CMP_LISTEN", format!("127.0.0.1:{port}"))
            .env("CMP_DIST_DIR", &dist)
            .env("CMP_DATA_DIR", &data_dir)
            .env("CMP_TOKENS_FILE", &tokens)
            .env("RUST_LOG", "info")
            .envs(settings.iter().copied())
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

    /// GETs `path` (with its query) through the proxy with `token` and returns the parsed answer.
    pub fn get_json(&self, path: &str, token: &TestToken) -> Result<(u16, serde_json::Value)> {
        self.request(&format!(
            "GET {path} HTTP/1.0\r\nHost: e2e\r\nAuthorization: Bearer {}\r\nAccept: application/json\r\n\r\n",
            token.token
        ))
    }

    /// Sends one raw HTTP/1.0 request and returns the status and the JSON body (`Null` if
    /// the body is not JSON).
    fn request(&self, raw_request: &str) -> Result<(u16, serde_json::Value)> {
        use std::io::{Read, Write};
        let io = |source| E2eError::Spawn {
            what: "http",
            source,
        };
        let addr = self.base_url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).map_err(io)?;
        s.write_all(raw_request.as_bytes()).map_err(io)?;
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).map_err(io)?;
        let text = String::from_utf8_lossy(&raw);
        let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let json = text.split_once("\r\n\r\n").map(|(_, b)| b).unwrap_or("");
        Ok((
            status,
            serde_json::from_str(json).unwrap_or(serde_json::Value::Null),
        ))
    }
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

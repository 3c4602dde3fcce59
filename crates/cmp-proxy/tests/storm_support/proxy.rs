//! The real `cmp-proxy` binary as a child process on a fixed loopback port and store (a
//! data directory, or a PostgreSQL database that several of them share), so it can be
//! killed with SIGKILL and started again on the same ones.

use sha2::{Digest, Sha256};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The webhook's path secret the child is started with.
pub const HOOK_SECRET: &str = "storm-hook-secret";
/// A viewer token the child accepts (for `/api/events/history` and `/api/events`).
pub const VIEWER_TOKEN: &str = "storm-viewer-token";
/// An admin token the child accepts (for `/metrics`).
pub const ADMIN_TOKEN: &str = "storm-admin-token";

/// Where a proxy keeps its events.
#[derive(Debug, Clone)]
pub enum Storage {
    /// SQLite in `work_dir/data`.
    DataDir,
    /// The PostgreSQL database at this URL (`CMP_DATABASE_URL`).
    Database(String),
}

/// A proxy child process; killed when dropped.
pub struct ProxyProcess {
    child: Option<Child>,
    port: u16,
    work_dir: PathBuf,
    storage: Storage,
    /// Settings every start gets besides the fixed ones.
    extra: Vec<(String, String)>,
    /// Number of processes started so far (1 after [`ProxyProcess::start`]).
    pub starts: u32,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("loopback has free ports")
}

fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl ProxyProcess {
    /// Starts the proxy on a free port with its data, tokens file and log under `work_dir`.
    pub fn start(work_dir: &Path) -> ProxyProcess {
        ProxyProcess::start_with(work_dir, Storage::DataDir)
    }

    /// Starts the proxy on a free port with its tokens file and log under `work_dir`, its
    /// events in `storage`.
    pub fn start_with(work_dir: &Path, storage: Storage) -> ProxyProcess {
        ProxyProcess::start_with_settings(work_dir, storage, &[])
    }

    /// [`ProxyProcess::start_with`], with `extra` settings (`CMP_…`) on every start.
    pub fn start_with_settings(
        work_dir: &Path,
        storage: Storage,
        extra: &[(&str, &str)],
    ) -> ProxyProcess {
        let tokens = format!(
            "[[token]]\nname = \"storm-viewer\"\nrole = \"viewer\"\nsha256 = \"{}\"\n\n\
             [[token]]\nname = \"storm-admin\"\nrole = \"admin\"\nsha256 = \"{}\"\n",
            sha256_hex(VIEWER_TOKEN),
            sha256_hex(ADMIN_TOKEN)
        );
        std::fs::write(work_dir.join("tokens.toml"), tokens).expect("write the tokens file");
        let mut proxy = ProxyProcess {
            child: None,
            port: free_port(),
            work_dir: work_dir.to_owned(),
            storage,
            extra: extra
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            starts: 0,
        };
        proxy.start_again();
        proxy
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The webhook URL with its secret.
    pub fn hook_url(&self) -> String {
        format!("{}/hooks/order-status/{HOOK_SECRET}", self.base_url())
    }

    /// The SQLite file the proxy stores events in.
    pub fn events_db(&self) -> PathBuf {
        self.work_dir.join("data").join("events.db")
    }

    /// Everything the proxy processes wrote (stdout and stderr of every start, appended).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.work_dir.join("proxy.log")).unwrap_or_default()
    }

    fn log_file(&self) -> File {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.work_dir.join("proxy.log"))
            .expect("open proxy.log")
    }

    /// Starts a process on this port and data directory (after [`ProxyProcess::kill`]).
    pub fn start_again(&mut self) {
        assert!(
            self.child.is_none(),
            "the previous process is still running"
        );
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cmp-proxy"));
        // Only the settings below: nothing from the caller's environment leaks in.
        for (name, _) in std::env::vars() {
            if name.starts_with("CMP_") {
                cmd.env_remove(name);
            }
        }
        // A configured upstream (nothing listens on port 9) keeps the embedded simulator
        // out, so the only pushes in the store are the storm's own.
        cmd.env("CMP_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("CMP_UPSTREAM_URL", "http://127.0.0.1:9")
            .env("CMP_ACCESS_CODE", "storm")
            .env("CMP_SECRET", "storm-upstream-secret")
            .env("CMP_HOOK_SECRET", HOOK_SECRET)
            .env("CMP_DATA_DIR", self.work_dir.join("data"))
            .env("CMP_TOKENS_FILE", self.work_dir.join("tokens.toml"))
            // Followers of live events reconnect after every kill: no budget in their way.
            .env("CMP_RATE_LIMIT_PER_SEC", "0")
            .env("CMP_DIST_DIR", self.work_dir.join("no-spa"))
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(self.log_file())
            .stderr(self.log_file());
        if let Storage::Database(url) = &self.storage {
            cmd.env("CMP_DATABASE_URL", url);
        }
        for (name, value) in &self.extra {
            cmd.env(name, value);
        }
        self.child = Some(cmd.spawn().expect("start the cmp-proxy binary"));
        self.starts += 1;
    }

    /// Kills the process with SIGKILL (no graceful shutdown) and waits until it is gone.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            // `Child::kill` is SIGKILL on Unix.
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts a new process on the same port and data directory.
    pub fn restart(&mut self) {
        self.kill();
        self.start_again();
    }

    /// Waits until `/healthz` answers 200, panicking with the log after `limit`.
    pub async fn wait_healthy(&mut self, client: &reqwest::Client, limit: Duration) {
        let start = Instant::now();
        let url = format!("{}/healthz", self.base_url());
        while start.elapsed() < limit {
            if let Ok(r) = client.get(&url).send().await
                && r.status() == reqwest::StatusCode::OK
            {
                return;
            }
            if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
                panic!("cmp-proxy exited with {status}:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "cmp-proxy did not answer /healthz within {limit:?}:\n{}",
            self.log()
        );
    }
}

impl Drop for ProxyProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

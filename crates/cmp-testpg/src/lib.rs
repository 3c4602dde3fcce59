//! # cmp-testpg
//!
//! A throwaway PostgreSQL server for tests, started the way the toolchain notes say: `initdb`
//! into a directory of its own under the system temp dir (as the `postgres` user when the
//! tests run as root, since PostgreSQL refuses root), on a free loopback port, with its
//! socket in that directory and `fsync=off`. The server is stopped and its directory removed
//! when the last handle is dropped. Databases are made with the server's own `createdb`, so
//! this crate needs nothing but the standard library: the proxy's tests and the end-to-end
//! journeys (which only hand a URL to the proxy binary) both use it.
//!
//! A test process killed with SIGKILL cannot stop its server: every server directory holds an
//! `owner` file with the test process's pid, and the next start of this harness stops the
//! servers of owners that are gone and removes their directories.
//!
//! Without PostgreSQL's server programs [`PgServer::start`] panics, saying to run
//! `scripts/setup.sh` (which `make test` runs): a PostgreSQL test never skips silently.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime};

/// One server shared by the tests of a test binary while any of them holds it.
static SHARED: Mutex<Weak<PgServer>> = Mutex::new(Weak::new());
/// Tells apart the servers and databases one test process makes.
static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A running throwaway server; stopped and removed when dropped.
pub struct PgServer {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
}

/// A fresh, empty database on a server (which it keeps running).
pub struct PgDatabase {
    server: Arc<PgServer>,
    name: String,
}

/// The server of this test binary, started on first use (and again after every holder
/// dropped it).
pub fn shared_server() -> Arc<PgServer> {
    let mut shared = SHARED.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(server) = shared.upgrade() {
        return server;
    }
    let server = Arc::new(PgServer::start());
    *shared = Arc::downgrade(&server);
    server
}

/// A fresh database on the shared server.
pub fn fresh_database() -> PgDatabase {
    shared_server().create_database()
}

impl PgServer {
    /// Starts a server of its own (for tests that stop and start it).
    pub fn start() -> PgServer {
        let bin = server_programs();
        let base = base_dir();
        reap_leftovers(&base, &bin);
        let id = format!(
            "{}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed),
            SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos())
        );
        let dir = base.join(id);
        std::fs::create_dir(&dir).expect("create the server's directory");
        std::fs::write(dir.join("owner"), std::process::id().to_string())
            .expect("write the owner file");
        let mut server = PgServer { dir, bin, port: 0 };
        if running_as_root() {
            run(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&server.dir));
        }
        let mut initdb = server.command(
            "initdb",
            &[
                "-A",
                "trust",
                "-U",
                "postgres",
                "-N",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "-D",
            ],
        );
        run(initdb.arg(server.data()));
        for attempt in 1..=3 {
            server.port = free_port();
            if server.try_start() {
                return server;
            }
            eprintln!(
                "postgres did not start on port {} (attempt {attempt})",
                server.port
            );
        }
        panic!(
            "the test PostgreSQL server did not start:\n{}",
            server.log()
        );
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// What the server wrote to its log.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// The loopback port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    fn try_start(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let mut start = self.command("pg_ctl", &["-w", "-t", "30", "-D"]);
        start
            .arg(self.data())
            .arg("-l")
            .arg(self.dir.join("log"))
            .args(["-o", &options, "start"]);
        output(&mut start).status.success()
    }

    /// Starts the server again on the same port and data, after [`PgServer::stop`].
    pub fn start_again(&self) {
        assert!(
            self.try_start(),
            "the test PostgreSQL server did not start again:\n{}",
            self.log()
        );
    }

    /// Stops the server now (fast shutdown: sessions are ended); it may be started again.
    pub fn stop(&self) {
        let mut stop = self.command("pg_ctl", &["-w", "-m", "fast", "-D"]);
        output(stop.arg(self.data()).arg("stop"));
    }

    /// The URL of database `name`, with a password the server (trust) ignores, so tests can
    /// check it is never shown.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgres://postgres:never-shown-pw@127.0.0.1:{}/{name}",
            self.port
        )
    }

    /// Creates an empty database with the server's `createdb`.
    pub fn create_database(self: Arc<Self>) -> PgDatabase {
        let name = format!(
            "t_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let port = self.port.to_string();
        run(Command::new(self.bin.join("createdb"))
            .args(["-h", "127.0.0.1", "-p", &port, "-U", "postgres", &name])
            .env_remove("PGPASSWORD"));
        PgDatabase { server: self, name }
    }

    /// `program` of the server's programs, as the `postgres` user when running as root.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let path = self.bin.join(program);
        let mut command = if running_as_root() {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        };
        command.args(args);
        command
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let mut stop = self.command("pg_ctl", &["-w", "-m", "immediate", "-D"]);
        let _ = stop.arg(self.data()).arg("stop").output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl PgDatabase {
    /// The database's URL, as `CMP_DATABASE_URL` takes it.
    pub fn url(&self) -> String {
        self.server.url(&self.name)
    }

    /// The database's name on its server.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server it lives on.
    pub fn server(&self) -> &Arc<PgServer> {
        &self.server
    }
}

/// The directory of the server programs: `initdb` and `pg_ctl` on `PATH`, else Debian's
/// newest `/usr/lib/postgresql/N/bin`.
fn server_programs() -> PathBuf {
    let has_all = |dir: &Path| {
        ["initdb", "pg_ctl", "createdb"]
            .iter()
            .all(|p| dir.join(p).is_file())
    };
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(dir) = on_path.into_iter().find(|d| has_all(d)) {
        return dir;
    }
    let mut debian: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_all(bin))
        .collect();
    debian.sort();
    match debian.pop() {
        Some((_, bin)) => bin,
        None => panic!(
            "PostgreSQL's server programs (initdb, pg_ctl) are not installed, so the \
             PostgreSQL tests cannot start a server: run scripts/setup.sh (it installs the \
             `postgresql` package from apt; `make test` runs it)"
        ),
    }
}

/// Where the servers' directories live: enterable by the `postgres` user.
fn base_dir() -> PathBuf {
    let base = std::env::temp_dir().join("cmp-proxy-pg-tests");
    std::fs::create_dir_all(&base).expect("create the test servers' directory");
    base
}

/// Stops the servers of test processes that are gone and removes their directories.
fn reap_leftovers(base: &Path, bin: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let dir = entry.path();
        let owner = std::fs::read_to_string(dir.join("owner")).ok();
        let alive = match owner.as_deref().map(str::trim) {
            Some(pid) => Path::new("/proc").join(pid).exists(),
            // Being made right now by another process, or torn: leave it for an hour.
            None => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age < Duration::from_secs(3600)),
        };
        if alive {
            continue;
        }
        let data = dir.join("data");
        if data.join("postmaster.pid").exists() {
            let stale = PgServer {
                dir: dir.clone(),
                bin: bin.to_owned(),
                port: 0,
            };
            // Drop stops it and removes the directory.
            drop(stale);
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|euid| euid == "0"))
        })
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("loopback has free ports")
}

fn output(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn run(command: &mut Command) {
    let out = output(command);
    assert!(
        out.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

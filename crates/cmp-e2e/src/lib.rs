//! # cmp-e2e
//!
//! A harness for end-to-end journeys: it starts the real `cmp-proxy` binary (with its
//! embedded simulator and the built SPA) and a real headless Chromium through chromedriver,
//! and gives tests a WebDriver client plus a few waiting helpers, and a static file server
//! for pages that must come from another origin (the partner-portal example).
//!
//! The journeys live in `tests/` and are `#[ignore]`d in a plain `cargo test`: they need
//! the SPA built and Chromium installed, which `make test` provides before running them
//! with `--ignored`. They read:
//! - `CMP_E2E_PROXY_BIN`: path to the built `cmp-proxy` binary;
//! - `CMP_E2E_DIST`: the built SPA (Trunk's `dist/`).
//!
//! The replicas journey also starts a throwaway PostgreSQL server (the `cmp-testpg` crate,
//! which the proxy's own tests use too) and two stacks on it ([`StackOptions::database_url`]).
//!
//! ## Layout
//! - [`stack`]: the proxy process (embedded simulator, built SPA, test tokens) and plain
//!   HTTP calls to it and to its simulator.
//! - [`browser`]: chromedriver and a headless Chromium session; waiting for elements,
//!   counts and texts; screenshots.
//! - [`cdp`]: Chrome DevTools commands through chromedriver (viewport and colour-scheme
//!   emulation, full-page screenshots).
//! - [`static_files`]: a file server on another origin for the partner-portal example.
//! - `tests/`: one journey per file.

pub mod browser;
pub mod cdp;
pub mod stack;
pub mod static_files;

pub use browser::Browser;
pub use cdp::Viewport;
pub use stack::{Stack, StackOptions, TestToken};
pub use static_files::StaticFiles;

/// Why the harness could not set up or a journey step failed.
#[derive(Debug, thiserror::Error)]
pub enum E2eError {
    /// A required environment variable is missing.
    #[error("{0} is not set: run the journeys through `make test-e2e`")]
    MissingEnv(&'static str),
    /// A process could not be started.
    #[error("could not start {what}: {source}")]
    Spawn {
        /// Which process.
        what: &'static str,
        /// Why.
        source: std::io::Error,
    },
    /// Something did not become ready in time.
    #[error("timed out waiting for {0}")]
    Timeout(String),
    /// A file could not be written.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// WebDriver session or command failure.
    #[error("webdriver: {0}")]
    WebDriver(String),
}

/// Short for results in the harness.
pub type Result<T, E = E2eError> = std::result::Result<T, E>;

/// A free TCP port on loopback (bound, then released for the child process to take).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("loopback has free ports")
}

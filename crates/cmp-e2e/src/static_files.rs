//! A static file server on its own loopback port, so a page served by it is a different
//! origin from the proxy (as a partner's portal would be): tower-http's `ServeDir` behind
//! axum, on a runtime of its own in a background thread; it stops when dropped.
//!
//! axum serves each connection in a task of its own, so a socket Chromium opens and sends
//! nothing on (a preconnect) never holds up the page's real request.

use crate::{E2eError, Result};
use axum::Router;
use std::path::PathBuf;
use std::thread::JoinHandle;
use tokio::sync::oneshot;
use tower_http::services::ServeDir;

/// A running static file server.
pub struct StaticFiles {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

fn spawn_error(source: std::io::Error) -> E2eError {
    E2eError::Spawn {
        what: "static file server",
        source,
    }
}

impl StaticFiles {
    /// Serves the files under `dir` (GET and HEAD; nothing outside `dir`) on a free
    /// loopback port.
    pub fn serve(dir: impl Into<PathBuf>) -> Result<StaticFiles> {
        let app = Router::new().fallback_service(ServeDir::new(dir.into()));
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(spawn_error)?;
        listener.set_nonblocking(true).map_err(spawn_error)?;
        let port = listener.local_addr().map_err(spawn_error)?.port();
        // A runtime of its own, so the server answers whatever the test's runtime is doing
        // (the journeys also block their thread while they wait for the proxy).
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(spawn_error)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                tokio::select! {
                    _ = axum::serve(listener, app) => {}
                    _ = stopped => {}
                }
            });
            // Dropping the runtime here ends every connection task still open.
        });
        Ok(StaticFiles {
            base_url: format!("http://127.0.0.1:{port}"),
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for StaticFiles {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

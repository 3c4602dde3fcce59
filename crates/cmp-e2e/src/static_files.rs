//! A tiny static file server on its own loopback port, so a page served by it is a
//! different origin from the proxy (as a partner's portal would be). GET only, files of one
//! directory only; it stops when dropped.

use crate::{E2eError, Result};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;

/// A running static file server.
pub struct StaticFiles {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl StaticFiles {
    /// Serves the files directly inside `dir` on a free loopback port.
    pub fn serve(dir: impl Into<PathBuf>) -> Result<StaticFiles> {
        let dir = dir.into();
        let listener = TcpListener::bind("127.0.0.1:0").map_err(|source| E2eError::Spawn {
            what: "static file server",
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| E2eError::Spawn {
                what: "static file server",
                source,
            })?
            .port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    // A thread per connection: Chromium opens sockets it sends nothing on
                    // (preconnects), and answering one connection at a time blocked on such
                    // a socket while the page's real request waited (the embed journey then
                    // timed out). One bad request must not stop the server either.
                    let dir = dir.clone();
                    std::thread::spawn(move || {
                        let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
                        let _ = answer(stream, &dir);
                    });
                }
            }
        });
        Ok(StaticFiles {
            base_url: format!("http://127.0.0.1:{port}"),
            stop,
            thread: Some(thread),
        })
    }
}

/// How long a connection may stay silent before it is dropped.
const READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Answers one request: the named file with its content type, or 404.
fn answer(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers so the browser sees a clean answer.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let target = request_line.split_whitespace().nth(1).unwrap_or("/");
    let name = target
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches('/');
    let file = (!name.is_empty() && !name.contains(['/', '\\']) && !name.starts_with('.'))
        .then(|| dir.join(name))
        .and_then(|path| std::fs::read(path).ok());
    let mut out = stream;
    match file {
        Some(body) => {
            let kind = if name.ends_with(".html") {
                "text/html; charset=utf-8"
            } else {
                "application/octet-stream"
            };
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )?;
            out.write_all(&body)
        }
        None => out
            .write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    }
}

impl Drop for StaticFiles {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.base_url.trim_start_matches("http://"));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

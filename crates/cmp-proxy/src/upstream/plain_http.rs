//! The upstream leg over plain `http://`: hyper's HTTP/1.1 client connection driven directly,
//! with a small keep-alive pool of its own. No redirect layer (a 3xx is reported, as
//! before), no URL/header clones per request, one task per connection. Connections idle for
//! [`IDLE_TIMEOUT`] or closed by the upstream are dropped when next looked at. HTTPS
//! upstreams go through reqwest ([`super::transport`]). A leaf: it imports nothing of the crate.

use axum::body::Bytes;
use axum::http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio::time::timeout_at;

/// How long an idle connection is kept (reqwest's `pool_idle_timeout` before).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// The most idle connections kept; more are closed when returned.
const MAX_IDLE: usize = 256;

/// Why an exchange failed, in the terms the retry rules need.
#[derive(Debug)]
pub enum PlainError {
    /// The deadline passed (connecting, waiting for the answer or reading its body).
    Timeout,
    /// No connection could be made.
    Connect(std::io::Error),
    /// Connected, then the exchange broke (the request may have arrived).
    Broken(hyper::Error),
}

/// A connection checked out of the pool, given back once its answer is read whole.
pub struct Checkout {
    sender: SendRequest<Full<Bytes>>,
}

/// The keep-alive pool to one `host:port`.
#[derive(Debug)]
pub struct PlainHttp {
    /// `host:port` to connect to (an IPv6 literal in brackets).
    addr: String,
    connect_timeout: Duration,
    idle: Mutex<Vec<(SendRequest<Full<Bytes>>, Instant)>>,
}

impl PlainHttp {
    /// A pool for `addr` (`host:port`), each connection made within `connect_timeout`.
    pub fn new(addr: String, connect_timeout: Duration) -> PlainHttp {
        PlainHttp {
            addr,
            connect_timeout,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Sends `request` on a pooled connection (a new one when none is idle and ready) and
    /// waits for the answer's head until `deadline`. A request that a pooled connection
    /// turned out too stale to take is sent once more on a new connection.
    pub async fn send(
        &self,
        request: Request<Full<Bytes>>,
        deadline: tokio::time::Instant,
    ) -> Result<(Response<Incoming>, Checkout), PlainError> {
        let mut request = request;
        while let Some(mut sender) = self.idle_sender() {
            // Ready once the connection's task has finished the previous exchange; an error
            // says the upstream closed it meanwhile.
            match timeout_at(deadline, sender.ready()).await {
                Err(_) => return Err(PlainError::Timeout),
                Ok(Err(_)) => continue,
                Ok(Ok(())) => {}
            }
            match timeout_at(deadline, sender.try_send_request(request)).await {
                Err(_) => return Err(PlainError::Timeout),
                Ok(Ok(response)) => return Ok((response, Checkout { sender })),
                Ok(Err(mut failed)) => match failed.take_message() {
                    // Never written: the connection closed under us; another takes it.
                    Some(unsent) => request = unsent,
                    None => return Err(PlainError::Broken(failed.into_error())),
                },
            }
        }
        let mut sender = self.connect(deadline).await?;
        match timeout_at(deadline, sender.send_request(request)).await {
            Err(_) => Err(PlainError::Timeout),
            Ok(Ok(response)) => Ok((response, Checkout { sender })),
            Ok(Err(e)) => Err(PlainError::Broken(e)),
        }
    }

    /// Reads `response`'s body whole until `deadline`, then gives its connection back.
    pub async fn read_body(
        &self,
        response: Response<Incoming>,
        checkout: Checkout,
        deadline: tokio::time::Instant,
    ) -> Result<Bytes, PlainError> {
        let body = match timeout_at(deadline, response.into_body().collect()).await {
            Err(_) => return Err(PlainError::Timeout),
            Ok(Err(e)) => return Err(PlainError::Broken(e)),
            Ok(Ok(collected)) => collected.to_bytes(),
        };
        self.give_back(checkout.sender);
        Ok(body)
    }

    /// The most recently used idle connection that is still open and not expired.
    fn idle_sender(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        while let Some((sender, since)) = idle.pop() {
            if !sender.is_closed() && now.duration_since(since) < IDLE_TIMEOUT {
                return Some(sender);
            }
        }
        None
    }

    fn give_back(&self, sender: SendRequest<Full<Bytes>>) {
        if sender.is_closed() {
            return;
        }
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push((sender, Instant::now()));
        }
    }

    /// A new connection, its task spawned; `Nagle` off as reqwest had it.
    async fn connect(
        &self,
        deadline: tokio::time::Instant,
    ) -> Result<SendRequest<Full<Bytes>>, PlainError> {
        let connect_by = deadline.min(tokio::time::Instant::now() + self.connect_timeout);
        let stream = match timeout_at(connect_by, TcpStream::connect(self.addr.as_str())).await {
            Err(_) => return Err(PlainError::Timeout),
            Ok(Err(e)) => return Err(PlainError::Connect(e)),
            Ok(Ok(stream)) => stream,
        };
        let _ = stream.set_nodelay(true);
        let (sender, connection) = match timeout_at(
            deadline,
            http1::Builder::new().handshake(TokioIo::new(stream)),
        )
        .await
        {
            Err(_) => return Err(PlainError::Timeout),
            Ok(Err(e)) => return Err(PlainError::Broken(e)),
            Ok(Ok(pair)) => pair,
        };
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "upstream connection closed");
            }
        });
        Ok(sender)
    }
}

impl std::fmt::Debug for Checkout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Checkout")
    }
}

//! The server loop. `axum::serve` takes no settings, and without a timer hyper never times
//! out a client that trickles its request headers; this loop gives every connection hyper's
//! header read timeout (`CMP_HEADER_TIMEOUT_MS`) and shuts down gracefully.
//!
//! Without TLS every connection is HTTP/1.1. With TLS ([`crate::http::tls`]) a connection
//! is HTTP/2 or HTTP/1.1 as ALPN agreed. A plain-HTTP connection to a TLS listener is served
//! only from loopback (the embedded simulator pushing to the webhook, a local health check);
//! from anywhere else it is closed, so no secret crosses the network in clear.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::pin;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// Serves `app` on `listener` (over TLS when `tls` is given) until `shutdown` completes,
/// then lets each connection finish its current request (idle ones close at once) and
/// returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    header_timeout: Duration,
    tls: Option<TlsAcceptor>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    // Every connection task holds a receiver; `closed()` resolves when the last is dropped.
    let (open_tx, open_rx) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let stop = stop_rx.clone();
        let open = open_rx.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => drive(stream, app, header_timeout, false, stop).await,
                Some(acceptor) => {
                    if let Some(secured) = handshake(&acceptor, stream, peer, header_timeout).await
                    {
                        match secured {
                            Secured::Tls(tls_stream) => {
                                drive(tls_stream, app, header_timeout, true, stop).await;
                            }
                            Secured::LoopbackPlain(plain) => {
                                drive(plain, app, header_timeout, false, stop).await;
                            }
                        }
                    }
                }
            }
            drop(open);
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    drop(open_rx);
    open_tx.closed().await;
    Ok(())
}

/// A connection to a TLS listener after its first bytes.
enum Secured {
    Tls(Box<tokio_rustls::server::TlsStream<TcpStream>>),
    LoopbackPlain(TcpStream),
}

/// The TLS handshake (bounded by the header timeout), or the plain connection of a loopback
/// peer; `None` when neither works out.
async fn handshake(
    acceptor: &TlsAcceptor,
    stream: TcpStream,
    peer: std::net::SocketAddr,
    limit: Duration,
) -> Option<Secured> {
    let mut first = [0u8; 1];
    let peeked = tokio::time::timeout(limit, stream.peek(&mut first)).await;
    if !matches!(peeked, Ok(Ok(1))) {
        return None;
    }
    if !super::tls::starts_tls(first[0]) {
        if peer.ip().is_loopback() {
            return Some(Secured::LoopbackPlain(stream));
        }
        tracing::debug!(%peer, "plain HTTP to the TLS port from the network; closed");
        return None;
    }
    match tokio::time::timeout(limit, acceptor.accept(stream)).await {
        Ok(Ok(tls)) => Some(Secured::Tls(Box::new(tls))),
        Ok(Err(e)) => {
            tracing::debug!(%peer, error = %e, "TLS handshake failed");
            None
        }
        Err(_) => {
            tracing::debug!(%peer, "TLS handshake timed out");
            None
        }
    }
}

/// Serves one connection until it ends, or gracefully once `stop` changes. HTTP/2 only when
/// `http2` (TLS, where ALPN chose the protocol).
async fn drive<I>(
    io: I,
    app: Router,
    header_timeout: Duration,
    http2: bool,
    mut stop: watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service =
        TowerToHyperService::new(app.map_request(|req: Request<Incoming>| req.map(Body::new)));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    builder.http2().timer(TokioTimer::new());
    let builder = if http2 { builder } else { builder.http1_only() };
    let mut conn = pin!(builder.serve_connection(TokioIo::new(io), service));
    let mut stopping = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                break;
            }
            _ = stop.changed(), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
}

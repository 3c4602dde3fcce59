//! How a signed request reaches the upstream: a plain `http://` upstream (the simulator, or a
//! platform behind a local gateway) through [`PlainHttp`], hyper's client connection with a
//! keep-alive pool of its own; an `https://` upstream through reqwest and its rustls
//! connector, as before. Both give the answer's head first (status and headers decide
//! whether the body is read at all) and then its body, all within one deadline per attempt.

use crate::upstream::plain_http::{Checkout, PlainError, PlainHttp};
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Uri, header};
use http_body_util::Full;
use hyper::body::Incoming;
use reqwest::Url;
use std::time::Duration;
use tokio::time::{Instant, timeout_at};

/// One request, ready to go: its method, its target (path and query, base path included)
/// and, for a POST, its JSON body.
#[derive(Debug)]
pub struct Outgoing {
    /// GET (the CDR) or POST (every other operation).
    pub method: Method,
    /// `/prefix/cmp-api/...?query`.
    pub target: String,
    /// The JSON body of a POST.
    pub body: Option<Bytes>,
}

/// Why no answer came.
#[derive(Debug)]
pub enum SendError {
    /// The attempt's deadline passed.
    Timeout,
    /// No connection could be made.
    Connect,
    /// Connected, then the connection broke before an answer (the request may have arrived).
    Broken(String),
}

/// Why an answer's body could not be read whole.
#[derive(Debug)]
pub enum BodyError {
    /// The attempt's deadline passed.
    Timeout,
    /// The connection broke mid-body.
    Cut,
}

/// An answer's head; its body is read (or not) with [`Transport::body`].
#[derive(Debug)]
pub enum Head {
    /// From [`PlainHttp`], holding its connection until the body is read.
    Plain(Response<Incoming>, Checkout),
    /// From reqwest.
    Tls(reqwest::Response),
}

impl Head {
    /// The answer's HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Head::Plain(response, _) => response.status(),
            Head::Tls(response) => response.status(),
        }
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        match self {
            Head::Plain(response, _) => response.headers(),
            Head::Tls(response) => response.headers(),
        }
    }
}

/// The way to the upstream, chosen once by the base URL's scheme.
#[derive(Debug)]
pub enum Transport {
    /// `http://`: hyper directly.
    Plain {
        /// The pool to the upstream's `host:port`.
        pool: PlainHttp,
        /// The `Host` header every request carries.
        host: HeaderValue,
    },
    /// `https://`: reqwest (rustls), redirects not followed.
    Tls {
        /// reqwest's pooled client.
        client: reqwest::Client,
        /// `https://host[:port]`, in front of every target.
        origin: String,
    },
}

impl Transport {
    /// The transport for `base` (only its scheme, host and port are used), each connection
    /// made within `connect_timeout`.
    pub fn new(base: &Url, connect_timeout: Duration) -> Result<Transport, String> {
        let host = base.host_str().ok_or("the upstream URL has no host")?;
        let port = base
            .port_or_known_default()
            .ok_or("the upstream URL has no port")?;
        let authority = match base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        };
        if base.scheme() == "http" {
            return Ok(Transport::Plain {
                pool: PlainHttp::new(format!("{host}:{port}"), connect_timeout),
                host: HeaderValue::from_str(&authority).map_err(|e| e.to_string())?,
            });
        }
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(60))
            // A redirected POST would arrive as a GET without its signed body, and a signed
            // request should go nowhere the operator did not name: a 3xx is reported.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("building the HTTP client: {e}"))?;
        Ok(Transport::Tls {
            client,
            origin: format!("{}://{authority}", base.scheme()),
        })
    }

    /// Sends `out` and waits for the answer's head until `deadline`.
    pub async fn send(&self, out: &Outgoing, deadline: Instant) -> Result<Head, SendError> {
        match self {
            Transport::Plain { pool, host } => {
                let uri = Uri::try_from(out.target.as_str())
                    .map_err(|e| SendError::Broken(format!("the request target: {e}")))?;
                let mut request = Request::new(Full::new(out.body.clone().unwrap_or_default()));
                *request.method_mut() = out.method.clone();
                *request.uri_mut() = uri;
                let headers = request.headers_mut();
                headers.insert(header::HOST, host.clone());
                if out.body.is_some() {
                    headers.insert(
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/json"),
                    );
                }
                match pool.send(request, deadline).await {
                    Ok((response, checkout)) => Ok(Head::Plain(response, checkout)),
                    Err(PlainError::Timeout) => Err(SendError::Timeout),
                    Err(PlainError::Connect(_)) => Err(SendError::Connect),
                    Err(PlainError::Broken(e)) => Err(SendError::Broken(e.to_string())),
                }
            }
            Transport::Tls { client, origin } => {
                let url = format!("{origin}{}", out.target);
                let mut builder = client.request(out.method.clone(), url);
                if let Some(body) = &out.body {
                    builder = builder
                        .header(header::CONTENT_TYPE, "application/json")
                        .body(body.clone());
                }
                let timeout = deadline.saturating_duration_since(Instant::now());
                match builder.timeout(timeout).send().await {
                    Ok(response) => Ok(Head::Tls(response)),
                    Err(e) if e.is_timeout() => Err(SendError::Timeout),
                    Err(e) if e.is_connect() => Err(SendError::Connect),
                    Err(e) => Err(SendError::Broken(e.to_string())),
                }
            }
        }
    }

    /// Reads `head`'s body whole until `deadline`.
    pub async fn body(&self, head: Head, deadline: Instant) -> Result<Bytes, BodyError> {
        match (self, head) {
            (Transport::Plain { pool, .. }, Head::Plain(response, checkout)) => pool
                .read_body(response, checkout, deadline)
                .await
                .map_err(|e| match e {
                    PlainError::Timeout => BodyError::Timeout,
                    PlainError::Connect(_) | PlainError::Broken(_) => BodyError::Cut,
                }),
            (_, Head::Plain(..)) => Err(BodyError::Cut),
            (_, Head::Tls(response)) => match timeout_at(deadline, response.bytes()).await {
                Err(_) => Err(BodyError::Timeout),
                Ok(Err(e)) if e.is_timeout() => Err(BodyError::Timeout),
                Ok(Err(_)) => Err(BodyError::Cut),
                Ok(Ok(body)) => Ok(body),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport(url: &str) -> Transport {
        Transport::new(&Url::parse(url).unwrap(), Duration::from_secs(1)).unwrap()
    }

    #[test]
    fn http_goes_through_hyper_and_https_through_reqwest() {
        match transport("http://127.0.0.1:8080/gw/") {
            Transport::Plain { host, .. } => assert_eq!(host, "127.0.0.1:8080"),
            Transport::Tls { .. } => panic!("http must use the plain pool"),
        }
        match transport("http://cmp.example/") {
            Transport::Plain { host, .. } => assert_eq!(host, "cmp.example"),
            Transport::Tls { .. } => panic!("http must use the plain pool"),
        }
        match transport("https://cmp.example:8443/gw") {
            Transport::Tls { origin, .. } => assert_eq!(origin, "https://cmp.example:8443"),
            Transport::Plain { .. } => panic!("https must keep reqwest's TLS"),
        }
        match transport("https://[::1]/") {
            Transport::Tls { origin, .. } => assert_eq!(origin, "https://[::1]"),
            Transport::Plain { .. } => panic!("https must keep reqwest's TLS"),
        }
    }
}

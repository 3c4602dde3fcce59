//! The one pooled HTTP client to the upstream (carried by [`super::transport`]: hyper
//! directly over `http://`, reqwest over `https://`): signs every request, applies the timeout,
//! retries queries (never mutations) and turns upstream trouble into [`ApiError`]s
//! ([`super::refusals`]). Every operation goes to its path under the configured base URL
//! ([`super::address`]). Successful read answers are reused for a moment from the
//! [read cache](super::read_cache); every mutation empties it.

use crate::access::secret::Secret;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::upstream::address::BaseUrl;
use crate::upstream::inner_status::failed_cdr_status;
use crate::upstream::read_cache::{CacheLimits, ReadCache};
use crate::upstream::refusals::{
    http_error, maybe_applied, refused_signature, status_error, timeout_error,
};
use crate::upstream::reply::UpstreamReply;
use crate::upstream::request::UpstreamRequest;
use crate::upstream::retry::{QUERY_ATTEMPTS, retry_after, retryable_status, wait_before_next};
use crate::upstream::transport::{BodyError, Head, Outgoing, SendError, Transport};
use axum::body::Bytes;
use axum::http::Method;
use cmp_api::Operation;
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Envelope codes with which the upstream says the signature or access code was refused,
/// unless `CMP_UPSTREAM_AUTH_CODES` says otherwise (the simulator's documented `1001`;
/// HTTP 401/403 are always treated the same).
pub const SIGNATURE_REFUSAL_CODES: [&str; 1] = ["1001"];

/// A failed attempt: the error to answer with if it is the last, and whether a query may
/// be tried again (with the answer's headers, for `Retry-After`).
struct Trouble {
    error: ApiError,
    retry: bool,
    headers: Option<axum::http::HeaderMap>,
}

impl Trouble {
    fn retry(error: ApiError) -> Trouble {
        Trouble {
            error,
            retry: true,
            headers: None,
        }
    }

    fn give_up(error: ApiError) -> Trouble {
        Trouble {
            error,
            retry: false,
            headers: None,
        }
    }
}

/// The upstream client (cheap to clone: the connection pool is shared).
#[derive(Debug, Clone)]
pub struct Upstream {
    transport: Arc<Transport>,
    base: BaseUrl,
    access_code: String,
    secret: Secret,
    timeout: Duration,
    cache: Arc<ReadCache>,
    auth_codes: Arc<[String]>,
    metrics: Arc<Metrics>,
}

impl Upstream {
    /// A client for the API under `base` (its path is kept in front of every operation's)
    /// signing with `access_code`/`secret`; `timeout` bounds each attempt.
    pub fn new(
        base: reqwest::Url,
        access_code: String,
        secret: Secret,
        timeout: Duration,
    ) -> Result<Upstream, ApiError> {
        let transport = Transport::new(&base, timeout.min(Duration::from_secs(5)))
            .map_err(|e| ApiError::Internal(format!("the upstream client: {e}")))?;
        Ok(Upstream {
            transport: Arc::new(transport),
            base: BaseUrl::new(base),
            access_code,
            secret,
            timeout,
            cache: Arc::new(ReadCache::new(CacheLimits::disabled())),
            auth_codes: SIGNATURE_REFUSAL_CODES.map(str::to_owned).into(),
            metrics: Arc::default(),
        })
    }

    /// This client counting its calls, retries and cache lookups in `metrics`.
    pub fn with_metrics(self, metrics: Arc<Metrics>) -> Upstream {
        Upstream { metrics, ..self }
    }

    /// This client reading the envelope codes `codes` as a refused signature
    /// (`CMP_UPSTREAM_AUTH_CODES`).
    pub fn with_auth_codes(self, codes: &[String]) -> Upstream {
        Upstream {
            auth_codes: codes.into(),
            ..self
        }
    }

    /// This client reusing read answers within `limits` (see [`crate::upstream::read_cache`]).
    pub fn with_cache(self, limits: CacheLimits) -> Upstream {
        Upstream {
            cache: Arc::new(ReadCache::new(limits)),
            ..self
        }
    }

    /// The read cache (for emptying it when the platform pushes a change).
    pub fn cache(&self) -> &ReadCache {
        &self.cache
    }

    /// Sends `request` for `op`: signed, with retries for queries only. A query may be
    /// answered from the cache; a mutation empties it before and after it is sent, so no
    /// answer read before the change outlives it.
    pub async fn call(
        &self,
        op: Operation,
        request: &UpstreamRequest,
    ) -> Result<UpstreamReply, ApiError> {
        if op.is_mutation() {
            self.cache.invalidate();
            let result = self.send(op, request).await;
            self.cache.invalidate();
            return result;
        }
        let pending = match self.cache.lookup(op, request, Instant::now()) {
            Some(Ok(cached)) => {
                self.metrics.cache_lookups.inc(&["hit"]);
                return Ok(cached);
            }
            Some(Err(pending)) => {
                self.metrics.cache_lookups.inc(&["miss"]);
                Some(pending)
            }
            None => None,
        };
        let result = self.send(op, request).await;
        if let Ok(reply) = &result {
            match failed_cdr_status(op, reply) {
                Some(status) => tracing::warn!(
                    op = op.name(),
                    inner_code = %status.code,
                    message = %status.words(),
                    "the platform answered success but its CDR status failed; passed on, not cached"
                ),
                None => {
                    if let Some(pending) = pending {
                        self.cache.store(pending, reply, Instant::now());
                    }
                }
            }
        }
        result
    }

    /// Sends `request` to the upstream, trying a query again after trouble that may pass,
    /// and counts the call and its time by outcome (`ok`, `refused`, or the error's code).
    async fn send(
        &self,
        op: Operation,
        request: &UpstreamRequest,
    ) -> Result<UpstreamReply, ApiError> {
        let started = Instant::now();
        let result = self.send_with_retries(op, request).await;
        let outcome = match &result {
            Ok(reply) if reply.is_success() => "ok",
            Ok(_) => "refused",
            Err(e) => e.code(),
        };
        self.metrics.upstream_calls.inc(&[op.name(), outcome]);
        self.metrics
            .upstream_seconds
            .observe(&[op.name()], started.elapsed().as_secs_f64());
        result
    }

    async fn send_with_retries(
        &self,
        op: Operation,
        request: &UpstreamRequest,
    ) -> Result<UpstreamReply, ApiError> {
        let attempts = if op.is_mutation() { 1 } else { QUERY_ATTEMPTS };
        let mut attempt = 1;
        loop {
            let trouble = match self.attempt(op, request, attempt).await {
                Ok(reply) => return Ok(reply),
                Err(trouble) => trouble,
            };
            if !trouble.retry || attempt >= attempts {
                return Err(trouble.error);
            }
            let wait = wait_before_next(attempt, trouble.headers.as_ref(), SystemTime::now());
            tracing::warn!(op = op.name(), attempt, ?wait, error = %trouble.error, "upstream query failed; retrying");
            self.metrics.upstream_retries.inc(&[op.name()]);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One signed attempt. Its failure says whether a query may be tried again: not after a
    /// timeout (the caller has waited long enough) nor after a refused signature. The whole
    /// attempt (connecting, the answer and its body) runs within the timeout.
    async fn attempt(
        &self,
        op: Operation,
        request: &UpstreamRequest,
        attempt: u32,
    ) -> Result<UpstreamReply, Trouble> {
        let started = Instant::now();
        let deadline = tokio::time::Instant::now() + self.timeout;
        let maybe_applied = maybe_applied(op);
        let out = self.build(op, request);
        match self.transport.send(&out, deadline).await {
            Ok(head) => {
                let status = head.status();
                let ms = started.elapsed().as_millis() as u64;
                if status.is_success() {
                    tracing::info!(op = op.name(), attempt, %status, ms, "upstream answered");
                } else {
                    // The path only: the CDR query carries the signature.
                    let path = out.target.split('?').next().unwrap_or_default();
                    tracing::warn!(op = op.name(), attempt, %status, ms, %path, "upstream answered with an HTTP error");
                }
                let headers = retryable_status(status).then(|| head.headers().clone());
                self.interpret(op, head, deadline).await.map_err(|error| {
                    let retry = match &error {
                        ApiError::UpstreamTimeout
                        | ApiError::UpstreamTimeoutMaybeApplied
                        | ApiError::UpstreamRejectedSignature(_) => false,
                        _ => retryable_status(status) || status.is_success(),
                    };
                    Trouble {
                        error,
                        retry,
                        headers,
                    }
                })
            }
            Err(SendError::Timeout) => {
                tracing::warn!(op = op.name(), attempt, "upstream timed out");
                Err(Trouble::give_up(timeout_error(op)))
            }
            Err(SendError::Connect) => {
                tracing::warn!(op = op.name(), attempt, "upstream unreachable");
                Err(Trouble::retry(ApiError::UpstreamUnavailable(
                    "the platform cannot be reached; try again in a moment (the operator should check CMP_UPSTREAM_URL)".into(),
                )))
            }
            Err(SendError::Broken(e)) => {
                // Connected, then the connection broke: the request may have arrived.
                tracing::warn!(op = op.name(), attempt, error = %e, "upstream connection broke");
                Err(Trouble::retry(ApiError::UpstreamBadResponse(format!(
                    "the connection to the platform broke before it answered.{maybe_applied}"
                ))))
            }
        }
    }

    /// Sends a POST operation with `body` and returns the reply.
    pub async fn post(
        &self,
        op: Operation,
        body: Map<String, Value>,
    ) -> Result<UpstreamReply, ApiError> {
        self.call(op, &UpstreamRequest::Post(body)).await
    }

    /// The signed request for `op`: a POST's body with `access_code`, `timestamp` and `sign`
    /// added, or the CDR GET's query with them appended.
    fn build(&self, op: Operation, request: &UpstreamRequest) -> Outgoing {
        let now_ms = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as i64);
        match request {
            UpstreamRequest::Post(body) => {
                let mut body = body.clone();
                cmp_api::sign::sign_body(
                    &mut body,
                    &self.access_code,
                    self.secret.expose(),
                    now_ms,
                );
                // A map of JSON values always serialises.
                let json = serde_json::to_vec(&body).unwrap_or_default();
                Outgoing {
                    method: Method::POST,
                    target: self.base.target_for(op.path()),
                    body: Some(Bytes::from(json)),
                }
            }
            UpstreamRequest::Cdr { sim_id, query } => {
                let mut target = self.base.target_for(&Operation::cdr_path(sim_id));
                let added = cmp_api::sign::sign_query(
                    query,
                    Some(sim_id),
                    &self.access_code,
                    self.secret.expose(),
                    now_ms,
                );
                target.push('?');
                let start = target.len();
                let mut pairs = form_urlencoded::Serializer::for_suffix(target, start);
                pairs.extend_pairs(query.iter().chain(added.iter()));
                let target = pairs.finish();
                Outgoing {
                    method: Method::GET,
                    target,
                    body: None,
                }
            }
        }
    }

    /// Reads one answer: an HTTP error becomes the proxy's error ([`super::refusals`]), a
    /// success must be a CMP envelope, and an envelope whose `code` is one of the auth codes
    /// is a refused signature.
    async fn interpret(
        &self,
        op: Operation,
        head: Head,
        deadline: tokio::time::Instant,
    ) -> Result<UpstreamReply, ApiError> {
        let status = head.status();
        let maybe_applied = maybe_applied(op);
        let retry_secs =
            retry_after(head.headers(), SystemTime::now()).map_or(1, |d| d.as_secs().max(1));
        if let Some(error) = status_error(op, status, retry_secs) {
            return Err(error);
        }
        let body = self
            .transport
            .body(head, deadline)
            .await
            .map_err(|e| match e {
                BodyError::Timeout => timeout_error(op),
                BodyError::Cut => ApiError::UpstreamBadResponse(format!(
                    "the platform's answer was cut off.{maybe_applied}"
                )),
            })?;
        if !status.is_success() {
            return Err(http_error(op, status, &body));
        }
        let reply = UpstreamReply::parse(body).ok_or_else(|| {
            ApiError::UpstreamBadResponse(format!(
                "the platform answered {} with something that is not a CMP envelope.{maybe_applied}",
                op.name()
            ))
        })?;
        if self.auth_codes.iter().any(|c| c == reply.code()) {
            tracing::error!(
                op = op.name(),
                code = reply.code(),
                message = reply.message(),
                "the upstream refused our signature (CMP_UPSTREAM_AUTH_CODES)"
            );
            return Err(refused_signature(&reply));
        }
        Ok(reply)
    }
}

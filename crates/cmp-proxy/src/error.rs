//! The proxy's own errors, answered in the same envelope shape the upstream uses so the
//! SPA decodes one shape: `{"code","data":null,"message","success":false}`. A body refused
//! at the door also names its field in `data`: `"data":{"field":"deviceList[2]"}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// Everything the proxy itself can refuse or fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// A `/cmp-api` body refused at the door: the field and what is wrong with it.
    #[error("{0}")]
    InvalidRequest(#[from] cmp_api::requests::RequestError),
    /// A body of the proxy's own API refused for one of its members (e.g. an alert rule's
    /// `condition.percent`): the member and what to write instead.
    #[error("{field}: {message}")]
    RefusedField {
        /// The member, as the JSON names it (`delivery.webhooks[1].url`).
        field: String,
        /// What is wrong with it and what to do.
        message: String,
    },
    /// No bearer token was sent.
    #[error("sign in: this request needs an access token (Authorization: Bearer <token>)")]
    AuthRequired,
    /// The token is not one the proxy knows.
    #[error(
        "the access token is not valid (it may have been revoked); ask an administrator for a new one"
    )]
    TokenInvalid,
    /// A JWT was sent but this server has no `CMP_EMBED_SECRET`.
    #[error(
        "embed tokens are not enabled on this server; the operator can enable them by setting CMP_EMBED_SECRET"
    )]
    EmbedNotEnabled,
    /// An embed token that is forged, signed with another secret or malformed.
    #[error(
        "this embed link is not valid; reload the page that shows it, and if that does not help, ask its owner for a new link"
    )]
    EmbedInvalid,
    /// An embed token whose `nbf` is still ahead; the text is the time in UTC.
    #[error("this embed link is not valid before {0}; try again then")]
    EmbedNotYetValid(String),
    /// An embed token past its `exp`; the text is the time in UTC.
    #[error("this embed link expired at {0}; reload the page that shows it to get a fresh one")]
    EmbedExpired(String),
    /// The token is valid but may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Nothing lives at this address.
    #[error("{0}")]
    NotFound(String),
    /// The body is larger than the proxy accepts.
    #[error("the request body is too large")]
    TooLarge,
    /// The upstream keeps rate-limiting us; try again after the given seconds.
    #[error("the platform is rate-limiting requests; try again in {0} seconds")]
    RateLimited(u64),
    /// The upstream answered with something that is not a readable envelope.
    #[error("{0}")]
    UpstreamBadResponse(String),
    /// The upstream refused our signature; the text is what it said (`code 1001: ...`, or
    /// the HTTP status).
    #[error(
        "the platform refused the proxy's signature ({0}); the operator should check CMP_ACCESS_CODE and CMP_SECRET (or CMP_SECRET_FILE)"
    )]
    UpstreamRejectedSignature(String),
    /// The upstream could not be reached.
    #[error("{0}")]
    UpstreamUnavailable(String),
    /// The upstream did not answer in time.
    #[error("the platform did not answer in time; try again in a moment")]
    UpstreamTimeout,
    /// A change did not get an answer in time; it may have been made anyway.
    #[error(
        "the platform did not answer in time. The change may or may not have been made: check the orders before trying again"
    )]
    UpstreamTimeoutMaybeApplied,
    /// The body is larger than the configured limit (`CMP_MAX_BODY_BYTES`).
    #[error(
        "the request body is larger than the {max} bytes this server accepts; send less at once (split a long device list into several orders)"
    )]
    BodyTooLarge {
        /// The limit in bytes.
        max: usize,
    },
    /// The client did not finish sending its body in time (`CMP_BODY_TIMEOUT_MS`).
    #[error(
        "the request body did not arrive within {secs} seconds; check the connection and send it again"
    )]
    BodyTimeout {
        /// The limit in whole seconds (at least 1).
        secs: u64,
    },
    /// A bulk order names more devices than allowed (`CMP_MAX_BULK_DEVICES`).
    #[error(
        "this bulk order lists {sent} devices but one order may list at most {max}; split the list into orders of at most {max} devices"
    )]
    TooManyDevices {
        /// Devices in the request.
        sent: usize,
        /// The limit.
        max: usize,
    },
    /// This token sends requests faster than its rate limit allows.
    #[error("too many requests from this access token; wait {retry_after} seconds and try again")]
    TooFast {
        /// Seconds until a request will be accepted again.
        retry_after: u64,
    },
    /// This token already holds as many live event streams as allowed.
    #[error(
        "this access token already has {max} live event streams open; close other dashboard tabs or windows and try again"
    )]
    TooManyStreams {
        /// The limit (`CMP_MAX_STREAMS_PER_TOKEN`).
        max: usize,
    },
    /// The store (its database) cannot be reached now; the text says what to do, or, for
    /// `/readyz`, which database and why.
    #[error("{0}")]
    StoreUnavailable(String),
    /// Something broke inside the proxy; the detail is logged, not shown.
    #[error("the server failed to handle this request; the error has been logged")]
    Internal(String),
}

impl ApiError {
    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_)
            | ApiError::InvalidRequest(_)
            | ApiError::RefusedField { .. } => StatusCode::BAD_REQUEST,
            ApiError::AuthRequired
            | ApiError::TokenInvalid
            | ApiError::EmbedNotEnabled
            | ApiError::EmbedInvalid
            | ApiError::EmbedNotYetValid(_)
            | ApiError::EmbedExpired(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge | ApiError::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout { .. } => StatusCode::REQUEST_TIMEOUT,
            ApiError::TooManyDevices { .. } => StatusCode::BAD_REQUEST,
            ApiError::RateLimited(_)
            | ApiError::TooFast { .. }
            | ApiError::TooManyStreams { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::UpstreamBadResponse(_) | ApiError::UpstreamRejectedSignature(_) => {
                StatusCode::BAD_GATEWAY
            }
            ApiError::UpstreamUnavailable(_) | ApiError::StoreUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::UpstreamTimeout | ApiError::UpstreamTimeoutMaybeApplied => {
                StatusCode::GATEWAY_TIMEOUT
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The envelope `code` of this error.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_)
            | ApiError::InvalidRequest(_)
            | ApiError::RefusedField { .. } => "BAD_REQUEST",
            ApiError::AuthRequired => "AUTH_REQUIRED",
            ApiError::TokenInvalid
            | ApiError::EmbedNotEnabled
            | ApiError::EmbedInvalid
            | ApiError::EmbedNotYetValid(_) => "TOKEN_INVALID",
            ApiError::EmbedExpired(_) => "TOKEN_EXPIRED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound(_) => "NOT_FOUND",
            ApiError::TooLarge | ApiError::BodyTooLarge { .. } => "TOO_LARGE",
            ApiError::BodyTimeout { .. } => "REQUEST_TIMEOUT",
            ApiError::TooManyDevices { .. } => "TOO_MANY_DEVICES",
            ApiError::RateLimited(_) | ApiError::TooFast { .. } => "RATE_LIMITED",
            ApiError::TooManyStreams { .. } => "TOO_MANY_STREAMS",
            ApiError::UpstreamBadResponse(_) => "UPSTREAM_BAD_RESPONSE",
            ApiError::UpstreamRejectedSignature(_) => "UPSTREAM_REJECTED_SIGNATURE",
            ApiError::UpstreamUnavailable(_) => "UPSTREAM_UNAVAILABLE",
            ApiError::UpstreamTimeout | ApiError::UpstreamTimeoutMaybeApplied => "UPSTREAM_TIMEOUT",
            ApiError::StoreUnavailable(_) => "STORE_UNAVAILABLE",
            ApiError::Internal(_) => "INTERNAL_ERROR",
        }
    }

    /// Seconds for a `Retry-After` header, for the errors that are worth retrying later.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited(secs) => Some(*secs),
            ApiError::TooFast { retry_after } => Some(*retry_after),
            ApiError::TooManyStreams { .. } => Some(STREAM_RETRY_SECS),
            ApiError::StoreUnavailable(_) => Some(STORE_RETRY_SECS),
            _ => None,
        }
    }
}

impl From<cmp_api::proxy_api::alert_rule::RuleProblem> for ApiError {
    fn from(p: cmp_api::proxy_api::alert_rule::RuleProblem) -> Self {
        ApiError::RefusedField {
            field: p.field,
            message: p.message,
        }
    }
}

/// How long a client refused a live stream is asked to wait before trying again.
pub const STREAM_RETRY_SECS: u64 = 5;

/// How long a caller is asked to wait while the store's database is unreachable.
pub const STORE_RETRY_SECS: u64 = 5;

/// A store that cannot be reached now is 503 (the platform retries a push; a browser tries
/// again), with the database's name logged, not shown; any other store failure is a 500.
impl From<crate::store::StoreError> for ApiError {
    fn from(e: crate::store::StoreError) -> Self {
        if e.is_unavailable() {
            tracing::warn!(error = %e, "the store is unreachable");
            ApiError::StoreUnavailable(
                "the event store is unreachable right now; nothing was stored or read, try again in a moment".into(),
            )
        } else {
            ApiError::Internal(e.to_string())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(detail) = &self {
            tracing::error!(detail = %detail, "internal error");
        }
        let (code, message) = (self.code(), self.to_string());
        let mut response = match &self {
            ApiError::InvalidRequest(refused) => {
                let body = cmp_api::proxy_api::field_refusal(code, &message, &refused.field);
                (self.status(), axum::Json(body)).into_response()
            }
            ApiError::RefusedField { field, .. } => {
                let body = cmp_api::proxy_api::field_refusal(code, &message, field);
                (self.status(), axum::Json(body)).into_response()
            }
            _ => {
                let body = cmp_api::proxy_api::error_envelope(code, &message);
                (self.status(), axum::Json(body)).into_response()
            }
        };
        if let Some(secs) = self.retry_after()
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_detail_is_not_shown() {
        let e = ApiError::Internal("disk /var/x failed".into());
        assert!(!e.to_string().contains("/var/x"));
        assert_eq!(e.status(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_refused_field_is_named_in_data_and_message() {
        let refused = cmp_api::requests::read(cmp_api::Operation::CancelPackage, b"{}")
            .expect_err("an empty cancelPackage");
        let e = ApiError::from(refused);
        assert_eq!(e.status(), StatusCode::BAD_REQUEST);
        assert_eq!(e.code(), "BAD_REQUEST");
        assert!(e.to_string().starts_with("order_id: is required"), "{e}");
    }

    #[test]
    fn rate_limited_carries_retry_after() {
        let r = ApiError::RateLimited(7).into_response();
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "7");
    }
}

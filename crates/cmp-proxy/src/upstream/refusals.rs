//! What the upstream's failures become in the proxy's own error envelope. An HTTP error
//! from the platform (or a gateway in front of it) is never passed on as if it were an
//! answer: a 404 or any other 4xx is a 502 Bad Gateway saying what the platform answered,
//! a 5xx is a 502 (503 stays 503), a gateway's 504 is our 504, and a refused signature
//! keeps the platform's own words. Pure, so tested here.

use crate::error::ApiError;
use crate::upstream::reply::UpstreamReply;
use axum::body::Bytes;
use axum::http::StatusCode;
use cmp_api::Operation;

/// The longest piece of the platform's message quoted back, in characters.
const MAX_QUOTED: usize = 200;

/// What to tell a person about whether a failed call took effect.
pub fn maybe_applied(op: Operation) -> &'static str {
    if op.is_mutation() {
        " The change may or may not have been made: check the orders before trying again."
    } else {
        " Try again in a moment."
    }
}

/// The timeout error for `op`: a change may have been made even though no answer came.
pub fn timeout_error(op: Operation) -> ApiError {
    if op.is_mutation() {
        ApiError::UpstreamTimeoutMaybeApplied
    } else {
        ApiError::UpstreamTimeout
    }
}

/// The error for an HTTP status that says, without a body, what went wrong (rate limits
/// and server errors), or `None` when the body is needed to tell.
pub fn status_error(op: Operation, status: StatusCode, retry_after_secs: u64) -> Option<ApiError> {
    let maybe_applied = maybe_applied(op);
    match status {
        StatusCode::TOO_MANY_REQUESTS => Some(ApiError::RateLimited(retry_after_secs)),
        StatusCode::SERVICE_UNAVAILABLE => Some(ApiError::UpstreamUnavailable(format!(
            "the platform is unavailable (HTTP 503).{maybe_applied}"
        ))),
        // A gateway in front of the platform gave up waiting: a timeout, as ours.
        StatusCode::GATEWAY_TIMEOUT => Some(timeout_error(op)),
        s if s.is_server_error() => Some(ApiError::UpstreamBadResponse(format!(
            "the platform failed (HTTP {}).{maybe_applied}",
            s.as_u16()
        ))),
        _ => None,
    }
}

/// The error for any other answer that is not a success (a 3xx, since redirects are not
/// followed, or a 4xx), with the platform's message when its body is an envelope.
pub fn http_error(op: Operation, status: StatusCode, body: &Bytes) -> ApiError {
    if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        let detail = match platform_said(body) {
            Some(said) => format!("HTTP {}: {said}", status.as_u16()),
            None => format!("HTTP {}", status.as_u16()),
        };
        return ApiError::UpstreamRejectedSignature(detail);
    }
    let said = platform_said(body).map_or_else(String::new, |s| format!(" ({s})"));
    let hint = if status == StatusCode::NOT_FOUND || status.is_redirection() {
        " The operator should check CMP_UPSTREAM_URL: it is the API's base address, and the proxy appends /cmp-api/... to its path."
    } else {
        ""
    };
    ApiError::UpstreamBadResponse(format!(
        "the platform answered {} with HTTP {}{said} instead of a result.{hint}{}",
        op.name(),
        status.as_u16(),
        maybe_applied(op)
    ))
}

/// The signature refusal for an envelope whose `code` is one of `CMP_UPSTREAM_AUTH_CODES`,
/// keeping the platform's code and message.
pub fn refused_signature(reply: &UpstreamReply) -> ApiError {
    ApiError::UpstreamRejectedSignature(describe(reply.code(), reply.message()))
}

/// The platform's code and message from an envelope body, shortened; `None` for a body
/// that is not an envelope (an HTML error page is not quoted).
fn platform_said(body: &Bytes) -> Option<String> {
    let reply = UpstreamReply::parse(body.clone())?;
    (!reply.code().is_empty() || !reply.message().trim().is_empty())
        .then(|| describe(reply.code(), reply.message()))
}

/// `code C: message` (either part left out when empty), the message cut at [`MAX_QUOTED`].
fn describe(code: &str, message: &str) -> String {
    let message = message.trim();
    let message: String = if message.chars().count() > MAX_QUOTED {
        let cut: String = message.chars().take(MAX_QUOTED).collect();
        format!("{cut}…")
    } else {
        message.to_owned()
    };
    match (code.is_empty(), message.is_empty()) {
        (false, false) => format!("code {code}: {message}"),
        (false, true) => format!("code {code}"),
        (true, _) => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(text: &str) -> Bytes {
        Bytes::from(text.to_owned())
    }

    #[test]
    fn a_not_found_is_a_bad_gateway_that_points_at_the_base_url() {
        let html = http_error(
            Operation::QueryDevice,
            StatusCode::NOT_FOUND,
            &bytes("<html>Not Found</html>"),
        );
        assert_eq!(html.status(), StatusCode::BAD_GATEWAY);
        let text = html.to_string();
        assert!(
            text.contains("HTTP 404") && text.contains("CMP_UPSTREAM_URL"),
            "{text}"
        );
        assert!(!text.contains("<html>"), "{text}");
        let envelope = http_error(
            Operation::CancelPackage,
            StatusCode::NOT_FOUND,
            &bytes(r#"{"code":"404","message":"no such operation"}"#),
        );
        let text = envelope.to_string();
        assert!(text.contains("(code 404: no such operation)"), "{text}");
        assert!(text.contains("may or may not have been made"), "{text}");
    }

    #[test]
    fn other_client_errors_and_redirects_are_bad_gateways() {
        for status in [
            StatusCode::BAD_REQUEST,
            StatusCode::METHOD_NOT_ALLOWED,
            StatusCode::MOVED_PERMANENTLY,
        ] {
            let e = http_error(Operation::SyncPackages, status, &bytes(""));
            assert_eq!(
                (e.status(), e.code()),
                (StatusCode::BAD_GATEWAY, "UPSTREAM_BAD_RESPONSE")
            );
            assert!(e.to_string().contains(&format!("HTTP {}", status.as_u16())));
        }
    }

    #[test]
    fn unauthorised_answers_are_refused_signatures_with_the_platforms_words() {
        let e = http_error(
            Operation::SyncPackages,
            StatusCode::FORBIDDEN,
            &bytes(r#"{"code":"E403","message":"access code disabled"}"#),
        );
        assert_eq!(e.code(), "UPSTREAM_REJECTED_SIGNATURE");
        assert!(
            e.to_string()
                .contains("HTTP 403: code E403: access code disabled")
        );
        let bare = http_error(
            Operation::SyncPackages,
            StatusCode::UNAUTHORIZED,
            &bytes(""),
        );
        assert!(bare.to_string().contains("(HTTP 401)"), "{bare}");
    }

    #[test]
    fn statuses_that_need_no_body() {
        let op = Operation::QueryOrder;
        let s = |code: u16| status_error(op, StatusCode::from_u16(code).unwrap(), 3);
        assert!(matches!(s(429), Some(ApiError::RateLimited(3))));
        assert_eq!(s(503).unwrap().status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(s(504).unwrap().status(), StatusCode::GATEWAY_TIMEOUT);
        assert!(matches!(
            status_error(Operation::OpenPackage, StatusCode::GATEWAY_TIMEOUT, 1),
            Some(ApiError::UpstreamTimeoutMaybeApplied)
        ));
        assert_eq!(s(500).unwrap().status(), StatusCode::BAD_GATEWAY);
        assert!(s(404).is_none() && s(200).is_none() && s(401).is_none());
    }

    #[test]
    fn long_messages_are_cut() {
        let long = "x".repeat(500);
        let e = http_error(
            Operation::SyncPackages,
            StatusCode::BAD_REQUEST,
            &bytes(&format!(r#"{{"code":"9","message":"{long}"}}"#)),
        );
        assert!(e.to_string().len() < 400, "{e}");
    }
}
